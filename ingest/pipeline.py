"""`ingest_paths`: files -> records -> chunks -> vectors, incrementally and idempotently.

Flow: walk the paths; read each file (readers/); recognise its shape and columns (shapes.py, mapping.py);
build records (build.py) or upsert an accounts table (accounts.py); compare every record's content hash
with the stored one. Only new and changed records are chunked and embedded, in batches of about 512
records (sorted by length, so the encoder pads little), while a writer thread stores the previous batch:
Chroma first (changed records' old chunks deleted, then an upsert by deterministic chunk ids), the SQLite
row with its hash last. An interrupted run loses at most the batches in flight; run again, it finishes the
rest and duplicates nothing. Unchanged records cost a hash compare: no model, no Chroma.

User mistakes (a missing path, an unsupported or empty or binary file, a malformed row, a missing text
column, a huge cell, a duplicate id) become `file:line: reason` problems in the report; only bad
arguments (`--kind`, `--map`, a broken config.toml) raise ValueError.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.chunking import MAX_CHARS
from ingest.claims import Claim, FileRead, Pending
from ingest.discover import expand
from ingest.file_records import fatal, ingest_file
from ingest.mapping import parse_kind, parse_map
from ingest.progress import Progress
from ingest.prune import prune_gone, reconcile, sweep_orphans
from ingest.readers import DEFAULT_MAX_CELL
from ingest.report import FileReport, IngestReport
from ingest.writer import INCOMPLETE, write

if TYPE_CHECKING:
    from core.settings import Settings
    from core.store import Store
    from core.workspace import Workspace

BATCH_RECORDS = 512

__all__ = ["BATCH_RECORDS", "FileReport", "IngestReport", "ingest_paths"]


def ingest_paths(
    paths: Sequence[str | Path] | str | Path,
    kind: str = "auto",
    mapping: str | dict[str, Any] | None = None,
    prune: bool = False,
    settings: Settings | None = None,
    workspace: str | Path | Workspace | None = None,
    progress: bool = False,
    redact_pii: bool = False,
    *,
    store: Store | None = None,
    batch_size: int = BATCH_RECORDS,
    max_cell: int = DEFAULT_MAX_CELL,
    max_chunk_chars: int = MAX_CHARS,
) -> IngestReport:
    """Ingest files and folders into the workspace; returns what happened per file.

    kind: auto | tickets | calls | reviews | accounts | deals | prices (singular accepted). mapping: `--map` syntax
    (`text=Body,customer_id=Requester,id="Ticket ID"`) or a dict. prune: remove stored records whose file
    or row is gone. workspace overrides settings.workspace; `store` (tests, UI) overrides both.
    """
    started = time.perf_counter()
    kind = parse_kind(kind)
    overrides = parse_map(mapping)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if store is None:
        from core.settings import load_settings
        from core.store import Store
        from core.workspace import Workspace

        settings = settings or load_settings()
        ws = None
        if workspace is not None:
            ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
            settings = settings.model_copy(update={"workspace": ws.root})
        try:
            store = Store(settings, ws)
        except (OSError, sqlite3.DatabaseError) as exc:  # a file, not writable, not our database...
            raise ValueError(f"cannot use the workspace {ws.root if ws else settings.workspace}: {exc}") from None
    # a broken config.toml is an argument error: fail before touching anything
    from ingest.accounts import accounts_config

    try:
        config = store.workspace.config()
    except Exception as exc:  # tomllib.TOMLDecodeError, unreadable file
        raise ValueError(f"{store.workspace.config_file}: {exc}") from None
    accounts_config(config)
    from ingest.deals import parse_stage_overrides

    parse_stage_overrides(overrides, config)

    report = IngestReport(workspace=str(store.workspace.root))
    ui = Progress(progress)
    try:
        with store.workspace.lock("ingest"):
            reconcile(store, report)
            files = expand(paths, store.workspace.root, report)
            reads: list[FileRead] = []
            pending: list[Pending] = []
            run_ids: dict[str, Claim] = {}
            ui.start_reading(len(files))
            for path, display in files:
                fr = FileReport(file=display)
                report.files.append(fr)
                try:
                    read = ingest_file(path, display, fr, kind, overrides, store, max_cell, redact_pii, pending,
                                       run_ids)
                except Exception as exc:  # an unexpected shape of data must not cost the other files
                    fatal(fr, f"could not ingest ({type(exc).__name__}: {exc})")
                    read = FileRead(path=path, source=str(path), report=fr, ok=False)
                reads.append(read)
                ui.file_done()
            interrupted = store.records.get_meta(INCOMPLETE) == "1"
            if pending:
                write(pending, store, report, ui, batch_size, max_chunk_chars)
            if prune and report.error is None:
                prune_gone(store, reads, report)
            if (interrupted or prune) and report.error is None:
                sweep_orphans(store, report)
    finally:
        ui.stop()
    report.elapsed = time.perf_counter() - started
    return report

