#!/usr/bin/env python3
"""Build the fictional Tallywick example data set, deterministically.

Tallywick is an invented subscription-billing and revenue-analytics platform for B2B software companies.
This script assembles accounts, support tickets, reviews and call notes from the hand-written material in
`text_pools/` and writes them to a folder (default: the folder this script lives in):

    python examples/build_examples.py              # rewrite the committed files
    python examples/build_examples.py --out /tmp/x # write a fresh copy elsewhere

Every random choice comes from `random.Random` instances seeded from `--seed`, so the same seed always
produces byte-identical files. Texts are never templates: each record combines one to three hand-written
fragments (plus an optional greeting and sign-off), drawn from shuffled decks so that no fragment is
over-used. See README.md for the planted segments.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from text_pools import calls_base as cb  # noqa: E402
from text_pools import calls_planted as cp  # noqa: E402
from text_pools import names as nm  # noqa: E402
from text_pools import reviews as rv  # noqa: E402
from text_pools import tickets_base as tb  # noqa: E402
from text_pools import tickets_planted as tp  # noqa: E402
from text_pools import transcripts as tr  # noqa: E402

SEED = 20260304
REF = date(2026, 3, 1)  # "today" for the data set: active accounts run until here
WINDOW_START = date(2024, 7, 1)  # the exports cover feedback from here on
COMPANY = "Tallywick"

PLANTED = ("agency", "regulated", "trial", "ecom")
BASELINE = ("core", "enterprise_fit", "startup", "smb")

ACCOUNT_COLUMNS = [
    "customer_id",
    "company",
    "segment",
    "industry",
    "employees",
    "plan",
    "mrr",
    "discount_pct",
    "tenure_months",
    "churned",
    "ticket_count",
    "onboarding_sessions",
    "acquisition_channel",
    "contact_email",
]
TICKET_COLUMNS = [
    "Ticket ID",
    "Subject",
    "Description",
    "Status",
    "Priority",
    "Requester",
    "Requester email",
    "Organization ID",
    "Assignee",
    "Channel",
    "Created at",
    "Tags",
]
REVIEW_COLUMNS = [
    "review_id",
    "customer_id",
    "stars",
    "title",
    "body",
    "reviewer_role",
    "company_size",
    "date",
]

SEGMENT_RULES = {
    "agency": {"industry": ["Agency", "Freelance"], "employees_max": 10},
    "regulated": {"industry": ["Banking", "Insurance", "Healthcare", "Government"], "employees_min": 5000},
    "trial": {"plan": ["Starter"], "acquisition_channel": ["Promo code"], "onboarding_sessions_max": 0},
    "ecom": {"industry": ["E-commerce", "Retail"]},
}
IDEAL_RULE = {
    "industry": list(nm.SAAS_INDUSTRIES),
    "employees_min": 50,
    "employees_max": 500,
    "plan": ["Growth", "Business"],
}
SEGMENT_INFO = {
    "agency": {
        "name": "Tiny agencies and freelancers",
        "description": "1-10 person creative/marketing agencies and freelancers on Starter with 30-50% discounts. "
        "They need simple client invoicing with their own branding, not revenue analytics: they ask for "
        "white-label, multi-client workspaces, custom work and lower prices, send many urgent tickets "
        "and mostly churn when the intro discount ends.",
        "complaint_keywords": [
            "client",
            "white-label",
            "branding",
            "logo",
            "agency",
            "studio",
            "retainer",
            "discount",
            "price",
            "pricing",
            "urgent",
            "freelancer",
        ],
    },
    "regulated": {
        "name": "Large regulated enterprises expecting a different product",
        "description": "Banks, insurers, hospital systems and public bodies with 5,000+ staff who ran long, "
        "heavily discounted pilots. They need on-prem/in-region hosting, custom compliance controls, "
        "SCIM/SSO edge cases and procurement paperwork; usage stays low and most end after the pilot.",
        "complaint_keywords": [
            "security",
            "on-prem",
            "on-premise",
            "sso",
            "scim",
            "compliance",
            "procurement",
            "audit",
            "pilot",
            "data residency",
            "questionnaire",
            "encryption",
            "vendor risk",
        ],
    },
    "trial": {
        "name": "Promo-code signups who never onboard",
        "description": "Very small businesses that signed up on Starter through a promo code, skipped onboarding "
        "(0 sessions) and churn within a few months. They find setup confusing, ask for trial extensions, "
        "coupons and refunds.",
        "complaint_keywords": [
            "trial",
            "promo",
            "coupon",
            "confusing",
            "complicated",
            "setup",
            "refund",
            "free",
            "extend",
            "extension",
            "onboarding",
        ],
    },
    "ecom": {
        "name": "E-commerce and retail shops",
        "description": "Online shops and retailers that sell physical goods. They need inventory, POS, shipping "
        "and one-off orders, which Tallywick does not do, and file a steady stream of 'how do I' tickets.",
        "complaint_keywords": [
            "inventory",
            "shopify",
            "pos",
            "order",
            "products",
            "sku",
            "shipping",
            "how do i",
            "shop",
            "store",
            "physical",
        ],
    },
}


# --------------------------------------------------------------------------------------------- helpers


class Deck:
    """Deal items from a shuffled copy, reshuffling when empty, so every item is used about equally.

    A fragment may start with an industry tag such as `[Healthcare] ` or `[Banking/Insurance] `: it is then
    only dealt for those industries (`ind=`), and the tag is removed.
    """

    def __init__(self, items, rng: Random):
        self.items = list(items)
        self.rng = rng
        self.pile: list = []

    @staticmethod
    def _split(item) -> tuple[set[str] | None, object]:
        text = item[0] if isinstance(item, tuple) else item
        match = re.match(r"\[([A-Za-z/\- ]+)\] ", text)
        if not match:
            return None, item
        rest = text[match.end() :]
        return set(match.group(1).split("/")), ((rest, *item[1:]) if isinstance(item, tuple) else rest)

    def draw(self, avoid=(), ind: str | None = None):
        def ok(item) -> bool:
            tags, clean = self._split(item)
            return clean not in avoid and (tags is None or ind in tags)

        for _ in range(2):
            if not self.pile:
                self.pile = list(self.items)
                self.rng.shuffle(self.pile)
            for i in range(len(self.pile) - 1, -1, -1):
                if ok(self.pile[i]):
                    return self._split(self.pile.pop(i))[1]
            self.pile = []
        return self._split(self.rng.choice([x for x in self.items if ok(x)] or self.items))[1]


def months_before(d: date, months: int) -> date:
    return d - timedelta(days=round(months * 30.44))


def rand_date(rng: Random, lo: date, hi: date) -> date:
    span = max(0, (hi - lo).days)
    return lo + timedelta(days=rng.randint(0, span))


def rand_time(rng: Random, day: date) -> datetime:
    hour = rng.choices(
        range(24), weights=[1, 1, 1, 1, 1, 2, 3, 6, 9, 10, 10, 9, 7, 9, 10, 9, 8, 6, 4, 3, 3, 2, 2, 1]
    )[0]
    return datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), rng.randint(0, 59))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def segment_of(employees: int) -> str:
    if employees < 50:
        return "SMB"
    if employees < 1000:
        return "Mid-Market"
    return "Enterprise"


def company_size(employees: int) -> str:
    for hi, label in (
        (10, "1-10"),
        (50, "11-50"),
        (200, "51-200"),
        (500, "201-500"),
        (1000, "501-1000"),
        (5000, "1001-5000"),
    ):
        if employees <= hi:
            return f"{label} emp."
    return ">5000 emp."


def matches(rule: dict, row: dict) -> bool:
    """Machine-readable rule: `X_min`/`X_max` bound numeric column X (inclusive); other keys list allowed values."""
    for key, want in rule.items():
        if key.endswith(("_min", "_max")):
            col, bound = key[:-4], key[-3:]
            value = float(row[col])
            if (bound == "min" and value < want) or (bound == "max" and value > want):
                return False
        elif row[key] not in want:
            return False
    return True


def pool_group(group: str) -> str:
    return {"core": "base", "enterprise_fit": "base", "smb": "base"}.get(group, group)


# --------------------------------------------------------------------------------------------- accounts


@dataclass
class Contact:
    first: str
    last: str
    email: str
    role: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Account:
    group: str
    company: str
    industry: str
    employees: int
    plan: str
    discount_pct: int
    tenure_months: int
    churned: bool
    onboarding_sessions: int
    acquisition_channel: str
    list_price: int
    domain: str
    customer_id: str = ""
    contacts: list[Contact] = field(default_factory=list)
    start: date = REF
    end: date = REF
    ticket_count: int = 0

    @property
    def mrr(self) -> int:
        return round(self.list_price * (100 - self.discount_pct) / 100)

    def row(self) -> dict:
        return {
            "customer_id": self.customer_id,
            "company": self.company,
            "segment": segment_of(self.employees),
            "industry": self.industry,
            "employees": self.employees,
            "plan": self.plan,
            "mrr": self.mrr,
            "discount_pct": self.discount_pct,
            "tenure_months": self.tenure_months,
            "churned": "yes" if self.churned else "no",
            "ticket_count": self.ticket_count,
            "onboarding_sessions": self.onboarding_sessions,
            "acquisition_channel": self.acquisition_channel,
            "contact_email": self.contacts[0].email,
        }


def list_price(rng: Random, plan: str, employees: int) -> int:
    jitter = rng.uniform(0.9, 1.12)
    if plan == "Starter":
        base = 99 + min(employees, 20) * 6
    elif plan == "Growth":
        base = 450 + min(employees, 300) * 3
    elif plan == "Business":
        base = 1500 + min(employees, 600) * 6
    else:
        base = min(6000 + employees * 2, 24000)
    return int(round(base * jitter / 5) * 5)


def log_uniform(rng: Random, lo: int, hi: int) -> int:
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


class Namer:
    def __init__(self, rng: Random):
        self.rng = rng
        self.companies: set[str] = set()
        self.domains: set[str] = set()
        self.stems: set[str] = set()

    def domain(self, company: str) -> str:
        words = [w for w in re.findall(r"[a-z0-9]+", company.lower()) if w not in {"the", "co", "inc", "and"}]
        base = "".join(words[:2]) or "company"
        name, n = base, 2
        while name in self.domains:
            name, n = f"{base}{n}", n + 1
        self.domains.add(name)
        return f"{name}.test"

    def software(self) -> str:
        while True:
            stem = self.rng.choice(nm.STEM_PREFIXES) + self.rng.choice(nm.STEM_ROOTS)
            if stem in self.stems:
                continue
            self.stems.add(stem)
            suffix = self.rng.choice(nm.SOFTWARE_SUFFIXES) if self.rng.random() < 0.8 else ""
            name = f"{stem} {suffix}".strip()
            self.companies.add(name)
            return name

    def person(self) -> tuple[str, str]:
        return self.rng.choice(nm.FIRST_NAMES), self.rng.choice(nm.LAST_NAMES)


def make_contacts(rng: Random, namer: Namer, acct: Account, n: int) -> None:
    roles = list(nm.CUSTOMER_ROLES[pool_group(acct.group)])
    rng.shuffle(roles)
    seen = set()
    while len(acct.contacts) < n:
        first, last = namer.person()
        if (first, last) in seen:
            continue
        seen.add((first, last))
        local = f"{first}.{last}".lower().replace("-", "").replace(" ", "")
        if acct.industry == "Freelance" and not acct.contacts:
            first, last = acct.company.split()[:2]
            local = f"{first}.{last}".lower()
        acct.contacts.append(
            Contact(first, last, f"{local}@{acct.domain}", roles[len(acct.contacts) % len(roles)])
        )


def pick_churned(rng: Random, n: int, rate: float) -> set[int]:
    return set(rng.sample(range(n), round(n * rate)))


def make_accounts(seed: int) -> list[Account]:
    rng = Random(f"{seed}-accounts")
    namer = Namer(rng)
    out: list[Account] = []

    def add(
        group, company, industry, employees, plan, discount, tenure, churned, onboarding, channel, contacts
    ):
        acct = Account(
            group,
            company,
            industry,
            employees,
            plan,
            discount,
            tenure,
            churned,
            onboarding,
            channel,
            list_price(rng, plan, employees),
            namer.domain(company),
        )
        make_contacts(rng, namer, acct, contacts)
        out.append(acct)

    # Good fit: mid-market B2B software companies on Growth/Business.
    n = 146
    churn = pick_churned(rng, n, 0.10)
    for i in range(n):
        emp = log_uniform(rng, 50, 500)
        plan = "Business" if rng.random() < (0.7 if emp > 220 else 0.3) else "Growth"
        tenure = rng.randint(8, 40) if i in churn else rng.randint(6, 64)
        add(
            "core",
            namer.software(),
            rng.choice(nm.SAAS_INDUSTRIES),
            emp,
            plan,
            rng.choice([0, 0, 0, 0, 5, 5, 10, 10, 15, 20]),
            tenure,
            i in churn,
            rng.randint(2, 6),
            rng.choice(["Inbound demo", "Outbound", "Referral", "Partner", "Self-serve trial", "Event"]),
            rng.randint(2, 3),
        )
    # Larger software companies: healthy, not the sweet spot.
    n = 18
    churn = pick_churned(rng, n, 0.11)
    for i in range(n):
        emp = log_uniform(rng, 600, 4000)
        add(
            "enterprise_fit",
            namer.software(),
            rng.choice(nm.SAAS_INDUSTRIES),
            emp,
            "Enterprise" if rng.random() < 0.6 else "Business",
            rng.choice([10, 15, 20, 20, 25]),
            rng.randint(12, 60),
            i in churn,
            rng.randint(4, 9),
            rng.choice(["Outbound", "Inbound demo", "Event"]),
            rng.randint(2, 3),
        )
    # Counter-examples: small, fast-growing startups that look like "tiny" but are healthy.
    n = 14
    churn = pick_churned(rng, n, 0.07)
    for i in range(n):
        add(
            "startup",
            namer.software(),
            rng.choice(nm.SAAS_INDUSTRIES),
            rng.randint(8, 45),
            "Growth",
            rng.choice([0, 0, 5, 10]),
            rng.randint(3, 24),
            i in churn,
            rng.randint(2, 4),
            rng.choice(["Referral", "Accelerator program", "Inbound demo"]),
            rng.randint(1, 2),
        )
    # Other small and mid-sized businesses (including a few larger agencies): ordinary, slightly higher churn.
    smb = list(nm.SMB_NAMES)
    rng.shuffle(smb)
    n = 22
    churn = pick_churned(rng, n, 0.2)
    for i, (company, industry) in enumerate(smb[:n]):
        emp = log_uniform(rng, 25, 160) if industry == "Agency" else log_uniform(rng, 15, 160)
        channel = rng.choice(["Inbound demo", "Self-serve trial", "Referral", "Promo code", "Partner"])
        add(
            "smb",
            company,
            industry,
            emp,
            "Starter" if rng.random() < 0.4 else "Growth",
            rng.choice([0, 5, 10, 15, 20]),
            rng.randint(4, 48),
            i in churn,
            rng.randint(1, 4),
            channel,
            rng.randint(1, 2),
        )

    # Planted 1: tiny agencies and freelancers.
    agencies = list(nm.AGENCY_NAMES)
    rng.shuffle(agencies)
    n = 34
    churn = pick_churned(rng, n, 0.71)
    for i in range(n):
        if i < 20:
            company, industry, emp = agencies[i], "Agency", rng.choice([2, 3, 3, 4, 5, 6, 7, 8, 9, 10])
        else:
            first, last = namer.person()
            company = f"{first} {last} {rng.choice(nm.FREELANCE_TRADES)}"
            industry, emp = "Freelance", rng.choice([1, 1, 1, 2, 2, 3])
        tenure = rng.randint(2, 10) if i in churn else rng.randint(3, 20)
        add(
            "agency",
            company,
            industry,
            emp,
            "Starter" if rng.random() < 0.88 else "Growth",
            rng.choice([30, 35, 40, 40, 45, 50]),
            tenure,
            i in churn,
            rng.randint(0, 2),
            rng.choice(["Self-serve trial", "Partner directory", "Referral", "Social ad"]),
            1,
        )

    # Planted 2: large regulated enterprises that expected a different product.
    regulated = list(nm.REGULATED_NAMES)
    rng.shuffle(regulated)
    n = 16
    churn = pick_churned(rng, n, 0.69)
    for i, (company, industry) in enumerate(regulated[:n]):
        tenure = rng.randint(4, 12) if i in churn else rng.randint(6, 18)
        add(
            "regulated",
            company,
            industry,
            log_uniform(rng, 5000, 90000),
            "Enterprise",
            rng.choice([45, 50, 55, 60, 65, 70]),
            tenure,
            i in churn,
            rng.randint(10, 28),
            rng.choice(["Outbound", "RFP", "Event"]),
            rng.randint(3, 4),
        )

    # Planted 3: promo-code signups who never onboard.
    trial = list(nm.TRIAL_NAMES)
    rng.shuffle(trial)
    n = 28
    churn = pick_churned(rng, n, 0.79)
    for i, (company, industry) in enumerate(trial[:n]):
        tenure = rng.randint(1, 3) if i in churn else rng.randint(1, 5)
        add(
            "trial",
            company,
            industry,
            rng.choice([1, 1, 2, 2, 3, 4, 5, 6, 8, 12, 15]),
            "Starter",
            rng.choice([40, 50, 50, 60, 70]),
            tenure,
            i in churn,
            0,
            "Promo code",
            1,
        )

    # Planted 4: e-commerce and retail shops.
    shops = list(nm.ECOM_NAMES)
    rng.shuffle(shops)
    n = 22
    churn = pick_churned(rng, n, 0.55)
    for i, (company, industry) in enumerate(shops[:n]):
        tenure = rng.randint(2, 12) if i in churn else rng.randint(3, 24)
        add(
            "ecom",
            company,
            industry,
            log_uniform(rng, 3, 70),
            "Starter" if rng.random() < 0.55 else "Growth",
            rng.choice([10, 15, 20, 20, 25, 30]),
            tenure,
            i in churn,
            rng.randint(1, 3),
            rng.choice(["Self-serve trial", "Social ad", "Inbound demo"]),
            rng.randint(1, 2),
        )

    rng.shuffle(out)
    for i, acct in enumerate(out, start=1):
        acct.customer_id = f"C{i:04d}"
        if acct.churned:
            acct.end = rand_date(rng, date(2024, 10, 1), REF - timedelta(days=10))
        else:
            acct.end = REF
        acct.start = months_before(acct.end, acct.tenure_months)
    return out


def active_window(acct: Account) -> tuple[date, date]:
    lo = max(acct.start, WINDOW_START)
    hi = acct.end - timedelta(days=1)
    if (hi - lo).days < 20:
        lo = hi - timedelta(days=20)
    return lo, hi


# --------------------------------------------------------------------------------------------- tickets

TICKET_RATE = {
    "core": 1.3,
    "enterprise_fit": 2.0,
    "startup": 0.9,
    "smb": 1.4,
    "agency": 3.3,
    "regulated": 3.0,
    "trial": 2.2,
    "ecom": 2.7,
}

GREETINGS = {
    "base": [
        "Hi team,",
        "Hello,",
        "Hi Tallywick support,",
        "Hi there,",
        "Good morning,",
        "Hey folks,",
        "Hi all,",
        "Hi support,",
        "Hello Tallywick team,",
        "Morning!",
    ],
    "formal": [
        "Dear Tallywick Support,",
        "Dear Sir or Madam,",
        "Dear support team,",
        "Good afternoon,",
        "Dear Tallywick team,",
        "To the Tallywick support team,",
    ],
    "casual": ["hi", "hey", "Hi!", "Hello??", "hey there", "Hi guys,", "hello", "Hi again,"],
}
SIGNOFFS = {
    "base": [
        "Thanks,\n{first}",
        "Best,\n{first}",
        "Cheers,\n{first} {last}",
        "Thanks!\n{first}",
        "Regards,\n{first} {last}\n{role}",
        "thx\n{first}",
        "Many thanks,\n{first}",
        "Best regards,\n{first} {last}",
    ],
    "formal": [
        "Kind regards,\n{first} {last}\n{role}\n{company}",
        "Yours sincerely,\n{first} {last}",
        "Regards,\n{first} {last} | {role}",
        "With kind regards,\n{first} {last}\n{company}",
    ],
    "casual": [
        "{first}",
        "thanks",
        "Sent from my phone",
        "- {first}",
        "cheers",
        "ty!",
        "{first} ({company})",
    ],
}
SECOND_ISSUE = {
    "base": [
        "Also, while I have you:",
        "Second, unrelated issue:",
        "One more thing.",
        "Separately:",
        "And another thing:",
    ],
    "formal": ["Furthermore:", "In addition, please note the following.", "A second matter:"],
    "casual": ["oh and also", "also!!", "another thing -", "and while I'm here:"],
}
SUPPORT_AGENTS = [
    "Ravi Menon",
    "Aylin Kaya",
    "Marco Bellini",
    "Grace Mutua",
    "Pieter de Vries",
    "Sun-hee Cho",
]


def register(group: str, rng: Random) -> str:
    if group == "regulated":
        return "formal"
    if group in ("agency", "trial"):
        return "casual" if rng.random() < 0.6 else "base"
    if group == "ecom":
        return "casual" if rng.random() < 0.3 else "base"
    return "base"


def make_decks(seed: int, name: str, pools: dict) -> dict[str, Deck]:
    return {key: Deck(items, Random(f"{seed}-{name}-{key}")) for key, items in pools.items()}


def make_tickets(seed: int, accounts: list[Account]) -> list[dict]:
    rng = Random(f"{seed}-tickets")
    primary = make_decks(
        seed,
        "tp",
        {
            "base": tb.PRIMARY,
            "startup": tp.STARTUP,
            "agency": tp.AGENCY,
            "regulated": tp.REGULATED,
            "trial": tp.TRIAL,
            "ecom": tp.ECOM,
        },
    )
    extra = make_decks(
        seed,
        "te",
        {
            "base": tb.EXTRA,
            "startup": tp.STARTUP_EXTRA,
            "agency": tp.AGENCY_EXTRA,
            "regulated": tp.REGULATED_EXTRA,
            "trial": tp.TRIAL_EXTRA,
            "ecom": tp.ECOM_EXTRA,
        },
    )
    seen: set[str] = set()
    rows = []
    for acct in accounts:
        rate = TICKET_RATE[acct.group]
        count = max(0, round(rng.gauss(rate, rate * 0.5)))
        if acct.group in PLANTED and acct.churned:
            count += rng.randint(0, 1)
        lo, hi = active_window(acct)
        for _ in range(count):
            grp = pool_group(acct.group)
            pgrp = grp if grp != "startup" or rng.random() < 0.4 else "base"
            contact = rng.choice(acct.contacts)
            for _attempt in range(6):
                subject, body, tags = primary[pgrp].draw(ind=acct.industry)
                parts = [body]
                if rng.random() < 0.1:  # a second problem in the same message
                    _, body2, tags2 = primary[pgrp].draw(avoid=[(subject, body, tags)], ind=acct.industry)
                    parts.append(f"{rng.choice(SECOND_ISSUE[register(acct.group, rng)])}\n\n{body2}")
                    tags = [*tags, *tags2]
                for _e in range(rng.choices([0, 1, 2, 3], weights=[48, 36, 12, 4])[0]):
                    egrp = grp if grp != "startup" or rng.random() < 0.5 else "base"
                    parts.append(extra[egrp].draw(avoid=parts, ind=acct.industry))
                reg = register(acct.group, rng)
                greeted = re.match(r"(hi|hello|hey|dear|good (morning|afternoon))\b", body, re.I)
                if rng.random() < 0.6 and not greeted:
                    parts.insert(0, rng.choice(GREETINGS[reg]))
                if rng.random() < 0.55:
                    parts.append(
                        rng.choice(SIGNOFFS[reg]).format(
                            first=contact.first, last=contact.last, role=contact.role, company=acct.company
                        )
                    )
                text = "\n\n".join(parts)
                if text not in seen:
                    break
            seen.add(text)
            if rng.random() < 0.08:
                subject = f"Re: {subject}"
            elif acct.group == "regulated" and rng.random() < 0.3:
                subject = f"[EXTERNAL] {subject}"
            created = rand_time(rng, rand_date(rng, lo, hi))
            age = (datetime(REF.year, REF.month, REF.day) - created).days
            if acct.churned or age > 45:
                status = rng.choice(["Closed", "Closed", "Solved"])
            elif age > 14:
                status = rng.choice(["Solved", "Solved", "Pending", "Closed"])
            else:
                status = rng.choice(["New", "Open", "Open", "Pending"])
            if "urgent" in tags or "URGENT" in subject:
                priority = "Urgent"
            else:
                weights = {
                    "agency": [5, 30, 35, 30],
                    "regulated": [5, 40, 45, 10],
                    "trial": [20, 60, 15, 5],
                    "ecom": [20, 65, 12, 3],
                }.get(acct.group, [25, 55, 17, 3])
                priority = rng.choices(["Low", "Normal", "High", "Urgent"], weights=weights)[0]
            all_tags = list(dict.fromkeys([*tags, f"plan_{acct.plan.lower()}"]))
            rows.append(
                {
                    "Subject": subject,
                    "Description": text,
                    "Status": status,
                    "Priority": priority,
                    "Requester": contact.name,
                    "Requester email": contact.email,
                    "Organization ID": acct.customer_id,
                    "Assignee": rng.choice(SUPPORT_AGENTS),
                    "Channel": rng.choice(["email", "email", "web", "web", "chat"]),
                    "Created at": created,
                    "Tags": " ".join(all_tags),
                }
            )
    rows.sort(key=lambda r: (r["Created at"], r["Organization ID"]))
    ticket_id = 30215
    for row in rows:
        ticket_id += rng.randint(3, 40)
        row["Ticket ID"] = ticket_id
        row["Created at"] = row["Created at"].strftime("%Y-%m-%d %H:%M:%S")
    return rows


# --------------------------------------------------------------------------------------------- reviews

REVIEW_QUOTA = {"base": 215, "agency": 30, "regulated": 12, "trial": 22, "ecom": 21}
STARS = {"base": ([5, 4, 3, 2, 1], [42, 38, 13, 5, 2]), "planted": ([1, 2, 3, 4, 5], [30, 30, 22, 15, 3])}
SEG_REVIEW = {
    "agency": (rv.AGENCY_TITLES, rv.AGENCY_NEG, rv.AGENCY_POS),
    "regulated": (rv.REGULATED_TITLES, rv.REGULATED_NEG, rv.REGULATED_POS),
    "trial": (rv.TRIAL_TITLES, rv.TRIAL_NEG, rv.TRIAL_POS),
    "ecom": (rv.ECOM_TITLES, rv.ECOM_NEG, rv.ECOM_POS),
}


def make_reviews(seed: int, accounts: list[Account]) -> list[dict]:
    rng = Random(f"{seed}-reviews")
    decks = make_decks(
        seed,
        "rv",
        {
            "likes": rv.LIKES,
            "dislikes": rv.DISLIKES,
            "base_neg": rv.BASE_NEG,
            "startup": rv.STARTUP_LIKES,
            "t_pos": rv.TITLES_POS,
            "t_mixed": rv.TITLES_MIXED,
            "t_neg": rv.TITLES_NEG_BASE,
            "p_mixed": rv.PLANTED_MIXED_TITLES,
            "p_pos": rv.PLANTED_POS_TITLES,
            **{f"{k}_title": v[0] for k, v in SEG_REVIEW.items()},
            **{f"{k}_neg": v[1] for k, v in SEG_REVIEW.items()},
            **{f"{k}_pos": v[2] for k, v in SEG_REVIEW.items()},
        },
    )
    by_group: dict[str, list[Account]] = {}
    for acct in accounts:
        by_group.setdefault("base" if acct.group in BASELINE else acct.group, []).append(acct)
    seen: set[str] = set()
    rows = []
    for grp, quota in REVIEW_QUOTA.items():
        per_account: dict[str, int] = {}
        pool = by_group[grp]
        for _ in range(quota):
            while True:
                acct = rng.choice(pool)
                if per_account.get(acct.customer_id, 0) < 3:
                    break
            per_account[acct.customer_id] = per_account.get(acct.customer_id, 0) + 1
            values, weights = STARS["base" if grp == "base" else "planted"]
            stars = rng.choices(values, weights=weights)[0]
            ind = acct.industry
            for _attempt in range(6):
                parts: list[str] = []
                if grp == "base":
                    first = (
                        decks["startup"] if acct.group == "startup" and rng.random() < 0.6 else decks["likes"]
                    )
                    if stars == 5:
                        parts = [first.draw(ind=ind)]
                        if rng.random() < 0.4:
                            parts.append(decks["likes"].draw(avoid=parts, ind=ind))
                        if rng.random() < 0.35:
                            parts.append(decks["dislikes"].draw(ind=ind))
                        title = decks["t_pos"].draw(ind=ind)
                    elif stars == 4:
                        parts = [first.draw(ind=ind), decks["dislikes"].draw(ind=ind)]
                        if rng.random() < 0.25:
                            parts.insert(1, decks["likes"].draw(avoid=parts, ind=ind))
                        title = (
                            decks["t_pos"].draw(ind=ind)
                            if rng.random() < 0.6
                            else decks["t_mixed"].draw(ind=ind)
                        )
                    elif stars == 3:
                        parts = [decks["dislikes"].draw(ind=ind), first.draw(ind=ind)]
                        if rng.random() < 0.5:
                            parts.append(decks["dislikes"].draw(avoid=parts, ind=ind))
                        title = decks["t_mixed"].draw(ind=ind)
                    else:
                        parts = [decks["base_neg"].draw(ind=ind)]
                        if rng.random() < 0.6:
                            parts.append(decks["dislikes"].draw(ind=ind))
                        title = decks["t_neg"].draw(ind=ind)
                else:
                    neg, pos = decks[f"{grp}_neg"], decks[f"{grp}_pos"]
                    if stars <= 2:
                        parts = [neg.draw(ind=ind)]
                        if rng.random() < 0.7:
                            parts.append(neg.draw(avoid=parts, ind=ind))
                        if rng.random() < 0.25:
                            parts.insert(0, pos.draw(ind=ind))
                        title = decks[f"{grp}_title"].draw(ind=ind)
                    elif stars == 3:
                        parts = [pos.draw(ind=ind), neg.draw(ind=ind)]
                        if rng.random() < 0.5:
                            parts.append(neg.draw(avoid=parts, ind=ind))
                        title = (
                            decks[f"{grp}_title"].draw(ind=ind)
                            if rng.random() < 0.6
                            else decks["p_mixed"].draw(ind=ind)
                        )
                    elif stars == 4:
                        parts = [pos.draw(ind=ind), neg.draw(ind=ind)]
                        title = decks["p_mixed"].draw(ind=ind)
                    else:
                        parts = [pos.draw(ind=ind)]
                        parts.append(pos.draw(avoid=parts, ind=ind))
                        title = decks["p_pos"].draw(ind=ind)
                body = (" " if rng.random() < 0.6 else "\n\n").join(parts)
                if body not in seen:
                    break
            seen.add(body)
            lo, hi = active_window(acct)
            hi = min(REF - timedelta(days=1), hi + timedelta(days=30 if acct.churned else 0))
            role = rng.choice(nm.CUSTOMER_ROLES[pool_group(acct.group)])
            rows.append(
                {
                    "customer_id": acct.customer_id,
                    "stars": stars,
                    "title": title,
                    "body": body,
                    "reviewer_role": role,
                    "company_size": company_size(acct.employees),
                    "date": rand_date(rng, lo, hi).isoformat(),
                }
            )
    rows.sort(key=lambda r: (r["date"], r["customer_id"], r["title"]))
    rid = 48100
    for row in rows:
        rid += rng.randint(1, 9)
        row["review_id"] = f"G2-{rid}"
    return rows


# --------------------------------------------------------------------------------------------- calls

CALL_QUOTA = {"base": 74, "regulated": 19, "agency": 11, "trial": 5, "ecom": 11}
END_TYPES = {"Exit interview", "Pilot wrap-up", "Cancellation call"}
HEADINGS = [  # one style per note author, so the notes don't all look alike
    ("## Summary", "## What's working", "## Concerns", "## Quotes", "## Next steps"),
    ("### Context", "### Wins", "### Issues raised", "### Heard on the call", "### Follow-ups"),
    ("**Summary**", "**Highlights**", "**Risks**", "**Verbatim**", "**Action items**"),
    ("## Notes", "## Going well", "## Pain points", "## In their words", "## To do"),
]


# Where in an account's life a call of each type happens, as fractions of [start, end].
CALL_PHASE = {
    "Onboarding kickoff": (0.0, 0.08),
    "Pilot kickoff": (0.0, 0.12),
    "Onboarding attempt": (0.0, 0.3),
    "Security review": (0.1, 0.5),
    "Procurement call": (0.2, 0.7),
    "Pilot check-in": (0.3, 0.85),
    "Trial extension call": (0.3, 0.8),
}
STAFF_FOR = {
    "Onboarding kickoff": ("Onboarding Specialist", "CSM"),
    "Renewal call": ("CSM", "Account Executive"),
    "Expansion discussion": ("Account Executive", "CSM"),
    "Escalation review": ("CSM", "Support Lead"),
    "Escalation": ("Support Lead", "CSM"),
    "Onboarding attempt": ("Onboarding Specialist",),
    "How-to session": ("Onboarding Specialist", "Support Lead"),
    "Pricing discussion": ("CSM", "Account Executive"),
}


def call_range(acct: Account, ctype: str) -> tuple[date, date] | None:
    """The dates a call of this type can have for this account, or None when it doesn't fit."""
    lo, hi = active_window(acct)
    if ctype in END_TYPES:
        return (max(lo, hi - timedelta(days=20)), hi) if acct.churned else None
    if ctype in CALL_PHASE:
        a, b = CALL_PHASE[ctype]
        days = (acct.end - acct.start).days
        plo = acct.start + timedelta(days=round(days * a))
        phi = acct.start + timedelta(days=max(1, round(days * b)))
        lo, hi = max(lo, plo), min(hi, phi)
        return (lo, hi) if lo <= hi else None
    return lo, hi


