"""Scoring a lead list (CLI `check --batch` and the app's upload): read the user's CSV, score every row
with the verdict checker, write the scored CSV. File reading, warnings and the progress bar live here, in
ui/, so agent/ only scores texts."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
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


def score_texts(checker: Checker, texts: list[str], progress: bool = False, batch: int = 256) -> list[Verdict]:
    """Verdicts for many lead texts, in batches, with a progress bar on request."""
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
    return verdicts


@dataclass
class Scored:
    rows: int  # data rows written
    leads: int  # leads scored
    negative: int
    skipped: int = 0  # leads left out of a CRM import (no key)
    alert: threading.Thread | None = None  # the webhook post, when one was sent


def score_csv(
    checker: Checker,
    src: Path,
    dst: Path,
    text_column: str | None = None,
    progress: bool = False,
    batch: int = 256,
    fmt: str | None = None,
) -> Scored:
    """Score a lead list: CSV in; out, the same CSV with verdict, score, persona and top red flag appended, or
    (fmt hubspot | salesforce) a CRM import file (ui/crm.py). A batch with negative leads posts an alert when
    a webhook is set (agent/alerts.py)."""
    from agent.alerts import notify_batch
    from ui.exports import write_csv

    columns, table, texts = read_leads(src, text_column)
    if fmt:
        from ui.crm import key_column

        key_column(columns, fmt)  # refuse before scoring when there is nothing to key the import on
    verdicts = score_texts(checker, texts, progress=progress, batch=batch)
    skipped = 0
    if fmt:
        from ui.crm import import_rows

        header, rows, skipped = import_rows(columns, table, verdicts, fmt)
    else:
        rows = []
        for row, v in zip(table, verdicts, strict=True):
            top = v.red_flags[0] if v.red_flags else None
            rows.append([*row, v.verdict, f"{v.score:.3f}", v.persona_name or "", top.trait if top else ""])
        header = [*columns, "verdict", "score", "persona", "top_red_flag"]
    n = write_csv(dst, header, rows)
    alert = notify_batch(checker.settings, verdicts, texts, source=src.name)
    negative = sum(v.verdict == "negative" for v in verdicts)
    return Scored(rows=n, leads=len(verdicts), negative=negative, skipped=skipped, alert=alert)
