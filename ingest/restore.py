"""Embed again the passages a lost or restored vector store no longer holds, from the records' stored text
(issue 19 #6). Every refresh (CLI, app, scheduler, API job) and `antipersona doctor --repair` run it, so a
deleted `chroma/` no longer needs every file ingested again.

Each record keeps its full text in records.sqlite, so its passages can be cut and embedded again exactly
as an ingest would (same chunk ids `<record>#<n>`, offsets and metadata); a transcript's lines still name
their speakers, only its cue timestamps are not restored (they were not kept with the record). Holds the
ingest lock, like an ingest, and writes through the same crash-safe writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.store import Store


def missing_records(store: Store) -> list[str]:
    """Ids of stored records that have passages to hold but none in the vector store."""
    if store.vectors.count() >= store.records.chunk_total():
        return []
    have = store.vectors.record_ids()
    return [rid for rid in store.records.hashes() if rid not in have]


def restore_passages(store: Store, progress: bool = False) -> int:
    """Embed the missing records' passages again; returns how many records were restored."""
    from ingest.chunking import MAX_CHARS
    from ingest.claims import Pending
    from ingest.pipeline import BATCH_RECORDS
    from ingest.progress import Progress
    from ingest.report import FileReport, IngestReport
    from ingest.writer import write

    with store.workspace.lock("ingest"):
        lost = missing_records(store)
        if not lost:
            return 0
        report = IngestReport(workspace=str(store.workspace.root))
        fr = FileReport(file="records.sqlite")
        report.files.append(fr)
        records = store.records.get_many(lost)
        pending = [Pending(record=records[rid], file=fr, replace=True) for rid in lost if rid in records]
        ui = Progress(progress)
        try:
            write(pending, store, report, ui, BATCH_RECORDS, MAX_CHARS)
        finally:
            ui.stop()
        if report.error:
            raise RuntimeError(report.error)
        return len(pending)


def restore_before_refresh(store: Store, report=None) -> int:
    """`restore_passages` for the refresh callers (CLI, app, scheduler): never raises — when it cannot run,
    the refresh still notes the gap ("built from N of the M passages")."""
    try:
        if not missing_records(store):
            return 0
        if report:
            report("embedding again the passages the vector store has lost")
        n = restore_passages(store)
    except Exception as exc:
        if report:
            report(f"could not embed the lost passages again ({type(exc).__name__}: {str(exc)[:200]})")
        return 0
    if report and n:
        report(f"embedded the passages of {n:,} records again from their stored text")
    return n
