"""Fit verdicts on the telco accounts: ordered by real risk, explainable, batch-safe."""

import csv
import json

import pytest
from sklearn.metrics import roc_auc_score
from typer.testing import CliRunner

from agent.refresh import refresh
from agent.verdict import Checker
from ui.cli import app
from ui.leads import score_csv

pytestmark = pytest.mark.shared

RISKY = (
    "Senior citizen living alone, no partner and no dependents. Wants fiber optic internet on a "
    "month-to-month contract, pays by electronic check with paperless billing. No tech support, "
    "no online security."
)
SAFE = (
    "Family with a partner and two dependents. DSL internet with online security and tech support, "
    "a two year contract, paying by credit card (automatic)."
)


@pytest.fixture(scope="module")
def checker(telco_ws):
    settings, _ = telco_ws
    refresh(settings, force=True)
    return Checker.load(settings, fresh=True)


def test_risky_prospect_is_negative_and_safe_one_is_a_fit(checker):
    risky, safe = checker.check(RISKY), checker.check(SAFE)
    assert risky.verdict == "negative" and safe.verdict == "fit"
    assert risky.score > 0.7 > 0.45 > safe.score
    assert risky.persona_id and risky.red_flags
    for flag in risky.red_flags:  # every red flag quotes the prospect's own words
        assert flag.evidence in RISKY
    assert safe.counter_signals
    assert 2 <= len(risky.questions) <= 4


def test_text_without_known_attributes_is_unclear(checker):
    v = checker.check("Hi, can you send me some information about your product?")
    assert v.verdict == "unclear" and not v.red_flags and v.questions


def test_growth_is_a_counter_signal(checker):
    base = checker.check("Month-to-month contract, electronic check.")
    grow = checker.check(
        "Month-to-month contract, electronic check. We are a fast-growing team, hiring monthly."
    )
    assert grow.score < base.score and any("growth" in c for c in grow.counter_signals)


def _prospect(row) -> str:
    """A lead description written from attributes (no tenure, no charges-to-date)."""
    parts = ["senior citizen" if row["SeniorCitizen"] == 1 else "not a senior"]
    parts.append("has a partner" if row["Partner"] == "Yes" else "no partner")
    parts.append("with dependents" if row["Dependents"] == "Yes" else "no dependents")
    if row["InternetService"] != "No":
        parts.append(f"wants {row['InternetService']} internet")
    parts.append(f"{row['Contract']} contract")
    parts.append(f"pays by {row['PaymentMethod']}")
    parts.append("paperless billing" if row["PaperlessBilling"] == "Yes" else "no paperless billing")
    return ", ".join(parts) + "."


def test_scores_order_prospects_by_real_churn(checker, telco_ws):
    _, df = telco_ws
    sample = df.sample(400, random_state=1)
    scores = [v.score for v in checker.check_many([_prospect(r) for _, r in sample.iterrows()])]
    assert roc_auc_score(sample["Churn"], scores) > 0.72  # in-sample sanity; bench/ has the 5-fold figure


def test_batch_scoring_appends_columns_and_neutralises_formulas(checker, tmp_path):
    src = tmp_path / "leads.csv"
    src.write_text('lead,notes\n=HYPERLINK("http://x"),"' + RISKY + '"\nAcme,"' + SAFE + '"\n')
    out = tmp_path / "scored.csv"
    n = score_csv(checker, src, out, text_column="notes").rows
    rows = list(csv.DictReader(out.open()))
    assert n == 2 and [r["verdict"] for r in rows] == ["negative", "fit"]
    assert rows[0]["lead"].startswith("'=")  # a spreadsheet won't run it
    assert float(rows[0]["score"]) > float(rows[1]["score"])


def test_cli_check_json_and_stdin(telco_ws):
    settings, _ = telco_ws
    runner = CliRunner()
    res = runner.invoke(app, ["check", "--json", "-w", str(settings.workspace), RISKY])
    assert res.exit_code == 0, res.output
    v = json.loads(res.output)
    assert v["verdict"] == "negative" and 0 <= v["score"] <= 1
    res = runner.invoke(app, ["check", "-w", str(settings.workspace), "-"], input=SAFE)
    assert res.exit_code == 0 and "Good fit" in res.output
