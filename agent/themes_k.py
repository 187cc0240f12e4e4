"""How many themes: over-cluster, then merge groups whose passages are, on average, alike.

Why not silhouette over a grid: on sentence embeddings of short texts it prefers a few huge clusters, and a
grid bounded by sqrt(n/2) ties the answer to the data size (7 themes on 3,000 banking messages, 69 on
10,000). Here the passages are first cut into many small micro-clusters (finer than any topic), which are
then merged bottom-up while the average cosine between a passage of one group and a passage of the other
(average linkage over passages, computed exactly from the groups' vector sums) is at least MERGE_REL (72%)
of the cosine two passages of one micro-cluster have (median over micro-clusters). That average does not
depend on how many passages there are, so the same topics give about the same count at 3,000 and 100,000
passages; and the threshold follows the data's own coherence: 0.54-0.56 on banking77 messages (passages of
one intent average 0.59 with each other), 0.42 on clothing reviews, whose labelled groups average only 0.41.
An absolute threshold cannot serve both: 0.55 shattered the reviews into 76 themes, and no single value
counted the 15 most frequent banking77 intents and all 77 within 0.67-1.5x of the truth.

A merged group counts as a theme only if it holds at least MIN_SHARE of the group a typical passage ends up
in (the passage-weighted median group size), besides an absolute floor: a broad topic leaves medium-sized
fragments, which are not themes of their own (the final clustering gives their passages to the nearest
theme). This is what stops the 15 frequent intents splitting into 38. Measured (MiniLM, themes_k.choose,
seeds 0-2; bench/themes.py): 15 intents x100 -> 19-21; banking77 3k -> 77-79, 10k -> 66-70 (77 true);
clothing 2k -> 5-6 (6 departments). MERGE_REL 0.74 gives 24-28 on the 15 intents, 0.68 fewer banking themes.
Below a few thousand passages a theme also needs MIN_THEME (10) passages: on the examples' 1,000 sentences,
groups of 4-9 near the floor made the count swing 81 -> 100 with 13% more tickets (so 20% of theme ids were
lost); with the floor it is 39 -> 39.

The curve recorded with the choice is the number of themes at each similarity threshold, so a reader can
see how sharp the cut is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MERGE_REL = 0.72  # two groups are one topic while their passages average at least this share of the
# cosine that passages within one micro-cluster have with each other (median over micro-clusters)
MIN_SHARE = 0.25  # a theme holds at least this share of the group a typical passage ends up in
MARGIN = 0.03  # a previous K within the counts at the threshold ± MARGIN is kept (data not clearly different)
KEEP_WITHIN = 0.25  # ... as is one within 25% of the new count: on ~1,000 passages and ~40 themes the count
# moves 39 -> 47 with 7% more tickets of the same kind (resampling noise, not new topics)
CURVE = (-0.15, -0.10, -0.05, 0.0, 0.05, 0.10, 0.15)  # thresholds recorded, relative to the chosen one
SAMPLE = 20_000  # K is chosen on at most this many passages; the final assignment uses all
MIN_THEME = 10  # a theme holds at least this many passages (or 1% of a small set)
MICRO_SIZE = 8  # passages per micro-cluster (finer than any useful theme)
MAX_MICRO = 600


@dataclass
class KChoice:
    k: int
    method: str
    init: np.ndarray  # k x d unit centroids to start the final clustering from
    curve: dict[float, int] = field(default_factory=dict)  # similarity threshold -> themes
    reason: str = ""
    kept_previous: bool = False  # K is the previous version's (warm start from its centroids)


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1
    return x / n


def min_theme_size(n: int) -> int:
    """Fewest passages a theme holds: 0.4% of them, and on sets under a few thousand passages MIN_THEME
    (or 1%, whichever is smaller): a handful of sentences is a coincidence, not a theme."""
    return int(max(3, 0.004 * n, min(MIN_THEME, 0.01 * n)))


def micro_count(n: int) -> int:
    return int(min(MAX_MICRO, max(2, n // MICRO_SIZE)))


def micro_clusters(x: np.ndarray, seed: int) -> np.ndarray:
    """Micro-cluster label per passage (mini-batch k-means: fast, and exactness does not matter here)."""
    from sklearn.cluster import MiniBatchKMeans

    m = micro_count(len(x))
    km = MiniBatchKMeans(n_clusters=m, random_state=seed, batch_size=2048, n_init=1, max_iter=30)
    return km.fit_predict(x)


def merge_path(sums: np.ndarray, sizes: np.ndarray) -> list[tuple[int, int, float]]:
    """Average-linkage merges over passages: (a, b, similarity) in order, b folded into a.

    sim(A, B) = sum_A . sum_B / (|A| |B|) is the mean cosine over all passage pairs across A and B, and
    after a merge it updates as the size-weighted mean of the two rows (UPGMA)."""
    n = sizes.astype(np.float64)
    sim = (sums @ sums.T) / np.outer(n, n)
    np.fill_diagonal(sim, -np.inf)
    alive = np.ones(len(n), dtype=bool)
    path = []
    for _ in range(len(n) - 1):
        flat = int(np.argmax(sim))
        a, b = divmod(flat, len(n))
        s = float(sim[a, b])
        if not np.isfinite(s):
            break
        path.append((a, b, s))
        row = (n[a] * sim[a] + n[b] * sim[b]) / (n[a] + n[b])
        n[a] += n[b]
        alive[b] = False
        sim[a], sim[:, a] = row, row
        sim[b], sim[:, b] = -np.inf, -np.inf
        sim[a, a] = -np.inf
        sim[a, ~alive] = -np.inf
        sim[~alive, a] = -np.inf
    return path


def typical_size(group_sizes: np.ndarray) -> float:
    """Size of the group a typical passage is in: the passage-weighted median group size."""
    asc = np.sort(np.asarray(group_sizes, dtype=np.float64))
    asc = asc[asc > 0]
    return float(asc[np.searchsorted(np.cumsum(asc), asc.sum() / 2)])


def micro_coherence(sums: np.ndarray, sizes: np.ndarray) -> float:
    """Median over micro-clusters (of 2+ passages) of the mean cosine between two of their passages."""
    n = sizes.astype(np.float64)
    ok = n > 1
    if not ok.any():
        return 1.0
    w = ((sums[ok] * sums[ok]).sum(1) - n[ok]) / (n[ok] * (n[ok] - 1))
    return float(np.median(w))


def cut(path: list[tuple[int, int, float]], m: int, threshold: float) -> np.ndarray:
    """Group of each micro-cluster after every merge at or above threshold (merges come in falling
    similarity order, as average linkage has no inversions)."""
    parent = np.arange(m)
    for a, b, s in path:
        if s < threshold:
            break
        parent[parent == b] = a
    _, groups = np.unique(parent, return_inverse=True)
    return groups


def choose(
    x: np.ndarray, seed: int = 0, merge_sim: float | None = None, previous_k: int | None = None
) -> KChoice:
    """Over-cluster x (unit rows) and merge; returns K and the merged centroids.

    With previous_k (the last version's theme count), that K is kept unless the data clearly call for
    another: it is kept while it lies within the counts at merge_sim ± MARGIN or within KEEP_WITHIN of the
    new count. The clustering then starts from the previous centroids, so theme ids carry over."""
    rng = np.random.default_rng(seed)
    xs = x if len(x) <= SAMPLE else x[rng.choice(len(x), SAMPLE, replace=False)]
    xs = xs.astype(np.float64)
    micro = micro_clusters(xs, seed)
    m = int(micro.max()) + 1
    sizes = np.bincount(micro, minlength=m)
    sums = np.zeros((m, xs.shape[1]))
    np.add.at(sums, micro, xs)
    live = sizes > 0
    sums, sizes = sums[live], sizes[live]
    m = len(sizes)
    path = merge_path(sums, sizes)
    rule = ""
    if merge_sim is None:
        coherence = micro_coherence(sums, sizes)
        merge_sim = round(MERGE_REL * coherence, 2)
        rule = f" ({MERGE_REL:.0%} of the {coherence:.2f} within a micro-cluster)"
    floor = min_theme_size(len(xs))

    def themes_at(t: float) -> tuple[np.ndarray, np.ndarray]:
        g = cut(path, m, t)
        gs = np.bincount(g, weights=sizes)
        big = gs >= max(floor, MIN_SHARE * typical_size(gs))  # fragments are not counted as themes
        return g, big

    curve = {round(merge_sim + d, 2): int(themes_at(merge_sim + d)[1].sum()) for d in CURVE}
    groups, big = themes_at(merge_sim)
    k = max(1, int(big.sum()))
    min_size = int(np.ceil(max(floor, MIN_SHARE * typical_size(np.bincount(groups, weights=sizes)))))
    gsums = np.zeros((len(big), xs.shape[1]))
    np.add.at(gsums, groups, sums)
    init = _unit(gsums[big] if big.any() else gsums.sum(0, keepdims=True)).astype(np.float32)
    reason = (
        f"{m} micro-clusters merged while their passages averaged cosine ≥ {merge_sim:.2f}{rule} with each "
        f"other: {k} themes of at least {min_size} passages"
    )
    if previous_k:
        lo = int(themes_at(merge_sim - MARGIN)[1].sum())
        hi = int(themes_at(merge_sim + MARGIN)[1].sum())
        close = abs(previous_k - k) <= max(1, round(KEEP_WITHIN * previous_k))
        if previous_k == k or close or lo <= previous_k <= hi:
            note = "as before" if previous_k == k else f"kept the previous {previous_k} (data not clearly different)"
            return KChoice(previous_k, "kept", init, curve, f"{reason}; {note}", kept_previous=True)
    return KChoice(k=k, method="merge", init=init, curve=curve, reason=reason)


def plan(
    x: np.ndarray, k: int | None, seed: int, previous: np.ndarray | None
) -> tuple[int, np.ndarray | None, KChoice | None]:
    """K, the centroids to start from and how K was chosen, for both the exact and the batch clustering:
    the given k, else the automatic choice; previous centroids of another embedding family are ignored."""
    ok = previous is not None and previous.ndim == 2 and len(previous) and previous.shape[1] == x.shape[1]
    prev = previous if ok else None  # another embedding family's centroids say nothing here
    choice = None
    init = prev if prev is not None and k == len(prev) else None
    if k is None:
        choice = choose(x, seed, previous_k=len(prev) if prev is not None else None)
        k = choice.k
        init = prev if choice.kept_previous else choice.init
    return max(1, min(k, len(x))), init, choice

