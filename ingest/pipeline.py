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

import os
import queue
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.crashpoints import crash_point
from core.models import Record
from core.vocab import column_list
from ingest.build import Built, document_to_record, flatten, rows_to_records
from ingest.chunking import MAX_CHARS, TurnSpan, chunk_record
from ingest.mapping import (
    accounts_with_text,
    apply_overrides,
    guess_kind,
    guess_mapping,
    looks_like_accounts,
    parse_kind,
    parse_map,
)
from ingest.readers import DEFAULT_MAX_CELL, ReadResult, read_path
from ingest.report import FileReport, IngestReport
from ingest.shapes import detect_shape

if TYPE_CHECKING:
    from core.settings import Settings
    from core.store import Store
    from core.workspace import Workspace

BATCH_RECORDS = 512
_IGNORED = re.compile(r"^(readme|license|licence|notice|changelog|copying|authors|contributing)(\.[\w.]+)?$", re.I)
# in a walked folder, files of these types are code or configuration, not exports: noted, not skipped
_CODE_SUFFIXES = {
    ".py", ".pyc", ".pyi", ".ipynb", ".js", ".ts", ".sh", ".bat", ".ps1", ".toml", ".yaml", ".yml", ".cfg",
    ".ini", ".lock", ".r", ".sql", ".css", ".html", ".htm", ".log", ".tmp", ".bak", ".swp", ".parquet",
    ".sqlite", ".sqlite3", ".db", ".pkl", ".npy",
}
_INCOMPLETE = "ingest_incomplete"


@dataclass
class _Pending:
    record: Record
    file: FileReport
    replace: bool
    turns: list[TurnSpan] | None = None


@dataclass
class _FileRead:
    path: Path
    source: str
    report: FileReport
    ok: bool  # read well enough that rows missing from it may be pruned
    accounts: bool = False
    ids: set[str] | None = None
    customers: set[str] | None = None


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

    kind: auto | tickets | calls | reviews | accounts (singular accepted). mapping: `--map` syntax
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

    report = IngestReport(workspace=str(store.workspace.root))
    ui = _Progress(progress)
    try:
        with store.workspace.lock("ingest"):
            files = _expand(paths, store.workspace.root, report)
            reads: list[_FileRead] = []
            pending: list[_Pending] = []
            run_ids: dict[str, _Claim] = {}
            ui.start_reading(len(files))
            for path, display in files:
                fr = FileReport(file=display)
                report.files.append(fr)
                try:
                    read = _ingest_file(path, display, fr, kind, overrides, store, max_cell, redact_pii, pending,
                                        run_ids)
                except Exception as exc:  # an unexpected shape of data must not cost the other files
                    _fatal(fr, f"could not ingest ({type(exc).__name__}: {exc})")
                    read = _FileRead(path=path, source=str(path), report=fr, ok=False)
                reads.append(read)
                ui.file_done()
            interrupted = store.records.get_meta(_INCOMPLETE) == "1"
            if pending:
                _write(pending, store, report, ui, batch_size, max_chunk_chars)
            if prune and report.error is None:
                _prune(store, reads, report)
            if (interrupted or prune) and report.error is None:
                _sweep_orphans(store, report)
    finally:
        ui.stop()
    report.elapsed = time.perf_counter() - started
    return report


# --- files --------------------------------------------------------------------------------------------
def _expand(paths: Iterable[str | Path], ws_root: Path, report: IngestReport) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    ignored: dict[str, list[str]] = {}

    def add(path: Path, display: str) -> None:
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            out.append((real, display))

    for given in paths:
        p = Path(given).expanduser()
        display = str(given)
        if not p.exists():
            report.files.append(FileReport(file=display, skipped=1, problems=[f"{display}: no such file or directory"]))
            continue
        if not p.is_dir():
            if p.is_file():
                add(p, display)
            else:
                report.files.append(FileReport(file=display, skipped=1, problems=[f"{display}: not a regular file"]))
            continue
        for root, dirs, names in os.walk(p):
            rootp = Path(root)
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".") and d != "__pycache__" and (rootp / d).resolve() != ws_root
            )
            for name in sorted(names):
                f = rootp / name
                if name.startswith("."):
                    continue
                if not f.is_file():
                    continue  # sockets, FIFOs, broken links
                if _IGNORED.match(name) or f.suffix.lower() in _CODE_SUFFIXES:
                    ignored.setdefault(f.suffix.lower() or name, []).append(str(f))
                    continue
                add(f, str(f))
    if ignored:
        kinds = ", ".join(f"{k} x{len(v)}" if len(v) > 1 else v[0] for k, v in sorted(ignored.items()))
        report.notes.append(f"not data, not read: {kinds} (name a file explicitly to ingest it)")
    return out


