"""Refresh time and peak memory at 10k, 100k and 1,000,000 records, excluding embedding.

Records are resampled real texts (banking77 support messages) linked to accounts resampled from the telco
churn table, so every stage runs: complaint selection, themes, cost analytics on accounts, personas.
Vectors are embedded once per unique text (cached in bench/out) and stored directly; each size's timed
refresh runs in a fresh process with a warm sentence cache, so the figure is refresh alone. The bench's
collection is created with a cheap HNSW graph (ef_construction 32, 12 neighbours): the refresh never
searches it, and a million-vector build then takes minutes, not an hour. --keep DIR keeps the built
workspaces and reuses them.

    .venv/bin/python bench/refresh.py [--sizes 10000,100000,1000000] [--keep DIR] [--no-warm]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, SHARED, cached_vectors, need_shared, record_section


def build(ws: Path, n: int) -> None:
    import numpy as np
    import pandas as pd

    import core  # noqa: F401
    from core.models import Record
    from core.settings import Settings
    from core.store import Store, save_accounts

    rng = np.random.default_rng(7)
    bank = pd.read_csv(SHARED / "banking77" / "train.csv")
    vecs = cached_vectors("banking77", bank["text"].tolist())
    telco = pd.read_csv(SHARED / "telco_churn" / "accounts.csv")
    n_acc = max(100, n // 10)
    acc = telco.sample(n_acc, replace=n_acc > len(telco), random_state=7).reset_index(drop=True)
    acc["customer_id"] = [f"A{i:06d}" for i in range(n_acc)]
    acc["Churn"] = (acc["Churn"] == "Yes").astype(float)
    acc["TotalCharges"] = pd.to_numeric(acc["TotalCharges"], errors="coerce")
    acc = acc.drop(columns=["customerID"])
    settings = Settings(_env_file=None, workspace=ws)
    store = Store(settings)
    from core.chroma import chroma_client

    chroma_client(settings, store.workspace).get_or_create_collection(  # the bench never searches the graph
        settings.collection, embedding_function=None, metadata={"embedder": store.embedder.name},
        configuration={"hnsw": {"space": "cosine", "ef_construction": 32, "max_neighbors": 12,
                                "batch_size": 10_000, "sync_threshold": 100_000}},
    )
    attrs = [c for c in acc.columns if c not in ("customer_id", "Churn", "MonthlyCharges", "TotalCharges")]
    save_accounts(store.workspace, acc, {"id_column": "customer_id", "attributes": attrs,
                                         "outcomes": {"Churn": "churn", "MonthlyCharges": "revenue"}})
    pick = rng.integers(0, len(bank), n)
    cust = rng.integers(0, n_acc, n)
    step = 10_000
    for s in range(0, n, step):
        idx = range(s, min(n, s + step))
        recs = [Record(id=f"r{i}", kind="ticket", text=bank.text[pick[i]], customer_id=acc.customer_id[cust[i]])
                for i in idx]
        store.vectors.add([f"r{i}#0" for i in idx], vecs[pick[list(idx)]], [r.text for r in recs],
                             [{"record_id": r.id, "kind": "ticket", "customer_id": r.customer_id, "start": 0,
                               "end": len(r.text)} for r in recs])
        store.records.upsert(recs, {r.id: 1 for r in recs})


def timed_refresh(ws: Path) -> dict:
    import core  # noqa: F401
    from agent.refresh import refresh
    from core.settings import Settings

    settings = Settings(_env_file=None, workspace=ws)
    t, c = time.perf_counter(), time.process_time()
    r = refresh(settings, force=True)
    secs, cpu = time.perf_counter() - t, time.process_time() - c
    return {"seconds": secs, "cpu_seconds": cpu, "load": os.getloadavg()[0],
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "personas": len(r.personas.personas), "themes": len(r.personas.themes)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--keep", help="build the workspaces here and reuse them (default: a temporary folder)")
    ap.add_argument("--no-record", action="store_true", help="print only (docs/benchmarks.md keeps its history)")
    ap.add_argument("--no-warm", action="store_true", help="skip the warming refresh after a build")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, ws = args.child
        if mode in ("build", "build-only"):
            build(Path(ws), int(Path(ws).name.split("-")[-1]))
            if mode == "build-only":
                return
            from agent.refresh import refresh  # warm the sentence cache
            from core.settings import Settings

            refresh(Settings(_env_file=None, workspace=Path(ws)), force=True)
        else:
            print(json.dumps(timed_refresh(Path(ws))))
        return
    need_shared()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(s) for s in args.sizes.split(",")]:
            ws = Path(args.keep or tmp) / f"ws-{n}"
            t = time.perf_counter()
            if not (ws / "records.sqlite").exists():
                mode = "build-only" if args.no_warm else "build"
                subprocess.run([sys.executable, __file__, "--child", mode, str(ws)], check=True)
            built = time.perf_counter() - t
            out = subprocess.run([sys.executable, __file__, "--child", "time", str(ws)], check=True,
                                 capture_output=True, text=True)
            res = json.loads(out.stdout.strip().splitlines()[-1])
            res["n"] = n
            rows.append(res)
            print(f"{n:>7,} records: refresh {res['seconds']:.1f} s ({res['cpu_seconds']:.1f} s CPU, load "
                  f"{res['load']:.1f}), peak RSS {res['peak_rss_mb']:.0f} MB, "
                  f"{res['themes']} themes, {res['personas']} personas (build+warm {built:.0f} s)", flush=True)
    table = ["| records | accounts | refresh (s) | peak RSS (MB) | themes | personas |", "|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        table.append(f"| {r['n']:,} | {max(100, r['n'] // 10):,} | {r['seconds']:.1f} | {r['peak_rss_mb']:.0f} | "
                     f"{r['themes']} | {r['personas']} |")
    body = ("Command: `.venv/bin/python bench/refresh.py`\n\nResampled banking77 texts as tickets, linked to "
            "resampled telco accounts; K chosen automatically; embedding excluded (vectors precomputed, sentence "
            "cache warm); each refresh in a fresh process (peak RSS includes Python, pandas, sklearn and Chroma).\n\n"
            + "\n".join(table))
    if not args.no_record:
        record_section("Refresh time and memory", body)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
