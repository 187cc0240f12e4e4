"""The Gradio app: builds on an empty and on an analysed workspace; the named API endpoints through
gradio_client on a served app (check, personas, chat, refresh, themes, status, score_leads, ingest)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

# Gradio 6.31's queue calls pandas options that pandas 3 deprecates: not ours to fix.
pytestmark = [
    pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]
PROSPECT = "Small agency with 4 employees on the Starter plan, wants a discount and weekly calls."


@pytest.fixture(scope="module")
def client(served: str):
    from gradio_client import Client

    return Client(served, verbose=False)


# building ----------------------------------------------------------------------------------------------
def test_app_builds_with_named_endpoints(ui_settings) -> None:
    import gradio as gr

    from ui.app import CONCURRENCY, build_app

    app = build_app(ui_settings)
    assert isinstance(app, gr.Blocks)
    public = {
        d.api_name
        for d in app.fns.values()
        if d.api_name and getattr(d, "api_visibility", "public") == "public"
    }
    assert {"check", "chat", "personas", "refresh", "ingest", "feedback"} <= public
    assert app._queue.default_concurrency_limit == CONCURRENCY == 8
    writes = [d for d in app.fns.values() if d.api_name in {"ingest", "refresh"}]
    assert {d.concurrency_limit for d in writes} == {1}
    assert {d.concurrency_id for d in writes} == {"writes"}


def test_empty_workspace_shows_friendly_messages(empty_settings) -> None:
    from ui.app import build_app
    from ui.cards import EMPTY, EMPTY_THEMES

    ctx = build_app(empty_settings).antipersona
    cards_json, head, chart, changes, _download, _records = ctx.personas()
    assert cards_json == {"version": None, "personas": []}
    assert head == EMPTY and "Data" in head
    assert "No measured costs" in chart and "first refresh" in changes
    head, table, chart, over_time = ctx.themes()
    assert head == EMPTY_THEMES and table.empty and chart is None and over_time == ""
    status = ctx.status()
    assert "Last refresh:** never" in status and "Nothing ingested yet" in status
    md, verdict = ctx.check(PROSPECT)
    assert "No personas yet" in md and verdict["verdict"] == "unclear"  # nothing to compare with
    assert "Nothing ingested yet" in ctx.refresh(False) and "Ingest" in ctx.refresh(True)


def test_feedback_round_trip_through_the_fit_check_tab(empty_settings) -> None:
    import gradio as gr

    from agent.feedback import all_feedback
    from ui.app import build_app

    ctx = build_app(empty_settings).antipersona
    with pytest.raises(gr.Error, match="Check a prospect first"):
        ctx.feedback(None, "won", "")
    md, verdict = ctx.check(PROSPECT)
    assert verdict["id"] in md
    msg = ctx.feedback(verdict, "we won them", "annual plan, no discount", "C42")
    assert "Recorded feedback" in msg and "won" in msg
    with pytest.raises(gr.Error, match="unknown feedback"):
        ctx.feedback(verdict, "maybe", "")
    stored = all_feedback(empty_settings)
    assert [(f.verdict_id, f.outcome, f.customer_id, f.source) for f in stored] == [(verdict["id"], "won", "C42", "app")]


def test_handlers_refuse_bad_input(empty_settings, tmp_path: Path) -> None:
    import gradio as gr

    from ui.app import build_app

    ctx = build_app(empty_settings).antipersona
    with pytest.raises(gr.Error, match="Paste a prospect"):
        ctx.check("   ")
    with pytest.raises(gr.Error, match="too long"):
        ctx.check("x" * 20_001)
    exe = tmp_path / "payload.exe"
    exe.write_bytes(b"MZ")
    with pytest.raises(gr.Error, match="Not a supported file type"):
        ctx.ingest([str(exe)], "auto", False)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (empty_settings.max_upload_mb * 1024 * 1024 + 1))
    with pytest.raises(gr.Error, match="upload limit"):
        ctx.ingest([str(big)], "auto", False)
    with pytest.raises(gr.Error, match="Upload a CSV"):
        ctx.score_leads(None, "")


# served: the named endpoints ---------------------------------------------------------------------------
def test_check_endpoint_returns_the_verdict(client) -> None:
    md, verdict = client.predict(PROSPECT, api_name="/check")
    assert verdict["verdict"] == "negative"
    assert verdict["persona_name"] and verdict["persona_name"] in md
    assert "Likely negative persona" in md and "Red flags" in md
    assert verdict["attributes"].get("plan") == "Starter"
    assert all(q["record_id"] in md for q in verdict["evidence"])


def test_personas_endpoint(client, ui_settings) -> None:
    from core.versions import current

    ps = current(ui_settings)
    cards_json, head, chart, changes, download, records = client.predict(api_name="/personas")
    assert cards_json["version"] == ps.version == 1
    assert [c["id"] for c in cards_json["personas"]] == [p.id for p in ps.personas]
    first = cards_json["personas"][0]["markdown"]
    assert ps.personas[0].name in first
    for q in ps.personas[0].quotes:  # quotes carry their record id, which opens the record in place
        assert f'<summary title="open record {q.record_id}">{q.record_id}</summary>' in first
    assert f"{len(ps.personas)} negative personas" in head
    assert 'class="cost-chart"' in chart and "cost-one" in chart and ps.personas[0].name in chart
    assert "first version" in changes
    path = Path(download["value"] if isinstance(download, dict) else download)
    assert path.read_text(encoding="utf-8").startswith(f"# Negative personas — version {ps.version}")
    ids = [c[1] for c in records["choices"]]
    assert ps.personas[0].quotes[0].record_id in ids


def test_chat_endpoint_answers_offline(client, ui_settings) -> None:
    from agent.router import OFFLINE_NOTE
    from core.versions import current

    answer = client.predict("Who are our negative personas?", api_name="/chat")
    ps = current(ui_settings)
    assert ps.personas and answer.startswith(OFFLINE_NOTE)  # the offline engine answered, with its note
    assert "Sorry, that failed" not in answer  # an error answer also starts with the note
    assert all(p.name in answer and p.id in answer for p in ps.personas)


def test_refresh_themes_status_endpoints(client, ui_settings) -> None:
    from core.versions import current

    before = current(ui_settings).version
    report = client.predict(False, api_name="/refresh")
    assert "no data changed" in report and "skipped" in report and "Force" in report
    assert current(ui_settings).version == before
    head, table, chart, over_time = client.predict(api_name="/themes")
    assert "complaint themes" in head
    assert table["headers"] == ["id", "label", "size", "share", "keywords", "top cost metric"]
    assert len(table["data"]) == len(current(ui_settings).themes)
    assert chart["datatypes"]["cost_score"] == "quantitative"
    tl = current(ui_settings).theme_timeline  # the records are dated January to March 2026: weeks
    assert tl.bucket == "week" and tl.dated == sum(t.size for t in current(ui_settings).themes)
    assert '<figure class="theme-time"' in over_time and "per week" in over_time
    status = client.predict(api_name="/status")
    assert "| tickets | 42 |" in status and "| accounts (table rows) | 160 |" in status
    assert f"version {before}" in status and "no scheduled refresh" in status


def test_score_leads_endpoint(client, tmp_path: Path) -> None:
    from gradio_client import handle_file

    src = tmp_path / "leads.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["company", "description"])
        w.writerow(["Acme Agency", PROSPECT])
        w.writerow(["BigBank", "Enterprise bank with 900 employees, annual contract, needs SSO."])
    out, message = client.predict(handle_file(str(src)), "description", api_name="/score_leads")
    assert "Scored 2 leads" in message
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["company"] for r in rows] == ["Acme Agency", "BigBank"]
    assert rows[0]["verdict"] == "negative" and rows[1]["verdict"] in {"fit", "unclear"}



def test_scored_leads_show_as_a_table_and_personas_export_from_the_tab(ui_settings, tmp_path: Path) -> None:
    """Issue 12: batch results on the page (not only a download); cards and exclusion lists from Personas."""
    import zipfile

    from core.versions import current
    from ui.app import build_app

    ctx = build_app(ui_settings).antipersona
    src = tmp_path / "leads.csv"
    src.write_text(f'company,description\nAcme Agency,"{PROSPECT}"\n', encoding="utf-8")
    out, _message = ctx.score_leads(str(src), "description")
    table = ctx.leads_table(out)
    assert list(table["company"]) == ["Acme Agency"] and table["verdict"][0] == "negative"
    ps = current(ui_settings)
    exclusion = Path(ctx.export_exclusion(ps.personas[0].id))
    with exclusion.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == ps.personas[0].customers
    with zipfile.ZipFile(ctx.export_cards()) as z:
        assert len([n for n in z.namelist() if n.endswith(".md")]) == len(ps.personas)


N_TICKETS, N_ACCOUNTS = 16, 8
BROKEN_LINE = N_TICKETS + 2  # the header is line 1, the good rows follow, then the broken one


def _write_examples(folder: Path) -> Path:
    """A tiny export: N_TICKETS tickets, one broken row, and the accounts table they belong to."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [
        "The onboarding was confusing and nobody helped us.",
        "Please give us a discount; the price is too high for a small agency.",
        "Setup took weeks and we still cannot import contacts.",
        "We need someone on a call every week to walk us through it.",
        "The Salesforce sync drops fields on large accounts.",
        "We need SSO with Okta before rolling out further.",
        "Reports load slowly when we filter by region.",
        "Webhooks fire twice for the same event.",
    ]
    with (folder / "tickets.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ticket_id", "customer_id", "subject", "body"])
        for i in range(N_TICKETS):
            small = i % N_ACCOUNTS < N_ACCOUNTS // 2
            w.writerow([f"Z{i:03d}", f"A{i % N_ACCOUNTS:02d}", "help", texts[(i % 4) + (0 if small else 4)]])
        w.writerow(["Z999", "A01", "", ""])  # a broken row: reported, the rest still goes in
    with (folder / "accounts.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "plan", "employees", "churned", "mrr"])
        for i in range(N_ACCOUNTS):
            small = i < N_ACCOUNTS // 2
            w.writerow(
                [
                    f"A{i:02d}",
                    "Starter" if small else "Pro",
                    3 if small else 80,
                    int(small),
                    30 if small else 500,
                ]
            )
    return folder


def test_ingest_endpoint(empty_settings, free_port, tmp_path: Path) -> None:
    from gradio_client import Client, handle_file

    from ui.serve import serve

    folder = _write_examples(tmp_path / "upload")
    app, _ = serve(empty_settings, port=free_port, block=False)
    try:
        client = Client(f"http://127.0.0.1:{free_port}/", verbose=False)
        files = [handle_file(str(folder / "tickets.csv")), handle_file(str(folder / "accounts.csv"))]
        summary = client.predict(files, "auto", False, api_name="/ingest")
        assert "| tickets.csv | ticket" in summary and "| accounts.csv | account" in summary
        stored = N_TICKETS + N_ACCOUNTS
        assert f"**{stored} records stored** ({stored} new" in summary and "Refresh personas" in summary
        assert f"tickets.csv:{BROKEN_LINE}: empty text" in summary  # the broken row, by uploaded name and line
        assert app.antipersona.store.records.counts() == {"ticket": N_TICKETS}
        status = client.predict(api_name="/status")
        assert f"| tickets | {N_TICKETS} |" in status and f"| accounts (table rows) | {N_ACCOUNTS} |" in status
        again = client.predict(files[:1], "auto", False, api_name="/ingest")
        assert f"| tickets.csv | ticket | 0 | 0 | {N_TICKETS} |" in again  # re-ingest is incremental
    finally:
        app.close()


def test_demo_ingests_examples_refreshes_and_serves(empty_settings, free_port, tmp_path, monkeypatch, capsys):
    import ui.serve
    from core.versions import current

    monkeypatch.setattr(ui.serve, "EXAMPLES", _write_examples(tmp_path / "examples"))
    app, scheduler = ui.serve.demo(empty_settings, port=free_port, block=False)
    try:
        assert scheduler is None
        assert f"antipersona is running at http://127.0.0.1:{free_port}" in capsys.readouterr().out
        assert current(empty_settings).version == 1
        assert app.antipersona.store.records.counts() == {"ticket": N_TICKETS}
    finally:
        app.close()


def test_a_cited_record_shows_kind_date_and_customer_and_opens_in_place() -> None:
    from core.models import Record
    from ui.evidence import human_date, with_records

    rec = Record(id="T7", kind="ticket", text="Line one\nLine <two>", customer_id="C1", created_at="2025-10-04",
                 source="/data/tickets.csv", line=7)
    md = with_records("> “Line one” — ticket `T7`, customer `C1`", {"T7": rec})
    assert md.startswith("> “Line one” — ticket · 4 Oct 2025 · customer C1 <details")
    assert '<summary title="open record T7">T7</summary>' in md and "Line &lt;two&gt;" in md
    assert "tickets.csv:7" in md and "\n" not in md  # one line: it stays inside its block quote
    assert human_date("2026-12-03T12:40:05+00:00") == "3 Dec 2026, 12:40 UTC"
