"""Storage: feedback records in SQLite, chunk embeddings in Chroma, the accounts table in Parquet.

Why three: quotes are verified against the full original text (SQLite keeps it, with content hashes for
idempotent re-ingest); similarity search and clustering need vectors (Chroma, embedded on disk or a real
Chroma server when CHROMA_HOST is set); cost analytics want a pandas table (Parquet).

Write order for crash safety: chunks go to Chroma first (upsert by deterministic ids), the record row and
its hash are committed to SQLite last. A record whose row is missing or stale is simply re-done next run,
and a re-done upsert replaces rather than duplicates.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from core.crashpoints import crash_point
from core.models import Record
from core.workspace import Workspace, atomic_write_json

if TYPE_CHECKING:
    import pandas as pd

    from core.settings import Settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  customer_id TEXT,
  created_at TEXT,
  rating REAL,
  text TEXT NOT NULL,
  source TEXT,
  line INTEGER,
  hash TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  chunks INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS records_source ON records(source);
CREATE INDEX IF NOT EXISTS records_customer ON records(customer_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class RecordDB:
    """Full-text records with content hashes. One connection per thread (sqlite objects aren't shareable)."""

    def __init__(self, path):
        self.path = path
        self._local = threading.local()
        with self.connect() as con:
            con.executescript(_SCHEMA)

    def connect(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=60)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            self._local.con = con
        return con

    def hashes(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        con = self.connect()
        if ids is None:
            return dict(con.execute("SELECT id, hash FROM records"))
        out: dict[str, str] = {}
        ids = list(ids)
        for i in range(0, len(ids), 900):
            part = ids[i : i + 900]
            q = f"SELECT id, hash FROM records WHERE id IN ({','.join('?' * len(part))})"
            out.update(con.execute(q, part))
        return out

    def upsert(self, records: list[Record], chunk_counts: dict[str, int]) -> None:
        con = self.connect()
        with con:
            con.executemany(
                "INSERT OR REPLACE INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        r.id,
                        r.kind,
                        r.customer_id,
                        r.created_at,
                        r.rating,
                        r.text,
                        r.source,
                        r.line,
                        r.content_hash(),
                        json.dumps(r.metadata, ensure_ascii=False, default=str),
                        chunk_counts.get(r.id, 0),
                    )
                    for r in records
                ],
            )

    def delete(self, ids: list[str]) -> None:
        con = self.connect()
        with con:
            con.executemany("DELETE FROM records WHERE id = ?", [(i,) for i in ids])

    def ids_by_source(self, source: str) -> list[str]:
        return [r[0] for r in self.connect().execute("SELECT id FROM records WHERE source = ?", (source,))]

    def sources(self) -> list[str]:
        return [r[0] for r in self.connect().execute("SELECT DISTINCT source FROM records")]

    def get(self, record_id: str) -> Record | None:
        row = (
            self.connect()
            .execute(
                "SELECT id, kind, customer_id, created_at, rating, text, source, line, metadata FROM records "
                "WHERE id = ?",
                (record_id,),
            )
            .fetchone()
        )
        return _row_to_record(row) if row else None

    def get_many(self, ids: Iterable[str]) -> dict[str, Record]:
        ids = list(dict.fromkeys(ids))
        out: dict[str, Record] = {}
        con = self.connect()
        for i in range(0, len(ids), 900):
            part = ids[i : i + 900]
            q = (
                "SELECT id, kind, customer_id, created_at, rating, text, source, line, metadata FROM records "
                f"WHERE id IN ({','.join('?' * len(part))})"
            )
            for row in con.execute(q, part):
                out[row[0]] = _row_to_record(row)
        return out

    def find_text(self, span: str) -> tuple[str, str | None] | None:
        """(record id, kind) of a record whose text holds `span` verbatim, else None: how a quote found in
        prose is checked against what customers really wrote."""
        row = self.connect().execute(
            "SELECT id, kind FROM records WHERE instr(text, ?) > 0 ORDER BY rowid LIMIT 1", (span,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def iter_records(self) -> Iterator[Record]:
        cur = self.connect().execute(
            "SELECT id, kind, customer_id, created_at, rating, text, source, line, metadata FROM records "
            "ORDER BY rowid"
        )
        for row in cur:
            yield _row_to_record(row)

    def frame(self) -> pd.DataFrame:
        """Records without text (for analytics): id, kind, customer_id, created_at, rating, metadata."""
        import pandas as pd

        return pd.read_sql_query(
            "SELECT id, kind, customer_id, created_at, rating, source, metadata FROM records ORDER BY rowid",
            self.connect(),
        )

    def counts(self) -> dict[str, int]:
        return dict(self.connect().execute("SELECT kind, COUNT(*) FROM records GROUP BY kind"))

    def fingerprint(self) -> str:
        """Changes whenever any record is added, changed or removed (drives refresh skipping)."""
        import hashlib

        h = hashlib.sha256()
        for rid, rh in self.connect().execute("SELECT id, hash FROM records ORDER BY id"):
            h.update(f"{rid}\0{rh}\n".encode())
        return h.hexdigest()[:24]

    def get_meta(self, key: str) -> str | None:
        row = self.connect().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        con = self.connect()
        with con:
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _row_to_record(row) -> Record:
    rid, kind, cust, created, rating, text, source, line, meta = row
    return Record(
        id=rid,
        kind=kind,
        customer_id=cust,
        created_at=created,
        rating=rating,
        text=text,
        source=source or "",
        line=line,
        metadata=json.loads(meta or "{}"),
    )


@dataclass
class VectorStore:
    """Chunk vectors in a Chroma collection (embedded PersistentClient or HttpClient to a server)."""

    settings: Settings
    workspace: Workspace
    embedder_name: str
    records: RecordDB | None = None  # where the workspace notes its vector family (see Store.recorded_embedder)
    _collection: Any = field(default=None, init=False, repr=False)

    @property
    def collection(self):
        if self._collection is None:
            self._collection = open_collection(self.settings, self.workspace, self.embedder_name)
            if self.records is not None and self.records.get_meta(EMBEDDER_KEY) != self.embedder_name:
                self.records.set_meta(EMBEDDER_KEY, self.embedder_name)
        return self._collection

    def upsert(
        self, ids: list[str], vectors: np.ndarray, documents: list[str], metadatas: list[dict]
    ) -> None:
        step = 1000
        for i in range(0, len(ids), step):
            self.collection.upsert(
                ids=ids[i : i + step],
                embeddings=vectors[i : i + step],
                documents=documents[i : i + step],
                metadatas=metadatas[i : i + step],
            )

    def delete_records(self, record_ids: list[str]) -> None:
        for i in range(0, len(record_ids), 500):
            self.collection.delete(where={"record_id": {"$in": record_ids[i : i + 500]}})

    def count(self) -> int:
        return self.collection.count()

    def query(self, vector: np.ndarray, k: int = 10, where: dict | None = None) -> list[dict]:
        n = self.count()
        if n == 0:
            return []
        res = self.collection.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=min(k, n),
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        return [
            {"id": i, "text": d, "metadata": m, "distance": dist}
            for i, d, m, dist in zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0], strict=True
            )
        ]

    def all(
        self, include_documents: bool = False, page: int = 5000
    ) -> tuple[list[str], np.ndarray, list[dict], list[str]]:
        """Every chunk: ids, vectors, metadatas (and documents), paged so big stores don't spike memory."""
        ids: list[str] = []
        metas: list[dict] = []
        docs: list[str] = []
        vecs: list[np.ndarray] = []
        include = ["embeddings", "metadatas"] + (["documents"] if include_documents else [])
        offset = 0
        while True:
            res = self.collection.get(include=include, limit=page, offset=offset)
            if not res["ids"]:
                break
            ids.extend(res["ids"])
            metas.extend(res["metadatas"])
            vecs.append(np.asarray(res["embeddings"], dtype=np.float32))
            if include_documents:
                docs.extend(res["documents"])
            offset += len(res["ids"])
            if len(res["ids"]) < page:
                break
        matrix = np.vstack(vecs) if vecs else np.zeros((0, 0), dtype=np.float32)
        return ids, matrix, metas, docs


