"""Feedback records in SQLite: full text with content hashes (for verified quotes and idempotent re-ingest),
workspace notes (`meta`), and which accounts file listed which customer (`ingest_accounts`, for pruning).

All SQL of the workspace database lives here; callers get records, hashes and counts, never a cursor.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from core.models import Record

if TYPE_CHECKING:
    import pandas as pd

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
CREATE TABLE IF NOT EXISTS ingest_accounts (
  customer_id TEXT NOT NULL,
  source TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (customer_id, source)
);
CREATE TABLE IF NOT EXISTS verdicts (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  version INTEGER,
  persona_id TEXT,
  verdict TEXT NOT NULL,
  score REAL,
  attributes TEXT NOT NULL DEFAULT '{}',
  text TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  verdict_id TEXT NOT NULL REFERENCES verdicts(id),
  outcome TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  customer_id TEXT,
  persona_id TEXT,
  version INTEGER,
  created_at TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS feedback_verdict ON feedback(verdict_id);
"""
_FEEDBACK_COLUMNS = "id, verdict_id, outcome, note, customer_id, persona_id, version, created_at, source"
_RECORD_COLUMNS = "id, kind, customer_id, created_at, rating, text, source, line, metadata"
IN_BATCH = 900  # below SQLite's default limit of 999 bound variables


def select_in(con: sqlite3.Connection, sql: str, keys: Iterable[str]) -> Iterator[tuple]:
    """Rows of `sql` for every key, however many: `sql` holds one `IN ({marks})`, filled batch by batch."""
    keys = list(keys)
    for i in range(0, len(keys), IN_BATCH):
        part = keys[i : i + IN_BATCH]
        yield from con.execute(sql.format(marks=",".join("?" * len(part))), part)