def next_step_phase(ctype: str) -> str:
    if ctype in END_TYPES:
        return "end"
    if ctype in {"Onboarding kickoff", "Pilot kickoff", "Onboarding attempt", "Security review"}:
        return "start"
    if ctype in {"Renewal call", "Expansion discussion", "Pricing discussion", "Procurement call"}:
        return "renewal"
    return ""


def pick_staff(rng: Random, group: str, ctype: str) -> list[tuple[str, str]]:
    if group == "regulated":
        roles = ["Account Executive", "Solutions Engineer", "CSM"][: rng.randint(2, 3)]
    else:
        roles = list(STAFF_FOR.get(ctype, ("CSM",)))
        if len(roles) == 1 and rng.random() < 0.3:
            roles.append(rng.choice(["Account Executive", "Head of Customer Success"]))
    out = []
    for role in roles:
        out.append(rng.choice([s for s in nm.STAFF if s[1] == role]))
    return out


def call_pools(grp: str) -> dict:
    if grp == "base":
        return {
            "summary": cb.SUMMARY,
            "pos": cb.POSITIVES,
            "con": cb.CONCERNS,
            "quote": cb.QUOTES,
            "next": cb.NEXT_STEPS,
        }
    upper = grp.upper()
    return {
        "summary": getattr(cp, upper),
        "pos": getattr(cp, f"{upper}_POSITIVES", []),
        "con": getattr(cp, f"{upper}_CONCERNS"),
        "quote": getattr(cp, f"{upper}_QUOTES"),
        "next": getattr(cp, f"{upper}_NEXT"),
    }


