"""Exports: persona cards (Markdown) and exclusion lists for ad platforms (hashed emails).

Every CSV cell we write goes through `safe_cell`, which neutralises spreadsheet formula injection
(a customer's text that starts with =, +, -, @ would otherwise run as a formula in Excel/Sheets).
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from agent.render import persona_markdown

if TYPE_CHECKING:
    from core.services import Services
    from core.settings import Settings

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


def normalise_email(email: str) -> str:
    """Ad platforms (Google Customer Match, Meta) hash the trimmed, lower-cased address."""
    return email.strip().lower()


def email_sha256(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()


def export_cards(services: Services | Settings, folder: Path) -> list[Path]:
    from agent.engines import as_services

    ps = as_services(services).current()
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


def persona_members(services: Services | Settings, persona_id: str):
    """Accounts (or records) matching a persona's segment conditions, as a DataFrame."""
    import pandas as pd

    from agent.engines import as_services

    svc = as_services(services)
    ps = svc.current()
    if ps is None:
        raise SystemExit("no personas yet: run `antipersona refresh` first")
    persona = next((p for p in ps.personas if p.id == persona_id), None)
    if persona is None:
        ids = ", ".join(p.id for p in ps.personas)
        raise SystemExit(f"no persona {persona_id!r}; known: {ids}")
    accounts, schema = svc.accounts()
    if accounts is None:
        return pd.DataFrame(columns=["customer_id"]), None, persona
    mask = pd.Series(True, index=accounts.index)
    for seg in persona.segments:
        col, _, value = seg.partition("=")
        if col not in accounts.columns:
            continue
        mask &= segment_mask(accounts[col], value)
    return accounts[mask], schema.get("email_column"), persona


def segment_mask(series, value: str):
    """Rows of a column matching a segment value: a category, or a numeric band like '1–10'."""
    import pandas as pd

    m = re.fullmatch(r"(-?[\d,.]+)–(-?[\d,.]+)", value)
    if m and pd.api.types.is_numeric_dtype(series):
        lo, hi = (float(x.replace(",", "")) for x in m.groups())
        return (series >= lo) & (series <= hi)
    return series.astype("string") == value


def export_exclusion_list(services: Services | Settings, path: Path, persona_id: str) -> int:
    members, email_col, _persona = persona_members(services, persona_id)
    rows = []
    for _, r in members.iterrows():
        email = (
            str(r[email_col])
            if email_col and email_col in members.columns and isinstance(r[email_col], str)
            else ""
        )
        rows.append([r["customer_id"], email, email_sha256(email) if email else ""])
    return write_csv(path, ["customer_id", "email", "email_sha256"], rows)
