"""Chunk vectors in a Chroma collection (embedded PersistentClient, or HttpClient to a server when
CHROMA_HOST is set). All Chroma calls of the app live here and in core/vector_swap.py.

One collection holds one vector family (the embedder's name is in its metadata): mixing two families would
make every similarity meaningless, so opening refuses (EmbedderMismatch) and `ingest --reembed` moves a
workspace to another family.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from core.chroma import chroma_client
from core.models import Chunk
from core.records_db import RecordDB
from core.workspace import CorruptFile, Workspace

if TYPE_CHECKING:
    from core.settings import Settings

EMBEDDER_KEY = "embedder"  # records.sqlite meta: the vector family of the workspace's collection
WRITE_BATCH = 1000  # ids per Chroma add/upsert call
PAGE = 5000  # chunks per Chroma get when reading everything


class EmbedderMismatch(RuntimeError):
    pass


@dataclass
class VectorStore:
    """The workspace's chunk collection, opened on first use."""

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
        """Insert or replace chunks by id (ids are deterministic, so a re-done write never duplicates)."""
        for i in range(0, len(ids), WRITE_BATCH):
            s = slice(i, i + WRITE_BATCH)
            self.collection.upsert(ids=ids[s], embeddings=vectors[s], documents=documents[s], metadatas=metadatas[s])

    def add(self, ids: list[str], vectors: np.ndarray, documents: list[str], metadatas: list[dict]) -> None:
        """Insert chunks whose ids cannot exist yet (cheaper than upsert)."""
        for i in range(0, len(ids), WRITE_BATCH):
            s = slice(i, i + WRITE_BATCH)
            self.collection.add(ids=ids[s], embeddings=vectors[s], documents=documents[s], metadatas=metadatas[s])

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

    def embeddings(self, chunk_ids: Iterable[str]) -> dict[str, np.ndarray]:
        """chunk id -> its vector, for the stored ones among `chunk_ids`."""
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["embeddings"])
        return dict(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32), strict=True))

    def record_ids(self) -> set[str]:
        """Every record that has chunks stored (one pass over the metadata, no vectors)."""
        out: set[str] = set()
        offset = 0
        while True:
            res = self.collection.get(include=["metadatas"], limit=PAGE, offset=offset)
            out.update(Chunk.record_id_of(cid, meta) for cid, meta in zip(res["ids"], res["metadatas"], strict=True))
            offset += len(res["ids"])
            if len(res["ids"]) < PAGE:
                return out

    def metadata_pages(self, page: int = PAGE) -> Iterator[tuple[list[str], list[dict]]]:
        """(ids, metadatas) of every chunk, `page` at a time (no vectors, no documents)."""
        offset = 0
        while True:
            res = self.collection.get(include=["metadatas"], limit=page, offset=offset)
            yield res["ids"], [m or {} for m in res["metadatas"]]
            offset += len(res["ids"])
            if len(res["ids"]) < page:
                return

    def pages(
        self, ids: list[str], include_documents: bool = False, page: int = PAGE
    ) -> Iterator[tuple[list[str], np.ndarray, list[dict], list[str]]]:
        """The stored chunks among `ids`, in that order, `page` at a time (ids, vectors, metadatas,
        documents): a reader holds one page of vectors at a time, however big the store."""
        include = ["embeddings", "metadatas"] + (["documents"] if include_documents else [])
        for s in range(0, len(ids), page):
            want = ids[s : s + page]
            res = self.collection.get(ids=want, include=include)
            at = {cid: j for j, cid in enumerate(res["ids"])}
            order = [at[c] for c in want if c in at]
            vecs = np.asarray(res["embeddings"], dtype=np.float32)
            yield (
                [res["ids"][j] for j in order],
                vecs[order]
                if len(order)
                else np.zeros((0, vecs.shape[1] if vecs.ndim == 2 else 0), np.float32),
                [res["metadatas"][j] or {} for j in order],
                [res["documents"][j] or "" for j in order] if include_documents else [],
            )

    def all(
        self, include_documents: bool = False, page: int = PAGE
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


def _damaged_database(exc: Exception) -> str | None:
    """SQLite's "not a database" (26) or "malformed" (11), as Chroma reports them, else None."""
    text = str(exc)
    if "not a database" in text or "malformed" in text or "(code: 26)" in text or "(code: 11)" in text:
        return f"not a readable Chroma database: {text[:160]}"
    return None


def open_collection(settings: Settings, workspace: Workspace, embedder_name: str):
    """The feedback collection; refuses to mix vectors of two embedding families in one collection."""
    from core.vector_swap import finish_swap

    try:
        client = chroma_client(settings, workspace)
        finish_swap(client, settings.collection)
        col = client.get_or_create_collection(
            settings.collection,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": embedder_name},
            embedding_function=None,
        )
    except Exception as exc:
        damaged = _damaged_database(exc)
        if damaged and not settings.chroma_host:
            from core.storage_errors import check_workspace_writable

            check_workspace_writable(workspace.root)  # a read-only or full disk is not a damaged file
            raise CorruptFile(
                workspace.chroma_dir / "chroma.sqlite3", damaged,
                "It holds the passages' vectors: move the `chroma` folder away and ingest your files again "
                "(the records are kept; the missing passages are embedded again).",
            ) from None
        raise
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


def stored_family(settings: Settings, workspace: Workspace) -> str | None:
    """The vector family named in an existing, non-empty collection's metadata (None if none)."""
    from chromadb.errors import NotFoundError

    try:
        col = chroma_client(settings, workspace).get_collection(settings.collection)
    except NotFoundError:
        return None
    return (col.metadata or {}).get("embedder") if col.count() else None
