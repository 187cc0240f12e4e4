"""False personas on null data and planted-segment recovery on the examples (agent/confirm.py).

1. Null: the telco accounts table with its outcome block (tenure, MonthlyCharges, TotalCharges, Churn)
   shuffled together across rows, so no attribute can predict any outcome. Every persona published on such
   a table is false. Goal: 0 over 20 permutations.
2. Real: the unshuffled table, for contrast (personas published, the columns they use).
3. Planted: the bundled examples (examples/planted.json). For each planted segment the persona that matches
   it best (Jaccard); precision = planted members among the persona's, recall = the planted segment's
   members the persona holds. Goal ≥ 0.8 each; the agencies-and-freelancers segment as one persona.

    .venv/bin/python bench/null_personas.py [--perms 20] [--no-examples] [--record]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, SHARED, need_shared, record_section

BLOCK = ["tenure", "MonthlyCharges", "TotalCharges", "Churn"]
OUTCOMES = {"Churn": "churn", "MonthlyCharges": "revenue", "TotalCharges": "revenue"}


def telco():
    import pandas as pd

    df = pd.read_csv(SHARED / "telco_churn" / "accounts.csv").rename(columns={"customerID": "customer_id"})
    df["Churn"] = (df["Churn"] == "Yes").astype(float)
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce")
    return df


def refresh_accounts(df, ws: Path):
    from agent.refresh import refresh
    from core.settings import Settings
    from core.store import Store, save_accounts

    settings = Settings(_env_file=None, workspace=ws)
    attrs = [c for c in df.columns if c not in ("customer_id", *OUTCOMES)]
    save_accounts(
        Store(settings).workspace,
        df,
        {"id_column": "customer_id", "outcomes": OUTCOMES, "attributes": attrs},
    )
    t = time.perf_counter()
    ps = refresh(settings, force=True).personas
    return ps, time.perf_counter() - t


def null_runs(perms: int, tmp: Path) -> list[dict]:
    import numpy as np

    base = telco()
    rows = []
    for seed in range(perms):
        df = base.copy()
        perm = np.random.default_rng(seed).permutation(len(df))
        df[BLOCK] = df[BLOCK].iloc[perm].to_numpy()
        ps, secs = refresh_accounts(df, tmp / f"null-{seed}")
        c = ps.confirmation
        rows.append(
            {
                "seed": seed,
                "personas": len(ps.personas),
                "proposed": c.proposed,
                "candidates": c.candidates,
                "seconds": secs,
                "which": [p.segments for p in ps.personas],
            }
        )
        print(f"null {seed:>2}: {len(ps.personas)} published ({c.proposed} proposed, {c.candidates} tried)")
    return rows


def planted(tmp: Path) -> tuple[list[dict], dict]:
    import pandas as pd

    bench = str(ROOT / "bench")  # bench/ingest.py would shadow the ingest package
    sys.path[:] = [p for p in sys.path if p not in (bench, "")]
    sys.modules.pop("ingest", None)
    from agent.refresh import refresh
    from agent.segments import segment_mask
    from core.settings import Settings
    from ingest.pipeline import ingest_paths
    from ui.serve import EXAMPLES, example_files

    settings = Settings(_env_file=None, workspace=tmp / "examples")
    ingest_paths(example_files(), settings=settings)
    t = time.perf_counter()
    ps = refresh(settings, force=True).personas
    secs = time.perf_counter() - t
    acc = pd.read_csv(EXAMPLES / "accounts.csv")
    members = {}
    for p in ps.personas:
        m = pd.Series(True, index=acc.index)
        for seg in p.segments:
            col, _, value = seg.partition("=")
            m &= segment_mask(acc[col], value)
        members[p.id] = set(acc["customer_id"][m])
    rows = []
    for seg in json.loads((EXAMPLES / "planted.json").read_text())["segments"]:
        truth = set(seg["customer_ids"])
        best = max(members, key=lambda k: len(members[k] & truth) / len(members[k] | truth), default=None)
        inter = len(members[best] & truth) if best else 0
        holding = [k for k, m in members.items() if m and len(m & truth) / len(m) >= 0.5]
        rows.append(
            {
                "segment": seg["key"],
                "persona": best,
                "precision": inter / max(1, len(members.get(best, ()))),
                "recall": inter / len(truth),
                "personas_mostly_this_segment": len(holding),
            }
        )
    return rows, {"seconds": secs, "personas": len(ps.personas), "confirmation": ps.confirmation.message}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--perms", type=int, default=20)
    ap.add_argument("--no-examples", action="store_true")
    ap.add_argument("--record", action="store_true", help="write the section of docs/benchmarks.md")
    args = ap.parse_args()
    need_shared()
    import core  # noqa: F401

    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        nulls = null_runs(args.perms, tmp)
        real, real_secs = refresh_accounts(telco(), tmp / "real")
        print(f"real: {len(real.personas)} personas — {real.confirmation.message}")
        plant, info = ([], {}) if args.no_examples else planted(tmp)
    false = sum(r["personas"] for r in nulls)
    lines = [
        f"False personas over {len(nulls)} null permutations of the telco table (outcome block shuffled "
        f"together): **{false}** (goal 0); runs with any: {sum(r['personas'] > 0 for r in nulls)}; "
        f"groups proposed by the search and rejected on the holdout: {sum(r['proposed'] for r in nulls)}; "
        f"median candidates tried per run: {sorted(r['candidates'] for r in nulls)[len(nulls) // 2]}.",
        "",
        f"Real telco table: {len(real.personas)} personas, refresh {real_secs:.1f} s; columns used: "
        + ", ".join(sorted({s.partition("=")[0] for p in real.personas for s in p.segments}))
        + f". {real.confirmation.message}.",
    ]
    if plant:
        lines += [
            "",
            f"Planted segments on the examples ({info['personas']} personas, refresh {info['seconds']:.1f} s; "
            f"{info['confirmation']}):",
            "",
            "| planted segment | best persona | precision | recall | personas mostly this segment |",
            "|---|---|---:|---:|---:|",
        ]
        lines += [
            f"| {r['segment']} | `{r['persona']}` | {r['precision']:.2f} | {r['recall']:.2f} | "
            f"{r['personas_mostly_this_segment']} |"
            for r in plant
        ]
    body = "Command: `.venv/bin/python bench/null_personas.py --record`\n\n" + "\n".join(lines)
    print(body)
    if args.record:
        record_section("False personas and planted recovery", body)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
