"""Persona names a person would write: the grammar, the checks, uniqueness, and the LLM's proposal checked."""

from __future__ import annotations

import pandas as pd
import pytest

from agent import persona_names as names
from core.models import Persona


def _name(conditions, role="churn", themes=(), df=None):
    def series(c):
        return df[c] if df is not None and c in df.columns else None

    return names.candidates(conditions, series, list(themes), role)[0]


def test_booleans_and_flags_read_as_words():
    assert _name([("SeniorCitizen", "1.0"), ("Contract", "Month-to-month")]) == (
        "Churn-prone senior citizens on a month-to-month contract"
    )
    assert _name([("OnlineBackup", "No"), ("PaperlessBilling", "Yes")], role="revenue") == (
        "Low-revenue customers without online backup and with paperless billing"
    )
    assert "no internet service" in _name([("StreamingTV", "No internet service")])


def test_segments_sources_and_bands():
    df = pd.DataFrame({"onboarding_sessions": list(range(30)), "tenure_months": list(range(30))})
    name = _name([("industry", "Agency | Freelance")], themes=["No white-label option"])
    assert name == "Churn-prone agency or freelance customers citing no white-label option"
    name = _name([("plan", "Enterprise"), ("onboarding_sessions", "20–29")], role="discount", df=df)
    assert name == "Discount-driven customers on the Enterprise plan with many onboarding sessions"
    assert _name([("tenure_months", "0–4")], df=df) == "Churn-prone customers with short tenure months"
    assert (
        _name([("acquisition_channel", "Promo code")], role="discount")
        == "Discount-driven promo code sign-ups"
    )


@pytest.mark.parametrize(
    "bad, why",
    [
        ("Senior citizen: 1.0", "holds a colon"),
        ("Customers with 1.0 tenure", "holds a raw number"),
        ("Agencies, freelancers, studios", "more than one comma"),
        ("Sorry / wrong / product", "a condition list"),
        ("Stupid cheapskates", "not respectful"),
        ("x" * 90, "too long"),
    ],
)
def test_check_name_says_why(bad, why):
    assert names.check_name(bad) == why


def test_no_generated_name_breaks_the_rules():
    conds = [
        ("MonthlyCharges", "70.5–118.7"),
        ("gender", "Female"),
        ("tickets", "3.0"),
        ("region", "EU, West"),
    ]
    for i in range(1, len(conds) + 1):
        for role in [*names.ADJECTIVE, None]:
            n = _name(conds[:i], role=role, themes=["Sorry / wrong / product", "Stripe sync fails"])
            assert names.check_name(n) is None, n


def test_names_are_unique_within_a_version():
    opts = [["Churn-prone agency customers", "Churn-prone agency customers citing slow support"]] * 3
    picked = names.unique_names(opts)
    assert len({p.lower() for p in picked}) == 3
    assert picked[:2] == opts[0] and picked[2] == "Churn-prone agency customers, another group"
    base = dict(
        summary="s",
        narrative="n",
        why_not_fit="w",
        what_would_make_fit="f",
        share_customers=0.1,
        share_complaints=0.1,
        customers=5,
    )
    ps = [Persona(id=f"p{i}", name="Support-heavy customers", **base) for i in range(2)]
    out = names.distinct(ps)
    assert [p.name for p in out] == ["Support-heavy customers", "Support-heavy customers, another group"]


def test_size_bands_read_as_adjectives():
    df = pd.DataFrame({"employees": list(range(1, 301))})
    name = _name([("plan", "Starter"), ("employees", "2–6")], df=df)
    assert name == "Churn-prone small customers on the Starter plan"


def test_telco_style_conditions_read_as_a_sentence():
    name = _name([("MultipleLines", "Yes"), ("PaymentMethod", "Electronic check"), ("OnlineSecurity", "No")])
    assert name == "Churn-prone customers paying by electronic check with multiple lines"
    assert _name([("StreamingTV", "No")]) == "Churn-prone customers without streaming TV"
