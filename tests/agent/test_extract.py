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


TELCO_LIKE = pd.DataFrame({
    "OnlineBackup": ["Yes", "No", "No internet service"] * 4,
    "InternetService": ["DSL", "Fiber optic", "No"] * 4,
    "PaymentMethod": ["Electronic check", "Credit card (automatic)", "Bank transfer (automatic)", "Mailed check"] * 3,
})


def test_yes_no_with_a_not_applicable_value_and_values_with_a_qualifier():
    """CRM exports write services as Yes / No / "No internet service" and payment methods with a qualifier in
    brackets; a prospect writes "no online backup" and "pays by credit card (automatic)." or "by bank transfer"."""
    e = Extractor(TELCO_LIKE, list(TELCO_LIKE.columns))
    found = e.extract("Fiber optic internet. Interested in online backup. Pays by credit card (automatic).")
    assert (found["OnlineBackup"].value, found["PaymentMethod"].value) == ("Yes", "Credit card (automatic)")
    assert found["InternetService"].value == "Fiber optic"
    found = e.extract("No online backup. Payment: bank transfer.")
    assert (found["OnlineBackup"].value, found["PaymentMethod"].value) == ("No", "Bank transfer (automatic)")
    assert found["PaymentMethod"].evidence == "bank transfer"
    assert e.extract("Wants phone service, no internet service.")["InternetService"].value == "No"
