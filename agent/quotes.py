"""The one verbatim check every quote passes before it is stored or shown.

A quote is trusted only if its text is an exact substring of the stored record it names. Writers (offline
or LLM) propose; `verify` disposes. Whitespace at the ends and wrapping quotation marks are trimmed before
the check (models like to add them); nothing inside the quote is normalised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from core.models import Quote, Record

_WRAPPERS = "\"'“”‘’«» \t\n"


def clean(text: str) -> str:
    return text.strip().strip(_WRAPPERS).strip()


def verify(text: str, record_id: str, records: Mapping[str, Record]) -> Quote | None:
    """A trusted Quote if `text` occurs verbatim in record `record_id`, else None."""
    record = records.get(record_id)
    if record is None:
        return None
    candidate = clean(text)
    if len(candidate) < 3:
        return None
    start = record.text.find(candidate)
    if start < 0:
        return None
    return Quote(
        text=candidate, record_id=record.id, kind=record.kind, start=start, customer_id=record.customer_id
    )


def verify_all(
    proposed: Iterable[Quote | Mapping[str, str]],
    records: Mapping[str, Record],
    fallback: Iterable[Quote] = (),
    n_min: int = 3,
    n_max: int = 5,
) -> tuple[list[Quote], list[str]]:
    """Keep the verbatim quotes, drop the rest, top up from `fallback` (also re-verified).

    Returns (quotes, notes) where notes say what was dropped and why, for the audit trail.
    """
    kept: list[Quote] = []
    notes: list[str] = []
    seen: set[tuple[str, str]] = set()

    def add(q: Quote) -> None:
        key = (q.record_id, q.text)
        if key not in seen and len(kept) < n_max:
            seen.add(key)
            kept.append(q)

    for p in proposed:
        text = p.text if isinstance(p, Quote) else str(p.get("text", ""))
        rid = p.record_id if isinstance(p, Quote) else str(p.get("record_id", ""))
        q = verify(text, rid, records)
        if q is None:
            # the note never repeats the words (notes are shown): the LLM's text is in llm_log.jsonl
            notes.append(f"dropped a quote not found verbatim in record {rid[:80]!r} (the LLM's text is in llm_log.jsonl)")
            continue
        add(q)
    for f in fallback:
        if len(kept) >= max(n_min, min(n_max, len(kept))):
            break
        q = verify(f.text, f.record_id, records)
        if q is not None:
            add(q)
    return kept, notes


# quotes inside prose -----------------------------------------------------------------------------------
# a span in double quotes (straight, curly, guillemets) or curly single quotes; never an apostrophe
_QUOTED = re.compile(r'"([^"\n]{3,600})"|“([^“”\n]{3,600})”|«([^«»\n]{3,600})»|‘([^‘’\n]{3,600})’')
_MIN_WORDS = 3  # shorter spans ("dashboard", "set it up") are terms, not claims about what someone said
REMOVED = "(a quotation found in no customer record was removed)"

Finder = Callable[[str], "tuple[str, str | None] | None"]


def verify_prose(text: str, find: Finder) -> tuple[str, list[str]]:
    """Every quotation in generated prose checked verbatim against the stored records.

    `find(span)` returns (record id, kind) of a record holding the span ("" as the id: allowed, no link).
    A verified quotation is kept and
    linked (` [ticket R12]`); one found in no record is removed and noted. Returns (text, notes).
    """
    notes: list[str] = []

    def check(m: re.Match[str]) -> str:
        span = next(g for g in m.groups() if g is not None)
        inner = clean(span).strip("….").strip()  # a quote cut short with an ellipsis is still verbatim
        if len(inner.split()) < _MIN_WORDS:
            return m.group(0)
        hit = find(inner)
        if hit is None:
            notes.append("removed a quotation found in no record (the LLM's text is in llm_log.jsonl)")
            return REMOVED
        rid, kind = hit
        if not rid:  # allowed without a record (the user's own words echoed back)
            return m.group(0)
        link = f" [{kind or 'record'} {rid}]"
        return m.group(0) if text[m.end():m.end() + len(link)] == link else m.group(0) + link

    return _QUOTED.sub(check, text), notes


def records_finder(records: Mapping[str, Record], fallback: Finder | None = None) -> Finder:
    """A `Finder` over records in hand, then `fallback` (usually the store's `find_text`)."""

    def find(span: str) -> tuple[str, str | None] | None:
        for r in records.values():
            if span in r.text:
                return r.id, r.kind
        return fallback(span) if fallback else None

    return find
