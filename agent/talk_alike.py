"""Values of one attribute whose customers raise the same complaints become one segment.

Why: a planted or real group often spans several values of a column, and some of them are too small to be a
segment of their own once half the customers are held out to confirm on (three retailers beside eight online
shops; four banks, four insurers, four hospital systems and four public bodies). Their outcomes are too few
to show that they cost alike (agent/merge_values.py), but their feedback shows what kind of customer they are.

How: for every value, the complaint themes its customers raised, as a share of their complaint passages,
minus the same share over all searched customers (what sets them apart). Two values talk alike when
their profiles point the same way (cosine) more than a random group of customers would: an exact
permutation test, the random groups (of each value's size) drawn from the customers outside the other
value, since a relabelling keeps the two apart (drawing from everyone let a random group hold the other
value's own customers, which point its way: the bar sat far too high, and with 60 draws its 95th
percentile moved by +-0.1 between runs, so noise decided; docs/benchmarks.md). The p-value is sequential
(Besag-Clifford: draws stop after HITS random groups as alike, or once the rule below keeps the pair,
at most DRAWS), the generator seeded by the
comparison, so no comparison moves another. Over all pairs of a column's values, the alike pairs are those
the Benjamini-Hochberg rule keeps at FDR Q; values join (most significant first) into groups of which
every pair is alike. A group replaces its values in the segment list only when it is itself costly
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
DRAWS = 20_000  # at most per test; most stop after a few hundred (HITS) or once the cut keeps them
HITS = 10
BATCH = 2_000  # most draws per test and round
Q = 0.10  # FDR over a column's pairs (candidates only: every group is then measured and confirmed)
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
        self.sums32 = self.sums.astype(np.float32)  # random groups are gathered in float32: half the memory traffic
        self.rows = rows
        self.base = self.sums[rows].sum(0) / max(1.0, self.n_units[rows].sum())
        self.searched = np.where(rows & (self.n_units > 0))[0]
        self.seed = seed

    def profile(self, mask: np.ndarray) -> np.ndarray | None:
        sel = mask & self.rows
        n = self.n_units[sel].sum()
        return self.sums[sel].sum(0) / n - self.base if n >= MIN_UNITS else None

    def _random(self, k: int, pool: np.ndarray, pick: np.ndarray) -> np.ndarray:
        """Profiles of the random groups of k entities of `pool` at positions `pick` (a row each)."""
        size = len(pick)
        if k <= 200:  # gather the members' sums; a large group as one product with its membership matrix
            idx = pool[pick]
            tot, n = self.sums32[idx].sum(1), self.n_units[idx].sum(1)
        else:
            member = np.zeros((size, len(pool)), dtype=np.float32)
            np.put_along_axis(member, pick, 1.0, axis=1)
            tot, n = member @ self.sums32[pool], member @ self.n_units[pool]
        return tot / np.maximum(1.0, n)[:, None] - self.base

    def null(self, sim: float, k: int, other: np.ndarray, other_mask: np.ndarray) -> _Null:
        """The permutation test of `sim` against random groups of k searched entities outside `other_mask`."""
        pool = self.searched[~other_mask[self.searched]]
        rng = np.random.default_rng([self.seed, k, *np.flatnonzero(other_mask[self.searched]).tolist()])
        return _Null(self, sim, k, other, pool, rng)


def _sample(rng: np.random.Generator, n: int, k: int, size: int) -> np.ndarray:
    """`size` uniform k-subsets of range(n), one per row. A small group by a partial Fisher-Yates shuffle of
    each row (k swaps); a large one by the k smallest of n random keys. Why: ranking n keys per group was
    90% of the grouping's time on a 60-value column (docs/benchmarks.md)."""
    if k > 200 or k > n // 4:
        return np.argpartition(rng.random((size, n)), k - 1, axis=1)[:, :k]
    out = np.empty((size, k), dtype=np.int64)
    rows = max(1, min(size, 4_000_000 // n))  # ~16 MB of positions at a time
    for s in range(0, size, rows):
        m = min(rows, size - s)
        perm = np.broadcast_to(np.arange(n, dtype=np.int32), (m, n)).copy()
        r = np.arange(m)
        for i in range(k):
            j = rng.integers(i, n, m)
            perm[r, i], perm[r, j] = perm[r, j], perm[r, i]
        out[s : s + m] = perm[:, :k]
    return out


class _Null:
    """One direction of a pair's test: hits = random groups as alike as the pair, out of n drawn."""

    def __init__(self, prof: _Profiles, sim: float, k: int, other: np.ndarray, pool, rng):
        self.prof, self.sim, self.k, self.other, self.pool, self.rng = prof, sim, k, other, pool, rng
        self.on = max(float(np.linalg.norm(other)), 1e-12)
        self.hits, self.n = 0, 0
        self.final = not 0 < k < len(pool)  # nothing to draw: p = 1

    @property
    def p(self) -> float:
        if not 0 < self.k < len(self.pool):
            return 1.0
        return self.hits / self.n if self.hits >= HITS else (self.hits + 1) / (self.n + 1)

    def draw(self, size: int) -> None:
        """Up to `size` more random groups, stopping at the step where HITS is reached (Besag-Clifford)."""
        step = max(1, 2_000_000 // max(len(self.pool), 384 * min(self.k, 200)))  # ~16 MB of floats at a time
        done = 0
        while done < size and self.hits < HITS:
            m = min(step, size - done)
            r = self.prof._random(self.k, self.pool, _sample(self.rng, len(self.pool), self.k, m))
            cos = (r @ self.other) / np.maximum(np.linalg.norm(r, axis=1) * self.on, 1e-12)
            self.hits += int((cos >= self.sim).sum())
            done += m
        self.n += done
        self.final = self.hits >= HITS or self.n >= DRAWS


def _alike_pairs(clusters: list, prof: _Profiles) -> tuple[set[tuple[int, int]], dict]:
    """The pairs the Benjamini-Hochberg rule keeps at FDR Q, and each pair's (p, -cosine). Draws go in rounds
    (100, 200, 400... per test) only to the pairs that are neither kept by the current cut nor settled (HITS
    reached or DRAWS drawn): when many pairs are alike the cut is high and few draws settle them all."""
    tests: dict[tuple[int, int], tuple[float, list[_Null]]] = {}
    for i in range(len(clusters)):
        for j in range(i + 1, len(clusters)):
            a, b = clusters[i], clusters[j]
            sim = _cos(a[3], b[3])
            nulls = [prof.null(sim, a[2], b[3], b[1]), prof.null(sim, b[2], a[3], a[1])] if sim > 0 else []
            tests[i, j] = (sim, nulls)

    def pval(nulls: list[_Null]) -> float:
        return max((x.p for x in nulls), default=1.0)

    size = 100
    while True:
        cut = _bh([pval(n) for _, n in tests.values()], Q)
        open_ = [x for _, n in tests.values() if pval(n) > cut for x in n if not x.final]
        if not open_:
            break
        for x in open_:
            x.draw(min(size, DRAWS - x.n))
        size = min(2 * size, BATCH)
    scores = {pair: (pval(n), -sim) for pair, (sim, n) in tests.items()}
    return {pair for pair, (p, _) in scores.items() if p <= cut}, scores


def _bh(pvalues: list[float], q: float) -> float:
    """The Benjamini-Hochberg cut: p-values up to it are kept (0 when none is)."""
    ps = sorted(pvalues)
    ok = [p for i, p in enumerate(ps, 1) if p <= q * i / len(ps)]
    return max(ok) if ok else 0.0


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
    alike, tests = _alike_pairs(clusters, prof)
    group = list(range(len(clusters)))  # each value's group id
    for i, j in sorted(alike, key=tests.get):  # most significant first
        gi, gj = group[i], group[j]
        if gi == gj:
            continue
        members = [m for m in range(len(clusters)) if group[m] in (gi, gj)]
        if all(
            tuple(sorted((m, n))) in alike for m in members for n in members if m < n and group[m] != group[n]
        ):
            group = [gi if g == gj else g for g in group]
    out = []
    for g in sorted(set(group)):
        idx = [m for m in range(len(clusters)) if group[m] == g]
        if len(idx) > 1:
            mask = np.logical_or.reduce([clusters[m][1] for m in idx])
            out.append((sorted(v for m in idx for v in clusters[m][0]), mask))
    return out


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