def make_calls(seed: int, accounts: list[Account]) -> list[tuple[str, str]]:
    rng = Random(f"{seed}-calls")
    by_group: dict[str, list[Account]] = {}
    for acct in accounts:
        by_group.setdefault("base" if acct.group in BASELINE else acct.group, []).append(acct)
    files: list[tuple[str, str]] = []
    used_names: set[str] = set()
    for grp, quota in CALL_QUOTA.items():
        pools = call_pools(grp)
        summary_decks = {t: Deck(v, Random(f"{seed}-cs-{grp}-{t}")) for t, v in pools["summary"].items()}
        startup_deck = Deck(cb.STARTUP_SUMMARY, Random(f"{seed}-cs-startup"))
        decks = {k: Deck(pools[k], Random(f"{seed}-c-{grp}-{k}")) for k in ("pos", "con", "quote")}
        for tag in ("", "start", "renewal", "end"):  # next steps tagged "[end] ..." fit only some calls
            prefix = f"[{tag}] " if tag else ""
            steps = [
                x[len(prefix) :] for x in pools["next"] if (x.startswith(prefix) if tag else x[0] != "[")
            ]
            decks[f"next{tag}"] = Deck(steps, Random(f"{seed}-c-{grp}-next-{tag}"))
        pool = by_group[grp]
        weights = [{"enterprise_fit": 2.0, "startup": 0.8, "smb": 0.6}.get(a.group, 1.0) for a in pool]
        for _ in range(quota):
            while True:
                acct = rng.choices(pool, weights=weights)[0]
                ranges = {t: r for t in pools["summary"] if (r := call_range(acct, t))}
                if ranges:
                    break
            ctype = rng.choice(sorted(ranges))
            ind = acct.industry
            if acct.group == "startup" and rng.random() < 0.7 and "Check-in" in ranges:
                ctype, summary = "Check-in", [startup_deck.draw(ind=ind)]
            else:
                summary = [summary_decks[ctype].draw(ind=ind)]
            day = rand_date(rng, *ranges[ctype])
            staff = pick_staff(rng, acct.group, ctype)
            people = [f"{c.name} ({c.role})" for c in acct.contacts[: rng.randint(1, len(acct.contacts))]]
            people += [f"{name} ({role}, Tallywick)" for name, role in staff]
            title = rng.choice(
                [f"{ctype} — {acct.company}", f"{acct.company}: {ctype.lower()}", f"{ctype} ({acct.company})"]
            )
            front = f"---\ncustomer_id: {acct.customer_id}\ndate: {day.isoformat()}\ntitle: {title}\n---\n\n"
            shape = rng.choices(["short", "medium", "long"], weights=[25, 40, 35])[0]
            if shape == "short":
                ext = "txt"
                header = rng.choice(
                    [
                        f"{acct.company} - {day.strftime('%d %b %Y')}",
                        f"call notes ({staff[0][0]})",
                        f"{title}",
                        f"{day.strftime('%d/%m')} {acct.company}",
                    ]
                )
                lines = [header, "", "\n\n".join(summary)]
                if rng.random() < 0.6:
                    lines += ["", decks["con"].draw(ind=ind)]
                body = "\n".join(lines) + "\n"
            else:
                ext = "md"
                h = HEADINGS[nm.STAFF.index(staff[0]) % len(HEADINGS)]
                out = [
                    f"# {title}",
                    "",
                    f"**Attendees:** {', '.join(people)}",
                    "",
                    h[0],
                    "",
                    "\n\n".join(summary),
                ]
                if shape == "long":
                    if pools["pos"] and rng.random() < 0.85:
                        picks = []
                        for _k in range(rng.randint(1, 3)):
                            picks.append(decks["pos"].draw(avoid=picks, ind=ind))
                        out += ["", h[1], "", *[f"- {p}" for p in picks]]
                    picks = []
                    for _k in range(rng.randint(1, 3)):
                        picks.append(decks["con"].draw(avoid=picks, ind=ind))
                    out += ["", h[2], "", *[f"- {p}" for p in picks]]
                    if rng.random() < 0.7:
                        out += ["", h[3], "", f"> {decks['quote'].draw(ind=ind)}"]
                picks = []
                phase = next_step_phase(ctype)
                if phase and decks[f"next{phase}"].items and rng.random() < 0.8:
                    picks.append(decks[f"next{phase}"].draw(ind=ind))
                for _k in range(rng.randint(1, 4) - len(picks)):
                    picks.append(decks["next"].draw(avoid=picks, ind=ind))
                out += ["", h[4], "", *[f"- [ ] {p}" for p in picks]]
                if shape == "long":
                    if ctype in END_TYPES:
                        health = "churned"
                    elif acct.group in PLANTED or ctype == "Escalation review":
                        health = rng.choice(["red", "red", "yellow"])
                    else:
                        health = rng.choice(cb.HEALTH)
                    out += ["", f"Health: **{health}**"]
                body = "\n".join(out) + "\n"
            name = f"{acct.customer_id}-{day.isoformat()}-{slug(ctype)}"
            while name in used_names:
                name += "-b"
            used_names.add(name)
            files.append((f"{name}.{ext}", front + body))
    files += make_transcripts(seed, accounts)
    return sorted(files)


def vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def make_transcripts(seed: int, accounts: list[Account]) -> list[tuple[str, str]]:
    rng = Random(f"{seed}-vtt")
    core = sorted(
        (a for a in accounts if a.group == "core" and not a.churned and len(a.contacts) >= 2),
        key=lambda a: a.customer_id,
    )
    regulated = sorted(
        (a for a in accounts if a.group == "regulated" and len(a.contacts) >= 3), key=lambda a: a.customer_id
    )
    files = []
    for script, acct, ctype, style in (
        (tr.RENEWAL, rng.choice(core), "Renewal call", "voice"),
        (tr.SECURITY, rng.choice(regulated), "Security review", "prefix"),
    ):
        day = rand_date(rng, *(call_range(acct, ctype) or active_window(acct)))
        staff = {"csm": "Maya Okonkwo", "ae": "Owen Mbeki", "se": "Lena Fischer"}
        speakers = {**staff, **{f"c{i + 1}": c.name for i, c in enumerate(acct.contacts)}}
        cues = [
            f"WEBVTT\n\nNOTE\ncustomer_id: {acct.customer_id}\ndate: {day.isoformat()}\n"
            f"title: {ctype} — {acct.company} (recording transcript)\n"
        ]
        t = rng.uniform(1, 3)
        for i, raw in enumerate(script.strip().splitlines(), start=1):
            key, _, text = raw.partition("|")
            dur = 1.2 + len(text.split()) * 0.36 + rng.uniform(0, 1.5)
            who = speakers[key]
            line = f"<v {who}>{text}" if style == "voice" else f"{who}: {text}"
            cues.append(f"{i}\n{vtt_time(t)} --> {vtt_time(t + dur)}\n{line}\n")
            t += dur + rng.uniform(0.2, 1.8)
        files.append((f"{acct.customer_id}-{day.isoformat()}-{slug(ctype)}-transcript.vtt", "\n".join(cues)))
    return files


