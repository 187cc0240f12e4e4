"""Refine a theme assignment by its neighbours: a passage whose nearest passages mostly sit in another
theme moves there.

Why: KMeans cuts along straight boundaries between centroids, but topics in sentence-embedding space are
not round; a passage near a boundary is better judged by the passages most like it than by two centroids.
Measured (MiniLM, bench/themes.py data, automatic K): NMI 0.797 -> 0.807 on banking77 3k, 0.771 -> 0.791
on 10k, clothing by department 0.371 -> 0.371 and by class 0.382 -> 0.389. A plain vote (no majority
needed) hurt the clothing reviews (0.371 -> 0.341), whose broad themes have mixed neighbourhoods, so a move
needs an absolute majority of the neighbourhood.
"""

from __future__ import annotations

import numpy as np

NEIGHBOURS = 10
MAJORITY = 0.5  # a passage moves only when more than half its neighbourhood (itself included) agrees
ROUNDS = 3
MAX_N = 20_000  # exact neighbours cost n^2 dot products; above this the KMeans assignment stands
_CHUNK = 2_000


def nearest(x: np.ndarray, k: int, ordered: bool = False) -> np.ndarray:
    """Indices of each row's k most similar other rows (unit rows: cosine), computed in chunks; ordered:
    most similar first."""
    n = len(x)
    k = min(k, n - 1)
    out = np.empty((n, k), dtype=np.int64)
    for s in range(0, n, _CHUNK):
        sim = x[s : s + _CHUNK] @ x.T
        sim[np.arange(len(sim)), np.arange(s, s + len(sim))] = -np.inf
        idx = np.argpartition(-sim, k - 1, axis=1)[:, :k]
        if ordered:
            idx = np.take_along_axis(idx, np.argsort(-np.take_along_axis(sim, idx, axis=1), axis=1), axis=1)
        out[s : s + _CHUNK] = idx
    return out


def by_neighbours(
    x: np.ndarray, labels: np.ndarray, k: int, min_size: int = 3, neigh: np.ndarray | None = None
) -> np.ndarray:
    """Labels after up to ROUNDS of majority votes among each passage's neighbours (-1 stays -1);
    `neigh`: each passage's nearest passages when already known."""
    n = len(x)
    nn = min(NEIGHBOURS, n - 1) if neigh is None else neigh.shape[1]
    if n > MAX_N or nn < 2 or k < 2:
        return labels
    neigh = nearest(x, nn) if neigh is None else neigh
    lab = labels.copy()
    rows = np.repeat(np.arange(n), nn)
    for _ in range(ROUNDS):
        slot = np.where(lab < 0, k, lab)
        votes = np.zeros((n, k + 1))
        np.add.at(votes, (rows, slot[neigh].ravel()), 1)
        votes[np.arange(n), slot] += 1
        votes[:, k] = -1  # an unassigned neighbour votes for nothing
        best = votes.argmax(1)
        share = votes.max(1) / (nn + 1)
        new = np.where((lab < 0) | (share <= MAJORITY), lab, best)
        # a theme is never voted away (its id would not survive the next refresh): one its neighbours would
        # leave under min_size keeps its members
        before, after = np.bincount(lab[lab >= 0], minlength=k), np.bincount(new[new >= 0], minlength=k)
        for j in np.where((after < min_size) & (before >= min_size))[0]:
            new[lab == j] = j
        if np.array_equal(new, lab):
            break
        lab = new
    return lab
