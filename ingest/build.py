"""Rows and documents -> `Record`s: text assembly, ids, customer ids, dates, ratings and metadata.

Everything here is pure (no store): the pipeline decides what is new, changed or unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.models import Record
from core.unicode_clean import canonical_id, visible
from core.vocab import NON_NEGATIVE, key, metadata_value, normalise_outcome, outcome_role, parse_rating
from ingest.chunking import TurnSpan
from ingest.columns import ColumnMapping, customer_column
from ingest.pii import redact
from ingest.readers.base import Document, Problem, Row
from ingest.shapes import Shape, strip_html


@dataclass
class Built:
    """The records of one file (in row order) and what was skipped."""

    records: list[Record] = field(default_factory=list)
    turns: dict[str, list[TurnSpan]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- values -------------------------------------------------------------------------------------------
def flatten(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested JSON -> flat columns: dicts as `a.b`, lists of scalars joined with ", ", other lists as JSON."""
    out: dict[str, Any] = {}
    for k, v in values.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, name + "."))
        elif isinstance(v, list):
            if all(isinstance(x, (str, int, float, bool)) or x is None for x in v):
                out[name] = ", ".join("" if x is None else str(x) for x in v)
            else:
                out[name] = json.dumps(v, ensure_ascii=False, default=str)
        else:
            out[name] = v
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_DATE_FORMATS = (
    ("%a %b %d %H:%M:%S %z %Y", True),  # Twitter
    ("%m/%d/%Y %H:%M:%S", True),
    ("%m/%d/%Y %H:%M", True),
    ("%m/%d/%Y", False),
    ("%d/%m/%Y", False),
    ("%Y/%m/%d %H:%M:%S", True),
    ("%Y/%m/%d", False),
    ("%d.%m.%Y %H:%M", True),
    ("%d.%m.%Y", False),
    ("%d-%m-%Y", False),
    ("%B %d, %Y", False),
    ("%b %d, %Y", False),
    ("%d %B %Y", False),
    ("%d %b %Y", False),
    ("%a, %d %b %Y %H:%M:%S %z", True),
    ("%Y-%m-%d %H:%M:%S %Z", True),
)
_EPOCH = re.compile(r"^\d{9,10}(\.\d+)?$|^\d{12,13}$")


@lru_cache(maxsize=65536)
def normalise_date(value: str) -> str | None:
    """ISO 8601 when the value is a recognisable date (date-only values stay date-only), else as given."""
    s = value.strip()
    if not s:
        return None
    if _EPOCH.match(s):
        t = float(s) / (1000 if len(s.split(".")[0]) >= 12 else 1)
        return datetime.fromtimestamp(t, tz=UTC).isoformat(timespec="seconds")
    try:
        d = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
    except ValueError:
        pass
    else:
        if len(s) <= 10:
            return d.date().isoformat()
        return d.isoformat(timespec="seconds")
    for fmt, has_time in _DATE_FORMATS:
        try:
            d = datetime.strptime(s, fmt)
        except ValueError:
            continue
        return d.isoformat(timespec="seconds") if has_time else d.date().isoformat()
    return s


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return normalise_date(str(int(value)))
    return normalise_date(str(value))


_FILE_CUSTOMER = re.compile(r"^(CUST-\d+|C\d+)(?=$|[\W_])", re.I)


def customer_from_file_name(path: Path) -> str | None:
    """`C0042_renewal.md` -> C0042, `CUST-17 call.vtt` -> CUST-17 (a leading token only)."""
    m = _FILE_CUSTOMER.match(path.name)
    return m.group(1) if m else None


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_html(text).strip()


# --- rows -> records ----------------------------------------------------------------------------------
def rows_to_records(
    rows: list[Row],
    mapping: ColumnMapping,
    kind: str,
    path: Path,
    display: str,
    shape: Shape | None = None,
    flat: list[dict[str, Any]] | None = None,
    max_chars: int = 1_000_000,
    pii: bool = False,
) -> Built:
    """One record per row with non-empty text; ids from the id column or `<file name>:<row number>`."""
    out = Built()
    source = str(path)
    name = path.name
    used = mapping.used()
    if mapping.email and mapping.customer_id is None:
        used.add(mapping.email)
    roles: dict[str, str | None] = {}
    seen: dict[str, tuple[str, int]] = {}  # casefolded id -> (id, line)
    plain_ids: list[int] = []
    text_cols, title_col = mapping.text, mapping.title
    extra = shape.extra_text if shape else None
    for i, row in enumerate(rows):
        values = flat[i] if flat is not None else row.values
        parts = [t for t in (_clean_text(_cell(values.get(c))) for c in text_cols) if t]
        if extra is not None:
            parts.extend(extra(row.values))
        title = _clean_text(_cell(values.get(title_col))) if title_col else ""
        if title and parts and parts[0].startswith(title):
            title = ""
        body = "\n\n".join(parts)
        text = f"{title}\n{body}" if title and body else (body or title)
        if not visible(text):
            why = "text has only invisible characters (zero-width spaces or the like)" if text.strip() else ""
            out.problems.append(Problem(display, row.line, why or "empty text"))
            continue
        if len(text) > max_chars:
            out.problems.append(Problem(display, row.line, f"text has {len(text):,} characters (limit {max_chars:,})"))
            continue
        raw_id = _cell(values.get(mapping.id)).strip() if mapping.id else ""
        rid = canonical_id(raw_id) or f"{name}:{row.number}"
        if raw_id and rid != raw_id:
            plain_ids.append(row.line)
        first = seen.get(rid.casefold())
        if first is not None:
            out.problems.append(Problem(display, row.line, duplicate_id("id", rid, *first)))
            continue
        seen[rid.casefold()] = (rid, row.line)
        cust_col = mapping.customer_id or mapping.email
        customer = canonical_id(_cell(values.get(cust_col))) if cust_col else ""
        rating = parse_rating(values.get(mapping.rating)) if mapping.rating else None
        meta: dict[str, Any] = {}
        for col, raw in values.items():
            if col in used:
                continue
            if col not in roles:
                roles[col] = outcome_role(col)
            role = roles[col]
            v = None
            if role is not None and raw not in (None, ""):
                v = normalise_outcome(role, raw)
                if v is not None and v < 0 and role in NON_NEGATIVE:
                    out.notes.append(f"{display}:{row.line}: {col} is negative ({raw}): a {role} cannot be; left out")
                    continue
            if v is None:
                v = metadata_value(raw)
            if v is None or v == "":
                continue
            meta[col] = v
        if pii:
            text = redact(text)
            meta = {k: redact(v) if isinstance(v, str) else v for k, v in meta.items()}
        out.records.append(
            Record(
                id=rid,
                kind=kind,
                text=text,
                customer_id=customer or None,
                created_at=_date(values.get(mapping.created_at)) if mapping.created_at else None,
                rating=rating,
                source=source,
                line=row.line,
                metadata=meta,
            )
        )
    if plain_ids:
        out.notes.append(plain_ids_note(display, plain_ids))
    return out


