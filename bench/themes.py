"""Theme quality on banking77/train.csv: K chosen by the app and K=77, against the 77 true intents.

Every message is stored as one ticket (as `antipersona ingest` stores a short text: one chunk, MiniLM
vector), then `antipersona themes` runs its analysis; each record's theme is its dominant complaint theme
(-1 = unassigned). Reference: MiniLM + KMeans with the true K on the raw vectors.

    .venv/bin/python bench/themes.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED, cached_vectors, need_shared, record_section  # noqa: E402


def hungarian_accuracy(true: list[str], pred: list[int]) -> float:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    t_ids = {t: i for i, t in enumerate(sorted(set(true)))}
    p_ids = {p: i for i, p in enumerate(sorted(set(pred)))}
    m = np.zeros((len(p_ids), len(t_ids)))
    for t, p in zip(true, pred, strict=True):
        m[p_ids[p], t_ids[t]] += 1
    rows, cols = linear_sum_assignment(-m)
    matched = sum(m[r, c] for r, c in zip(rows, cols, strict=True) if list(p_ids)[r] != -1)
    return float(matched / len(true))


def main() -> None:
    need_shared()
    import numpy as np
    import pandas as pd
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    import core  # noqa: F401
    from agent.engines import open_services
    from agent.themes_run import run_themes
    from core.models import Record
    from core.settings import Settings
    from core.store import Store

    df = pd.read_csv(SHARED / "banking77" / "train.csv")
    vecs = cached_vectors("banking77", df["text"].tolist())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, workspace=Path(tmp) / "ws")
        store = Store(settings)
        recs = [Record(id=f"b{i}", kind="ticket", text=t, source="train.csv") for i, t in enumerate(df["text"])]
        store.vectors.upsert([f"{r.id}#0" for r in recs], vecs, [r.text for r in recs],
                             [{"record_id": r.id, "kind": "ticket", "start": 0, "end": len(r.text)} for r in recs])
        store.records.upsert(recs, {r.id: 1 for r in recs})
        true = df["category"].tolist()
        for k in (None, 77):
            t = time.perf_counter()
            a = run_themes(open_services(settings, store=store), k=k).analysis
            secs = time.perf_counter() - t
            pred = [a.record_theme.get(r.id, -1) for r in recs]
            rows.append({
                "k": "auto" if k is None else str(k), "themes": len(a.themes),
                "nmi": normalized_mutual_info_score(true, pred), "ari": adjusted_rand_score(true, pred),
                "acc": hungarian_accuracy(true, pred), "unassigned": float(np.mean(np.array(pred) == -1)),
                "seconds": secs,
            })
            print(rows[-1], flush=True)
    ref = KMeans(n_clusters=77, random_state=0, n_init=4).fit(vecs).labels_.tolist()
    ref_row = {"nmi": normalized_mutual_info_score(true, ref), "ari": adjusted_rand_score(true, ref),
               "acc": hungarian_accuracy(true, ref)}
    print("reference", ref_row)
    table = ["| K | themes found | NMI | ARI | Hungarian accuracy | unassigned records | analysis time (s) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        table.append(f"| {r['k']} | {r['themes']} | {r['nmi']:.3f} | {r['ari']:.3f} | {r['acc']:.3f} | "
                     f"{r['unassigned']:.1%} | {r['seconds']:.1f} |")
    table.append(f"| reference: MiniLM + KMeans, true K=77 | 77 | {ref_row['nmi']:.3f} | {ref_row['ari']:.3f} | "
                 f"{ref_row['acc']:.3f} | 0% | — |")
    body = ("Command: `.venv/bin/python bench/themes.py`\n\n10,003 banking77 messages stored as tickets; the app's "
            "analysis (complaint selection, sentence split, KMeans with K by silhouette or given, outlier cap 5%, "
            "small-cluster dissolution); record theme = its dominant complaint theme; scored against the 77 "
            "intents.\n\n" + "\n".join(table))
    record_section("Theme quality (banking77)", body)


if __name__ == "__main__":
    main()