def _fatal(fr: FileReport, reason: str) -> None:
    fr.skipped += 1
    fr.problems.append(f"{fr.file}: {reason}")


def _ingest_file(
    path: Path,
    display: str,
    fr: FileReport,
    kind: str,
    overrides: dict[str, Any],
    store: Store,
    max_cell: int,
    pii: bool,
    pending: list[_Pending],
    run_ids: dict[str, _Claim],
) -> _FileRead:
    source = str(path)
    read = _FileRead(path=path, source=source, report=fr, ok=False)
    res: ReadResult = read_path(path, display, max_cell)
    fr.format = res.format
    fr.notes.extend(res.notes)
    if res.fatal:
        _fatal(fr, res.fatal)
        return read
    fr.skipped += len(res.problems)
    fr.problems.extend(str(p) for p in res.problems)

    if res.document is not None:
        if kind == "accounts":
            _fatal(fr, "a text or transcript file cannot be an accounts table")
            return read
        fr.kind = kind if kind != "auto" else "call"
        built = document_to_record(res.document, fr.kind, path, display, max_chars=max_cell, pii=pii)
        if res.format == "json-transcript":
            fr.shape = "transcript"
    else:
        if not res.rows:
            if not res.problems:
                _fatal(fr, "no data rows")
            return read
        flat = [flatten(r.values) for r in res.rows] if res.format in ("json", "jsonl") else None
        columns = _columns(res, flat)
        shape = detect_shape(columns)
        col_map = shape.mapping if shape else guess_mapping(columns)
        missing = apply_overrides(col_map, overrides, columns) if overrides else []
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
            _fatal(fr, f"mapped column not found: {', '.join(missing)} (columns: {column_list(columns)})")
            return read
        if file_kind is None or not col_map.text:
            _fatal(fr, f"no text column found (columns: {column_list(columns)}); use --map text=COLUMN, "
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
    _classify(built, fr, store, pending, run_ids, read)
    return read


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
    read: _FileRead,
    res: ReadResult,
    flat: list[dict[str, Any]] | None,
    columns: list[str],
    overrides: dict[str, Any],
    store: Store,
    display: str,
) -> _FileRead:
    from ingest.accounts import AccountsError, upsert_accounts

    fr = read.report
    fr.kind = "accounts"
    read.accounts = True
    try:
        result = upsert_accounts(store, res.rows, flat or [r.values for r in res.rows], columns, read.source,
                                 display, overrides)
    except AccountsError as exc:
        _fatal(fr, str(exc))
        return read
    fr.new, fr.updated, fr.unchanged = result.new, result.updated, result.unchanged
    fr.skipped += len(result.problems)
    fr.problems.extend(str(p) for p in result.problems)
    fr.notes.extend(result.notes)
    read.ok = True
    read.customers = result.customers
    return read


def _stored(store: Store, ids: list[str]) -> dict[str, tuple[str, str | None, int | None]]:
    """id -> (hash, source, line) of the stored records among `ids`."""
    con = store.records.connect()
    out: dict[str, tuple[str, str | None, int | None]] = {}
    for i in range(0, len(ids), 900):
        part = ids[i : i + 900]
        q = f"SELECT id, hash, source, line FROM records WHERE id IN ({','.join('?' * len(part))})"
        for rid, h, src, line in con.execute(q, part):
            out[rid] = (h, src, line)
    return out


@dataclass
class _Claim:
    """Who holds an id in this run: where, from which file, with which content hash."""

    where: str
    source: str
    hash: str


