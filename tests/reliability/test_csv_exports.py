"""Spreadsheet formula injection: every CSV the program writes neutralises cells starting with =, +, -, @
(or a tab / carriage return), header included, while real negative numbers stay numbers.

The writers: `antipersona themes --export`, `antipersona export --exclusion-list`, `antipersona check
--batch` (scored leads; the web app's lead scoring calls the same function). A source scan makes sure no
other CSV writer appears without going through `ui.exports.write_csv`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from netguard import REPO_ROOT
from typer.testing import CliRunner

from agent.refresh import refresh
from core.settings import Settings
from core.versions import current
from ingest.pipeline import ingest_paths
from ui.cli import app
from ui.exports import safe_cell

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = ["=1+1", '=HYPERLINK("http://evil.example","click")', "+SUM(A1:A9)", "-2+3", "@cmd", "\t=tab",
            "\r=cr", "=cmd|' /C calc'!A0"]


def cells(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def assert_no_formula(path: Path) -> list[list[str]]:
    rows = cells(path)
    assert rows, path
    for row in rows:
        for cell in row:
            if cell.startswith(DANGEROUS):
                float(cell)  # only a real number may start like a formula
    return rows


def test_safe_cell() -> None:
    for f in FORMULAS:
        assert safe_cell(f) == "'" + f
    for keep in ("-3.5", "+7", "-1e3", "plain", "", "a=b", 42, -3.5, None):
        assert safe_cell(keep) == keep


def test_every_csv_writer_goes_through_write_csv() -> None:
    writer = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\.to_csv\(|\.to_excel\(")
    found = []
    for pkg in ("agent", "ui", "ingest", "core", "prompts"):
        for path in (REPO_ROOT / pkg).rglob("*.py"):
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if writer.search(line):
                    found.append(f"{path.relative_to(REPO_ROOT)}:{i}")
    assert [f.rsplit(":", 1)[0] for f in found] == ["ui/exports.py"], found


@pytest.fixture
def hostile_ws(clone_ws, tmp_path: Path) -> Settings:
    """The examples workspace plus tickets whose ids and texts are formulas, and an accounts table whose
    customer ids and e-mails start like formulas."""
    ws = clone_ws()
    settings = Settings(_env_file=None, workspace=ws)
    tickets = tmp_path / "hostile_tickets.csv"
    with open(tickets, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ticket_id", "customer_id", "text"])
        for i, f in enumerate(FORMULAS):
            w.writerow([f, f"C{i + 1:04d}", f"{f} the invoice export fails again and support is slow"])
    report = ingest_paths([tickets], settings=settings)
    assert report.new == len(FORMULAS) and not report.problems
    table = ws / "accounts.parquet"
    df = pd.read_parquet(table)
    df["customer_id"] = [FORMULAS[i % len(FORMULAS)] + f"#{i}" for i in range(len(df))]
    df["contact_email"] = "@" + df["contact_email"].astype(str)
    df.to_parquet(table, index=False)
    refresh(settings, force=True)
    return settings


def test_themes_export(hostile_ws: Settings, tmp_path: Path) -> None:
    out = tmp_path / "themes.csv"
    res = CliRunner().invoke(app, ["themes", "--export", str(out), "--workspace", str(hostile_ws.workspace)])
    assert res.exit_code == 0, res.output
    rows = assert_no_formula(out)
    assert rows[0] == ["record_id", "theme_id", "theme_label", "kind", "score"]
    ids = {r[0] for r in rows[1:]}
    assert {"'" + f.strip() for f in FORMULAS} <= ids  # kept (ids are stripped at ingest), neutralised


def test_exclusion_list(hostile_ws: Settings, tmp_path: Path) -> None:
    written = 0
    for persona in current(hostile_ws).personas:
        out = tmp_path / f"exclude-{persona.id}.csv"
        res = CliRunner().invoke(app, ["export", "--exclusion-list", str(out), "--persona", persona.id,
                                       "--workspace", str(hostile_ws.workspace)])
        assert res.exit_code == 0, res.output
        rows = assert_no_formula(out)
        assert rows[0] == ["customer_id", "email", "email_sha256"]
        for cid, email, digest in rows[1:]:
            assert cid.startswith("'") and email.startswith("'@") and re.fullmatch(r"[0-9a-f]{64}", digest)
        written += len(rows) - 1
    assert written


def test_scored_leads(hostile_ws: Settings, tmp_path: Path) -> None:
    leads = tmp_path / "leads.csv"
    with open(leads, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["=HYPERLINK(\"http://evil.example\")", "@company", "description", "delta"])
        for i, f in enumerate(FORMULAS):
            w.writerow([f, f"+Acme {i}", f"{f} a 6-person agency on the Starter plan wants a discount", "-3.5"])
    out = tmp_path / "scored.csv"
    res = CliRunner().invoke(app, ["check", "--batch", str(leads), "--text-column", "description", "--out",
                                   str(out), "--workspace", str(hostile_ws.workspace)])
    assert res.exit_code == 0, res.output
    rows = assert_no_formula(out)
    assert rows[0][:2] == ["'=HYPERLINK(\"http://evil.example\")", "'@company"]
    assert rows[0][-4:] == ["verdict", "score", "persona", "top_red_flag"]
    assert len(rows) == 1 + len(FORMULAS)
    assert all(r[3] == "-3.5" for r in rows[1:])  # a negative number is data, left alone


def test_what_float_accepts_but_a_spreadsheet_reads_as_text_is_neutralised() -> None:
    """`float()` takes `-inf`, `-nan`, `+inf`, `-1_0`: judged by the first character they are formulas."""
    for f in ("-inf", "-nan", "+inf", "-1_0", "+Infinity", "-infinity", " -1", "-1 "):
        if f.startswith(DANGEROUS):
            assert safe_cell(f) == "'" + f, f
    for keep in ("-3.5", "+7", "-1e3", "-.5"):
        assert safe_cell(keep) == keep