class RecordDB:
    """Full-text records with content hashes. One connection per thread (sqlite objects aren't shareable)."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        try:
            with self.connect() as con:
                con.executescript(_SCHEMA)
                con.execute("SELECT COUNT(*) FROM records").fetchone()
        except sqlite3.DatabaseError as exc:
            from core.storage_errors import check_workspace_writable
            from core.workspace import CorruptFile

            self._local.con = None
            check_workspace_writable(path.parent)  # a read-only or full disk is not a damaged file
            raise CorruptFile(
                path, f"not a readable SQLite database: {exc}",
                "It holds the ingested records: restore it from a backup, or move it away and ingest your files "
                "again (`antipersona ingest PATH`).",
            ) from None

    def connect(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=60)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            self._local.con = con
        return con

    # records ----------------------------------------------------------------------------------------
    def hashes(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        con = self.connect()
        if ids is None:
            return dict(con.execute("SELECT id, hash FROM records"))
        return dict(select_in(con, "SELECT id, hash FROM records WHERE id IN ({marks})", ids))

    def stored(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None, int | None]]:
        """id -> (hash, source, line) of the stored records among `ids`."""
        q = "SELECT id, hash, source, line FROM records WHERE id IN ({marks})"
        return {rid: (h, src, line) for rid, h, src, line in select_in(self.connect(), q, ids)}

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

    def relocate(self, moves: list[tuple[str, int | None, str]]) -> None:
        """Note a new (source, line) for unchanged records, given as (source, line, id)."""
        con = self.connect()
        with con:
            con.executemany("UPDATE records SET source = ?, line = ? WHERE id = ?", moves)

    def delete(self, ids: list[str]) -> None:
        con = self.connect()
        with con:
            con.executemany("DELETE FROM records WHERE id = ?", [(i,) for i in ids])

    def ids_by_source(self, source: str) -> list[str]:
        return [r[0] for r in self.connect().execute("SELECT id FROM records WHERE source = ?", (source,))]

    def sources(self) -> list[str]:
        return [r[0] for r in self.connect().execute("SELECT DISTINCT source FROM records")]

    def get(self, record_id: str) -> Record | None:
        row = self.connect().execute(f"SELECT {_RECORD_COLUMNS} FROM records WHERE id = ?", (record_id,)).fetchone()
        return _row_to_record(row) if row else None

    def get_many(self, ids: Iterable[str]) -> dict[str, Record]:
        q = f"SELECT {_RECORD_COLUMNS} FROM records WHERE id IN ({{marks}})"
        return {row[0]: _row_to_record(row) for row in select_in(self.connect(), q, dict.fromkeys(ids))}

    def find_text(self, span: str) -> tuple[str, str | None] | None:
        """(record id, kind) of a record whose text holds `span` verbatim, else None: how a quote found in
        prose is checked against what customers really wrote."""
        row = self.connect().execute(
            "SELECT id, kind FROM records WHERE instr(text, ?) > 0 ORDER BY rowid LIMIT 1", (span,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def iter_records(self) -> Iterator[Record]:
        for row in self.connect().execute(f"SELECT {_RECORD_COLUMNS} FROM records ORDER BY rowid"):
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

    def forget_hashes(self, ids: Iterable[str]) -> None:
        """Mark records as changed, so the next ingest of their file embeds them again."""
        con = self.connect()
        with con:
            con.executemany("UPDATE records SET hash = '' WHERE id = ?", [(i,) for i in ids])

    def chunk_total(self) -> int:
        """How many chunks the records say the vector store holds (a mismatch means an interrupted run)."""
        return self.connect().execute("SELECT COALESCE(SUM(chunks), 0) FROM records").fetchone()[0]

    def fingerprint(self) -> str:
        """Changes whenever any record is added, changed or removed (drives refresh skipping)."""
        import hashlib

        h = hashlib.sha256()
        for rid, rh in self.connect().execute("SELECT id, hash FROM records ORDER BY id"):
            h.update(f"{rid}\0{rh}\n".encode())
        return h.hexdigest()[:24]

    # notes ------------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.connect().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        con = self.connect()
        with con:
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # which accounts file listed which customer --------------------------------------------------------
    def account_sources(self) -> list[str]:
        return [r[0] for r in self.connect().execute("SELECT DISTINCT source FROM ingest_accounts")]

    def account_hashes(self, source: str) -> dict[str, str]:
        """customer_id -> content hash of that customer's row, as `source` last listed it."""
        q = "SELECT customer_id, hash FROM ingest_accounts WHERE source = ?"
        return dict(self.connect().execute(q, (source,)))

    def set_account_hashes(self, source: str, hashes: dict[str, str]) -> None:
        con = self.connect()
        with con:
            con.executemany("INSERT OR REPLACE INTO ingest_accounts VALUES (?,?,?)",
                            [(c, source, h) for c, h in hashes.items()])

    def forget_accounts(self, source: str, keep: set[str] | None) -> tuple[list[str], set[str]]:
        """Forget `source`'s customers not in `keep` (all when None): (forgotten, those no file lists now)."""
        con = self.connect()
        listed = [r[0] for r in con.execute("SELECT customer_id FROM ingest_accounts WHERE source = ?", (source,))]
        gone = [c for c in listed if keep is None or c not in keep]
        if not gone:
            return [], set()
        with con:
            con.executemany("DELETE FROM ingest_accounts WHERE customer_id = ? AND source = ?",
                            [(c, source) for c in gone])
        still = {r[0] for r in con.execute("SELECT DISTINCT customer_id FROM ingest_accounts")}
        return gone, {c for c in gone if c not in still}


    # verdicts given and the feedback staff recorded on them ----------------------------------------------
    def log_verdict(self, row: dict) -> None:
        """Keep a verdict (id, created_at, version, persona_id, verdict, score, attributes, text) so feedback
        can name it; the same id again (same text, same persona version) keeps the first."""
        con = self.connect()
        with con:
            con.execute(
                "INSERT OR IGNORE INTO verdicts VALUES (?,?,?,?,?,?,?,?)",
                (row["id"], row["created_at"], row.get("version"), row.get("persona_id"), row["verdict"],
                 row.get("score"), json.dumps(row.get("attributes") or {}, ensure_ascii=False), row.get("text", "")),
            )

    def verdict(self, verdict_id: str) -> dict | None:
        row = self.connect().execute(
            "SELECT id, created_at, version, persona_id, verdict, score, attributes, text FROM verdicts WHERE id = ?",
            (verdict_id,),
        ).fetchone()
        if row is None:
            return None
        keys = ("id", "created_at", "version", "persona_id", "verdict", "score", "attributes", "text")
        out = dict(zip(keys, row, strict=True))
        out["attributes"] = json.loads(out["attributes"] or "{}")
        return out

    def add_feedback(self, row: dict) -> dict:
        """Store one piece of feedback in one transaction, synced to disk before returning (a crash leaves
        it whole or absent); the stored row with its id. The verdict must have been logged."""
        con = self.connect()
        con.execute("PRAGMA synchronous=FULL")
        try:
            with con:
                if con.execute("SELECT 1 FROM verdicts WHERE id = ?", (row["verdict_id"],)).fetchone() is None:
                    raise KeyError(row["verdict_id"])
                cur = con.execute(
                    "INSERT INTO feedback (verdict_id, outcome, note, customer_id, persona_id, version, created_at,"
                    " source) VALUES (?,?,?,?,?,?,?,?)",
                    (row["verdict_id"], row["outcome"], row.get("note", ""), row.get("customer_id"),
                     row.get("persona_id"), row.get("version"), row["created_at"], row.get("source", "")),
                )
                fid = cur.lastrowid
        finally:
            con.execute("PRAGMA synchronous=NORMAL")
        return self.feedback(ids=[fid])[0]

    def feedback(self, ids: Iterable[int] | None = None, since: str | None = None) -> list[dict]:
        """Stored feedback, oldest first: all of it, the given ids, or what was recorded after `since`."""
        con = self.connect()
        keys = _FEEDBACK_COLUMNS.split(", ")
        if ids is not None:
            q = f"SELECT {_FEEDBACK_COLUMNS} FROM feedback WHERE id IN ({{marks}}) ORDER BY id"
            rows = list(select_in(con, q, [int(i) for i in ids]))
        elif since is not None:
            q = f"SELECT {_FEEDBACK_COLUMNS} FROM feedback WHERE created_at > ? ORDER BY id"
            rows = con.execute(q, (since,)).fetchall()
        else:
            rows = con.execute(f"SELECT {_FEEDBACK_COLUMNS} FROM feedback ORDER BY id").fetchall()
        return [dict(zip(keys, r, strict=True)) for r in rows]


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
