"""One file -> records (or an accounts table): read it, recognise its shape, map its columns, choose its kind.

The kind is the user's `--kind`, else the export shape's, else guessed from the columns and file name
(ingest/kinds.py); a CRM export with a notes column is still an accounts table. Problems become
`file:line: reason` lines in the file's report; the other files still go in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.vocab import column_list
from ingest.build import document_to_record, flatten, rows_to_records
from ingest.claims import Claim, FileRead, Pending, classify
from ingest.columns import guess_mapping
from ingest.kinds import accounts_with_text, guess_kind, looks_like_accounts
from ingest.mapping import apply_overrides
from ingest.readers import ReadResult, read_path
from ingest.report import FileReport
from ingest.shapes import detect_shape

if TYPE_CHECKING:
    from core.store import Store


def fatal(fr: FileReport, reason: str) -> None:
    """The whole file is skipped, for `reason`."""
    fr.skipped += 1
    fr.problems.append(f"{fr.file}: {reason}")


def ingest_file(
    path: Path,
    display: str,
    fr: FileReport,
    kind: str,
    overrides: dict[str, Any],
    store: Store,
    max_cell: int,
    pii: bool,
    pending: list[Pending],
    run_ids: dict[str, Claim],
) -> FileRead:
    """Read one file and queue its new and changed records on `pending` (accounts tables are stored here)."""
    source = str(path)
    read = FileRead(path=path, source=source, report=fr, ok=False)
    res: ReadResult = read_path(path, display, max_cell)
    fr.format = res.format
    fr.notes.extend(res.notes)
    if res.fatal:
        fatal(fr, res.fatal)
        return read
    fr.skipped += len(res.problems)
    fr.problems.extend(str(p) for p in res.problems)

    if res.document is not None:
        if kind == "accounts":
            fatal(fr, "a text or transcript file cannot be an accounts table")
            return read
        fr.kind = kind if kind != "auto" else "call"
        built = document_to_record(res.document, fr.kind, path, display, max_chars=max_cell, pii=pii)
        if res.format == "json-transcript":
            fr.shape = "transcript"
    else:
        if not res.rows:
            if not res.problems:
                fatal(fr, "no data rows")
            return read
        flat = [flatten(r.values) for r in res.rows] if res.format in ("json", "jsonl") else None
        columns = _columns(res, flat)
        shape = detect_shape(columns)
        col_map = shape.mapping if shape else guess_mapping(columns)
        missing = apply_overrides(col_map, overrides, columns) if overrides else []
        if kind in ("deals", "prices") or (kind == "auto" and not shape and _is_deals(columns, res, flat, path)):
            from ingest.deal_files import ingest_deals

            return ingest_deals(read, res, flat, columns, overrides, store, display, kind, pending, run_ids)
        if kind == "auto":
            if shape:
                file_kind = shape.kind
            elif not col_map.text:
                file_kind = "accounts" if looks_like_accounts(columns, path) else None
            elif accounts_with_text(columns, col_map, _sample_texts(res, flat, col_map.text[0]), path):
                file_kind = "accounts"
            else:
                file_kind = guess_kind(columns, col_map, path)
        else:
            file_kind = kind
        if file_kind == "accounts":
            return _ingest_accounts(read, res, flat, columns, overrides, store, display)
        if missing:
            fatal(fr, f"mapped column not found: {', '.join(missing)} (columns: {column_list(columns)})")
            return read
        if file_kind is None or not col_map.text:
            fatal(fr, f"no text column found (columns: {column_list(columns)}); use --map text=COLUMN, "
                       "or --kind accounts for an accounts table")
            return read
        fr.kind = file_kind
        fr.shape = shape.name if shape else None
        rows = res.rows
        if shape and shape.prepare:
            rows, problems, notes = shape.prepare(rows, col_map, display)
            if flat is not None:
                flat = [flatten(r.values) for r in rows]
            fr.skipped += len(problems)
            fr.problems.extend(str(p) for p in problems)
            fr.notes.extend(notes)
        built = rows_to_records(rows, col_map, file_kind, path, display, shape=shape, flat=flat,
                                max_chars=max_cell, pii=pii)
    read.ok = True
    classify(built, fr, store, pending, run_ids, read)
    return read


def _is_deals(columns: list[str], res: ReadResult, flat: list[dict[str, Any]] | None, path: Path) -> bool:
    from ingest.deals import looks_like_deals, looks_like_price_list

    sample = flat[:500] if flat is not None else [r.values for r in res.rows[:500]]
    return looks_like_price_list(columns) or looks_like_deals(columns, sample, path.stem)


def _sample_texts(res: ReadResult, flat: list[dict[str, Any]] | None, column: str, n: int = 200) -> list[str]:
    values = flat if flat is not None else [r.values for r in res.rows[:n]]
    return [str(v.get(column) or "") for v in values[:n]]


def _columns(res: ReadResult, flat: list[dict[str, Any]] | None) -> list[str]:
    if flat is None:
        return list(res.columns)
    cols: dict[str, None] = {}
    for row in flat:
        for c in row:
            cols.setdefault(c, None)
    return list(cols)


def _ingest_accounts(
    read: FileRead,
    res: ReadResult,
    flat: list[dict[str, Any]] | None,
    columns: list[str],
    overrides: dict[str, Any],
    store: Store,
    display: str,
) -> FileRead:
    from ingest.accounts import AccountsError, upsert_accounts

    fr = read.report
    fr.kind = "accounts"
    read.accounts = True
    try:
        result = upsert_accounts(store, res.rows, flat or [r.values for r in res.rows], columns, read.source,
                                 display, overrides)
    except AccountsError as exc:
        fatal(fr, str(exc))
        return read
    fr.new, fr.updated, fr.unchanged = result.new, result.updated, result.unchanged
    fr.skipped += len(result.problems)
    fr.problems.extend(str(p) for p in result.problems)
    fr.notes.extend(result.notes)
    read.ok = True
    read.customers = result.customers
    return read


