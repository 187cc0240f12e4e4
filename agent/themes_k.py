"""How many themes: over-cluster, then merge groups whose passages are, on average, alike.

Why not silhouette over a grid: on sentence embeddings of short texts it prefers a few huge clusters, and a
grid bounded by sqrt(n/2) ties the answer to the data size (7 themes on 3,000 banking messages, 69 on
10,000). Here the passages are first cut into many small micro-clusters (finer than any topic), which are
then merged bottom-up while the average cosine between a passage of one group and a passage of the other
is at least MERGE_SIM (average linkage over passages, computed exactly from the groups' vector sums). That
average does not depend on how many passages there are, so the same topics give about the same number of
themes at 3,000 and at 100,000 passages. Measured on banking77 (bench/themes.py): passages of one intent
average cosine 0.59 with each other (median over intents), the nearest other intent 0.48.

The curve recorded with the choice is the number of themes at each similarity threshold, so a reader can
see how sharp the cut is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MERGE_SIM = 0.55  # average passage-to-passage cosine above which two groups are one topic
MARGIN = 0.03  # a previous K within the counts at MERGE_SIM ± MARGIN is kept (the data don't clearly differ)
KEEP_WITHIN = 0.10  # ... as is one within 10% of the new count (a few themes either side is resampling noise)
CURVE = (0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70)
SAMPLE = 20_000  # K is chosen on at most this many passages; the final assignment uses all
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
    x: np.ndarray, seed: int = 0, merge_sim: float = MERGE_SIM, previous_k: int | None = None
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
    min_size = max(3, int(0.004 * len(xs)))

    def themes_at(t: float) -> np.ndarray:
        g = cut(path, m, t)
        big = np.bincount(g, weights=sizes) >= min_size  # groups too small to be a theme are not counted
        return g, big

    curve = {t: int(themes_at(t)[1].sum()) for t in CURVE}
    groups, big = themes_at(merge_sim)
    k = max(1, int(big.sum()))
    gsums = np.zeros((len(big), xs.shape[1]))
    np.add.at(gsums, groups, sums)
    init = _unit(gsums[big] if big.any() else gsums.sum(0, keepdims=True)).astype(np.float32)
    reason = (
        f"{m} micro-clusters merged while their passages averaged cosine ≥ {merge_sim:.2f} with each "
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
