"""Reading a prospect's attributes out of free text, with the words that matched."""

import pandas as pd

from agent.extract import Extractor

ACCOUNTS = pd.DataFrame({
    "industry": ["Agency", "B2B SaaS", "E-commerce", "Agency"] * 5,
    "plan": ["Starter", "Growth", "Business", "Starter"] * 5,
    "employees": list(range(1, 21)),
    "sso": ["yes", "no"] * 10,
})


def test_headcount_in_the_ways_people_write_it():
    e = Extractor(ACCOUNTS, ["employees"])
    for text, n in [("We are a 4-person design agency", 4), ("a 30-strong studio", 30), ("team of 12", 12),
                    ("we have 250 employees", 250), ("about 1.5k staff", 1500)]:
        assert e.extract(text)["employees"].numeric == n, text


def test_categories_booleans_and_evidence_are_the_prospects_words():
    e = Extractor(ACCOUNTS, ["industry", "plan", "sso"])
    text = "Small agency on the Starter plan.\nSSO needed: no"
    found = e.extract(text)
    assert (found["industry"].value, found["plan"].value, found["sso"].value) == ("Agency", "Starter", "no")
    assert all(f.evidence in text for f in found.values())
    assert "industry" not in e.extract("We are not an agency, we're a bank.")
