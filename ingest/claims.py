"""Who holds which record id, and what a run must write: unchanged, new or changed records of one file.

Two exports numbering rows 1, 2, 3... must not overwrite each other, and re-reading a file must not count
its own rows as duplicates; this is where that is decided, against the ids claimed earlier in the run and
the ids stored from files that still exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.models import Record
from ingest.build import Built
from ingest.chunking import TurnSpan
from ingest.discover import shown_path
from ingest.report import FileReport

if TYPE_CHECKING:
    from core.store import Store


@dataclass
class Pending:
    """A new (replace=False) or changed record waiting to be embedded and stored."""

    record: Record
    file: FileReport
    replace: bool
    turns: list[TurnSpan] | None = None


@dataclass
class FileRead:
    """What reading one file gave: the ids (or customers) it holds, for pruning what it no longer holds."""

    path: Path
    source: str
    report: FileReport
    ok: bool  # read well enough that rows missing from it may be pruned
    accounts: bool = False
    ids: set[str] | None = None
    customers: set[str] | None = None


@dataclass
class Claim:
    """Who holds an id in this run: where, from which file, with which content hash."""

    where: str
    source: str
    hash: str


def classify(
    built: Built,
    fr: FileReport,
    store: Store,
    pending: list[Pending],
    run_ids: dict[str, Claim],
    read: FileRead,
) -> None:
    """Sort the file's records into unchanged / new / changed.

    An id another file already uses (in this run, or stored from a file that still exists) is the same
    record when the content is the same (the row is skipped as a duplicate); otherwise it is a different
    record that happens to share the id (two exports numbering rows 1, 2, 3...): it is stored as
    `<file name>:<id>` so nothing is lost, and a note says so.
    """
    fr.skipped += len(built.problems)
    fr.problems.extend(str(p) for p in built.problems)
    fr.notes.extend(built.notes)
    records = built.records
    hashes = [r.content_hash() for r in records]
    stored = store.records.stored(r.id for r in records)

    def holder(rid: str, source: str) -> tuple[str, str] | None:
        """(where, hash) of a different file holding `rid`, or None."""
        claim = run_ids.get(rid)
        if claim is not None:
            return (claim.where, claim.hash) if claim.source != source else ("this file", claim.hash)
        old = stored.get(rid)
        if old is not None and old[1] and old[1] != source and Path(old[1]).exists():
            return shown_path(old[1]), old[0]
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
        stored.update(store.records.stored(alts))
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
        run_ids[r.id] = Claim(f"{fr.file}:{r.line}" if r.line else fr.file, r.source, h)
        ids.add(r.id)
        old = stored.get(r.id)
        turns = built.turns.get(original_id)
        if old is None:
            pending.append(Pending(r, fr, replace=False, turns=turns))
        elif old[0] != h:
            pending.append(Pending(r, fr, replace=True, turns=turns))
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
        store.records.relocate(moved)
    read.ids = ids


