"""Feedback on verdicts: what staff say happened ("we won them", "they churned", "wrong persona", a note).

A verdict given in the Fit check tab or by `antipersona check` is logged (`log_verdict`) under its id; staff
then record feedback on that id (`record_feedback`: the CLI `antipersona feedback`, the app, the API). The
store (core/records_db.py) writes each piece in one synced transaction. The next refresh reads it back
(`feedback_by_persona`): the change report lists it, and a persona whose flagged prospects are reported won
or renewed at or above the baseline rate is flagged for review (agent/review.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from core.models import Feedback, Verdict

if TYPE_CHECKING:
    from core.services import Services
    from core.settings import Settings

OUTCOMES = ("won", "lost", "churned", "renewed", "wrong_persona", "note")
_ALIASES = {
    "won": "won",
    "win": "won",
    "we won them": "won",
    "we won": "won",
    "bought": "won",
    "closed won": "won",
    "lost": "lost",
    "we lost them": "lost",
    "closed lost": "lost",
    "no deal": "lost",
    "churned": "churned",
    "churn": "churned",
    "they churned": "churned",
    "left": "churned",
    "renewed": "renewed",
    "renew": "renewed",
    "they renewed": "renewed",
    "wrong_persona": "wrong_persona",
    "wrong persona": "wrong_persona",
    "wrong": "wrong_persona",
    "note": "note",
    "other": "note",
    "comment": "note",
}
GOOD = {"won", "renewed", "wrong_persona"}  # the persona's warning did not come true
BAD = {"lost", "churned"}


def parse_outcome(value: str) -> str:
    """`we won them` -> `won`, `Wrong persona` -> `wrong_persona`; ValueError naming the choices."""
    key = " ".join(str(value or "").strip().lower().replace("-", " ").split())
    out = _ALIASES.get(key) or _ALIASES.get(key.replace(" ", "_"))
    if out is None:
        raise ValueError(
            f"unknown feedback '{value}': use won, lost, churned, renewed, wrong persona or note"
        )
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def log_verdict(services: Services | Settings, verdict: Verdict, text: str) -> str:
    """Keep a verdict so feedback can name it; returns its id (the verdict's own, `vd-…`)."""
    from agent.engines import as_services

    svc = as_services(services)
    ps = svc.current()
    svc.store.records.log_verdict(
        {
            "id": verdict.id,
            "created_at": _now(),
            "version": ps.version if ps else None,
            "persona_id": verdict.persona_id,
            "verdict": verdict.verdict,
            "score": verdict.score,
            "attributes": verdict.attributes,
            "text": text,
        }
    )
    return verdict.id


def record_feedback(
    services: Services | Settings,
    verdict_id: str,
    outcome: str,
    note: str = "",
    customer_id: str | None = None,
    source: str = "cli",
) -> Feedback:
    """Store feedback on a logged verdict, durably and atomically; the stored Feedback.

    ValueError for an unknown verdict id or outcome, or an empty note with outcome `note`."""
    from agent.engines import as_services

    svc = as_services(services)
    kind = parse_outcome(outcome)
    note = (note or "").strip()
    if kind == "note" and not note:
        raise ValueError("a note needs its text")
    if len(note) > 4000:
        raise ValueError(f"the note is too long ({len(note):,} characters; at most 4,000)")
    vid = (verdict_id or "").strip()
    logged = svc.store.records.verdict(vid)
    if logged is None:
        raise ValueError(f"no verdict '{vid}' in this workspace (a verdict id looks like vd-1a2b3c4d5e6f)")
    row = {
        "verdict_id": vid,
        "outcome": kind,
        "note": note,
        "customer_id": (customer_id or "").strip() or None,
        "persona_id": logged["persona_id"],
        "version": logged["version"],
        "created_at": _now(),
        "source": source,
    }
    try:
        stored = svc.store.records.add_feedback(row)
    except KeyError:
        raise ValueError(f"no verdict '{vid}' in this workspace") from None
    return Feedback(**stored)


def all_feedback(services: Services | Settings, since: str | None = None) -> list[Feedback]:
    """Every piece of feedback (or what came after `since`, an ISO time), oldest first."""
    from agent.engines import as_services

    return [Feedback(**r) for r in as_services(services).store.records.feedback(since=since)]


def feedback_by_persona(items: list[Feedback]) -> dict[str, dict[str, int]]:
    """persona id -> outcome -> count (feedback on verdicts that matched no persona is left out)."""
    out: dict[str, dict[str, int]] = {}
    for f in items:
        if f.persona_id:
            per = out.setdefault(f.persona_id, {})
            per[f.outcome] = per.get(f.outcome, 0) + 1
    return out
