"""Themes as communities of the neighbour graph (agent/themes_graph.py): K themes, and topics of unequal
size and spread kept whole where KMeans cuts the broad one and merges the tight ones."""

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from agent import themes as th
from agent import themes_graph as tg
from agent.themes_refine import nearest


def _unequal_topics(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """One broad topic of 600 passages and two tight, nearby ones of 40 (unit rows in 16 dimensions)."""
    rng = np.random.default_rng(seed)
    e = np.eye(16)

    def blob(centre: np.ndarray, n: int, spread: float) -> np.ndarray:
        x = centre + rng.normal(0, spread, (n, 16))
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    near = np.cos(0.25) * e[1] + np.sin(0.25) * e[2]
    x = np.vstack([blob(e[0], 600, 0.25), blob(e[1], 40, 0.03), blob(near, 40, 0.03)]).astype(np.float32)
    return x, np.repeat([0, 1, 2], [600, 40, 40])


def test_communities_keep_unequal_topics_whole_where_kmeans_does_not():
    for seed in range(3):
        x, truth = _unequal_topics(seed)
        kmeans = KMeans(n_clusters=3, random_state=0, n_init=3).fit(x).labels_
        assert adjusted_rand_score(truth, kmeans) < 0.5  # the case the graph is for
        labels = tg.partition(x, 3, seed, nearest(x, tg.GRAPH_NEIGHBOURS, ordered=True), min_size=10)
        assert adjusted_rand_score(truth, labels) > 0.95
        found = th.cluster(x, k=3, seed=seed)  # the app's path: graph, then the neighbour refinement
        assert found.k == 3 and adjusted_rand_score(truth, found.labels) > 0.95


def test_partition_gives_k_themes_of_at_least_the_minimum_size():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(8, 32))
    sizes = (30, 40, 50, 60, 70, 80, 90, 100)
    x = np.vstack([c + rng.normal(0, 0.35, (n, 32)) for c, n in zip(centres, sizes, strict=True)])
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    for k in (4, 8):
        labels = tg.partition(x, k, 0, nearest(x, tg.GRAPH_NEIGHBOURS, ordered=True), min_size=12)
        sizes = np.bincount(labels)
        assert len(sizes) == k and sizes.min() >= 12 and labels.min() == 0


def test_nearest_ordered_lists_the_most_similar_first():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 8))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    neigh = nearest(x, 5, ordered=True)
    sims = np.einsum("ij,ikj->ik", x, x[neigh])
    assert (np.diff(sims, axis=1) <= 1e-12).all()
    full = x @ x.T
    np.fill_diagonal(full, -np.inf)
    assert np.allclose(sims[:, 0], full.max(1))


def test_the_same_passages_and_seed_give_the_same_themes():
    x, _ = _unequal_topics(0)
    neigh = nearest(x, tg.GRAPH_NEIGHBOURS, ordered=True)
    runs = [tg.partition(x, 6, 0, neigh, min_size=10) for _ in range(3)]  # scikit-network's rand() unseeded
    assert all(np.array_equal(runs[0], r) for r in runs[1:])