class EmbedderMismatch(RuntimeError):
    pass


EMBEDDER_KEY = "embedder"  # records.sqlite meta: the vector family of the workspace's collection


def chroma_client(settings: Settings, workspace: Workspace):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host,
            port=settings.chroma_port,
            ssl=settings.chroma_ssl,
            settings=chroma_settings,
        )
    workspace.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(workspace.chroma_dir), settings=chroma_settings)


def staged_name(collection: str) -> str:
    """Where `ingest --reembed` builds the re-embedded copy before it replaces the collection."""
    return f"{collection}.reembed"


def finish_swap(client, collection: str) -> None:
    """A re-embed stopped after dropping the old collection but before renaming the new one: finish it."""
    from chromadb.errors import NotFoundError

    try:
        client.get_collection(collection)
        return
    except NotFoundError:
        pass
    try:
        staged = client.get_collection(staged_name(collection))
    except NotFoundError:
        return
    meta = staged.metadata or {}
    if meta.get("complete"):
        staged.modify(name=collection, metadata={"embedder": meta.get("embedder")})


def open_collection(settings: Settings, workspace: Workspace, embedder_name: str):
    """The feedback collection; refuses to mix vectors of two embedding families in one collection."""
    client = chroma_client(settings, workspace)
    finish_swap(client, settings.collection)
    col = client.get_or_create_collection(
        settings.collection,
        configuration={"hnsw": {"space": "cosine"}},
        metadata={"embedder": embedder_name},
        embedding_function=None,
    )
    stored = (col.metadata or {}).get("embedder")
    if stored != embedder_name:
        if stored and col.count() > 0:
            from core.embeddings import setting_for

            raise EmbedderMismatch(
                f"collection '{settings.collection}' holds {stored} vectors, but the embeddings backend "
                f"({settings.embeddings}) makes {embedder_name} vectors, and the two are never mixed. Re-embed "
                f"the stored passages with `antipersona ingest --reembed`, or set {setting_for(stored)}."
            )
        col.modify(metadata={"embedder": embedder_name})  # empty: it takes the new family
    return col


