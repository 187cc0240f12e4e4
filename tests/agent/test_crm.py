"""`check --batch leads.csv --format hubspot|salesforce`: an import file keyed by the CRM's record id (else
the e-mail) with antipersona_score 0-100, verdict, persona and red flags."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from agent.refresh import refresh
from core.versions import current
from ui.cli import app

from .builders import AGENCY_OUTCOMES, agency_accounts, store_accounts

FIELDS = ["antipersona_score", "antipersona_verdict", "antipersona_persona", "antipersona_red_flags"]


@pytest.fixture
def ws(settings):
    s = settings()
    store_accounts(s, agency_accounts(), AGENCY_OUTCOMES, ["industry", "plan"], "email")
    refresh(s, force=True)
    return s


def _run(s, leads, fmt, out):
    return CliRunner().invoke(
        app, ["check", "-w", str(s.workspace), "--batch", str(leads), "--format", fmt, "--out", str(out)]
    )


def _read(path):
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_hubspot_import_keyed_by_record_id(ws, tmp_path):
    leads = tmp_path / "leads.csv"
    leads.write_text(
        "Record ID,Email,industry,plan\n"
        "501,Boss@Agency.test,Agency,Starter\n"
        "502,cto@saas.test,SaaS,Growth\n"
        ",nobody@x.test,Agency,Starter\n",
        encoding="utf-8",
    )
    out = tmp_path / "hubspot.csv"
    res = _run(ws, leads, "hubspot", out)
    assert res.exit_code == 0, res.output
    rows = _read(out)
    assert list(rows[0]) == ["Record ID", *FIELDS]
    assert [r["Record ID"] for r in rows] == ["501", "502"]  # the lead with no id is left out, and said so
    assert "1 leads left out" in " ".join(res.output.split())
    agency, saas = rows
    persona = next(p for p in current(ws).personas if "industry=Agency" in p.segments)
    assert agency["antipersona_verdict"] == "negative" and agency["antipersona_persona"] == persona.name
    assert 0 <= int(saas["antipersona_score"]) < int(agency["antipersona_score"]) <= 100
    assert agency["antipersona_red_flags"] and saas["antipersona_verdict"] in ("fit", "unclear")


def test_salesforce_import_falls_back_to_email(ws, tmp_path):
    leads = tmp_path / "leads.csv"
    leads.write_text("Email,Company,industry,plan\n Boss@Agency.test ,Acme,Agency,Starter\n", encoding="utf-8")
    out = tmp_path / "sf.csv"
    assert _run(ws, leads, "salesforce", out).exit_code == 0
    rows = _read(out)
    assert list(rows[0]) == ["Email", *FIELDS] and rows[0]["Email"] == "boss@agency.test"
    with_id = tmp_path / "with_id.csv"
    with_id.write_text("Id,Email,industry,plan\n00Q5g00000AbCdE,a@b.test,Agency,Starter\n", encoding="utf-8")
    assert _run(ws, with_id, "salesforce", out).exit_code == 0
    assert _read(out)[0]["Id"] == "00Q5g00000AbCdE"


def test_no_key_column_or_a_bad_format_is_refused(ws, tmp_path):
    leads = tmp_path / "leads.csv"
    leads.write_text("industry,plan\nAgency,Starter\n", encoding="utf-8")
    res = _run(ws, leads, "hubspot", tmp_path / "x.csv")
    assert res.exit_code == 2 and "no record id or e-mail" in " ".join(res.output.split())
    assert not (tmp_path / "x.csv").exists()
    res = _run(ws, leads, "pipedrive", tmp_path / "x.csv")
    assert res.exit_code == 2 and "unknown --format" in res.output
