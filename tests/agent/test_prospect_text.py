"""Numbers read in context: only phrases about the company are its headcount."""

import pandas as pd
import pytest

from agent.extract import Extractor
from agent.prospect_text import company_size, counts


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("a 4-person design studio", 4),
        ("regional bank, 12,000 staff", 12000),
        ("B2B SaaS, 180 employees, annual contract", 180),
        ("We're a team of 5 and growing", 5),
        ("two-person shop", 2),
        ("headcount: 250", 250),
        ("12k employees worldwide", 12000),
        ("solo consultant, just me", 1),
        ("sales team of 12, 300 employees in total", 300),
        ("tiny business, just 2 of us", 2),
        ("finance team of 8", None),
        ("we manage 12 client accounts", None),
        ("retailer with 3 stores", None),
        ("40 users on the Growth plan", None),
        ("6 people in support", None),
        ("can you do 40% off for 3 months?", None),
    ],
)
def test_company_size_only_from_phrases_about_the_company(text, size):
    c = company_size(text)
    assert (c.value if c else None) == size
    if c:
        assert text[c.start : c.end]  # the span is the words that were read


def test_every_number_is_named_once():
    kinds = [(c.kind, c.value) for c in counts("Finance team of 8 at a 40-person agency with 12 client accounts")]
    assert kinds == [("department", 8), ("company", 40), ("other", 12)]


def test_extractor_reads_employees_in_context_and_industry_synonyms():
    df = pd.DataFrame(
        {
            "industry": ["Banking", "Insurance", "Healthcare", "Government", "Agency", "E-commerce", "Retail", "B2B SaaS"],
            "employees": [12000, 8000, 15000, 20000, 4, 12, 30, 180],
        }
    )
    df = pd.concat([df] * 2, ignore_index=True)
    df.loc[:, "employees"] = df["employees"] + df.index  # > 8 distinct values: a numeric column
    ex = Extractor(df, ["industry", "employees"])
    cases = {
        "Regional bank, 12,000 staff, our finance team of 8": ("Banking", 12000),
        "Large insurer with 8,000 employees": ("Insurance", 8000),
        "Hospital system, 15,000 staff": ("Healthcare", 15000),
        "Government agency, about 20,000 employees": ("Government", 20000),
        "4-person design studio": ("Agency", 4),
        "Online store selling candles, we have 3 stores too": ("E-commerce", None),
        "Retailer, 25 employees": ("Retail", 25),
    }
    for text, (industry, size) in cases.items():
        found = ex.extract(text)
        assert found["industry"].value == industry, text
        got = found.get("employees")
        assert (got.numeric if got else None) == size, text
        f = found["industry"]
        assert text[f.start : f.end] == f.evidence  # evidence is exactly the matched words
    assert "industry" not in ex.extract("We are not an agency; we sell software.")
