"""Tallywick's sales pipeline: a HubSpot deals export (`deals.csv`), a price list (`price_list.csv`) and the
planted low-converter segment (`planted_deals.json`). Deterministic; called by build_examples.py.

Every account has the won deal that made it a customer (its plan, list price and discount: the concession);
about half name the account by its id, the rest only by company name with suffix noise (Inc., LLC, GmbH,
upper case). Prospects who never became customers have lost or open deals with their own industry, size
and source. A few won deals belong to companies the accounts export does not list yet.

Planted: **public-sector prospects** (industry "Public Sector": agencies, municipalities, universities'
administrations) engage, take demos, drag procurement out and rarely buy: they win about 5% of closed deals
against about 45% for everyone else, take 2.5x as long to close, and lose for procurement, tender and
budget-freeze reasons. None of them is a customer, so no ticket, review or call mentions them: only the
pipeline shows this persona.
"""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path
from random import Random

COLUMNS = [
    "Record ID",
    "Deal Name",
    "Deal Stage",
    "Amount",
    "Create Date",
    "Close Date",
    "Associated Company",
    "Associated Company ID",
    "Industry",
    "Number of Employees",
    "Original Source",
    "Product",
    "Closed Lost Reason",
    "Deal Description",
]
PRICES = {"Starter": 1_800, "Growth": 9_600, "Business": 30_000, "Enterprise": 90_000}
OPEN_STAGES = [
    "Appointment Scheduled",
    "Qualified To Buy",
    "Presentation Scheduled",
    "Decision Maker Bought-In",
    "Contract Sent",
]
SOURCES = [
    "Organic Search",
    "Paid Search",
    "Referrals",
    "Direct Traffic",
    "Social Media",
    "Offline Sources",
    "Email Marketing",
]
INDUSTRIES = [
    "Vertical SaaS",
    "B2B SaaS",
    "Developer Tools",
    "Marketing Tech",
    "Fintech",
    "EdTech",
    "Data & Analytics",
    "HR Tech",
    "E-commerce",
    "Security Software",
    "Consulting",
    "Retail",
    "Media",
]
SUFFIXES = [" Inc.", " LLC", " GmbH", " Ltd", ", Inc", ""]
PUBLIC = "Public Sector"
PUBLIC_NAMES = [
    "County of",
    "City of",
    "Department of",
    "Office of",
    "Borough of",
    "State Agency for",
    "Municipality of",
    "Public Authority of",
]
PLACES = [
    "Ashford",
    "Brookvale",
    "Carden",
    "Dunmore",
    "Elsworth",
    "Fairhaven",
    "Glenrock",
    "Harlow",
    "Ivydale",
    "Kingsmere",
    "Lakeby",
    "Millbrook",
    "Northam",
    "Oakridge",
    "Pembury",
    "Queensbury",
    "Redcliff",
    "Stonebridge",
    "Thornbury",
    "Westfield",
]
PUBLIC_LOSSES = [
    ("Procurement rules", "Procurement requires a public tender and our offer could not be entered in time."),
    ("Budget freeze", "Their budget was frozen until the next fiscal year, so nothing could be signed."),
    ("Procurement rules", "They need three comparable quotes and a framework agreement we are not on."),
    ("Data residency", "Their data must stay in a government cloud region we do not offer."),
    ("Budget freeze", "The council postponed every software purchase after the budget review."),
    ("No decision", "After six demos the committee still had not decided and went quiet."),
]
OTHER_LOSSES = [
    ("Competitor", "They chose Chargebee because their finance team already knew it."),
    ("Price", "The Growth plan was above what they wanted to spend this year."),
    ("Timing", "They want to revisit after their next funding round."),
    ("Missing feature", "They needed multi-entity consolidation that we do not have yet."),
    ("Competitor", "They went with Maxio for the revenue recognition module."),
    ("No decision", "The champion left the company and the project stalled."),
]
SEED_OFFSET = 13


