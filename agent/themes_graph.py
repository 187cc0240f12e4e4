"""Split passages into K themes by communities of their nearest-neighbour graph (Leiden), not by KMeans.

Why: KMeans cuts space along straight boundaries between centroids and favours clusters of equal size,
but topics in sentence-embedding space are neither round nor equal (banking77 intents hold 35-187 messages).
Communities of the graph that links each passage to its GRAPH_NEIGHBOURS most similar passages follow the
topics' own shape. K still comes from agent/themes_k.py (the merge rule that counts topics the same way at
3,000 and 100,000 passages); the Leiden resolution is searched until the communities of at least the
minimum theme size number K to K + TOLERANCE, and the K largest are kept. A resolution alone would not do: the same resolution gives
50 communities on 3,000 banking77 messages and 92 on 10,000 (a passage's 15 neighbours cover a smaller
share of its topic as the data grow).

Measured (MiniLM, bench/themes.py data, then the neighbour refinement of agent/themes_refine.py; seeds
0-2, docs/benchmarks.md, the landed row): banking77 10k NMI 0.785-0.794 -> 0.808-0.809, 3k 0.793-0.806 ->
0.818-0.828, clothing reviews by department / class 0.371 / 0.389 -> 0.371 / 0.393, with the same K (6 on the
reviews).
Above themes_refine.MAX_N passages (exact neighbours cost n^2) KMeans stays.

Warm start: the previous version's K is kept when the data are not clearly different (agent/themes_k.py),
and ids follow by centroid matching (agent.themes.match_ids). Leiden optima differ from seed to seed in a
few topics, so on a refresh a few partitions at the chosen resolution compete and the one whose themes
match most previous themes is kept.

Leiden here is scikit-network's (BSD, Cython wheels; no compiler needed).
"""

from __future__ import annotations

import numpy as np

GRAPH_NEIGHBOURS = 20  # 10 gave 0.807-0.816 at banking77 10k, 15 gave 0.813-0.818
TOLERANCE = 0.03  # K to K + 3% (at least 1) communities end the resolution search; the K largest are kept
STEPS = 6  # resolutions tried at most (each a Leiden run: ~0.5-1 s CPU on 10,000 passages)
WARM_TRIES = 5  # partitions compared on a refresh (another seed each; ~0.5 s CPU each on 10,000 passages)
START = 0.04  # first resolution per theme wanted (banking77: ~3 for 70 themes; reviews: ~0.5 for 6)


def knn_graph(x: np.ndarray, neigh: np.ndarray):
    """Symmetric sparse adjacency linking each passage to its neighbours, weighted by their cosine (floored
    at 0)."""
    from scipy.sparse import csr_matrix

    n, k = neigh.shape
    rows = np.repeat(np.arange(n), k)
    cols = neigh.ravel()
    w = np.maximum(np.einsum("ij,ij->i", x[rows], x[cols]), 0.0) + 1e-6
    a = csr_matrix((w.astype(np.float64), (rows, cols)), shape=(n, n))
    return a.maximum(a.T).tocsr()


def _seed_c_rand(seed: int) -> None:
    """scikit-network's Leiden refinement draws from the C library's rand(), which it never seeds: two calls
    on the same graph differed (NMI 0.98 to each other), and a refresh of unchanged data renamed themes.
    Seeding rand() makes the communities depend on the data and the seed only."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError, TypeError):  # no C library handle: left unseeded
        ctypes.CDLL(None).srand(ctypes.c_uint(seed))


def _communities(adjacency, resolution: float, seed: int) -> np.ndarray:
    from sknetwork.clustering import Leiden

    _seed_c_rand(seed)

    leiden = Leiden(
        resolution=resolution,
        shuffle_nodes=True,
        random_state=seed,
        return_probs=False,
        return_aggregate=False,
    )
    return np.asarray(leiden.fit_predict(adjacency))


def partition(
    x: np.ndarray, k: int, seed: int, neigh: np.ndarray, min_size: int, previous: np.ndarray | None = None
) -> np.ndarray:
    """Labels 0..m-1 (m <= k): the k largest Leiden communities of at least min_size passages; passages of
    smaller ones go to the nearest kept community's centroid. With the previous version's (unit) centroids,
    WARM_TRIES partitions at the chosen resolution compete and the one keeping most previous themes wins."""
    g = knn_graph(x, neigh)
    tried: list[tuple[int, float, int, np.ndarray]] = []
    r = START * k
    for _ in range(STEPS):
        m = _communities(g, r, seed)
        count = int((np.bincount(m) >= min_size).sum())
        tried.append((count - k if count >= k else len(x) + k - count, r, count, m))
        if k <= count <= k + max(1, TOLERANCE * k):
            break
        lo = max((t[1] for t in tried if t[2] < k), default=None)
        hi = min((t[1] for t in tried if t[2] > k), default=None)
        r = lo * 2 if hi is None else hi / 2 if lo is None else (lo * hi) ** 0.5
    _, r, _, m = min(tried, key=lambda t: t[0])  # the fewest communities of at least k, else the most
    labels = _themes(x, m, k, min_size)
    if previous is None or not len(previous):
        return labels
    best = (_kept(x, labels, previous), labels)
    for extra in range(1, WARM_TRIES):
        other = _themes(x, _communities(g, r, seed + extra), k, min_size)
        kept = _kept(x, other, previous)
        if kept > best[0]:
            best = (kept, other)
    return best[1]


def _themes(x: np.ndarray, m: np.ndarray, k: int, min_size: int) -> np.ndarray:
    sizes = np.bincount(m)
    keep = np.sort(np.argsort(-sizes, kind="stable")[:k])  # the k largest ...
    keep = keep[sizes[keep] >= min_size]  # ... of at least min_size passages
    if len(keep) == 0:
        keep = np.array([int(np.argmax(sizes))])
    labels = np.full(len(x), -1)
    member = np.isin(m, keep)
    labels[member] = np.searchsorted(keep, m[member])
    if (~member).any():
        labels[~member] = np.argmax(x[~member] @ _sums(x, labels, len(keep)).T, axis=1)  # nearest centroid
    return labels


def _sums(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    sums = np.zeros((k, x.shape[1]))
    ok = labels >= 0
    np.add.at(sums, labels[ok], x[ok])
    return sums  # each row points along its theme's unit centroid


def _kept(x: np.ndarray, labels: np.ndarray, previous: np.ndarray) -> int:
    """Previous themes a refresh would keep with these labels (agent.themes.match_ids' rule)."""
    from scipy.optimize import linear_sum_assignment

    from agent.clustering import MATCH_SIM

    sums = _sums(x, labels, int(labels.max()) + 1)
    sim = (sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)) @ previous.T
    rows, cols = linear_sum_assignment(-sim)
    return int((sim[rows, cols] >= MATCH_SIM).sum())
