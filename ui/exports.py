"""The files the program writes for a user: persona cards (Markdown), exclusion lists, theme assignments
and scored leads (CSV).

Every CSV cell we write goes through `safe_cell`, which neutralises spreadsheet formula injection
(a customer's text that starts with =, +, -, @ would otherwise run as a formula in Excel/Sheets).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING

from agent.export import exclusion_rows
from ui.render import persona_markdown

if TYPE_CHECKING:
    from core.services import Services

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: object) -> object:
    """Prefix a quote to text cells that a spreadsheet would read as a formula, judged by the first character
    (OWASP). Only a plain decimal such as -3.5 passes: float() also accepts `-inf`, `-nan`, `+inf` and
    `-1_0`, which are text to a spreadsheet and so a formula prefix."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return value if _PLAIN_NUMBER.fullmatch(value) else "'" + value
    return value


def write_csv(path: Path, header: list[str], rows) -> int:
    """Every CSV the program writes goes through here; returns the number of data rows. The header too is
    neutralised: scored leads keep the lead list's own column names."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([safe_cell(h) for h in header])
        for row in rows:
            w.writerow([safe_cell(v) for v in row])
            n += 1
    return n


def export_cards(services: Services, folder: Path) -> list[Path]:
    """One Markdown card per persona of the current version."""
    ps = services.current()
    if ps is None:
        raise SystemExit("no personas yet: run `antipersona refresh` first")
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for p in ps.personas:
        slug = re.sub(r"[^a-z0-9]+", "-", p.name.lower()).strip("-")[:50] or p.id
        path = folder / f"{slug}.md"
        path.write_text(persona_markdown(p) + "\n", encoding="utf-8")
        out.append(path)
    return out


def export_exclusion_list(services: Services, path: Path, persona_id: str) -> int:
    header, rows = exclusion_rows(services, persona_id)
    return write_csv(path, header, rows)


def unsafe_cell(value: str) -> str:
    """Undo `safe_cell` on a CSV we wrote (a scored lead list read back): "'=x" -> "=x"."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1] in _FORMULA:
        return value[1:]
    return value


def read_scored(path: Path):
    """A scored lead list (or any CSV) as a DataFrame of text, read like a lead list."""
    import pandas as pd

    from ui.lead_files import read_leads

    columns, table, _texts = read_leads(path, None)
    return pd.DataFrame([[unsafe_cell(v) for v in row] for row in table], columns=columns)


def export_audience(
    services: Services,
    path: Path,
    platform: str,
    persona_id: str,
    leads: Path | None = None,
    hashed: bool = False,
):
    """Write a persona's ad-platform audience file; returns the `Audience` (rows, warnings, counts)."""
    from agent.audiences import persona_audience

    frame = read_scored(leads) if leads is not None else None
    aud = persona_audience(services, persona_id, platform, leads=frame, hashed=hashed)
    write_csv(path, aud.header, aud.rows)
    return aud
