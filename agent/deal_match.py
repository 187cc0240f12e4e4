"""A prospect who matches a persona of the sales pipeline (agent/deal_personas.py): the red flag says the
win rate and sales cycle deals like theirs have had, against the whole pipeline's."""

from __future__ import annotations

import re

from agent.persona_match import BAND, holds
from agent.persona_offline import condition_phrase
from core.models import Persona, RedFlag


def implied_sentence(p: Persona) -> str:
    """'win 8% of closed deals (pipeline 45%) and take 96 days to close (pipeline 48)'."""
    imp = p.implied
    parts = []
    if "win_rate" in imp:
        parts.append(f"win {imp['win_rate']:.0%} of closed deals (pipeline {imp['baseline_win_rate']:.0%})")
    if "cycle_days" in imp:
        parts.append(
            f"take {imp['cycle_days']:.0f} days to close (pipeline {imp['baseline_cycle_days']:.0f})"
        )
    if "concession" in imp:
        parts.append(
            f"are won {imp['concession']:.0f}% below list (pipeline {imp['baseline_concession']:.0f}%)"
        )
    return " and ".join(parts)


def _meets(col: str, value: str, found: dict, text: str) -> tuple[str, int | None, int | None] | None:
    """(evidence, start, end) when the prospect states the condition: a fact the customer extractor read,
    else the value's own words in the text (a pipeline value no customer has, e.g. an industry the
    extractor reads as its nearest customer value)."""
    f = found.get(col)
    if f is not None and holds(f.value, value, f.numeric):
        return f.evidence, f.start, f.end
    if BAND.fullmatch(value):
        return None
    for v in value.split(" | "):
        m = re.search(rf"\b{re.escape(v.strip())}s?\b", text, re.I)
        if m:
            return text[m.start() : m.end()], m.start(), m.end()
    return None


def deal_flags(personas: list[Persona], found: dict, text: str = "") -> tuple[list[RedFlag], dict | None]:
    """Red flags for the pipeline personas every condition of which the prospect states, and the first
    one's implied numbers ({persona_id, name, win_rate, cycle_days, ...})."""
    flags: list[RedFlag] = []
    first = None
    for p in personas:
        conds = [seg.partition("=") for seg in p.segments]
        hits = [_meets(c, v, found, text) for c, _, v in conds]
        if not conds or any(h is None for h in hits):
            continue
        evidence, start, end = hits[0]
        who = ", ".join(condition_phrase(c, v) for c, _, v in conds)
        flags.append(
            RedFlag(
                trait=f"like prospects who rarely buy ({who}): deals like theirs {implied_sentence(p)}",
                evidence=evidence,
                weight=0.9,
                start=start,
                end=end,
            )
        )
        if first is None:
            first = {"persona_id": p.id, "name": p.name, **p.implied}
    return flags, first