def _classify(
    built: Built,
    fr: FileReport,
    store: Store,
    pending: list[_Pending],
    run_ids: dict[str, _Claim],
    read: _FileRead,
) -> None:
    """Sort the file's records into unchanged / new / changed.

    An id another file already uses (in this run, or stored from a file that still exists) is the same
    record when the content is the same (the row is skipped as a duplicate); otherwise it is a different
    record that happens to share the id (two exports numbering rows 1, 2, 3...): it is stored as
    `<file name>:<id>` so nothing is lost, and a note says so.
    """
    fr.skipped += len(built.problems)
    fr.problems.extend(str(p) for p in built.problems)
    records = built.records
    hashes = [r.content_hash() for r in records]
    stored = _stored(store, [r.id for r in records])

    def holder(rid: str, source: str) -> tuple[str, str] | None:
        """(where, hash) of a different file holding `rid`, or None."""
        claim = run_ids.get(rid)
        if claim is not None:
            return (claim.where, claim.hash) if claim.source != source else ("this file", claim.hash)
        old = stored.get(rid)
        if old is not None and old[1] and old[1] != source and Path(old[1]).exists():
            return _display(old[1]), old[0]
        return None

    # ids clashing with another file get a file-scoped id; look those up too
    final: list[tuple[Record, str, str] | None] = []
    renamed = 0
    for r, h in zip(records, hashes, strict=True):
        other = holder(r.id, r.source)
        if other is None:
            final.append((r, h, r.id))
            continue
        where, other_hash = other
        if other_hash == h:
            fr.skipped += 1
            fr.problems.append(f"{fr.file}:{r.line}: duplicate of id '{r.id}' in {where} (same content)")
            final.append(None)
            continue
        alt = f"{Path(r.source).name}:{r.id}"
        final.append((r.model_copy(update={"id": alt}), h, r.id))
        renamed += 1
    if renamed:
        alts = [x[0].id for x in final if x is not None and x[0].id not in stored]
        stored.update(_stored(store, alts))
    moved: list[tuple[str, int | None, str]] = []
    ids: set[str] = set()
    for item in final:
        if item is None:
            continue
        r, h, original_id = item
        other = holder(r.id, r.source)
        if other is not None:
            fr.skipped += 1
            fr.problems.append(f"{fr.file}:{r.line}: duplicate id '{r.id}' (already used in {other[0]})")
            continue
        run_ids[r.id] = _Claim(f"{fr.file}:{r.line}" if r.line else fr.file, r.source, h)
        ids.add(r.id)
        old = stored.get(r.id)
        turns = built.turns.get(original_id)
        if old is None:
            pending.append(_Pending(r, fr, replace=False, turns=turns))
        elif old[0] != h:
            pending.append(_Pending(r, fr, replace=True, turns=turns))
        else:
            fr.unchanged += 1
            if old[1] != r.source or old[2] != r.line:
                moved.append((r.source, r.line, r.id))
    if renamed:
        fr.notes.append(
            f"{renamed} {'id is' if renamed == 1 else 'ids are'} also used by another file with different "
            f"content; stored as '{Path(read.source).name}:<id>' (or use --map id=COLUMN)"
        )
    if moved:
        con = store.records.connect()
        with con:
            con.executemany("UPDATE records SET source = ?, line = ? WHERE id = ?", moved)
    read.ids = ids


# --- embedding and storing ----------------------------------------------------------------------------
def _chunk_meta(record: Record, chunk) -> dict[str, Any]:
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


def _batches(pending: list[_Pending], size: int, max_chunk_chars: int):
    """Yield (batch, chunks) with about `size` records (or chunks) each, shortest texts first."""
    order = sorted(pending, key=lambda p: len(p.record.text))
    batch: list[_Pending] = []
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


class _Writer(threading.Thread):
    """Stores embedded batches (Chroma, then SQLite) while the main thread embeds the next one.

    It also opens the collection (importing chromadb takes a moment) while the first batch is embedded.
    When the store is consistent (as many chunks in Chroma as the records say), new records' chunk ids
    cannot exist yet and are added; otherwise (an earlier run was interrupted between Chroma and SQLite)
    every record's old chunks are deleted first and chunks are upserted, so nothing is left behind.
    """

    def __init__(self, store: Store, recover: bool, ui: _Progress):
        super().__init__(name="ingest-writer", daemon=True)
        self.store, self.recover, self.ui = store, recover, ui
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.open_failed = False
        self.stored = 0

    def _open(self) -> None:
        col = self.store.vectors.collection
        row = self.store.records.connect().execute("SELECT COALESCE(SUM(chunks), 0) FROM records").fetchone()
        if col.count() != row[0]:
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

    def _add(self, batch: list[_Pending], ids: list[str], vecs, docs: list[str], metas: list[dict]) -> None:
        """`add` for chunks of new records (cheaper than upsert), `upsert` for replaced ones."""
        replaced = {p.record.id for p in batch if p.replace}
        if replaced:
            self.store.vectors.upsert(ids, vecs, docs, metas)
            return
        col = self.store.vectors.collection
        for i in range(0, len(ids), 1000):
            col.add(ids=ids[i : i + 1000], embeddings=vecs[i : i + 1000], documents=docs[i : i + 1000],
                    metadatas=metas[i : i + 1000])