def duplicate_id(what: str, rid: str, first_id: str, first_line: int) -> str:
    """The problem of a row whose id repeats an earlier one, exactly or but for case (`C0001`/`c0001`)."""
    if first_id == rid:
        return f"duplicate {what} '{rid}' (first at line {first_line})"
    return f"duplicate {what} '{rid}': differs from '{first_id}' (line {first_line}) only by case"


def plain_ids_note(display: str, lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:10])) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
    return f"{display}: ids with full-width or invisible characters (zero-width spaces) read as plain: lines {shown}"


# --- documents -> one record ---------------------------------------------------------------------------
_META_ID = ("id", "recordid", "callid", "noteid", "meetingid")
_META_DATE = ("date", "createdat", "created", "datetime", "timestamp", "time", "calldate")
_META_RATING = ("rating", "stars", "score")


def document_to_record(
    doc: Document, kind: str, path: Path, display: str, max_chars: int = 1_000_000, pii: bool = False
) -> Built:
    """A call note (text) or transcript (turns) -> one record; header fields become its fields/metadata."""
    out = Built()
    meta_in = dict(doc.meta)
    by_key = {key(k): k for k in meta_in}

    def take(keys: tuple[str, ...]) -> Any:
        for k in keys:
            if k in by_key:
                return meta_in.pop(by_key.pop(k))
        return None

    header_kind = take(("kind", "type"))
    if isinstance(header_kind, str) and header_kind.strip().lower().rstrip("s") in ("ticket", "call", "review"):
        kind = header_kind.strip().lower().rstrip("s")
    cust_key = customer_column(list(meta_in))
    customer = meta_in.pop(cust_key) if cust_key else None
    by_key = {key(k): k for k in meta_in}
    rid = take(_META_ID)
    created = take(_META_DATE)
    rating = take(_META_RATING)

    turn_spans: list[TurnSpan] = []
    if doc.turns is not None:
        lines: list[str] = []
        pos = 0
        speakers: dict[str, None] = {}
        for t in doc.turns:
            words = " ".join(t.text.split())
            if pii:
                words = redact(words)
            line = f"{t.speaker}: {words}" if t.speaker else words
            turn_spans.append(TurnSpan(pos, pos + len(line), t.speaker, t.start))
            lines.append(line)
            pos += len(line) + 1
            if t.speaker:
                speakers.setdefault(t.speaker, None)
        text = "\n".join(lines)
        meta_in.setdefault("turns", len(doc.turns))
        if speakers:
            meta_in.setdefault("speakers", ", ".join(speakers))
        if doc.turns and doc.turns[-1].end:
            meta_in.setdefault("duration", doc.turns[-1].end)
    else:
        text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
    if not visible(text):
        why = "only invisible characters (zero-width spaces or the like)" if text.strip() else "no text"
        out.problems.append(Problem(display, None, why))
        return out
    if len(text) > max_chars:
        out.problems.append(Problem(display, None, f"text has {len(text):,} characters (limit {max_chars:,})"))
        return out
    meta: dict[str, Any] = {}
    for k, v in meta_in.items():
        role = outcome_role(k)
        nv = normalise_outcome(role, v) if role else None
        nv = metadata_value(v) if nv is None else nv
        if nv is not None and nv != "":
            meta[k] = nv
    if pii:
        if doc.turns is None:
            text = redact(text)
        meta = {k: redact(v) if isinstance(v, str) else v for k, v in meta.items()}
    record = Record(
        id=canonical_id(rid) or path.name,
        kind=kind,
        text=text,
        customer_id=(canonical_id(customer) or None) if customer is not None else customer_from_file_name(path),
        created_at=_date(created),
        rating=parse_rating(rating),
        source=str(path),
        line=doc.line,
        metadata=meta,
    )
    out.records.append(record)
    if turn_spans:
        out.turns[record.id] = turn_spans
    return out
