"""Cluster complaint units into themes; label them; keep theme ids stable across refreshes.

- K is chosen automatically (agent/themes_k.py: over-cluster, merge micro-clusters that are one topic),
  unless given; with the previous version's centroids, K is kept unless the data clearly call for another
  (so theme ids survive a refresh with a little more data).
- Up to themes_refine.MAX_N units, the K themes are communities of the units' nearest-neighbour graph
  (Leiden, agent/themes_graph.py: banking77 10k NMI 0.79 -> 0.81 over KMeans); above it KMeans (warm-started
  from the previous centroids) assigns every unit. Then a unit whose nearest units mostly sit in another
  theme moves there (agent/themes_refine.py); units far from every centroid are marked unassigned (-1),
  capped at 5%; clusters too small to mean anything are dissolved into their nearest neighbours.
- Offline labels are phrases ranked by class-based TF-IDF (agent/theme_labels.py); keywords (c-TF-IDF, as in
  BERTopic) stay beside them.
- Ids are matched to the previous version's themes by centroid similarity (Hungarian matching).
"""

from __future__ import annotations

import re

import numpy as np

from agent.clustering import MATCH_SIM, MAX_UNASSIGNED, Clustering

_STOP_WORDS = """
a about above after again against all am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
down during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's
her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it
it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought
our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such
than that that's the their theirs them themselves then there there's these they they'd they'll
they're they've this those through to too under until up very was wasn't we we'd we'll we're we've
were weren't what what's when when's where where's which while who who's whom why why's with won't
would wouldn't you you'd you'll you're you've your yours yourself yourselves just also get got im
ive dont cant really still one even would like us will yes hi hello thanks thank please could can't
need want know way go going much many lot well make made since us ok okay yeah um uh so'
"""
_STOP = set(_STOP_WORDS.split())
STOP = frozenset(_STOP)  # the function words labels and keywords leave out (agent/theme_labels.py)
_TOKEN = re.compile(r"(?u)\b[a-zA-Z][a-zA-Z'\-]+\b")


