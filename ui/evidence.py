"""Evidence that opens in place: every record id a rendered answer cites (`— ticket `36865``) becomes a
disclosure that shows the whole record (text, date, customer, file:line) where it is quoted, in the Personas
cards, the fit-check verdict and the chat. And dates as people write them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from core.models import Record
from core.safe_text import html_text

MAX_RECORD_CHARS = 4000
# a cited record in ui.render's quote_markdown: '— ticket `36865`' (the chat form adds ', customer `c1`')
_CITED = re.compile(r"— (ticket|call|review|record) (`+)([^`\n]+?)\2(?:, customer `[^`\n]*`)?")


def human_date(stamp: str | None) -> str:
    """'2026-12-03T12:40:05+00:00' → '3 Dec 2026, 12:40 UTC'; '2025-10-04' → '4 Oct 2025'; else as given."""
    if not stamp:
        return ""
    text = str(stamp).strip()
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    day = f"{dt.day} {dt:%b %Y}"
    if len(text) <= 10 or (dt.hour, dt.minute, dt.second) == (0, 0, 0) and "T" not in text:
        return day
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
        return f"{day}, {dt:%H:%M} UTC"
    return f"{day}, {dt:%H:%M}"


def now_human() -> str:
    return human_date(datetime.now(UTC).isoformat(timespec="seconds"))


def record_html(rec: Record, label: str | None = None) -> str:
    """One line of HTML: a <details> whose summary is the record id and whose body is the whole record."""
    text = rec.text if len(rec.text) <= MAX_RECORD_CHARS else rec.text[:MAX_RECORD_CHARS] + " …"
    body = "<br>".join(html_text(line) for line in text.splitlines())
    meta = [html_text(str(rec.kind))]
    if rec.created_at:
        meta.append(html_text(human_date(rec.created_at)))
    if rec.customer_id:
        meta.append(f"customer {html_text(str(rec.customer_id))}")
    if rec.rating is not None:
        meta.append(f"rating {rec.rating:g}")
    if rec.source:
        meta.append(html_text(Path(rec.source).name + (f":{rec.line}" if rec.line else "")))
    rid = html_text(label or rec.id)
    return (
        f'<details class="record"><summary title="open record {rid}">{rid}</summary>'
        f'<div class="record-body"><p>{body}</p><p class="record-meta">{" · ".join(meta)}</p></div></details>'
    )


def cited_ids(markdown: str) -> set[str]:
    return {m.group(3) for m in _CITED.finditer(markdown)}


def with_records(markdown: str, records: dict[str, Record]) -> str:
    """`markdown` with each cited record id made a disclosure of that record (ids not found stay as they were)."""

    def sub(m: re.Match[str]) -> str:
        rec = records.get(m.group(3))
        if rec is None:
            return m.group(0)
        said = [m.group(1)]  # each quote shows its kind, date and customer; the id opens the record
        if rec.created_at:
            said.append(html_text(human_date(rec.created_at)))
        if rec.customer_id:
            said.append(f"customer {html_text(str(rec.customer_id))}")
        return f"— {' · '.join(said)} {record_html(rec)}"

    return _CITED.sub(sub, markdown)


def open_records(markdowns: Iterable[str], store) -> dict[str, Record]:
    """The stored records every one of `markdowns` cites, read at once."""
    ids: set[str] = set()
    for md in markdowns:
        ids |= cited_ids(md)
    return store.records.get_many(ids) if ids else {}
