"""The LLM writers: theme labels and persona prose, through structured output into our own models.

The LLM never supplies a number or an unchecked quote: numbers, shares and cost come from the evidence; every
quote it returns passes `agent.quotes.verify_all` and invented ones are replaced from the evidence. On any
failure (timeouts, rate limits after retries, junk output) the offline text stays, with a visible note.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

import prompts
from agent import sensitive
from agent.persona_names import check_name
from agent.persona_offline import presale_signs
from agent.personas import Evidence
from agent.quotes import Finder, records_finder, verify_all, verify_prose
from agent.render import confirmed_sentence, describe
from core.llm import structured
from core.models import Persona, Theme, Trait
from core.safe_text import clip
from core.settings import Settings


class ThemeLabel(BaseModel):
    id: int
    label: str = Field(max_length=80)


class ThemeLabels(BaseModel):
    labels: list[ThemeLabel]


class DraftQuote(BaseModel):
    record_id: str
    text: str


class PersonaDraft(BaseModel):
    name: str = Field(max_length=120)
    summary: str
    narrative: str
    traits: list[Trait]
    warning_signs: list[str]
    why_not_fit: str
    what_would_make_fit: str
    quotes: list[DraftQuote]


def label_themes(settings: Settings, log: Path | None, themes: list[Theme]) -> str | None:
    """Replace keyword labels with LLM labels in place; returns a note on failure."""
    if not themes:
        return None
    payload = [
        {"id": t.id, "keywords": t.keywords[:8], "examples": [q.text for q in t.quotes[:4]]} for t in themes
    ]
    system, user = prompts.render_pair("theme_label", count=len(themes), data=prompts.data_block(payload))
    out, reason = structured(settings, ThemeLabels, system, user, task="theme_label", log_path=log)
    if out is None:
        return f"LLM theme labels unavailable ({reason}); keyword labels kept"
    by_id = {lab.id: lab.label.strip() for lab in out.labels if lab.label.strip()}
    if not by_id.keys() & {t.id for t in themes}:  # valid JSON that labels no theme (a reply cut short)
        return "LLM theme labels unavailable (the reply labelled none of the themes); keyword labels kept"
    for t in themes:
        if t.id in by_id:
            t.label = by_id[t.id][:80]
    return None


# the most a model may write into each field: a runaway answer never becomes a 30 MB version file
LIMITS = {"name": 80, "summary": 400, "narrative": 2400, "trait": 240, "warning_sign": 240,
          "why_not_fit": 1000, "what_would_make_fit": 1000}
MAX_TRAITS = 8


def grounded_fields(draft: PersonaDraft, find: Finder) -> tuple[dict, list[str]]:
    """The draft's prose clipped to `LIMITS`, every quotation in it verified against the records (kept and
    linked) or removed. Returns (fields, notes); an empty field means "keep the offline text"."""
    notes: list[str] = []

    def prose(text: str, limit: int) -> str:
        out, dropped = verify_prose(clip(text.strip(), 4 * limit), find)  # checked before the final cut
        notes.extend(dropped)
        return clip(out, limit)

    name = clip(draft.name.strip(), LIMITS["name"])
    checked, invented = verify_prose(name, find)
    notes.extend(invented)
    fields = {
        # a name holding a quotation is not used (an invented one is removed, a real one would carry a link)
        "name": name if checked == name else "",
        "summary": prose(draft.summary, LIMITS["summary"]),
        "narrative": prose(draft.narrative, LIMITS["narrative"]),
        "traits": [Trait(category=t.category, text=prose(t.text, LIMITS["trait"]))
                   for t in draft.traits[:MAX_TRAITS] if t.text.strip()],
        "warning_signs": [prose(w, LIMITS["warning_sign"]) for w in draft.warning_signs if w.strip()][:6],
        "why_not_fit": prose(draft.why_not_fit, LIMITS["why_not_fit"]),
        "what_would_make_fit": prose(draft.what_would_make_fit, LIMITS["what_would_make_fit"]),
    }
    return fields, notes


def evidence_payload(ev: Evidence, draft: Persona, level: str) -> dict:
    return {
        "level": "accounts" if level == "account" else "feedback records",
        "conditions": [{"column": c, "value": v} for c, v in ev.conditions],
        "size": ev.size,
        "share_of_customers": round(ev.share, 4),
        "share_of_complaints": round(ev.complaint_share, 4),
        "cost_against_baseline": [describe(m) for m in draft.cost],
        "confirmed_effect": confirmed_sentence(ev.confirmed) if ev.confirmed else None,
        "themes": [
            {"label": t.label, "keywords": t.keywords[:6], "passages": c, "lift": round(lift, 2)}
            for t, lift, c in ev.themes
        ],
        "other_common_attributes": [
            {"column": c, "value": v, "share": round(s, 3)} for c, v, s in ev.profile
        ],
        "draft": {"name": draft.name, "summary": draft.summary, "narrative": draft.narrative},
        "candidate_quotes": [{"record_id": q.record_id, "text": q.text} for q in ev.quotes],
    }


def rewrite_personas(
    settings: Settings, log: Path | None, personas: list[Persona], groups: list[Evidence], analysis
) -> tuple[list[Persona], list[str]]:
    """LLM prose over the offline personas; numbers and ids stay, quotes are re-verified."""
    out: list[Persona] = []
    notes: list[str] = []
    store = analysis.store
    allow = settings.allow_sensitive
    for persona, ev in zip(personas, groups, strict=True):
        payload = evidence_payload(ev, persona, analysis.entities.level)
        system, user = prompts.render_pair("persona", data=prompts.data_block(payload))
        draft, reason = structured(
            settings, PersonaDraft, system, user, task=f"persona:{persona.id}", log_path=log
        )
        if draft is None:
            notes.append(f"LLM could not write persona {persona.id} ({reason}); offline text kept")
            out.append(
                persona.model_copy(update={"notes": [*persona.notes, "offline text: LLM unavailable"]})
            )
            continue
        records = store.records.get_many(
            {q.record_id for q in draft.quotes} | {q.record_id for q in ev.quotes}
        )
        quotes, dropped = verify_all([q.model_dump() for q in draft.quotes], records, fallback=ev.quotes)
        if dropped:
            notes.extend(f"persona {persona.id}: {d}" for d in dropped)
        fields, unquoted = grounded_fields(draft, records_finder(records, store.records.find_text))
        # the LLM may name and narrate, never add a sensitive trait
        fields["traits"] = [t for t in fields["traits"] if not sensitive.mentions(t.text, allow)]
        fields["warning_signs"] = presale_signs(
            [w for w in fields["warning_signs"] if not sensitive.mentions(w, allow)], ev.conditions
        )
        bad_name = check_name(fields["name"], allow) if fields["name"] else None
        if bad_name:  # the LLM proposes the name; one a person would not write keeps the offline name
            notes.append(f"persona {persona.id}: LLM name {fields['name']!r} not used ({bad_name})")
            fields["name"] = ""
        notes.extend(f"persona {persona.id}: {d}" for d in unquoted)
        if unquoted:
            persona = persona.model_copy(
                update={"notes": [*persona.notes, f"{len(unquoted)} quotation(s) in the LLM's prose were "
                                  "found in no record and were removed"]})
        out.append(
            persona.model_copy(
                update={
                    **{k: v or getattr(persona, k) for k, v in fields.items()},
                    "quotes": quotes,
                    "engine": f"llm:{settings.llm_model}",
                    "notes": persona.notes
                    + (
                        [f"{len(dropped)} quote(s) from the LLM were not verbatim and were replaced"]
                        if dropped
                        else []
                    ),
                }
            )
        )
    return out, notes
