"""The ideal-customer profile: what the customers who bring the most have in common, from the data.

The other half of negative personas: the same segment measurements, read for the best instead of the worst.
Per column a prospect can state before a sale (agent/persona_profile.knowable: industry, size, plan,
channel; never demographic or post-sale ones), the values whose customers are measurably better than
the baseline (cost score <= -0.3, a metric's 95% interval clear of it) form the column's good set; columns
are added, best first, while the combined group stays large enough and gets no worse. The verdict's "fit"
says which of these a prospect matches ("looks like our best customers: …"), with the group's numbers.
This returns the typed profile; ui/render.py lays it out (ideal_markdown, ideal_json).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agent.costs import Analyzer
from agent.persona_offline import condition_phrase
from agent.persona_profile import knowable
from agent.render import describe, is_worse, significant
from core.models import Metric

GOOD_AT = -0.3  # a segment's cost score at or below this is "better than our average customer"


@dataclass
class Ideal:
    conditions: dict[str, list[str]]  # column -> good values (labels as the segments name them)
    size: int
    share: float
    metrics: list[Metric]
    why: dict[str, str]  # segment id -> the metric that makes it good

    def summary(self) -> str:
        return "; ".join(
            " or ".join(condition_phrase(c, v) for v in vals) for c, vals in self.conditions.items()
        )


def _good_metric(metrics: list[Metric]) -> Metric | None:
    good = sorted(
        (m for m in metrics if significant(m) and not is_worse(m)), key=lambda m: -abs((m.ratio or 1) - 1)
    )
    return good[0] if good else None


def ideal_profile(an: Analyzer) -> Ideal:
    segs, masks = an.segments()
    by_col: dict[str, list] = {}
    for s in segs:
        if s.cost_score <= GOOD_AT and knowable(s.column) and _good_metric(s.metrics):
            by_col.setdefault(s.column, []).append(s)
    # columns whose good set is most clearly good first
    order = sorted(by_col, key=lambda c: min(s.cost_score for s in by_col[c]))
    mask = np.ones(an.n, dtype=bool)
    _, best_score = an.measure(mask)
    conditions: dict[str, list[str]] = {}
    why: dict[str, str] = {}
    min_size = max(an.min_size, int(0.05 * an.n))
    for col in order:
        col_mask = np.zeros(an.n, dtype=bool)
        for s in by_col[col]:
            col_mask |= masks[s.id]
        trial = mask & col_mask
        if trial.sum() < min_size:
            continue
        _, score = an.measure(trial)
        if score > best_score:
            continue
        mask, best_score = trial, score
        conditions[col] = [s.value for s in by_col[col]]
        for s in by_col[col]:
            why[s.id] = describe(_good_metric(s.metrics))
    metrics, _ = an.measure(mask)
    size = int(mask.sum()) if conditions else 0
    return Ideal(conditions, size, size / max(1, an.n), metrics if conditions else [], why)