# --------------------------------------------------------------------------------------------- assembly


def finish_ticket_counts(seed: int, accounts: list[Account], tickets: list[dict]) -> None:
    rng = Random(f"{seed}-ticket-count")
    exported: dict[str, int] = {}
    for row in tickets:
        exported[row["Organization ID"]] = exported.get(row["Organization ID"], 0) + 1
    for acct in accounts:
        if acct.group in PLANTED:
            extra = {"agency": (3, 12), "regulated": (5, 15), "trial": (1, 4), "ecom": (3, 10)}[acct.group]
            more = rng.randint(*extra)
        else:
            more = sum(rng.random() < 0.06 for _ in range(acct.tenure_months))
        acct.ticket_count = exported.get(acct.customer_id, 0) + more


def stats(rows: list[dict], tickets_by_id: dict[str, int]) -> dict:
    n = len(rows)
    if not n:
        return {}
    return {
        "accounts": n,
        "churn_rate": round(sum(r["churned"] == "yes" for r in rows) / n, 3),
        "ticket_count_mean": round(sum(r["ticket_count"] for r in rows) / n, 2),
        "exported_tickets_per_account": round(
            sum(tickets_by_id.get(r["customer_id"], 0) for r in rows) / n, 2
        ),
        "discount_pct_mean": round(sum(r["discount_pct"] for r in rows) / n, 1),
        "mrr_mean": round(sum(r["mrr"] for r in rows) / n, 1),
        "tenure_months_mean": round(sum(r["tenure_months"] for r in rows) / n, 1),
        "onboarding_sessions_mean": round(sum(r["onboarding_sessions"] for r in rows) / n, 1),
    }