def _normalise(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1
    return x / n


def _kmeans(x: np.ndarray, k: int, seed: int, init: np.ndarray | None = None):
    """KMeans, started from init when given (one run: the start is the point), else k-means++."""
    from sklearn.cluster import KMeans, MiniBatchKMeans

    start = _means_near(x, init) if init is not None and len(init) == k else "k-means++"
    n_init = 1 if init is not None else (2 if len(x) > 5000 else 3)
    if len(x) > 20000:
        return MiniBatchKMeans(n_clusters=k, init=start, random_state=seed, batch_size=4096, n_init=n_init).fit(x)
    return KMeans(n_clusters=k, init=start, random_state=seed, n_init=n_init).fit(x)


def _means_near(x: np.ndarray, init: np.ndarray) -> np.ndarray:
    """Warm start: the mean of the passages nearest each previous (unit) centroid, i.e. the point KMeans
    itself would hold, so unchanged data return to the same partition instead of drifting from unit rows."""
    labels = np.argmax(x @ init.T, axis=1)
    out = init.astype(np.float64).copy()
    for j in range(len(init)):
        m = labels == j
        if m.any():
            out[j] = x[m].mean(0)
    return out.astype(x.dtype)


def cluster(
    x: np.ndarray,
    k: int | None = None,
    seed: int = 0,
    previous: np.ndarray | None = None,
    stream_over: int | None = None,
) -> Clustering:
    """Cluster unit vectors (rows unit-normalised) into themes; `previous` = last version's centroids.
    Above `stream_over` passages the centroids are fitted by mini-batches (agent/themes_stream.py)."""
    n = len(x)
    if stream_over is not None and n > max(stream_over, 2):
        from agent import themes_stream

        return themes_stream.cluster(x, k=k, seed=seed, previous=previous)
    if n == 0:
        return Clustering(
            labels=np.zeros(0, dtype=int), centroids=np.zeros((0, x.shape[1] if x.ndim == 2 else 0)), k=0
        )
    if n < 3:
        return Clustering(labels=np.zeros(n, dtype=int), centroids=_normalise(x.mean(0, keepdims=True)), k=1)
    from agent import themes_graph as tg
    from agent import themes_k as tk
    from agent.themes_refine import MAX_N, NEIGHBOURS, nearest

    k, init, choice = tk.plan(x, k, seed, previous)
    neigh = None
    if 3 * tg.GRAPH_NEIGHBOURS <= n <= MAX_N and k > 1:  # communities of the neighbour graph
        neigh = nearest(x, tg.GRAPH_NEIGHBOURS, ordered=True)
        warm = previous is not None and init is previous  # keeping the previous version's themes
        labels = tg.partition(x, k, seed, neigh, tk.min_theme_size(n), previous if warm else None)
        k = int(labels.max()) + 1
        centroids = _recentre(x, labels, k, np.zeros((k, x.shape[1]), dtype=np.float32))
    else:
        km = _kmeans(x, k, seed, init=init if init is not None and len(init) == k else None)
        labels = km.labels_.astype(int)
        centroids = _normalise(km.cluster_centers_.astype(np.float32))

    # dissolve tiny clusters into their nearest neighbour (keeps themes meaningful)
    min_size = max(3, int(0.004 * n))
    sizes = np.bincount(labels, minlength=k)
    keep = np.where(sizes >= min_size)[0]
    if 0 < len(keep) < k:
        centroids = centroids[keep]
        labels = np.argmax(x @ centroids.T, axis=1)
        centroids = _recentre(x, labels, len(keep), centroids)
    from agent.themes_refine import by_neighbours

    refined = by_neighbours(
        x, labels, len(centroids), min_size, None if neigh is None else neigh[:, :NEIGHBOURS]
    )
    if not np.array_equal(refined, labels):
        used = np.bincount(refined, minlength=len(centroids)) > 0  # a theme its neighbours emptied is gone
        remap = np.cumsum(used) - 1
        labels = remap[refined]
        centroids = _recentre(x, labels, int(used.sum()), centroids[used])
    sims = np.take_along_axis(x @ centroids.T, labels[:, None], axis=1)[:, 0]
    # outliers: clearly far from their theme, never more than MAX_UNASSIGNED of units
    threshold = min(0.25, float(np.quantile(sims, MAX_UNASSIGNED)))
    labels = np.where(sims < threshold, -1, labels)
    return Clustering(labels=labels, centroids=centroids, k=len(centroids), choice=choice)


def _recentre(x: np.ndarray, labels: np.ndarray, k: int, old: np.ndarray) -> np.ndarray:
    out = old.copy()
    for j in range(k):
        m = labels == j
        if m.any():
            out[j] = x[m].mean(0)
    return _normalise(out)


def tokens(text: str) -> list[str]:
    return [t for t in (w.lower().strip("'-") for w in _TOKEN.findall(text)) if len(t) > 2 and t not in _STOP]


def ctfidf_keywords(texts: list[str], labels: np.ndarray, k: int, top: int = 8) -> list[list[str]]:
    """Class-based TF-IDF: words frequent in one theme and rare across themes (unigrams and bigrams)."""
    from sklearn.feature_extraction.text import CountVectorizer

    docs = [" ".join(tokens(t)) for t in texts]
    joined = [" ".join(d for d, lab in zip(docs, labels, strict=True) if lab == j) for j in range(k)]
    if not any(joined):
        return [[] for _ in range(k)]
    vec = CountVectorizer(ngram_range=(1, 2), min_df=1, token_pattern=r"(?u)\b[\w'-]+\b")
    counts = vec.fit_transform(joined).astype(np.float64)
    tf = counts.multiply(1 / np.maximum(counts.sum(axis=1), 1)).tocsr()
    avg = counts.sum() / max(1, k)
    freq = np.asarray(counts.sum(axis=0)).ravel()
    idf = np.log(1 + avg / np.maximum(freq, 1))
    scores = tf.multiply(idf).tocsr()
    vocab = np.array(vec.get_feature_names_out())
    out: list[list[str]] = []
    for j in range(k):
        row = scores.getrow(j).toarray().ravel()
        order = np.argsort(-row)
        words: list[str] = []
        for idx in order:
            if row[idx] <= 0 or len(words) >= top:
                break
            w = vocab[idx]
            if any(w in other or other in w for other in words):
                continue  # don't repeat "card" next to "card arrived"
            words.append(w)
        out.append(words)
    return out


def keyword_label(words: list[str]) -> str:
    if not words:
        return "Miscellaneous"
    label = " / ".join(words[:3])
    return label[:1].upper() + label[1:]


def match_ids(new: np.ndarray, old: np.ndarray, old_ids: list[int], min_sim: float = MATCH_SIM) -> list[int]:
    """Stable theme ids: Hungarian-match new centroids to previous ones; unmatched get fresh ids."""
    if len(old) == 0 or len(new) == 0:
        return list(range(len(new)))
    from scipy.optimize import linear_sum_assignment

    sim = new @ old.T
    rows, cols = linear_sum_assignment(-sim)
    ids: list[int | None] = [None] * len(new)
    for r, c in zip(rows, cols, strict=True):
        if sim[r, c] >= min_sim:
            ids[r] = old_ids[c]
    nxt = max(old_ids) + 1
    for i in range(len(ids)):
        if ids[i] is None:
            ids[i] = nxt
            nxt += 1
    return [int(i) for i in ids]


def representatives(x: np.ndarray, labels: np.ndarray, centroids: np.ndarray, j: int, n: int) -> list[int]:
    """Indices of the n units nearest theme j's centroid."""
    idx = np.where(labels == j)[0]
    if len(idx) == 0:
        return []
    sims = x[idx] @ centroids[j]
    return [int(i) for i in idx[np.argsort(-sims)][:n]]
