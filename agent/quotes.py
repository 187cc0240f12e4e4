"""The one verbatim check every quote passes before it is stored or shown.

A quote is trusted only if its text is an exact substring of the stored record it names. Writers (offline
or LLM) propose; `verify` disposes. Whitespace at the ends and wrapping quotation marks are trimmed before
the check (models like to add them); nothing inside the quote is normalised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
            notes.append(f"dropped a quote not found verbatim in record {rid!r}: {text[:80]!r}")
            continue
        add(q)
    for f in fallback:
        if len(kept) >= max(n_min, min(n_max, len(kept))):
            break
        q = verify(f.text, f.record_id, records)
        if q is not None:
            add(q)
    return kept, notes
