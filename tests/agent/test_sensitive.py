"""Sensitive attributes never define a persona, never enter the verdict's model, never move a verdict."""

import pandas as pd
import pytest

from agent import sensitive
from agent.costs import Analyzer, build_entities
from agent.refresh import refresh
from agent.verdict import Checker
from core.settings import Settings
from core.store import Store

TELCO_SENSITIVE = {"gender", "SeniorCitizen", "Partner", "Dependents"}


@pytest.mark.parametrize(
    "column",
    [
        "gender",
        "Sex",
        "SeniorCitizen",
        "Partner",
        "Dependents",
        "age",
        "AgeBand",
        "age_group",
        "Marital Status",
        "ethnicity",
        "Race",
        "religion",
        "disability",
        "nationality",
        "citizenship",
        "sexual_orientation",
        "date_of_birth",
        "pregnant",
        "number_of_children",
    ],
)
def test_sensitive_column_names_are_recognised(column):
    assert sensitive.category_by_name(column) is not None


@pytest.mark.parametrize(
    "column",
    [
        "industry",
        "employees",
        "plan",
        "account_age",
        "company_age_years",
        "health_score",
        "account health",
        "acquisition_channel",
        "partner_tier",
        "Contract",
        "PaymentMethod",
        "tenure",
        "usage",
        "page_views",
        "region",
        "country",
        "segment",
        "InternetService",
        "agent_name",
    ],
)
def test_business_columns_are_not_sensitive(column):
    assert sensitive.category_by_name(column) is None


def test_values_reveal_a_column_whose_name_says_nothing():
    assert sensitive.category_by_values(pd.Series(["Male", "Female", "female", None] * 5)) == "gender"
    assert sensitive.category_by_values(pd.Series(["18-24", "25-34", "35-44", "65+"] * 5)) == "age"
    assert sensitive.category_by_values(pd.Series(["Married", "Single", "Divorced"] * 5)) == "family status"
    # company sizes and plans are not
    assert sensitive.category_by_values(pd.Series(["1-10", "11-50", "51-200 emp.", "201-500"] * 5)) is None
    assert sensitive.category_by_values(pd.Series(["1-10", "11-50"] * 5)) is None
    assert sensitive.category_by_values(pd.Series(["Starter", "Business", "Enterprise"] * 5)) is None
    assert sensitive.category_by_values(pd.Series(["Yes", "No"] * 5)) is None


def test_split_keeps_opted_in_columns():
    df = pd.DataFrame(
        {"gender": ["Male", "Female"] * 10, "plan": ["A", "B"] * 10, "c7": ["Male", "Female"] * 10}
    )
    keep, hidden = sensitive.split(df, ["gender", "plan", "c7"])
    assert keep == ["plan"] and hidden == {"gender": "gender", "c7": "gender"}
    keep, hidden = sensitive.split(df, ["gender", "plan", "c7"], "Gender, c7")
    assert keep == ["gender", "plan", "c7"] and hidden == {}


def test_redact_drops_people_traits_and_keeps_business_facts():
    text = "We're a team of seniors, mostly women, at a 12-person agency on the monthly plan."
    out = sensitive.redact(text)
    assert "seniors" not in out and "women" not in out
    assert "12-person agency" in out and "monthly plan" in out
    assert "seniors" in sensitive.redact(text, "SeniorCitizen")  # opting an age column in keeps age words
    assert sensitive.redact("Our 40-person agency needs invoices") == "Our 40-person agency needs invoices"


@pytest.mark.shared
def test_telco_personas_never_use_sensitive_columns(telco_ws):
    settings, df = telco_ws
    ps = refresh(settings, force=True).personas
    assert ps.personas, "the real telco table still yields personas"
    for p in ps.personas:
        used = {s.partition("=")[0] for s in p.segments}
        assert not used & TELCO_SENSITIVE, p.segments
        assert not any(col in t.text.lower() for t in p.traits for col in ("senior", "gender", "dependents"))
    assert not {s.column for s in ps.segments} & TELCO_SENSITIVE
    # their distribution may be reported, labelled as context
    assert all(c.startswith("context, not a trait") for p in ps.personas for c in p.context)


@pytest.mark.shared
def test_opting_a_sensitive_column_in_makes_it_eligible(telco_ws):
    settings, _ = telco_ws
    store = Store(settings)
    accounts, schema = store.accounts()
    records = store.records.frame()
    ent = build_entities(accounts, schema, records)
    assert set(ent.sensitive) >= TELCO_SENSITIVE and not TELCO_SENSITIVE & set(ent.attributes)
    opted = build_entities(accounts, schema, records, allow_sensitive="SeniorCitizen")
    assert "SeniorCitizen" in opted.attributes and "SeniorCitizen" not in opted.sensitive
    segs, _ = Analyzer(opted).segments()
    assert any(s.column == "SeniorCitizen" for s in segs)


@pytest.mark.shared
def test_sensitive_words_in_a_prospect_text_do_not_move_the_verdict(telco_ws):
    settings, _ = telco_ws
    refresh(settings)
    checker = Checker.load(settings, fresh=True)
    assert "SeniorCitizen" not in checker.col_means and "gender" not in checker.col_means
    base = "We'd sign a month-to-month contract, want fiber optic internet and pay by electronic check."
    plain = checker.check(base)
    for extra in (
        " We're a team of seniors.",
        " We are all retired, married, with dependents.",
        " Mostly women, 70-year-old founders.",
    ):
        v = checker.check(base + extra)
        assert v.score == plain.score and v.verdict == plain.verdict
        assert v.attributes == plain.attributes


def test_allow_sensitive_is_a_setting():
    s = Settings(_env_file=None, allow_sensitive="SeniorCitizen,gender")
    assert sensitive.parse_allow(s.allow_sensitive) == {"seniorcitizen", "gender"}
