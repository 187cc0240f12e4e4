"""Ingest and refresh of a sales pipeline: 100,000 deals with 10,000 accounts (time, peak memory).

The data is generated (a Salesforce Opportunities export, its accounts table and a price list): deals join
accounts by AccountId (half), by a noisy company name (40%) or not at all; one planted group of prospects
(industry Public Sector) wins 6% of closed deals against about 40%. Every lost deal has a loss reason (a
deal_note record, embedded by the local model during ingest: that is most of the ingest time) and a quarter
also a description. Each phase runs in a fresh process; peak memory is that process's max RSS.

    .venv/bin/python bench/deals.py [--deals 100000 --accounts 10000] [--no-record]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, record_section

INDUSTRIES = ["Software", "Retail", "Finance", "Health", "Education", "Media", "Logistics", "Agency"]
REASONS = ["Price", "Competitor", "Timing", "No decision", "Missing feature"]
PUBLIC_REASONS = ["Procurement rules", "Budget freeze", "No decision"]
SUFFIX = ["", " Inc.", " LLC", " GmbH", " Ltd"]


def generate(out: Path, n_deals: int, n_accounts: int) -> None:
    import numpy as np

    rng = np.random.default_rng(11)
    ind = rng.choice(INDUSTRIES, n_accounts)
    emp = rng.integers(1, 5000, n_accounts)
    with (out / "accounts.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["customer_id", "company", "industry", "employees", "plan", "mrr", "churned"])
        for i in range(n_accounts):
            w.writerow(
                [
                    f"001A{i:06d}",
                    f"Company {i}",
                    ind[i],
                    emp[i],
                    rng.choice(["Starter", "Pro"]),
                    int(rng.integers(50, 2000)),
                    "yes" if rng.random() < 0.2 else "no",
                ]
            )
    with (out / "price_list.csv").open("w", newline="") as f:
        csv.writer(f).writerows([["Product", "List Price"], ["Starter", 1200], ["Pro", 6000]])
    cols = [
        "Id",
        "AccountId",
        "Account Name",
        "Name",
        "StageName",
        "Amount",
        "CloseDate",
        "CreatedDate",
        "Type",
        "LeadSource",
        "Industry",
        "IsClosed",
        "IsWon",
        "Product",
        "Loss_Reason__c",
        "Description",
    ]
    which = rng.integers(0, n_accounts, n_deals)
    link = rng.random(n_deals)
    public = rng.random(n_deals) < 0.06
    start = np.datetime64("2023-01-01") + rng.integers(0, 900, n_deals).astype("timedelta64[D]")
    cycle = (rng.gamma(4, 12, n_deals) * np.where(public, 2.5, 1.0)).astype(int) + 3
    closed = rng.random(n_deals) < 0.8
    won = rng.random(n_deals) < np.where(public, 0.06, 0.42)
    with (out / "opportunities.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for i in range(n_deals):
            a = which[i]
            known = link[i] < 0.9 and not public[i]
            acc_id = f"001A{a:06d}" if link[i] < 0.5 and known else ""
            name = (f"Company {a}" + SUFFIX[i % len(SUFFIX)]) if known else f"Prospect {i}"
            industry = "Public Sector" if public[i] else (ind[a] if known else rng.choice(INDUSTRIES))
            stage = (
                "Closed Won"
                if closed[i] and won[i]
                else ("Closed Lost" if closed[i] else "Proposal/Price Quote")
            )
            reason = rng.choice(PUBLIC_REASONS if public[i] else REASONS) if stage == "Closed Lost" else ""
            desc = (
                f"Lost after {cycle[i]} days: {reason.lower()} was the blocker."
                if reason and i % 4 == 0
                else ""
            )
            product = rng.choice(["Starter", "Pro"])
            amount = (1200 if product == "Starter" else 6000) * rng.uniform(0.6, 1.0)
            w.writerow(
                [
                    f"006D{i:08d}",
                    acc_id,
                    name,
                    f"Deal {i}",
                    stage,
                    round(amount),
                    str(start[i] + cycle[i]),
                    f"{start[i]}T09:00:00.000Z",
                    rng.choice(["New Business", "Existing Business"]),
                    rng.choice(["Web", "Partner", "Event", "Outbound"]),
                    industry,
                    str(bool(closed[i])).lower(),
                    str(bool(closed[i] and won[i])).lower(),
                    product,
                    reason,
                    desc,
                ]
            )


def phase(name: str, data: Path, ws: Path) -> dict:
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
import core
from core.settings import Settings
s = Settings(_env_file=None, workspace={str(ws)!r})
t = time.perf_counter()
out = {{}}
if {name!r} == "ingest":
    from ingest.pipeline import ingest_paths
    from pathlib import Path
    rep = ingest_paths([Path({str(data)!r}) / n for n in ("accounts.csv", "opportunities.csv", "price_list.csv")],
                       settings=s)
    out["files"] = [(f.file.rsplit("/", 1)[-1], f.kind, f.new, f.skipped) for f in rep.files]
else:
    from agent.refresh import refresh
    ps = refresh(s, force=True).personas
    out["deal_personas"] = [(p.name, p.implied.get("win_rate"), p.customers) for p in ps.deal_personas]
    out["customer_personas"] = len(ps.personas)
    out["deal_confirmation"] = ps.deal_confirmation.message if ps.deal_confirmation else None
out["seconds"] = time.perf_counter() - t
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--deals", type=int, default=100_000)
    ap.add_argument("--accounts", type=int, default=10_000)
    ap.add_argument("--no-record", action="store_true")
    args = ap.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        data, ws = Path(tmp) / "data", Path(tmp) / "ws"
        data.mkdir()
        t = time.perf_counter()
        generate(data, args.deals, args.accounts)
        gen = time.perf_counter() - t
        ing = phase("ingest", data, ws)
        ref = phase("refresh", data, ws)
        again = phase("ingest", data, ws)  # unchanged files: hash compares only
    load_after = os.getloadavg()[0]
    print(json.dumps({"generate_s": gen, "ingest": ing, "refresh": ref, "reingest": again}, indent=1))
    if args.no_record:
        return
    body = f"""`.venv/bin/python bench/deals.py --deals {args.deals} --accounts {args.accounts}`: a generated Salesforce
Opportunities export ({args.deals:,} deals; half join accounts by AccountId, 40% by a noisy company name, the
rest unknown), its accounts table ({args.accounts:,} rows) and a price list; every lost deal's loss reason
is a `deal_note` record embedded by the local model. Each phase in a fresh process (peak = its max RSS).
Load average {load:.1f} before, {load_after:.1f} after (2 cores shared with other sessions).

| phase | time | peak memory |
|---|---:|---:|
| ingest (accounts + deals + price list, deal notes embedded) | {ing["seconds"]:.1f} s | {ing["peak_mb"]:,.0f} MB |
| refresh (customer personas + pipeline personas, confirmation) | {ref["seconds"]:.1f} s | {ref["peak_mb"]:,.0f} MB |
| ingest again, nothing changed | {again["seconds"]:.1f} s | {again["peak_mb"]:,.0f} MB |

Ingested (file, kind, new rows or deal-note records, skipped): {ing["files"]}. Pipeline personas (name,
win rate, deals): {ref["deal_personas"]} ({ref["deal_confirmation"]}); the planted group is industry Public
Sector (about 6% of deals, win rate 6% against about 42%).
"""
    record_section("Sales pipeline: 100,000 deals with 10,000 accounts", body)


if __name__ == "__main__":
    main()
