"""Industry vocabulary: the words people use for a kind of business, mapped onto a workspace's own values.

A prospect writes "regional bank", "insurer", "hospital system", "city council" or "Shopify store"; the
accounts table says `Banking`, `Insurance`, `Healthcare`, `Government`, `E-commerce`. The table's values
decide what can be matched (nothing here is specific to one data set): each value is linked to the
concepts below whose names it shares a word with, and then matches every term of those concepts.
Pure data and functions; the extractor (agent/extract.py) turns the terms into patterns.
"""

from __future__ import annotations

import re

# concept -> (words that name the concept in a column value, terms a prospect uses for it)
CONCEPTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "banking": (
        ("bank", "banking", "banks", "financial institution", "credit union", "lending"),
        ("bank", "banks", "banking", "credit union", "building society", "lender", "savings and loan",
         "financial institution", "retail bank", "commercial bank", "investment bank"),
    ),
    "insurance": (
        ("insurance", "insurer", "insurers", "insurtech"),
        ("insurer", "insurers", "insurance", "insurance company", "insurance carrier", "underwriter",
         "reinsurer", "mutual insurer"),
    ),
    "healthcare": (
        ("healthcare", "health care", "health", "hospital", "hospitals", "medical", "pharma", "life sciences"),
        ("hospital", "hospitals", "hospital system", "health system", "healthcare", "health care", "clinic",
         "clinics", "medical center", "medical centre", "health trust", "nhs trust", "care provider"),
    ),
    "government": (
        ("government", "public sector", "public", "gov", "govt", "federal", "municipal", "state"),
        ("government", "government agency", "federal agency", "state agency", "public body",
         "public sector", "public authority", "ministry", "municipality", "city council", "county council",
         "local authority", "council", "federal", "municipal"),
    ),
    "agency": (
        ("agency", "agencies", "studio", "creative"),
        ("agency", "agencies", "studio", "design studio", "creative studio", "web studio", "creative agency",
         "marketing agency", "digital agency", "design shop", "creative shop"),
    ),
    "freelance": (
        ("freelance", "freelancer", "freelancers", "self-employed", "solo"),
        ("freelancer", "freelancers", "freelance", "self-employed", "solo consultant", "one-person business",
         "independent contractor", "solopreneur", "sole trader", "sole proprietor"),
    ),
    "ecommerce": (
        ("e-commerce", "ecommerce", "online retail", "online store", "webshop", "d2c", "dtc"),
        ("e-commerce", "ecommerce", "online store", "online shop", "web shop", "webshop", "shopify store",
         "d2c brand", "dtc brand", "direct-to-consumer", "sell online", "sells online", "online retailer"),
    ),
    "retail": (
        ("retail", "retailer", "retailers", "shop", "shops", "store", "stores"),
        ("retailer", "retail", "retail chain", "shop", "shops", "store", "stores", "boutique",
         "brick-and-mortar", "brick and mortar", "high street"),
    ),
    "nonprofit": (
        ("nonprofit", "non-profit", "not-for-profit", "charity", "ngo"),
        ("nonprofit", "non-profit", "not-for-profit", "charity", "ngo", "foundation"),
    ),
    "education": (
        ("education", "school", "university", "higher education"),
        ("school", "schools", "university", "college", "school district", "academy"),
    ),
    "saas": (
        ("saas", "software"),
        ("saas", "b2b saas", "software company", "software business", "b2b software", "saas company",
         "saas startup", "software startup"),
    ),
}
# a term that reads as another concept inside a longer phrase ("government agency" is not an agency)
_SHADOWED_BY = {"agency": ("government", "federal", "state", "public", "insurance", "travel", "staffing")}


def _words(value: str) -> set[str]:
    low = value.lower()
    toks = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", low))
    return toks | {low.strip()} | {t.replace("-", "") for t in toks}


def concepts_for(value: str) -> list[str]:
    """The concepts a column value stands for: `Banking` -> [banking], `Healthcare` -> [healthcare]."""
    words = _words(value)
    low = value.strip().lower()
    out = []
    for name, (naming, _terms) in CONCEPTS.items():
        if any(n == low or (" " not in n and n in words) or (" " in n and n in low) for n in naming):
            out.append(name)
    return out


def synonyms(values: list[str]) -> dict[str, list[str]]:
    """value -> prospect terms for it, built from the workspace's own values.

    A concept linked to several values (`saas` to `B2B SaaS` and `Vertical SaaS`) goes to the value that
    names it most closely, so a term never points at two values; the value's own name always matches.
    """
    by_concept: dict[str, list[str]] = {}
    for v in values:
        for c in concepts_for(v):
            by_concept.setdefault(c, []).append(v)
    out: dict[str, list[str]] = {v: [] for v in values}
    for c, vs in by_concept.items():
        naming = CONCEPTS[c][0]
        best = min(vs, key=lambda v: (0 if v.strip().lower() in naming else 1, len(v)))
        out[best].extend(CONCEPTS[c][1])
    return {v: sorted(set(ts), key=len, reverse=True) for v, ts in out.items() if ts}


def shadowed(concept_term: str, text: str, start: int) -> bool:
    """True when the word before a match turns it into another kind of business ("government agency")."""
    before = text[max(0, start - 20) : start].lower().split()
    return bool(before) and before[-1] in _SHADOWED_BY.get(concept_term.lower(), ())


def is_industry_column(column: str) -> bool:
    """Columns whose values are kinds of business (synonyms apply only there)."""
    low = column.lower()
    return any(w in low for w in ("industry", "sector", "vertical", "business_type", "business type", "niche"))
