"""A synthetic sales pipeline for the deal tests: accounts, deals (some joined by id, some by a noisy company
name, some unknown) and deal notes, with or without a planted low-converter group."""

from __future__ import annotations

import numpy as np
import pandas as pd

INDUSTRIES = ["Agency", "Software", "Retail", "Finance", "Health", "Education"]
REGIONS = ["EMEA", "NA", "APAC", "LATAM"]
SIZES = ["1-10", "11-50", "51-200", "201+"]
SOURCES = ["Web", "Partner", "Event", "Outbound", "Referral"]
SUFFIX = ["", " Inc.", " LTD", " GmbH", ", LLC", " inc"]


def pipeline(n_accounts: int = 1200, n_deals: int = 3000, planted: bool = True, seed: int = 0):
    """(accounts, deals, planted mask over deals): Agency prospects with 1–10 employees win 8% of closed
    deals (the rest 45%), take twice as long and lose for 'price' / 'no budget' reasons."""
    rng = np.random.default_rng(seed)
    acc = pd.DataFrame(
        {
            "customer_id": [f"A{i:05d}" for i in range(n_accounts)],
            "Company": [f"Company {i}" for i in range(n_accounts)],
            "industry": rng.choice(INDUSTRIES, n_accounts),
            "region": rng.choice(REGIONS, n_accounts),
            "size": rng.choice(SIZES, n_accounts),
        }
    )
    agencies = (acc["industry"] == "Agency").to_numpy() & (rng.random(n_accounts) < 0.6)
    acc.loc[agencies, "size"] = "1-10"  # agencies are mostly small
    which = rng.integers(0, n_accounts, n_deals)
    link = rng.random(n_deals)
    by_id, by_name = link < 0.5, (link >= 0.5) & (link < 0.9)
    deals = pd.DataFrame(
        {
            "deal_id": [f"D{i:06d}" for i in range(n_deals)],
            "source": "deals.csv",
            "account_id": np.where(by_id, acc["customer_id"].to_numpy()[which], None),
            "account_name": np.where(
                by_id | by_name,
                [
                    acc["Company"].iloc[w].upper()
                    if i % 3 == 0
                    else acc["Company"].iloc[w] + SUFFIX[i % len(SUFFIX)]
                    for i, w in enumerate(which)
                ],
                [f"Stranger {i}" for i in range(n_deals)],
            ),
        }
    )
    from core.vocab import company_key

    deals["company_key"] = deals["account_name"].map(company_key)
    deals["attr:lead_source"] = rng.choice(SOURCES, n_deals)
    known = by_id | by_name
    deals["attr:industry"] = np.where(known, None, rng.choice(INDUSTRIES, n_deals))
    deals["attr:size"] = np.where(known, None, rng.choice(SIZES, n_deals))
    small_agency = (deals["attr:industry"] == "Agency").to_numpy() & (rng.random(n_deals) < 0.6)
    deals.loc[small_agency, "attr:size"] = "1-10"
    ind = np.where(known, acc["industry"].to_numpy()[which], deals["attr:industry"])
    size = np.where(known, acc["size"].to_numpy()[which], deals["attr:size"])
    mask = (ind == "Agency") & (size == "1-10") if planted else np.zeros(n_deals, dtype=bool)
    p_win = np.where(mask, 0.08, 0.45)
    closed = rng.random(n_deals) < 0.8
    won = rng.random(n_deals) < p_win
    deals["status"] = np.where(~closed, "open", np.where(won, "won", "lost"))
    deals["stage"] = deals["status"].str.title()
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, n_deals), unit="D")
    cycle = rng.gamma(4, 12, n_deals) * np.where(mask, 2.0, 1.0)
    deals["created"] = start.strftime("%Y-%m-%d")
    deals["closed"] = np.where(
        closed, (start + pd.to_timedelta(cycle.round(), unit="D")).strftime("%Y-%m-%d"), None
    )
    deals["cycle_days"] = np.where(closed, cycle.round(), np.nan)
    deals["amount"] = rng.integers(10, 100, n_deals) * 100.0
    deals["product"] = rng.choice(["Starter", "Pro"], n_deals)
    deals["list_price"] = np.nan
    reasons = np.where(
        mask,
        rng.choice(["Price", "No budget"], n_deals),
        rng.choice(["Timing", "Competitor", "Features"], n_deals),
    )
    deals["loss_reason"] = np.where(deals["status"] == "lost", reasons, None)
    deals["activities"] = np.nan
    deals["meetings"] = np.nan
    return acc, deals, mask


def write(store, acc, deals, prices=None) -> None:
    from core.models import Record
    from core.store import save_accounts, save_deals

    save_accounts(store.workspace, acc, {"attributes": ["industry", "region", "size"], "outcomes": {}})
    save_deals(store.workspace, deals, {"prices": prices or {}})
    recs = [
        Record(
            id=f"deal:{d}",
            kind="deal_note",
            customer_id=None,
            text=f"Loss reason: {r}\nThey said {r.lower()} was the blocker on deal {d}.",
            source="deals.csv",
        )
        for d, r in zip(deals["deal_id"], deals["loss_reason"], strict=True)
        if isinstance(r, str)
    ]
    store.records.upsert(recs, {})
