"""Exports: persona cards and exclusion lists with hashed emails; formula injection neutralised."""

import csv
import hashlib

import pandas as pd
import pytest
from typer.testing import CliRunner

from agent.export import email_sha256
from agent.refresh import refresh
from core.versions import current
from ui.cli import app
from ui.exports import safe_cell

from .builders import store_accounts


def test_safe_cell_neutralises_formulas_but_keeps_numbers():
    for bad in ("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=x"):
        assert safe_cell(bad).startswith("'")
    assert safe_cell("-3.5") == "-3.5" and safe_cell(42) == 42 and safe_cell("plain") == "plain"


def test_email_hash_is_the_ad_platform_normal_form():
    assert email_sha256("  Jane.Doe@Example.COM ") == hashlib.sha256(b"jane.doe@example.com").hexdigest()


@pytest.fixture
def agency_ws(settings):
    rows = []
    for i in range(200):
        agency = i % 4 == 0
        rows.append(
            {
                "customer_id": f"C{i:03d}",
                "industry": "Agency" if agency else ["SaaS", "Fintech", "Health"][i % 3],
                "plan": "Starter" if agency or i % 5 == 0 else "Growth",
                "churned": 1.0 if (agency and i % 8 != 4) or i % 23 == 0 else 0.0,
                "mrr": 49.0 if agency else 900.0 + i,
                "contact_email": f"=Owner{i}@Example{i}.test" if i == 0 else f"owner{i}@example{i}.test",
            }
        )
    s = settings()
    store_accounts(
        s, pd.DataFrame(rows), {"churned": "churn", "mrr": "revenue"}, ["industry", "plan"], "contact_email"
    )
    refresh(s, force=True)
    return s, pd.DataFrame(rows)


def test_exclusion_list_and_cards_from_the_cli(agency_ws, tmp_path):
    s, df = agency_ws
    persona = next(p for p in current(s).personas if "industry=Agency" in p.segments)
    out = tmp_path / "exclude.csv"
    runner = CliRunner()
    res = runner.invoke(
        app, ["export", "-w", str(s.workspace), "--exclusion-list", str(out), "--persona", persona.id]
    )
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open()))
    expected = df
    for seg in persona.segments:
        col, _, val = seg.partition("=")
        expected = expected[expected[col] == val]
    assert {r["customer_id"] for r in rows} == set(expected["customer_id"])
    for r in rows:
        assert r["email_sha256"] == email_sha256(r["email"].lstrip("'"))
    assert any(r["email"].startswith("'=") for r in rows)  # the formula-looking address is neutralised
    cards = tmp_path / "cards"
    res = runner.invoke(app, ["export", "-w", str(s.workspace), "--cards", str(cards)])
    assert res.exit_code == 0
    texts = [p.read_text() for p in cards.glob("*.md")]
    assert len(texts) == len(current(s).personas) and any(persona.name in t for t in texts)