def _write(
    pending: list[_Pending], store: Store, report: IngestReport, ui: _Progress, size: int, max_chunk_chars: int
) -> None:
    total = len(pending)
    try:
        embedder = store.embedder
    except Exception as exc:  # e.g. the openai backend without its package or a key
        report.error = f"cannot load the embeddings backend: {type(exc).__name__}: {exc}"
        return
    records = store.records
    recover = records.get_meta(_INCOMPLETE) == "1"
    records.set_meta(_INCOMPLETE, "1")
    writer = _Writer(store, recover, ui)
    writer.start()
    ui.start_embedding(total)
    embedded = 0
    try:
        for batch, chunk_lists in _batches(pending, size, max_chunk_chars):
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
                    metas.append(_chunk_meta(p.record, c))
            try:
                vecs = _embed(embedder, docs)
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
            report.error = (
                f"storing failed: {type(exc).__name__}: {str(exc)[:300]}. Records stored so far are kept; "
                "run the same ingest again to finish."
            )
    if report.error is None:
        records.set_meta(_INCOMPLETE, "0")


def _embed(embedder, texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    unique = list(dict.fromkeys(texts))
    vecs = np.asarray(embedder.embed(unique), dtype=np.float32)
    if vecs.ndim != 2 or vecs.shape[0] != len(unique):
        raise ValueError(f"the embedder returned {vecs.shape[0] if vecs.ndim else 0} vectors for {len(unique)} texts")
    if len(unique) == len(texts):
        return vecs
    pos = {t: i for i, t in enumerate(unique)}
    return vecs[[pos[t] for t in texts]]


# --- prune --------------------------------------------------------------------------------------------
def _sweep_orphans(store: Store, report: IngestReport) -> None:
    """Delete chunks whose record has no SQLite row, then mark the store complete.

    A run killed between Chroma and SQLite leaves such chunks; re-ingesting the same files replaces them,
    but if the file is gone (or not named again) nothing would, and analysis would still cluster them.
    Runs after an interrupted run and with --prune: one pass over the chunk metadata.
    """
    try:
        col = store.vectors.collection
        known = set(store.records.hashes())
        orphans: set[str] = set()
        offset, page = 0, 5000
        while True:
            res = col.get(include=["metadatas"], limit=page, offset=offset)
            for cid, meta in zip(res["ids"], res["metadatas"], strict=True):
                rid = (meta or {}).get("record_id", cid.rpartition("#")[0])
                if rid not in known:
                    orphans.add(rid)
            offset += len(res["ids"])
            if len(res["ids"]) < page:
                break
        if orphans:
            store.vectors.delete_records(sorted(orphans))
            report.notes.append(f"removed the passages of {len(orphans)} records an interrupted run left behind")
        store.records.set_meta(_INCOMPLETE, "0")
    except Exception as exc:
        report.error = f"cleaning up after an interrupted run failed: {type(exc).__name__}: {exc}"


def _display(source: str) -> str:
    try:
        rel = os.path.relpath(source)
    except ValueError:
        return source
    return source if rel.startswith("..") else rel


def _delete_records(store: Store, ids: list[str]) -> None:
    if not ids:
        return
    store.vectors.delete_records(ids)  # vectors first: a crash in between leaves the row, retried next time
    store.records.delete(ids)


def _prune(store: Store, reads: list[_FileRead], report: IngestReport) -> None:
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
            fr = gone_reports.setdefault(source, FileReport(file=_display(source), kind="(file gone)"))
            fr.pruned += len(ids)
        for source in index_sources(store):
            if source in by_source or Path(source).exists():
                continue
            n = prune_accounts(store, source, None)
            fr = gone_reports.setdefault(source, FileReport(file=_display(source), kind="(file gone)"))
            fr.pruned += n
        report.files.extend(gone_reports.values())
    except Exception as exc:
        report.error = f"pruning failed: {type(exc).__name__}: {exc}"


# --- progress -----------------------------------------------------------------------------------------
class _Progress:
    """A rich progress bar on stderr (files read, then records embedded with records/s), or nothing."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._p = None
        self._read = self._embed = None
        self._lock = threading.Lock()

    def _ensure(self):
        if self._p is None and self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                ProgressColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.text import Text

            class Rate(ProgressColumn):
                def render(self, task):
                    elapsed = task.elapsed or 0
                    rate = task.completed / elapsed if elapsed > 0 else 0
                    return Text(f"{rate:,.0f} records/s" if task.fields.get("rate") else "", style="cyan")

            self._p = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                Rate(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._p.start()
        return self._p

    def start_reading(self, n: int) -> None:
        p = self._ensure()
        if p is not None and n:
            self._read = p.add_task("reading files", total=n, rate=False)

    def file_done(self) -> None:
        if self._p is not None and self._read is not None:
            self._p.advance(self._read)

    def start_embedding(self, n: int) -> None:
        p = self._ensure()
        if p is not None:
            self._embed = p.add_task("embedding records", total=n, rate=True)

    def stored(self, n: int) -> None:
        if self._p is not None and self._embed is not None:
            with self._lock:
                self._p.advance(self._embed, n)

    def stop(self) -> None:
        if self._p is not None:
            self._p.stop()
            self._p = None
