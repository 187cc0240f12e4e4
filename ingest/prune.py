"""Removing what is gone: records whose file or row disappeared (`--prune`), and chunks an interrupted run
left without a record row. Vectors go first, rows last: a crash in between leaves the row, retried next time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ingest.claims import FileRead
from ingest.discover import shown_path
from ingest.report import FileReport, IngestReport
from ingest.writer import INCOMPLETE

if TYPE_CHECKING:
    from core.store import Store


def reconcile(store: Store, report: IngestReport) -> None:
    """Records whose passages are missing from the vector store (a deleted or restored `chroma/` folder)
    are marked changed, so ingesting their files embeds them again instead of calling them unchanged."""
    try:
        need = store.records.chunk_total()
        if not need or store.vectors.count() >= need:
            return
        have = store.vectors.record_ids()
        lost = [rid for rid in store.records.hashes() if rid not in have]
    except Exception:  # the writer reports a store that cannot be opened, with its reason
        return
    if lost:
        store.records.forget_hashes(lost)
        report.notes.append(
            f"{len(lost):,} stored records had no passages in the vector store; they are embedded again as "
            "their files are ingested (ingest every file again to restore all of them)"
        )


def sweep_orphans(store: Store, report: IngestReport) -> None:
    """Delete chunks whose record has no SQLite row, then mark the store complete.

    A run killed between Chroma and SQLite leaves such chunks; re-ingesting the same files replaces them,
    but if the file is gone (or not named again) nothing would, and analysis would still cluster them.
    Runs after an interrupted run and with --prune: one pass over the chunk metadata.
    """
    try:
        orphans = store.vectors.record_ids() - set(store.records.hashes())
        if orphans:
            store.vectors.delete_records(sorted(orphans))
            report.notes.append(f"removed the passages of {len(orphans)} records an interrupted run left behind")
        store.records.set_meta(INCOMPLETE, "0")
    except Exception as exc:
        report.error = f"cleaning up after an interrupted run failed: {type(exc).__name__}: {exc}"


def _delete_records(store: Store, ids: list[str]) -> None:
    if not ids:
        return
    store.vectors.delete_records(ids)  # vectors first: a crash in between leaves the row, retried next time
    store.records.delete(ids)


def prune_gone(store: Store, reads: list[FileRead], report: IngestReport) -> None:
    from ingest.accounts import index_sources, prune_accounts

    by_source = {r.source: r for r in reads}
    try:
        for r in reads:
            if not r.ok:
                continue
            if r.accounts:
                r.report.pruned += prune_accounts(store, r.source, r.customers or set())
                continue
            gone = [i for i in store.records.ids_by_source(r.source) if i not in (r.ids or set())]
            _delete_records(store, gone)
            r.report.pruned += len(gone)
        gone_reports: dict[str, FileReport] = {}
        for source in store.records.sources():
            if not source or source in by_source or Path(source).exists():
                continue
            ids = store.records.ids_by_source(source)
            _delete_records(store, ids)
            fr = gone_reports.setdefault(source, FileReport(file=shown_path(source), kind="(file gone)"))
            fr.pruned += len(ids)
        for source in index_sources(store):
            if source in by_source or Path(source).exists():
                continue
            n = prune_accounts(store, source, None)
            fr = gone_reports.setdefault(source, FileReport(file=shown_path(source), kind="(file gone)"))
            fr.pruned += n
        report.files.extend(gone_reports.values())
    except Exception as exc:
        report.error = f"pruning failed: {type(exc).__name__}: {exc}"

