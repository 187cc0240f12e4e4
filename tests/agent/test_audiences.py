"""`antipersona export --audience`: each platform's file from a real refreshed workspace, hashed and plain,
with negative leads added, a size warning, and no sensitive column ever written."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from agent import audience_rules as r
from agent.refresh import refresh
from core.versions import current
from ui.cli import app

from .builders import store_accounts

FIRST = ["Mary", "José", "Anne-Marie", "Li", "Dr. Sam"]


@pytest.fixture
def contacts_ws(settings, monkeypatch):
    rows = []
    for i in range(200):
        agency = i % 4 == 0
        us = (i // 4) % 2 == 1
        rows.append(
            {
                "customer_id": f"C{i:03d}",
                "industry": "Agency" if agency else ["SaaS", "Fintech", "Health"][i % 3],
                "plan": "Starter" if agency or i % 5 == 0 else "Growth",
                "churned": 1.0 if (agency and i % 8 != 4) or i % 23 == 0 else 0.0,
                "mrr": 49.0 if agency else 900.0 + i,
                "Email": f" Owner.{i}@Gmail.com " if i % 3 == 0 else f"owner{i}@example{i}.test",
                "First Name": FIRST[i % 5],
                "Last Name": f"Smith{i}",
                "Phone": f"(650) 555-{1000 + i}" if us else f"+44 20 7031 {3000 + i}",
                "Country": "United States" if us else "GB",
                "Zip": "94035" if us else "WC2H 8LG",
                "Company": f"Studio {i // 2}",
                "Website": f"https://www.studio{i // 2}.test/about",
                "Gender": "Female" if i % 2 else "Male",
                "Title": "Mrs." if i % 2 else "Mr",  # a salutation, not a job title: says gender
                "Marital": "Married" if i % 3 else "Single",
            }
        )
    s = settings()
    store_accounts(s, pd.DataFrame(rows), {"churned": "churn", "mrr": "revenue"}, ["industry", "plan"], "Email")
    refresh(s, force=True)
    persona = next(p for p in current(s).personas if "industry=Agency" in p.segments)
    monkeypatch.setenv("ANTIPERSONA_DEFAULT_COUNTRY", "US")
    df = pd.DataFrame(rows)
    members = df
    for seg in persona.segments:
        col, _, val = seg.partition("=")
        members = members[members[col] == val]
    return s, persona, members


def _export(s, persona, tmp_path, platform, *extra):
    out = tmp_path / f"{platform}.csv"
    res = CliRunner().invoke(
        app,
        ["export", "-w", str(s.workspace), "--audience", platform, "--persona", persona.id, "--out", str(out), *extra],
    )
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8") as fh:
        return list(csv.reader(fh)), res.output


def test_google_file_is_the_customer_match_template_normalised(contacts_ws, tmp_path):
    s, persona, members = contacts_ws
    rows, output = _export(s, persona, tmp_path, "google")
    # Google's required English headers: https://support.google.com/google-ads/answer/7659867
    assert rows[0] == ["Email", "Phone", "First Name", "Last Name", "Country", "Zip"]
    body = rows[1:]
    assert len(body) == len(members)
    expected_emails = {r.email_google(e) for e in members["Email"]}
    assert {row[0] for row in body} == expected_emails
    assert all(re.fullmatch(r"\+\d{8,15}", row[1]) for row in body)  # E.164 with the plus sign
    us = next(row for row in body if row[4] == "US")
    assert us[1].startswith("+1650555") and us[5] == "94035"
    assert any(row[0].startswith("owner") and "." not in row[0].split("@")[0] for row in body)  # gmail dots
    assert all(row[2] == row[2].lower() and "." not in row[2] for row in body)
    assert "sam" in {row[2] for row in body}  # "Dr. Sam": the prefix is left out
    assert "needs at least 1,000" in " ".join(output.split())  # the list is under Google's size
    assert "phone numbers left out" not in output  # every number had a country (column or default)
    text = (tmp_path / "google.csv").read_text()
    assert "Female" not in text and "Male" not in text and "Agency" not in text  # no trait or segment


def test_meta_hashed_file_hashes_every_field(contacts_ws, tmp_path):
    s, persona, members = contacts_ws
    rows, _ = _export(s, persona, tmp_path, "meta", "--hashed")
    # Meta's column headers: https://www.facebook.com/business/help/2082575038703844
    assert rows[0] == ["email", "phone", "fn", "ln", "zip", "ct", "st", "country"]
    body = rows[1:]
    assert all(re.fullmatch(r"[0-9a-f]{64}", v) or v == "" for row in body for v in row)
    want = {r.sha256_hex(r.email_basic(e)) for e in members["Email"]}
    assert {row[0] for row in body} == want
    assert r.sha256_hex("us") in {row[7] for row in body} and r.sha256_hex("gb") in {row[7] for row in body}
    one = members.iloc[0]
    fn = r.sha256_hex(r.name(one["First Name"]))
    assert fn in {row[2] for row in body}


def test_negative_leads_join_the_list_and_others_do_not(contacts_ws, tmp_path):
    s, persona, members = contacts_ws
    scored = tmp_path / "scored.csv"
    scored.write_text(
        "email,company,verdict,score,persona,top_red_flag\n"
        f"lead.one@prospect.test,Prospect One,negative,0.910,{persona.name},x\n"
        "lead.two@prospect.test,Prospect Two,fit,0.100,,\n"
        "lead.three@prospect.test,Prospect Three,negative,0.800,Some Other Persona,y\n",
        encoding="utf-8",
    )
    rows, output = _export(s, persona, tmp_path, "linkedin", "--include-leads", str(scored))
    # LinkedIn's contact template headers, which must not be changed: https://www.linkedin.com/help/lms/answer/a1489764
    assert rows[0] == ["email", "firstname", "lastname", "jobtitle", "employeecompany", "country", "googleaid"]
    emails = {row[0] for row in rows[1:]}
    assert "lead.one@prospect.test" in emails
    assert not {"lead.two@prospect.test", "lead.three@prospect.test"} & emails
    assert len(rows) - 1 == len(members) + 1
    assert "1 negative leads" in " ".join(output.split())
    assert all(row[3] == "" for row in rows[1:])  # the salutation "Title" never becomes a job title
    assert "Title" in output and "Marital" not in (tmp_path / "linkedin.csv").read_text()


def test_linkedin_company_list_dedupes_and_skips_free_mail(contacts_ws, tmp_path):
    s, persona, members = contacts_ws
    rows, _ = _export(s, persona, tmp_path, "linkedin-companies")
    # LinkedIn's company (account) list template headers, in order
    assert rows[0] == [
        "companyname", "companywebsite", "companyemaildomain", "linkedincompanypageurl", "stocksymbol",
        "industry", "city", "state", "companycountry", "zipcode",
    ]  # fmt: skip
    body = rows[1:]
    assert len(body) == members["Company"].nunique()
    assert all(row[1].startswith("studio") and row[1].endswith(".test") for row in body)
    assert "gmail.com" not in {row[2] for row in body}


def test_numbers_without_a_country_are_left_out_and_counted(contacts_ws, tmp_path, monkeypatch):
    s, persona, members = contacts_ws
    monkeypatch.setenv("ANTIPERSONA_DEFAULT_COUNTRY", "")
    scored = tmp_path / "scored.csv"
    scored.write_text(
        f"email,phone,verdict,persona\nlead@prospect.test,650 555 0199,negative,{persona.name}\n", encoding="utf-8"
    )
    rows, output = _export(s, persona, tmp_path, "meta", "--include-leads", str(scored))
    lead = next(row for row in rows[1:] if row[0] == "lead@prospect.test")
    assert lead[1] == ""  # a national number with no country anywhere cannot be E.164
    assert "1 phone numbers left out" in " ".join(output.split())
    assert all(row[1] for row in rows[1:] if row[0] != "lead@prospect.test")  # the customers' had a country


def test_bad_persona_and_platform_fail_cleanly(contacts_ws, tmp_path):
    s, persona, _ = contacts_ws
    runner = CliRunner()
    base = ["export", "-w", str(s.workspace), "--out", str(tmp_path / "x.csv")]
    res = runner.invoke(app, [*base, "--audience", "tiktok", "--persona", persona.id])
    assert res.exit_code != 0 and "unknown audience" in res.output
    res = runner.invoke(app, [*base[:3], "--audience", "google", "--persona", persona.id])
    assert res.exit_code != 0 and "--out" in res.output
