"""Which negative persona a prospect resembles, and whether the evidence is enough to commit.

A persona is matched on what defines it (its segment conditions that a prospect can state:
industry=Agency, employees=1–10; not tenure or onboarding), on what its members look like
(agent/persona_profile.py: "bank, 12,000 staff" for a persona of enterprise-plan banks and insurers) and on
what sales can hear (its warning signs, agent/signs.py). A condition the text contradicts with a value that
is itself no costlier than average ("B2B SaaS" against Agency) rules the persona out unless several of its
signs are there anyway. Evidence adds up — every defining condition 1, one resembling fact 0.5, one
distinct warning sign 0.5, a sentence that reads like its complaints 0.3 — and the decision commits:

- negative: a persona's evidence reaches 1 with nothing contradicting it and something beyond the
  attributes the risk model already weighs (a warning sign heard, a fact its members share) or a high
  calibrated risk; or the calibrated risk is high and there is a red flag to show;
- fit: no persona has evidence and the text matches the healthiest segments (the ideal-customer
  profile, agent/ideal.py) or the risk is low;
- unclear: only when the text lacks what separates them (the questions then ask for it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.persona_offline import condition_phrase
from agent.persona_profile import Profiles, Resemblance, knowable
from agent.signs import Hit
from core.models import Persona, RedFlag

BAND = re.compile(r"(-?[\d,.]+)–(-?[\d,.]+)")  # a numeric condition, e.g. '1–8' (agent/export.py)

NEGATIVE_AT = 0.70  # calibrated risk percentile that commits with a red flag to show
FIT_BELOW = 0.45  # risk percentile under which a text with no warning sign is a fit


@dataclass
class Match:
    persona: Persona
    total: int = 0  # defining conditions a prospect can state
    hit: int = 0
    contra: int = 0
    signs: list[Hit] = field(default_factory=list)
    resembles: list[Resemblance] = field(default_factory=list)
    flags: list[RedFlag] = field(default_factory=list)

    @property
    def lexical(self) -> int:
        return len({h.sign for h in self.signs if h.kind == "lexical"})

    @property
    def semantic(self) -> bool:
        return any(h.kind == "semantic" for h in self.signs)

    @property
    def evidence(self) -> float:
        cond = self.hit / self.total if self.total else 0.0
        return cond + 0.5 * min(len(self.resembles), 2) + 0.5 * min(self.lexical, 3) + 0.3 * self.semantic

    @property
    def strength(self) -> float:
        return self.evidence - 1.0 * self.contra

    @property
    def commits(self) -> bool:
        """Enough evidence for 'likely this persona'."""
        if self.contra:
            return self.lexical >= 3
        return self.evidence >= 1.0 - 1e-9

    @property
    def any_evidence(self) -> bool:
        return bool(self.hit or self.signs or self.resembles)


def holds(feature_value: str, value: str, numeric: float | None) -> bool:
    """Whether what the prospect stated meets a persona condition: the same value, one of merged values
    (agent/merge_values.py, agent/talk_alike.py), or a number inside the condition's band (a persona's band
    can be narrower than the quartile band the number fell in: agent/personas.py snap_bands)."""
    if feature_value == value or feature_value in value.split(" | "):
        return True
    band = BAND.fullmatch(value)
    if band and numeric is not None:
        lo, hi = (float(x.replace(",", "")) for x in band.groups())
        return lo <= numeric <= hi
    return False


def match(
    personas: list[Persona],
    matched: dict,
    found: dict,
    hits: list[Hit],
    costly: set[str] = frozenset(),
    profiles: Profiles | None = None,
) -> list[Match]:
    """Every persona with its matched conditions, contradictions, resembling facts and signs, strongest
    first. `costly`: columns whose stated value is itself a costly segment (no contradiction then)."""
    out = []
    for p in personas:
        m = Match(p)
        conds = [seg.partition("=") for seg in p.segments]
        for col, _, value in conds:
            if not knowable(col):
                continue
            m.total += 1
            feat = matched.get(col)
            if feat is None:
                continue
            f = found[col]
            if holds(feat.value, value, f.numeric):
                m.hit += 1
                m.flags.append(RedFlag(trait=condition_phrase(col, value), evidence=f.evidence, weight=1.0,
                                       start=f.start, end=f.end))
            elif col not in costly:
                m.contra += 1
        if profiles is not None:
            own = {c for c, _, _ in conds}
            for r in profiles.resemble(p.id, found):
                if r.column in own:
                    continue
                m.resembles.append(r)
                f = found[r.column]
                m.flags.append(RedFlag(
                    trait=f"like its members: {condition_phrase(r.column, f.value)} "
                    f"({r.members} of them, {r.lift:.0f}× as common as overall)",
                    evidence=f.evidence, weight=0.5, start=f.start, end=f.end))
        seen = set()
        claimed = [(f.start, f.end) for f in m.flags if f.start is not None]
        for h in hits:
            if h.persona_id != p.id or h.sign in seen:
                continue
            if h.kind == "lexical" and any(s < h.end and h.start < e for s, e in claimed):
                continue  # the same words already matched a condition ("promo code"): one piece of evidence
            seen.add(h.sign)
            m.signs.append(h)
        out.append(m)
    out.sort(key=lambda m: -m.strength)
    return out


def semantic_could_decide(matches: list[Match]) -> bool:
    """Whether a sentence reading like a persona's complaints (+0.3) could change the decision: a persona
    with nothing against it and evidence in [0.7, 1) (it could commit) or [0.2, 0.5) (a fit could turn
    unclear); at 0.5 it is unclear either way."""
    eps = 1e-9
    return any(
        not m.contra and not m.semantic and (0.7 - eps <= m.evidence < 1.0 - eps or 0.2 - eps <= m.evidence < 0.5 - eps)
        for m in matches
    )


def sign_flags(m: Match, text: str) -> list[RedFlag]:
    return [
        RedFlag(trait=h.sign, evidence=text[h.start : h.end], weight=h.weight, start=h.start, end=h.end, kind=h.kind)
        for h in sorted(m.signs, key=lambda h: (h.kind != "lexical", h.start))
    ]


def decide(best: Match | None, score: float, red_flags: list[RedFlag], ideal_hits: int, found: dict) -> str:
    """negative | fit | unclear, from the persona evidence, the calibrated risk and the ideal profile."""
    if best is not None and best.commits and (best.lexical or best.resembles or score >= NEGATIVE_AT):
        return "negative"  # conditions the risk model already weighs commit only when the risk is high too
    if score >= NEGATIVE_AT and red_flags and (best is None or not best.contra or best.any_evidence):
        return "negative"
    if not found and not red_flags:
        return "unclear"
    if best is not None and not best.contra and best.evidence >= 0.5:
        return "unclear"
    strong = sum(f.weight >= 1.0 for f in red_flags)
    if ideal_hits and score < NEGATIVE_AT and strong == 0:
        return "fit"
    if score < FIT_BELOW and strong <= 1:
        return "fit"
    return "unclear"
