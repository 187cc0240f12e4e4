"""Encoder backends compared on banking77: vectors, theme quality (NMI) and the app's themes, per backend.

    .venv/bin/python bench/embeddings.py [--seeds 5] [--no-app] [--no-write]

For each local backend (sentence-transformers on torch, ONNX fp32, ONNX int8) the 10,003 banking77 messages
are embedded (vectors kept in bench/out/banking77.<backend>.npy). Reported:
- cosine of each message's vector to the torch vector (mean, 1st percentile, min);
- KMeans with the true K=77 on the vectors, NMI against the 77 intents, over several seeds (mean, sd),
  and the difference to torch (goal: within 0.01);
- unless --no-app, the app's own theme analysis (`run_themes`, K=77) on a workspace built with that
  backend (its complaint sentences embedded by the same backend), NMI of record themes.
Writes the "Encoder backends (banking77)" section of docs/benchmarks.md unless --no-write.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, SHARED, need_shared, record_section  # noqa: E402

BACKENDS = {"torch": "local-torch", "onnx-fp32": "local-onnx", "onnx-int8": "local-int8"}


def vectors(backend: str, texts: list[str], settings):
    import numpy as np

    from core.embeddings import get_embedder

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"banking77.{backend}.npy"
    if path.exists():
        vecs = np.load(path)
        if len(vecs) == len(texts):
            return vecs, None
    emb = get_embedder(settings.model_copy(update={"embeddings": BACKENDS[backend]}))
    emb.embed(texts[:64])
    t = time.perf_counter()
    vecs = emb.embed(texts)
    took = time.perf_counter() - t
    np.save(path, vecs)
    return vecs, took


def app_nmi(backend: str, texts: list[str], true: list[str], vecs, base) -> float:
    from sklearn.metrics import normalized_mutual_info_score

    from agent.engines import open_services
    from agent.themes_run import run_themes
    from core.models import Record
    from core.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        settings = base.model_copy(update={"workspace": Path(tmp) / "ws", "embeddings": BACKENDS[backend]})
        store = Store(settings)
        recs = [Record(id=f"b{i}", kind="ticket", text=t, source="train.csv") for i, t in enumerate(texts)]
        store.vectors.upsert([f"{r.id}#0" for r in recs], vecs, [r.text for r in recs],
                             [{"record_id": r.id, "kind": "ticket", "start": 0, "end": len(r.text)} for r in recs])
        store.records.upsert(recs, {r.id: 1 for r in recs})
        a = run_themes(open_services(settings, store=store), k=77).analysis
        pred = [a.record_theme.get(r.id, -1) for r in recs]
        return float(normalized_mutual_info_score(true, pred))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--no-app", action="store_true", help="skip the app's theme analysis per backend")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    need_shared()
    import numpy as np
    import pandas as pd
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score

    import core  # noqa: F401
    from core.settings import Settings

    df = pd.read_csv(SHARED / "banking77" / "train.csv")
    texts, true = df["text"].tolist(), df["category"].tolist()
    base = Settings(_env_file=None)
    rows = {}
    ref = None
    for backend in BACKENDS:
        vecs, took = vectors(backend, texts, base)
        ref = vecs if ref is None else ref
        cos = (vecs * ref).sum(axis=1)
        nmis = [normalized_mutual_info_score(true, KMeans(n_clusters=77, random_state=s, n_init=1).fit(vecs).labels_)
                for s in range(args.seeds)]
        rows[backend] = {"cos_mean": float(cos.mean()), "cos_p1": float(np.percentile(cos, 1)),
                         "cos_min": float(cos.min()), "nmi": float(np.mean(nmis)), "nmi_sd": float(np.std(nmis)),
                         "seconds": took}
        if not args.no_app:
            rows[backend]["app_nmi"] = app_nmi(backend, texts, true, vecs, base)
        print(backend, rows[backend], flush=True)
    t = rows["torch"]
    lines = ["| backend | cosine to torch: mean | 1st percentile | min | KMeans K=77 NMI (mean ± sd) | Δ NMI vs torch "
             + ("| app themes K=77 NMI | Δ " if not args.no_app else "") + "|",
             "|---|---:|---:|---:|---:|---:|" + ("---:|---:|" if not args.no_app else "")]
    for b, r in rows.items():
        line = (f"| {b} | {r['cos_mean']:.5f} | {r['cos_p1']:.4f} | {r['cos_min']:.4f} | {r['nmi']:.4f} ± "
                f"{r['nmi_sd']:.4f} | {r['nmi'] - t['nmi']:+.4f} |")
        if not args.no_app:
            line += f" {r['app_nmi']:.4f} | {r['app_nmi'] - t['app_nmi']:+.4f} |"
        lines.append(line)
    ok = all(abs(r["nmi"] - t["nmi"]) <= 0.01 for r in rows.values())
    print("\n".join(lines))
    if not args.no_write:
        body = (f"Command: `.venv/bin/python bench/embeddings.py --seeds {args.seeds}`\n\n"
                f"All 10,003 banking77 messages embedded by each local backend; KMeans with the true K over "
                f"{args.seeds} seeds (n_init=1 each), NMI against the 77 intents; the app's theme analysis "
                "(`run_themes`, K=77) on a workspace built with that backend. Goal: NMI within 0.01 of torch.\n\n"
                + "\n".join(lines) + "\n\nResult: " + ("**met** for every backend." if ok else "**not met**."))
        record_section("Encoder backends (banking77)", body)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
