"""Themes of a large store, fitted by mini-batches and assigned by batches (agent/themes.py calls this above
the `stream_themes_over` setting).

K is chosen as for a small store (agent/themes_k.py, on at most SAMPLE passages); the centroids are then
fitted by MiniBatchKMeans.partial_fit over shuffled batches for a few passes, started from the merged
groups' centroids (or the previous version's, to keep theme ids), and every passage is assigned to its
nearest centroid a batch at a time. No step builds an n x n or n x d copy of the passages: memory beyond
the passage matrix is one batch. The neighbour refinement of agent/themes_refine.py is left out (it stops
at 20,000 passages anyway).
"""

from __future__ import annotations

import numpy as np

from agent.clustering import MAX_UNASSIGNED, Clustering

BATCH = 4096  # passages per mini-batch and per assignment step
PASSES = 3  # shuffled passes of partial_fit over all passages


def unit_rows(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(n == 0, 1, n)


def assign(x: np.ndarray, centroids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centroid of each row and its cosine, a batch at a time (rows and centroids unit)."""
    labels = np.empty(len(x), dtype=int)
    sims = np.empty(len(x), dtype=np.float32)
    for s in range(0, len(x), BATCH):
        sim = x[s : s + BATCH] @ centroids.T
        labels[s : s + BATCH] = sim.argmax(1)
        sims[s : s + BATCH] = sim[np.arange(len(sim)), labels[s : s + BATCH]]
    return labels, sims


def means(x: np.ndarray, labels: np.ndarray, k: int, old: np.ndarray) -> np.ndarray:
    """Unit mean of each label's rows (a label with none keeps its old centroid), summed by batches."""
    sums = np.zeros((k, x.shape[1]))
    for s in range(0, len(x), BATCH):
        lab = labels[s : s + BATCH]
        ok = lab >= 0
        np.add.at(sums, lab[ok], x[s : s + BATCH][ok])
    empty = ~sums.any(1)
    sums[empty] = old[empty]
    return unit_rows(sums.astype(np.float32))


def fit(x: np.ndarray, k: int, seed: int, init: np.ndarray | None) -> np.ndarray:
    """k unit centroids by MiniBatchKMeans.partial_fit over PASSES shuffled passes."""
    from sklearn.cluster import MiniBatchKMeans, kmeans_plusplus

    rng = np.random.default_rng(seed)
    if init is None or len(init) != k:
        sample = x[np.sort(rng.choice(len(x), min(len(x), 20 * k + 2000), replace=False))]
        init, _ = kmeans_plusplus(sample, k, random_state=seed)
    else:  # start from the mean of the passages nearest each start centroid (as agent/themes.py does)
        init = means(x, assign(x, init)[0], k, init)
    km = MiniBatchKMeans(n_clusters=k, init=init, n_init=1, batch_size=BATCH, random_state=seed)
    for _ in range(PASSES):
        order = rng.permutation(len(x))
        for s in range(0, len(x), BATCH):
            km.partial_fit(x[np.sort(order[s : s + BATCH])])
    return unit_rows(km.cluster_centers_.astype(np.float32))


def cluster(
    x: np.ndarray, k: int | None = None, seed: int = 0, previous: np.ndarray | None = None
) -> Clustering:
    """As agent.themes.cluster, for more passages than fit its exact steps."""
    from agent import themes_k as tk

    n = len(x)
    k, init, choice = tk.plan(x, k, seed, previous)
    centroids = fit(x, k, seed, init)
    labels, _ = assign(x, centroids)
    # dissolve clusters too small to mean anything into their nearest neighbour
    sizes = np.bincount(labels, minlength=k)
    keep = np.where(sizes >= max(3, int(0.004 * n)))[0]
    if 0 < len(keep) < k:
        centroids = centroids[keep]
        labels, _ = assign(x, centroids)
    centroids = means(x, labels, len(centroids), centroids)
    labels, sims = assign(x, centroids)
    threshold = min(0.25, float(np.quantile(sims, MAX_UNASSIGNED)))  # outliers, at most MAX_UNASSIGNED
    labels = np.where(sims < threshold, -1, labels)
    return Clustering(labels=labels, centroids=centroids, k=len(centroids), choice=choice)
