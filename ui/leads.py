"""Scoring a lead list (CLI `check --batch` and the app's upload): read the user's CSV, score every row
with the verdict checker, write the scored CSV. File reading, warnings and the progress bar live here, in
ui/, so agent/ only scores texts."""

from __future__ import annotations

import sys
from pathlib import Path

from agent.verdict import Checker
from core.models import Verdict


def read_leads(src: Path, text_column: str | None) -> tuple[list[str], list[list[str]], list[str]]:
    """(columns, rows, texts to score). The list is read like an ingested file (any delimiter, encoding,
    BOM and quoting; pandas' sniffer misread or crashed on quotes in a header). A whole-file problem raises
    SystemExit with the reason; a malformed row is left out and reported as `file:line: reason` on stderr."""
    from ingest.readers import read_path

    res = read_path(Path(src), str(src))
    if res.fatal or res.document is not None:
        raise SystemExit(f"{src}: {res.fatal or 'not a table of leads (use CSV)'}")
    for problem in res.problems:
        print(f"skipped {problem}", file=sys.stderr)
    columns = res.columns
    table = [["" if r.values.get(c) is None else str(r.values.get(c)) for c in columns] for r in res.rows]
    if text_column and text_column not in columns:
        raise SystemExit(f"{src}: no column {text_column!r}; columns are: {', '.join(columns)}")
    if text_column:
        at = columns.index(text_column)
        texts = [row[at] for row in table]
    else:  # structured lead list: read every column as "name: value"
        texts = [". ".join(f"{c}: {v}" for c, v in zip(columns, row, strict=True) if v.strip()) for row in table]
    return columns, table, texts


def score_csv(
    checker: Checker,
    src: Path,
    dst: Path,
    text_column: str | None = None,
    progress: bool = False,
    batch: int = 256,
) -> int:
    """Score a lead list: CSV in, CSV out with verdict, score, persona and top red flag appended."""
    from ui.exports import write_csv

    columns, table, texts = read_leads(src, text_column)
    verdicts: list[Verdict] = []
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress()
        bar.start()
        task = bar.add_task("scoring leads", total=len(texts))
    try:
        for i in range(0, len(texts), batch):
            verdicts.extend(checker.check_many(texts[i : i + batch], explain=False))
            if bar:
                bar.update(task, advance=len(texts[i : i + batch]))
    finally:
        if bar:
            bar.stop()
    rows = []
    for row, v in zip(table, verdicts, strict=True):
        top = v.red_flags[0] if v.red_flags else None
        rows.append([*row, v.verdict, f"{v.score:.3f}", v.persona_name or "", top.trait if top else ""])
    return write_csv(dst, [*columns, "verdict", "score", "persona", "top_red_flag"], rows)
