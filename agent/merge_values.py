"""Values of one attribute that cost alike become one segment ("industry = Agency | Freelance").

Why: a planted or real group often spans several values of a column (agencies and freelancers). Searched
value by value, each part is small, is found as two personas or, once half the customers are held out to
confirm on, is too small to confirm at all. Values merge when both are costly and their cost profiles
(log ratio of every metric to the baseline) agree within `CLOSE` on every metric.
"""

from __future__ import annotations

import math

import numpy as np

from agent.costs import Analyzer
from core.models import Segment

SEP = " | "
CLOSE = 0.25  # max |log ratio difference| on any metric
MIN_SCORE = 0.3


def _profile(seg: Segment) -> dict[str, float]:
    return {
        m.name: math.log((abs(m.value) + 1e-9) / (abs(m.baseline) + 1e-9))
        for m in seg.metrics
        if m.baseline and m.value
    }


def _alike(a: dict[str, float], b: dict[str, float]) -> bool:
    shared = a.keys() & b.keys()
    return bool(shared) and all(abs(a[k] - b[k]) <= CLOSE for k in shared)


def merged_segment(an: Analyzer, col: str, values: list[str], size: int, metrics, score: float) -> Segment:
    """One segment for several values of a column ("Agency | Freelance"), as segment_mask reads it back."""
    return Segment(
        id=f"{col}={SEP.join(values)}",
        column=col,
        value=SEP.join(values),
        size=size,
        share=size / max(1, an.n),
        metrics=metrics,
        cost_score=score,
    )


def segment_mask_of(values: list[str], masks: dict[str, np.ndarray], column: str) -> np.ndarray:
    out = np.zeros_like(next(iter(masks.values())))
    for v in values:
        out |= masks[f"{column}={v}"]
    return out


def merge_alike(an: Analyzer, segs: list[Segment], masks: dict[str, np.ndarray]) -> None:
    """Replace costly, alike values of a categorical column by their union, in place (segs stays sorted)."""
    by_col: dict[str, list[Segment]] = {}
    for s in segs:
        if s.cost_score >= MIN_SCORE and "–" not in s.value:  # categories, not numeric bands
            by_col.setdefault(s.column, []).append(s)
    for col, cands in by_col.items():
        cands.sort(key=lambda s: -s.cost_score)
        used: set[str] = set()
        for i, s in enumerate(cands):
            if s.id in used:
                continue
            group = [s]
            for o in cands[i + 1 :]:
                if o.id not in used and all(_alike(_profile(g), _profile(o)) for g in group):
                    group.append(o)
            if len(group) < 2:
                continue
            used.update(g.id for g in group)
            values = sorted(g.value for g in group)
            mask = segment_mask_of(values, masks, col)
            metrics, score = an.measure(mask, by=(col,))
            size = int((mask & an.rows).sum()) if an.rows is not None else int(mask.sum())
            merged = merged_segment(an, col, values, size, metrics, score)
            for g in group:
                segs.remove(g)
                masks.pop(g.id, None)
            segs.append(merged)
            masks[merged.id] = mask
    segs.sort(key=lambda s: -s.cost_score)
