"""A prospect who matches a persona of the sales pipeline (agent/deal_personas.py): the red flag says the
win rate and sales cycle deals like theirs have had, against the whole pipeline's."""

from __future__ import annotations

from agent.persona_match import holds
from agent.persona_offline import condition_phrase
from core.models import Persona, RedFlag


def implied_sentence(p: Persona) -> str:
    """'they win 8% of closed deals (pipeline 45%) and take 96 days to close (pipeline 48)'."""
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


def deal_flags(personas: list[Persona], found: dict) -> tuple[list[RedFlag], dict | None]:
    """Red flags for the pipeline personas every condition of which the prospect's stated facts meet, and
    the first one's implied numbers ({persona_id, name, win_rate, cycle_days, ...})."""
    flags: list[RedFlag] = []
    first = None
    for p in personas:
        conds = [seg.partition("=") for seg in p.segments]
        if not conds or any(
            c not in found or not holds(found[c].value, v, found[c].numeric) for c, _, v in conds
        ):
            continue
        f = found[conds[0][0]]
        who = ", ".join(condition_phrase(c, v) for c, _, v in conds)
        flags.append(
            RedFlag(
                trait=f"like prospects who rarely buy ({who}): deals like theirs {implied_sentence(p)}",
                evidence=f.evidence,
                weight=0.9,
                start=f.start,
                end=f.end,
            )
        )
        if first is None:
            first = {"persona_id": p.id, "name": p.name, **p.implied}
    return flags, first
