"""Persona and theme retention after a refresh with a little more data (goals: persona ids 100%, themes ≥ 90%).

Two data sets, both grown the way real data grows — records held out first, ingested later:
- the bundled examples (accounts + tickets, reviews, calls): 1% or 10% of all feedback records are held out
  (drawn from the tickets), version 1 is built without them, then they are ingested and version 2 is built;
- the telco churn accounts table (accounts only): 1% or 10% of the accounts are held out, then added.
For each pair of versions: the share of version 1's personas whose id is still there (and, of those, whose
name and quotes are unchanged), the share of theme ids still there, and whether the change report said
"no material change".

    .venv/bin/python bench/stability.py [--seeds 2] [--fractions 0.01,0.1] [--no-record]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from common import ROOT, SHARED, record_section


def retention(before, after) -> dict:
    old = {p.id: p for p in before.personas}
    new = {p.id: p for p in after.personas.personas}
    kept = [pid for pid in old if pid in new]
    same = [
        pid
        for pid in kept
        if new[pid].name == old[pid].name
        and [q.text for q in new[pid].quotes] == [q.text for q in old[pid].quotes]
    ]
    old_t = {t.id for t in before.themes}
    new_t = {t.id for t in after.personas.themes}
    return {
        "personas": len(old),
        "ids": len(kept) / len(old) if old else 1.0,
        "names_quotes": len(same) / len(old) if old else 1.0,
        "themes": len(old_t & new_t) / len(old_t) if old_t else 1.0,
        "material": after.changes.get("summary", ""),
    }


def examples_run(fraction: float, seed: int, tmp: Path) -> dict:
    import pandas as pd

    from agent.refresh import refresh
    from core.settings import Settings
    from ingest.pipeline import ingest_paths
    from ui.serve import EXAMPLES, example_files

    folder = tmp / f"ex-{fraction}-{seed}"
    folder.mkdir()
    for p in example_files():
        (shutil.copytree if p.is_dir() else shutil.copy)(p, folder / p.name)
    tickets = pd.read_csv(EXAMPLES / "tickets.csv", dtype=str, keep_default_na=False)
    total = (
        len(tickets) + len(pd.read_csv(EXAMPLES / "reviews.csv")) + len(list((EXAMPLES / "calls").iterdir()))
    )
    held = tickets.sample(max(1, round(fraction * total)), random_state=seed)
    tickets.drop(held.index).to_csv(folder / "tickets.csv", index=False)
    settings = Settings(_env_file=None, workspace=folder / "ws")
    ingest_paths([folder / p.name for p in example_files()], settings=settings)
    before = refresh(settings, force=True).personas
    shutil.copy(EXAMPLES / "tickets.csv", folder / "tickets.csv")
    ingest_paths([folder / "tickets.csv"], settings=settings)
    after = refresh(settings)
    return {"added": len(held), **retention(before, after)}


def telco_run(fraction: float, seed: int, tmp: Path) -> dict:
    import pandas as pd

    from agent.refresh import refresh
    from core.settings import Settings
    from core.store import Store, save_accounts

    df = pd.read_csv(SHARED / "telco_churn" / "accounts.csv").rename(columns={"customerID": "customer_id"})
    df["Churn"] = (df["Churn"] == "Yes").astype(float)
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce")
    outcomes = {"Churn": "churn", "MonthlyCharges": "revenue", "TotalCharges": "revenue"}
    attrs = [c for c in df.columns if c not in ("customer_id", *outcomes)]
    held = df.sample(max(1, round(fraction * len(df))), random_state=seed)
    settings = Settings(_env_file=None, workspace=tmp / f"telco-{fraction}-{seed}" / "ws")
    schema = {"id_column": "customer_id", "outcomes": outcomes, "attributes": attrs}
    save_accounts(Store(settings).workspace, df.drop(held.index), schema)
    before = refresh(settings, force=True).personas
    save_accounts(Store(settings).workspace, df, schema)
    after = refresh(settings)
    return {"added": len(held), **retention(before, after)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--fractions", default="0.01,0.1")
    ap.add_argument("--no-record", action="store_true")
    args = ap.parse_args()
    fractions = [float(f) for f in args.fractions.split(",")]
    rows = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for name, run in (("examples", examples_run), ("telco", telco_run)):
            if name == "telco" and not SHARED.is_dir():
                continue
            for f in fractions:
                for seed in range(args.seeds):
                    r = run(f, seed, tmp)
                    rows.append((name, f, seed, r))
                    print(name, f, seed, r, flush=True)
    lines = [
        "| data | more data | seed | added | personas | ids kept | ids, names and quotes kept | theme ids kept | change report |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, f, seed, r in rows:
        lines.append(
            f"| {name} | +{f:.0%} | {seed} | {r['added']} | {r['personas']} | {r['ids']:.0%} | "
            f"{r['names_quotes']:.0%} | {r['themes']:.0%} | {r['material']} |"
        )
    body = (
        "Persona-id retention after a refresh with more data (goal 100%) and theme-id retention (goal ≥ 90%). "
        "Held-out records (examples: tickets; telco: accounts) are ingested after version 1; version 2 is "
        "built by an ordinary refresh. Command: `.venv/bin/python bench/stability.py "
        f"--seeds {args.seeds} --fractions {args.fractions}` ({time.perf_counter() - t0:.0f} s).\n\n"
        + "\n".join(lines)
    )
    print(body)
    if not args.no_record:
        record_section("Stability across refreshes", body)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    main()