def make_planted(accounts: list[Account], tickets: list[dict]) -> dict:
    rows = [a.row() for a in accounts]
    tickets_by_id: dict[str, int] = {}
    for t in tickets:
        tickets_by_id[t["Organization ID"]] = tickets_by_id.get(t["Organization ID"], 0) + 1
    segments = []
    planted_ids: set[str] = set()
    for key in PLANTED:
        members = [r for r in rows if matches(SEGMENT_RULES[key], r)]
        planted_ids |= {r["customer_id"] for r in members}
        info = SEGMENT_INFO[key]
        segments.append(
            {
                "key": key,
                "name": info["name"],
                "description": info["description"],
                "rule": SEGMENT_RULES[key],
                "customer_ids": [r["customer_id"] for r in members],
                "complaint_keywords": info["complaint_keywords"],
                "stats": stats(members, tickets_by_id),
            }
        )
    ideal = [r for r in rows if matches(IDEAL_RULE, r)]
    baseline = [r for r in rows if r["customer_id"] not in planted_ids]
    startups = [a.row() for a in accounts if a.group == "startup"]
    return {
        "company": COMPANY,
        "about": "Fictional data set: the company, its customers and all people are invented.",
        "keyword_match": "case-insensitive whole words or phrases, optional plural s/es",
        "rule_format": "Each key is an accounts.csv column. A list means the value must be one of the items; "
        "a key ending in _min or _max is an inclusive numeric bound on the column without that suffix. "
        "All conditions must hold.",
        "segments": segments,
        "ideal": {
            "key": "ideal",
            "name": "Mid-market B2B software companies",
            "description": "B2B software companies with 50-500 employees on the Growth or Business plan: they use "
            "billing and revenue analytics together, onboard in weeks, renew, and expand.",
            "rule": IDEAL_RULE,
            "customer_ids": [r["customer_id"] for r in ideal],
            "stats": stats(ideal, tickets_by_id),
        },
        "counter_examples": {
            "key": "fast_growing_startups",
            "name": "Small but fast-growing software startups",
            "description": "Look small (8-45 employees) but are healthy: low churn, few tickets, little discount. "
            "A persona built on size alone would wrongly flag them.",
            "customer_ids": [r["customer_id"] for r in startups],
            "stats": stats(startups, tickets_by_id),
        },
        "baseline": {
            "description": "All accounts that are in no planted segment.",
            "stats": stats(baseline, tickets_by_id),
        },
    }


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row[c] for c in columns})


