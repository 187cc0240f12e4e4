"""Over-exclusion guard: what acting on a persona would cost, and a cap on how much of the base it holds.

A negative persona is used to turn people away (sales qualification, ad exclusion lists). A group holding a
third of the base is not a persona but a strategy change, and every group also holds customers who are
fine: excluding it turns them away too. So a persona holds at most `max_persona_share` of the customers (a
broad costly segment is narrowed by another condition until it fits, or dropped), and each persona carries
its healthy members — count, share of the group, their revenue — for every renderer to show.
"""

from __future__ import annotations

import numpy as np

from agent.costs import Entities
from core.models import ExclusionCost

DEFAULT_MAX_SHARE = 0.25
_CUMULATIVE = ("total", "lifetime", "ltv", "cumulative")


def healthy_mask(ent: Entities) -> tuple[np.ndarray, str] | None:
    """Which entities are fine by the outcome we have, and what 'healthy' means here: did not churn; else
    rated 4 or more (of 5); else would recommend. None when no such outcome exists."""
    roles = {r: c for c, r in reversed(list(ent.outcomes.items()))}
    df = ent.df
    if "churn" in roles:
        v = df[roles["churn"]].to_numpy(dtype=float, na_value=np.nan)
        return (v == 0), "did not churn"
    if "rating" in roles:
        v = df[roles["rating"]].to_numpy(dtype=float, na_value=np.nan)
        top = np.nanmax(v) if np.isfinite(v).any() else 5.0
        cut = 4.0 if top <= 5 else 0.8 * top
        return (v >= cut), f"rated {cut:g} or more"
    if "recommend" in roles:
        v = df[roles["recommend"]].to_numpy(dtype=float, na_value=np.nan)
        return (v == 1), "would recommend"
    return None


def revenue_column(ent: Entities) -> str | None:
    """The recurring revenue column (MRR, monthly charges) rather than a lifetime total, when both exist."""
    cols = [c for c, r in ent.outcomes.items() if r == "revenue"]
    recurring = [c for c in cols if not any(w in c.lower() for w in _CUMULATIVE)]
    return (recurring or cols or [None])[0]


def exclusion_cost(ent: Entities, mask: np.ndarray) -> ExclusionCost | None:
    """The healthy members a persona would turn away: 'excluding this group also turns away 9 healthy
    customers (4,100 MRR)'."""
    found = healthy_mask(ent)
    members = int(mask.sum())
    if found is None or not members:
        return None
    healthy, means = found
    inside = mask & healthy
    n = int(inside.sum())
    col = revenue_column(ent)
    revenue = None
    if col is not None and ent.level == "account":
        v = ent.df[col].to_numpy(dtype=float, na_value=np.nan)[inside]
        revenue = float(np.nansum(v))
    return ExclusionCost(
        members=members,
        healthy=n,
        share=n / members,
        revenue=revenue,
        revenue_label=_revenue_label(col) if revenue is not None else "",
        healthy_means=means,
    )


def _revenue_label(col: str | None) -> str:
    from core.vocab import human

    if not col:
        return ""
    low = col.lower()
    return "MRR" if low in {"mrr", "monthly_recurring_revenue"} else human(col)


def within_cap(mask: np.ndarray, n: int, max_share: float) -> bool:
    return int(mask.sum()) <= max_share * max(1, n)


def narrow(
    analysis,
    conditions: list,
    mask: np.ndarray,
    score: float,
    exclude: tuple,
    max_share: float,
    max_conditions: int = 3,
):
    """A group over the cap, narrowed by the condition that keeps it costliest until it fits (at most
    `max_conditions` in all, each narrowing step must keep it costly). None when it cannot fit."""
    an = analysis.analyzer
    n = analysis.entities.n
    while not within_cap(mask, n, max_share):
        if len(conditions) >= max_conditions:
            return None
        used = {c for c, _ in conditions}
        best = None
        for seg in analysis.segments:
            if seg.column in used:
                continue
            m = mask & analysis.masks[seg.id]
            if m.sum() < an.min_size or m.sum() == mask.sum():
                continue
            _, sc = an.measure(m, exclude=exclude, by=used | {seg.column})
            if sc >= 0.8 * score and (best is None or sc > best[2]):
                best = (seg.column, seg.value, sc, m)
        if best is None:
            return None
        conditions = [*conditions, (best[0], best[1])]
        mask, score = best[3], best[2]
    return conditions, mask, score