# accounts -------------------------------------------------------------------------------------------------
def save_accounts(workspace: Workspace, df: pd.DataFrame, schema: dict[str, Any]) -> None:
    """Replace the accounts table atomically (Parquet written to a temp name, then renamed)."""
    import os

    workspace.ensure()
    tmp = workspace.accounts_table.with_suffix(".parquet.tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, workspace.accounts_table)
    crash_point("accounts.table_written")
    atomic_write_json(workspace.accounts_schema, schema)


def load_accounts(workspace: Workspace) -> tuple[pd.DataFrame | None, dict[str, Any]]:
    import pandas as pd

    if not workspace.accounts_table.exists():
        return None, {}
    df = pd.read_parquet(workspace.accounts_table)
    schema = json.loads(workspace.accounts_schema.read_text()) if workspace.accounts_schema.exists() else {}
    return df, schema


class Store:
    """Everything stored in one workspace, opened lazily."""

    def __init__(self, settings: Settings, workspace: Workspace | None = None):
        self.settings = settings
        self.workspace = (workspace or Workspace(settings.workspace)).ensure()
        self.records = RecordDB(self.workspace.records_db)
        self._vectors: VectorStore | None = None
        self._embedder = None

    @property
    def embedder(self):
        if self._embedder is None:
            from core.embeddings import get_embedder

            self._embedder = get_embedder(self.settings, recorded=self.recorded_embedder())
        return self._embedder

    def recorded_embedder(self) -> str | None:
        """The vector family this workspace holds: noted in records.sqlite when the collection opens; for a
        workspace from before that note, read once from the collection's own metadata."""
        name = self.records.get_meta(EMBEDDER_KEY)
        if name or not (self.settings.chroma_host or self.workspace.chroma_dir.exists()):
            return name
        from chromadb.errors import NotFoundError

        try:
            col = chroma_client(self.settings, self.workspace).get_collection(self.settings.collection)
        except NotFoundError:
            return None
        name = (col.metadata or {}).get("embedder") if col.count() else None
        if name:
            self.records.set_meta(EMBEDDER_KEY, name)
        return name

    @property
    def vectors(self) -> VectorStore:
        if self._vectors is None:
            self._vectors = VectorStore(self.settings, self.workspace, self.embedder.name, self.records)
        return self._vectors

    def accounts(self) -> tuple[pd.DataFrame | None, dict[str, Any]]:
        return load_accounts(self.workspace)
