"""What the chat tools hand the model: compact dicts of personas, themes, quotes and verdicts.

Kept apart from the tools themselves so the payload shape (what the model may cite) is read in one place."""

from __future__ import annotations

from typing import Any

from core.models import Persona, PersonaSet, Quote, Theme


def quote_json(q: Quote) -> dict[str, Any]:
    return {"record_id": q.record_id, "kind": q.kind, "customer_id": q.customer_id, "text": q.text}


def persona_brief(p: Persona) -> dict[str, Any]:
    from agent.render import confirmed_sentence, describe

    return {
        "id": p.id,
        "name": p.name,
        "summary": p.summary,
        "share_customers": round(p.share_customers, 4),
        "customers": p.customers,
        "share_complaints": round(p.share_complaints, 4),
        "top_cost": describe(p.cost[0]) if p.cost else None,
        "confirmed": confirmed_sentence(p.confirmed) if p.confirmed else None,
        "segments": p.segments,
        "themes": p.themes,
    }


def persona_full(p: Persona, ps: PersonaSet | None, quotes: list[Quote] | None = None) -> dict[str, Any]:
    from agent.render import describe

    labels = {t.id: t.label for t in ps.themes} if ps else {}
    return {
        **persona_brief(p),
        "narrative": p.narrative,
        "cost": [describe(m) for m in p.cost],
        "traits": [f"{t.category}: {t.text}" for t in p.traits],
        "warning_signs": p.warning_signs,
        "why_not_fit": p.why_not_fit,
        "what_would_make_fit": p.what_would_make_fit,
        "theme_labels": [labels.get(t, f"theme {t}") for t in p.themes],
        "quotes": [quote_json(q) for q in (p.quotes if quotes is None else quotes)],
        "engine": p.engine,
        "notes": p.notes,
    }


def theme_brief(t: Theme) -> dict[str, Any]:
    return {
        "id": t.id,
        "label": t.label,
        "size": t.size,
        "share": round(t.share, 4),
        "records": t.records,
        "customers": t.customers,
        "keywords": t.keywords[:8],
    }


def theme_full(t: Theme, quotes: list[Quote] | None = None) -> dict[str, Any]:
    from agent.render import describe

    return {
        **theme_brief(t),
        "metrics": [describe(m) for m in t.metrics],
        "quotes": [quote_json(q) for q in (t.quotes if quotes is None else quotes)],
    }


def verdict_json(v) -> dict[str, Any]:
    return {
        "verdict": v.verdict,
        "score": v.score,
        "persona_id": v.persona_id,
        "persona_name": v.persona_name,
        "red_flags": [{"trait": f.trait, "evidence": f.evidence} for f in v.red_flags],
        "counter_signals": v.counter_signals,
        "evidence": [quote_json(q) for q in v.evidence],
        "questions": v.questions,
        "attributes": v.attributes,
        "notes": v.notes,
    }


def persona_listing(ps, detail: bool = False) -> dict[str, Any]:
    """The current personas as the API and the MCP server list them (`detail`: engine, confirmation, notes)."""
    if ps is None:
        return {"version": None, "personas": [], "message": "no personas yet: ingest data and refresh"}
    head: dict[str, Any] = {"version": ps.version, "created_at": ps.created_at}
    if detail:
        head |= {"engine": ps.engine, "confirmation": ps.confirmation.model_dump(), "notes": ps.notes}
    return head | {"personas": [persona_brief(p) for p in ps.personas]}