def build(out: Path, seed: int = SEED) -> dict:
    accounts = make_accounts(seed)
    tickets = make_tickets(seed, accounts)
    reviews = make_reviews(seed, accounts)
    calls = make_calls(seed, accounts)
    finish_ticket_counts(seed, accounts, tickets)
    planted = make_planted(accounts, tickets)

    out.mkdir(parents=True, exist_ok=True)
    calls_dir = out / "calls"
    calls_dir.mkdir(exist_ok=True)
    for old in calls_dir.iterdir():
        if old.suffix in {".md", ".txt", ".vtt"}:
            old.unlink()
    write_csv(
        out / "accounts.csv",
        ACCOUNT_COLUMNS,
        sorted((a.row() for a in accounts), key=lambda r: r["customer_id"]),
    )
    write_csv(out / "tickets.csv", TICKET_COLUMNS, tickets)
    write_csv(out / "reviews.csv", REVIEW_COLUMNS, reviews)
    for name, text in calls:
        (calls_dir / name).write_text(text, encoding="utf-8", newline="\n")
    (out / "planted.json").write_text(
        json.dumps(planted, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    from build_deals import write_deals

    deals = write_deals(out, sorted((a.row() for a in accounts), key=lambda r: r["customer_id"]), seed, REF)
    return {"accounts": len(accounts), "tickets": len(tickets), "reviews": len(reviews), "calls": len(calls),
            "deals": deals}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE, help="output folder (default: this script's folder)"
    )
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (default: %(default)s)")
    args = parser.parse_args(argv)
    counts = build(args.out, args.seed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()), f"-> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