def _day(rng: Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _cycle(rng: Random, public: bool) -> int:
    days = rng.gammavariate(4.0, 11.0) * (2.5 if public else 1.0)
    return max(7, round(days))


def _name(rng: Random, company: str) -> str:
    if rng.random() < 0.3:
        return company.upper()
    return company + rng.choice(SUFFIXES)


def make_deals(accounts: list[dict], seed: int, today: date) -> tuple[list[dict], dict]:
    """Deal rows (HubSpot column names) and the planted truth."""
    rng = Random(seed + SEED_OFFSET)
    rows: list[dict] = []
    n = 0

    def add(
        company: str,
        company_id: str,
        industry: str,
        employees: int,
        stage: str,
        amount: float,
        created: date,
        closed: date | None,
        product: str,
        reason: str = "",
        note: str = "",
    ) -> None:
        nonlocal n
        n += 1
        rows.append(
            {
                "Record ID": str(40_000_000 + n * 7),
                "Deal Name": f"{company} - {product or 'Tallywick'}",
                "Deal Stage": stage,
                "Amount": f"{amount:.0f}",
                "Create Date": f"{created.isoformat()} 09:{n % 60:02d}",
                "Close Date": f"{closed.isoformat()} 17:00" if closed else "",
                "Associated Company": company,
                "Associated Company ID": company_id,
                "Industry": industry,
                "Number of Employees": str(employees),
                "Original Source": rng.choice(SOURCES),
                "Product": product,
                "Closed Lost Reason": reason,
                "Deal Description": note,
            }
        )

    lo, hi = date(2023, 1, 1), today - timedelta(days=20)
    for a in accounts:
        price = PRICES[a["plan"]]
        amount = price * (100 - int(a["discount_pct"])) / 100
        closed = _day(rng, lo + timedelta(days=60), hi)
        created = closed - timedelta(days=_cycle(rng, False))
        by_id = rng.random() < 0.5
        add(
            a["company"] if by_id else _name(rng, a["company"]),
            a["customer_id"] if by_id else "",
            a["industry"],
            int(a["employees"]),
            "Closed Won",
            amount,
            created,
            closed,
            a["plan"],
        )
    public_ids: list[str] = []
    for i in range(760):
        public = i % 6 == 0
        if public:
            company = f"{rng.choice(PUBLIC_NAMES)} {rng.choice(PLACES)} {i}"
            industry, employees = PUBLIC, rng.choice([40, 120, 300, 800, 2_500, 9_000])
        else:
            company = f"Prospect {rng.choice(PLACES)} Labs {i}"
            industry, employees = rng.choice(INDUSTRIES), round(10 ** rng.uniform(0.7, 3.3))
        product = rng.choice(["Starter", "Growth", "Growth", "Business", "Enterprise"])
        amount = PRICES[product] * rng.uniform(0.9, 1.0)
        created = _day(rng, lo, hi)
        closed = created + timedelta(days=_cycle(rng, public))
        still_open = closed > today or rng.random() < 0.15
        wins = public and rng.random() < 0.05
        if public:
            public_ids.append(str(40_000_000 + (n + 1) * 7))
        if still_open:
            add(company, "", industry, employees, rng.choice(OPEN_STAGES), amount, created, None, product)
        elif wins:  # a customer the accounts export does not list yet
            add(company, "", industry, employees, "Closed Won", amount, created, closed, product)
        else:
            reason, note = rng.choice(PUBLIC_LOSSES if public else OTHER_LOSSES)
            add(
                company,
                "",
                industry,
                employees,
                "Closed Lost",
                amount,
                created,
                closed,
                product,
                reason,
                note,
            )
    truth = {
        "about": "Fictional pipeline: every company and deal is invented.",
        "low_converter": {
            "key": "public_sector",
            "name": "Public-sector prospects who rarely buy",
            "rule": {"Industry": [PUBLIC]},
            "deal_ids": public_ids,
            "loss_reasons": sorted({r for r, _ in PUBLIC_LOSSES}),
        },
        "prices": PRICES,
    }
    return rows, truth


def write_deals(out: Path, accounts: list[dict], seed: int, today: date) -> int:
    rows, truth = make_deals(accounts, seed, today)
    with (out / "deals.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with (out / "price_list.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Product", "List Price"])
        w.writerows([[p, v] for p, v in PRICES.items()])
    (out / "planted_deals.json").write_text(json.dumps(truth, indent=2) + "\n", encoding="utf-8")
    return len(rows)
