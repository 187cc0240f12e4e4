"""Theme discovery quality and speed across data sizes, with the reference KMeans(K=true) beside it.

Data sets (one run): banking77 samples of ~3,000 (39 per intent) and 10,003 messages (77 intents), and
clothing reviews scored against their department and their class. Each text is one complaint passage
(MiniLM vector, as `antipersona ingest` stores a short text); the app's theme discovery
(agent.themes.cluster, automatic K) runs on the vectors and its themes are scored against the labels:
themes found, NMI, ARI, Hungarian accuracy, unassigned share, time. Embeddings are cached in bench/out
keyed by a hash of the texts, so only the first run embeds.

    .venv/bin/python bench/themes.py            # quality table + 100k timing, written to docs/benchmarks.md
    .venv/bin/python bench/themes.py --quick    # banking77 only, nothing written
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, SHARED, need_shared, record_section  # noqa: E402


def embed_cached(name: str, texts: list[str]):
    """MiniLM vectors for texts, cached on disk by a hash of the texts (the machine is shared and busy)."""
    import numpy as np

    key = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:12]
    path = OUT / f"themes_{name}_{key}.npy"
    if path.exists():
        return np.load(path)
    import core  # noqa: F401
    from core.embeddings import LocalMiniLM

    OUT.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    vecs = LocalMiniLM().embed(texts)
    print(f"embedded {len(texts):,} {name} texts in {time.perf_counter() - t:.0f} s", flush=True)
    np.save(path, vecs)
    return vecs


def hungarian_accuracy(true, pred) -> float:
    """Share of items in a one-to-one matching of themes to labels (unassigned never match)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    t_ids = {t: i for i, t in enumerate(sorted(set(true)))}
    p_list = sorted(set(pred))
    p_ids = {p: i for i, p in enumerate(p_list)}
    m = np.zeros((len(p_ids), len(t_ids)))
    for t, p in zip(true, pred, strict=True):
        m[p_ids[p], t_ids[t]] += 1
    rows, cols = linear_sum_assignment(-m)
    matched = sum(m[r, c] for r, c in zip(rows, cols, strict=True) if p_list[r] != -1)
    return float(matched / len(true))


def datasets(quick: bool):
    """(name, texts, labels) triples; vectors come from one cache per source."""
    import pandas as pd

    df = pd.read_csv(SHARED / "banking77" / "train.csv")
    vecs = embed_cached("banking77", df["text"].tolist())
    small = df.sample(frac=1, random_state=0).groupby("category").head(39)
    out = [
        ("banking77 3k", vecs[small.index.to_numpy()], small["category"].tolist(), small["text"].tolist()),
        ("banking77 10k", vecs, df["category"].tolist(), df["text"].tolist()),
    ]
    if not quick:
        cr = pd.read_csv(SHARED / "clothing_reviews" / "reviews.csv").dropna(subset=["Review Text", "Class Name"])
        cr = cr.sample(min(len(cr), 2000), random_state=0).reset_index(drop=True)
        texts = (cr["Title"].fillna("") + ". " + cr["Review Text"]).str.strip(". ").tolist()
        cvecs = embed_cached("clothing2k", texts)
        out.append(("clothing 2k / department", cvecs, cr["Department Name"].tolist(), texts))
        out.append(("clothing 2k / class", cvecs, cr["Class Name"].tolist(), texts))
    return out


def score(true, pred) -> dict:
    import numpy as np
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return {
        "themes": len(set(pred) - {-1}),
        "nmi": normalized_mutual_info_score(true, pred),
        "ari": adjusted_rand_score(true, pred),
        "acc": hungarian_accuracy(true, pred),
        "unassigned": float(np.mean(np.asarray(pred) == -1)),
    }


def run_quality(quick: bool) -> list[dict]:
    from sklearn.cluster import KMeans

    from agent import themes as th

    rows = []
    for name, vecs, true, _texts in datasets(quick):
        k_true = len(set(true))
        t, cpu = time.perf_counter(), time.process_time()
        c = th.cluster(vecs, seed=0)
        secs, cpu = time.perf_counter() - t, time.process_time() - cpu
        rows.append({"data": name, "n": len(true), "true": k_true, "method": "app (auto K)",
                     **score(true, c.labels.tolist()), "seconds": secs, "cpu": cpu})
        print(rows[-1], flush=True)
        t, cpu = time.perf_counter(), time.process_time()
        ref = KMeans(n_clusters=k_true, random_state=0, n_init=3).fit(vecs).labels_.tolist()
        rows.append({"data": name, "n": len(true), "true": k_true, "method": f"KMeans K=true ({k_true})",
                     **score(true, ref), "seconds": time.perf_counter() - t, "cpu": time.process_time() - cpu})
        print(rows[-1], flush=True)
    return rows


def run_scale(n: int = 100_000) -> dict:
    """Time and peak memory at 100k passages: banking77 vectors duplicated with small noise."""
    import numpy as np

    from agent import themes as th

    base = embed_cached("banking77", __import__("pandas").read_csv(SHARED / "banking77" / "train.csv")["text"].tolist())
    rng = np.random.default_rng(0)
    x = base[rng.integers(0, len(base), n)] + rng.normal(0, 0.02, (n, base.shape[1])).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    t, cpu = time.perf_counter(), time.process_time()
    c = th.cluster(x, seed=0)
    secs, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    out = {"n": n, "themes": c.k, "seconds": secs, "cpu": cpu, "peak_gb": peak,
           "unassigned": float(np.mean(c.labels == -1))}
    print(out, flush=True)
    return out


