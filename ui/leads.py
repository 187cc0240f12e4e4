"""Scoring a lead list (CLI `check --batch` and the app's upload): read the user's CSV, score every row
with the verdict checker, write the scored CSV. File reading, warnings and the progress bar live here, in
ui/, so agent/ only scores texts."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from agent.verdict import Checker
from core.models import Verdict
from ui.lead_files import read_leads


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
