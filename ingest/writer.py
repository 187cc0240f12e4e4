"""Embedding and storing: pending records -> chunks -> vectors, written by a thread while the next batch embeds.

Batches of about `size` records (shortest texts first, so the encoder pads little). Write order per batch:
Chroma first (a changed record's old chunks deleted, then its chunks added or upserted by deterministic
ids), the SQLite row with its hash last; the workspace is marked incomplete while a run writes, so an
interrupted one is repaired by the next (core/store.py explains why this order is crash-safe).
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING, Any

from core.crashpoints import crash_point
from core.embeddings import embed_texts
from core.models import Record
from ingest.chunking import chunk_record
from ingest.claims import Pending
from ingest.progress import Progress
from ingest.report import IngestReport

if TYPE_CHECKING:
    from core.store import Store

INCOMPLETE = "ingest_incomplete"  # records.sqlite meta: "1" while a run writes


def chunk_meta(record: Record, chunk) -> dict[str, Any]:
    """What Chroma keeps with a chunk: its record and offsets (quotes map back), and the fields to filter by."""
    m: dict[str, Any] = {
        "record_id": record.id,
        "kind": record.kind,
        "start": chunk.start,
        "end": chunk.end,
        "source": record.source,
    }
    if record.customer_id is not None:
        m["customer_id"] = record.customer_id
    if record.rating is not None:
        m["rating"] = float(record.rating)
    if record.created_at is not None:
        m["created_at"] = record.created_at
    if chunk.speaker is not None:
        m["speaker"] = chunk.speaker
    if chunk.timestamp is not None:
        m["timestamp"] = chunk.timestamp
    return m


def batches(pending: list[Pending], size: int, max_chunk_chars: int):
    """Yield (batch, chunks) with about `size` records (or chunks) each, shortest texts first. Deal notes go
    in batches of their own: the encoder pads a batch to its longest text and its vectors move slightly
    with that, so customers' feedback embeds the same whether or not a deals export came with it."""
    for group in (False, True):
        order = sorted(
            (p for p in pending if (p.record.kind == "deal_note") == group), key=lambda p: len(p.record.text)
        )
        batch: list[Pending] = []
        chunks: list = []
        for p in order:
            cs = chunk_record(p.record, p.turns, max_chunk_chars)
            batch.append(p)
            chunks.append(cs)
            if len(batch) >= size or sum(len(c) for c in chunks) >= size:
                yield batch, chunks
                batch, chunks = [], []
        if batch:
            yield batch, chunks


class Writer(threading.Thread):
    """Stores embedded batches (Chroma, then SQLite) while the main thread embeds the next one.

    It also opens the collection (importing chromadb takes a moment) while the first batch is embedded.
    When the store is consistent (as many chunks in Chroma as the records say), new records' chunk ids
    cannot exist yet and are added; otherwise (an earlier run was interrupted between Chroma and SQLite)
    every record's old chunks are deleted first and chunks are upserted, so nothing is left behind.
    """

    def __init__(self, store: Store, recover: bool, ui: Progress):
        super().__init__(name="ingest-writer", daemon=True)
        self.store, self.recover, self.ui = store, recover, ui
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.open_failed = False
        self.stored = 0

    def _open(self) -> None:
        if self.store.vectors.count() != self.store.records.chunk_total():
            self.recover = True

    def run(self) -> None:
        try:
            self._open()
        except BaseException as exc:
            self.error, self.open_failed = exc, True
        vectors, records = self.store.vectors, self.store.records
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error is not None:
                continue
            batch, ids, vecs, docs, metas, counts = item
            try:
                replace = [p.record.id for p in batch if p.replace or self.recover]
                if replace:
                    vectors.delete_records(replace)
                if ids and self.recover:
                    vectors.upsert(ids, vecs, docs, metas)
                elif ids:
                    self._add(batch, ids, vecs, docs, metas)
                crash_point("ingest.vectors_written")
                records.upsert([p.record for p in batch], counts)
                crash_point("ingest.batch_stored")
            except BaseException as exc:  # reported by the main thread
                self.error = exc
                continue
            for p in batch:
                if p.replace:
                    p.file.updated += 1
                else:
                    p.file.new += 1
            self.stored += len(batch)
            self.ui.stored(len(batch))

    def _add(self, batch: list[Pending], ids: list[str], vecs, docs: list[str], metas: list[dict]) -> None:
        """`add` for chunks of new records (cheaper than upsert), `upsert` for replaced ones."""
        if any(p.replace for p in batch):
            self.store.vectors.upsert(ids, vecs, docs, metas)
        else:
            self.store.vectors.add(ids, vecs, docs, metas)


def write(
    pending: list[Pending], store: Store, report: IngestReport, ui: Progress, size: int, max_chunk_chars: int
) -> None:
    total = len(pending)
    try:
        embedder = store.embedder
    except Exception as exc:  # e.g. the openai backend without its package or a key
        report.error = f"cannot load the embeddings backend: {type(exc).__name__}: {exc}"
        return
    records = store.records
    recover = records.get_meta(INCOMPLETE) == "1"
    records.set_meta(INCOMPLETE, "1")
    writer = Writer(store, recover, ui)
    writer.start()
    ui.start_embedding(total)
    embedded = 0
    try:
        for batch, chunk_lists in batches(pending, size, max_chunk_chars):
            if writer.error is not None:
                break
            ids: list[str] = []
            docs: list[str] = []
            metas: list[dict[str, Any]] = []
            counts: dict[str, int] = {}
            for p, cs in zip(batch, chunk_lists, strict=True):
                counts[p.record.id] = len(cs)
                for c in cs:
                    ids.append(c.id)
                    docs.append(c.text)
                    metas.append(chunk_meta(p.record, c))
            try:
                vecs = embed_texts(embedder, docs)
            except Exception as exc:
                report.error = (
                    f"embedding failed: {type(exc).__name__}: {str(exc)[:300]}. Records stored so far are kept; "
                    "run the same ingest again to finish."
                )
                break
            embedded += len(ids)
            writer.queue.put((batch, ids, vecs, docs, metas, counts))
    finally:
        writer.queue.put(None)
        writer.join()
    report.embedded_chunks += embedded
    if writer.error is not None and report.error is None:
        exc = writer.error
        if isinstance(exc, KeyboardInterrupt):
            raise exc
        if writer.open_failed:  # EmbedderMismatch, Chroma server down
            report.error = f"cannot open the vector store: {type(exc).__name__}: {exc}"
        else:
            from core.storage_errors import explain

            why = explain(exc)  # a full disk or read-only workspace says what to do itself
            report.error = f"storing failed: {why}" if why else (
                f"storing failed: {type(exc).__name__}: {str(exc)[:300]}. Records stored so far are kept; "
                "run the same ingest again to finish."
            )
    if report.error is None:
        records.set_meta(INCOMPLETE, "0")