def run_stability() -> list[dict]:
    """Theme-id retention when data grow by 1% and 10%: cluster 9,000 banking77 messages, then the grown
    set warm-started from those centroids; ids matched as a refresh matches them (agent.themes.match_ids)."""
    import numpy as np
    import pandas as pd

    from agent import themes as th

    base = embed_cached("banking77", pd.read_csv(SHARED / "banking77" / "train.csv")["text"].tolist())
    x = base[np.random.default_rng(1).permutation(len(base))]
    first = th.cluster(x[:9000], seed=0)
    ids = list(range(first.k))
    out = []
    for grow in (0.01, 0.10):
        t = time.perf_counter()
        second = th.cluster(x[: int(9000 * (1 + grow))], seed=0, previous=first.centroids)
        new_ids = th.match_ids(second.centroids, first.centroids, ids)
        kept = len(set(new_ids) & set(ids)) / len(ids)
        out.append({"grow": grow, "k_before": first.k, "k_after": second.k, "kept": kept,
                    "method": second.choice.method if second.choice else "given", "seconds": time.perf_counter() - t})
        print(out[-1], flush=True)
    return out


def run_sweep() -> str:
    """How the merge threshold trades themes for NMI at both banking77 sizes (the evidence for MERGE_REL),
    plus the silhouette grid this replaced, on the same vectors."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score, silhouette_score

    from agent import themes as th
    from agent import themes_k as tk

    lines = ["| data | K choice | themes | NMI |", "|---|---|---:|---:|"]
    for name, vecs, true, _ in datasets(quick=True):
        for rel in (0.66, 0.70, 0.72, 0.74, 0.78):
            old, tk.MERGE_REL = tk.MERGE_REL, rel
            try:
                c = th.cluster(vecs, seed=0)
            finally:
                tk.MERGE_REL = old
            lines.append(f"| {name} | merge at {rel:.0%} of micro-cluster cosine | {c.k} | {normalized_mutual_info_score(true, c.labels):.3f} |")
            print(lines[-1], flush=True)
        best, best_k, labels = -1.0, 0, None  # the replaced rule: silhouette over a grid up to sqrt(n/2)
        for k in [k for k in (3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 70) if k <= (len(vecs) / 2) ** 0.5]:
            lab = KMeans(n_clusters=k, random_state=0, n_init=1).fit(vecs).labels_
            s = silhouette_score(vecs, lab, metric="cosine", sample_size=2000, random_state=0)
            if s > best:
                best, best_k, labels = s, k, lab
        lines.append(f"| {name} | silhouette grid (before) | {best_k} | {normalized_mutual_info_score(true, labels):.3f} |")
        print(lines[-1], flush=True)
    return "\n".join(lines)


def table(rows: list[dict]) -> str:
    lines = ["| data | n | true | method | themes found | NMI | ARI | Hungarian acc. | unassigned | wall s | CPU s |",
             "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['data']} | {r['n']:,} | {r['true']} | {r['method']} | {r['themes']} | {r['nmi']:.3f} | "
                     f"{r['ari']:.3f} | {r['acc']:.3f} | {r['unassigned']:.1%} | {r['seconds']:.1f} | {r['cpu']:.1f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="banking77 only, no 100k timing, nothing written")
    ap.add_argument("--stability", action="store_true", help="only the +1%/+10% warm-start retention")
    ap.add_argument("--sweep", action="store_true", help="merge thresholds and the old silhouette rule")
    args = ap.parse_args()
    need_shared()
    if args.stability:
        run_stability()
        return
    if args.sweep:
        record_section("Theme count: merge threshold sweep", "Command: `.venv/bin/python bench/themes.py --sweep`\n\n"
                       + run_sweep())
        return
    rows = run_quality(args.quick)
    print(table(rows))
    if args.quick:
        return
    stab = run_stability()
    big = run_scale()
    body = (
        "Command: `.venv/bin/python bench/themes.py`\n\n"
        "Each text is one complaint passage (MiniLM vector, cached); `agent.themes.cluster` with automatic K "
        "against the true labels, and MiniLM + KMeans with the true K (n_init=3) beside it. banking77 3k = 39 "
        "messages per intent (seed 0); clothing = 2,000 reviews (title + text, seed 0) scored against "
        "department and class (labels that reviews only loosely follow).\n\n"
        + table(rows)
        + f"\n\nScale: {big['n']:,} passages (banking77 vectors resampled with noise σ=0.02): "
        f"{big['seconds']:.1f} s, {big['themes']} themes, {big['unassigned']:.1%} unassigned, peak RSS of the "
        f"whole bench process {big['peak_gb']:.2f} GB, CPU {big['cpu']:.1f} s.\n\n"
        "Warm start (9,000 banking77 messages, then +1% / +10% more, clustered from the first centroids):\n\n"
        "| data added | themes before | after | how K was set | theme ids kept |\n|---|---:|---:|---|---:|\n"
        + "\n".join(f"| +{r['grow']:.0%} | {r['k_before']} | {r['k_after']} | {r['method']} | {r['kept']:.1%} |"
                    for r in stab)
        + "\n\nWall times are on a shared 2-core machine under load from other jobs (load average 10-16); "
        "CPU seconds are the process's own."
    )
    record_section("Theme quality (banking77)", body)


if __name__ == "__main__":
    main()
