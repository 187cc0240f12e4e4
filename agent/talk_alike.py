"""Values of one attribute whose customers raise the same complaints become one segment.

Why: a planted or real group often spans several values of a column, and some of them are too small to be a
segment of their own once half the customers are held out to confirm on (three retailers beside eight online
shops; four banks, four insurers, four hospital systems and four public bodies). Their outcomes are too few
to show that they cost alike (agent/merge_values.py), but their feedback shows what kind of customer they are.

How: for every value, the complaint themes its customers raised, as a share of their complaint passages,
minus the same share over all searched customers (what sets them apart). Two values (or groups of values)
join when these profiles point the same way (cosine) more than the profile of a random group of customers
of the same size does in 95% of draws — a threshold from the data, not a constant. Values are grouped
greedily, most alike first. A group replaces its values in the segment list only when it is itself costly
and no value's outcomes differ from the rest of the group's (Mann–Whitney, Bonferroni), so a value that talks
like a costly one but is measurably cheaper never dilutes it.

Only the searched (discovery) customers' feedback and outcomes are read, and every group formed is measured
(so logged for the confirmation's false-discovery control): the held-out customers stay unseen.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from agent.costs import Analyzer
from agent.merge_values import merged_segment
from core.models import Segment

MIN_UNITS = 5  # complaint passages a value needs before its profile means anything
DRAWS = 60
QUANTILE = 0.95
MIN_SCORE = 0.3
ALPHA = 0.05
MAX_VALUES = 60  # columns with more values (ids, free text) are not grouped


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return float(a @ b) / (na * nb) if na and nb else 0.0


class _Profiles:
    """Complaint-theme profiles of groups of searched entities, and their random-group null."""

    def __init__(self, analysis, rows: np.ndarray, seed: int = 0):
        ua, ut = analysis.unit_entity(), np.asarray(analysis.unit_theme)
        ok = (ua >= 0) & (ut >= 0)
        ok[ok] &= rows[ua[ok]]
        vec = analysis.vectors
        self.sums = np.zeros((len(rows), vec.shape[1]))
        for s in range(0, len(vec), 50_000):  # summed in float64 a block at a time: no copy of every vector
            part = ok[s : s + 50_000]
            np.add.at(self.sums, ua[s : s + 50_000][part], vec[s : s + 50_000][part].astype(np.float64))
        self.n_units = np.bincount(ua[ok], minlength=len(rows)).astype(float)
        self.rows = rows
        self.base = self.sums[rows].sum(0) / max(1.0, self.n_units[rows].sum())
        self.searched = np.where(rows & (self.n_units > 0))[0]
        self.rng = np.random.default_rng(seed)
        self._null: dict[int, np.ndarray] = {}

    def profile(self, mask: np.ndarray) -> np.ndarray | None:
        sel = mask & self.rows
        n = self.n_units[sel].sum()
        return self.sums[sel].sum(0) / n - self.base if n >= MIN_UNITS else None

    def random(self, k: int) -> np.ndarray:
        """Profiles of DRAWS random groups of k searched entities (with feedback)."""
        if k not in self._null:
            out = []
            for _ in range(DRAWS):
                idx = self.rng.choice(self.searched, size=min(k, len(self.searched)), replace=False)
                out.append(self.sums[idx].sum(0) / max(1.0, self.n_units[idx].sum()) - self.base)
            self._null[k] = np.array(out)
        return self._null[k]

    def threshold(self, k: int, other: np.ndarray) -> float:
        r = self.random(k)
        norms = np.linalg.norm(r, axis=1) * max(float(np.linalg.norm(other)), 1e-12)
        return float(np.quantile((r @ other) / np.maximum(norms, 1e-12), QUANTILE))


def _groups(col: str, s: pd.Series, prof: _Profiles) -> list[tuple[list[str], np.ndarray]]:
    """Greedy grouping of one column's values by their complaint profiles (groups of two or more)."""
    clusters = []
    for val in s.dropna().astype("string").unique():
        mask = (s.astype("string") == val).fillna(False).to_numpy()
        k = int((mask & prof.rows).sum())
        p = prof.profile(mask) if k >= 1 else None
        if p is not None:
            clusters.append(([str(val)], mask, k, p))
    if len(clusters) < 2 or len(clusters) > MAX_VALUES:
        return []
    alike: dict[tuple[tuple[str, ...], tuple[str, ...]], float | None] = {}  # pairs already compared

    def pair(a, b) -> float | None:
        key = (tuple(a[0]), tuple(b[0]))
        if key not in alike:
            sim = _cos(a[3], b[3])
            ok = sim > prof.threshold(a[2], b[3]) and sim > prof.threshold(b[2], a[3])
            alike[key] = sim if ok else None
        return alike[key]

    while True:
        best = None
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                sim = pair(clusters[i], clusters[j])
                if sim is not None and (best is None or sim > best[0]):
                    best = (sim, i, j)
        if best is None:
            break
        _, i, j = best
        vi, mi, _, _ = clusters[i]
        vj, mj, _, _ = clusters[j]
        mask = mi | mj
        merged = (vi + vj, mask, int((mask & prof.rows).sum()), prof.profile(mask))
        clusters = [c for n, c in enumerate(clusters) if n not in (i, j)] + [merged]
    return [(sorted(v), m) for v, m, _, _ in clusters if len(v) > 1]


def _contradicted(an: Analyzer, col: str, values: list[str], mask: np.ndarray, rows: np.ndarray) -> bool:
    """Whether the outcomes of some value's customers differ from the rest of the group's on some metric
    (Mann–Whitney U, two-sided, Bonferroni across values and metrics: a rank test, so two or three customers
    cannot contradict a group by chance): then talking alike is not enough."""
    from scipy.stats import mannwhitneyu

    s = an.ent.df[col].astype("string")
    tests = []
    for v in values:
        part = (s == v).fillna(False).to_numpy() & mask & rows
        rest = mask & rows & ~part
        for vals in an.values.values():
            a, b = vals[part], vals[rest]
            a, b = a[np.isfinite(a)], b[np.isfinite(b)]
            if len(a) >= 2 and len(b) >= 2 and (a.std() > 0 or b.std() > 0):
                tests.append(float(mannwhitneyu(a, b, alternative="two-sided").pvalue))
    return any(p < ALPHA / len(tests) for p in tests)


def merge_talk_alike(analysis, an: Analyzer, segs: list[Segment], masks: dict[str, np.ndarray]) -> None:
    """Replace the values of each talk-alike group by their union when the union is costly, in place."""
    if not analysis.themes or not len(analysis.units):
        return
    rows = an.rows if an.rows is not None else np.ones(an.ent.n, dtype=bool)
    prof = _Profiles(analysis, rows)
    if not len(prof.searched):
        return
    df = an.ent.df
    by_id = {s.id: s for s in segs}
    for col in an.attributes:
        s = df[col]
        if pd.api.types.is_numeric_dtype(s) and s.nunique() > 8:  # numeric bands, not categories
            continue
        for values, mask in _groups(col, s, prof):
            size = int((mask & rows).sum())
            if size < an.min_size or size > 0.9 * an.n:
                continue
            metrics, score = an.measure(mask, by=(col,))
            if score < MIN_SCORE or _contradicted(an, col, values, mask, rows):
                continue
            merged = merged_segment(an, col, values, size, metrics, score)
            for v in values:
                old = by_id.pop(f"{col}={v}", None)
                if old is not None:
                    segs.remove(old)
                    masks.pop(old.id, None)
            segs.append(merged)
            masks[merged.id] = mask
            by_id[merged.id] = merged
    segs.sort(key=lambda s: -s.cost_score)
