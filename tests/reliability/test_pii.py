"""`antipersona ingest --redact-pii` end to end: e-mail addresses and phone numbers written by customers
(ticket and review text, a ticket's contact column, a call note's front matter and body, a transcript
turn) are masked before anything is stored, so none reaches SQLite, Chroma (documents and metadata), the
sentence cache, persona quotes, the offline chat, the prompts sent to an LLM or the audit log.

(The accounts table is not feedback text: its e-mail column is kept on purpose, to build exclusion lists.)
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3

import pytest
from fakes.openai_server import OpenAIServer, tool_call
from pydantic import SecretStr
from reliability_helpers import chroma_rows
from typer.testing import CliRunner

from agent.refresh import refresh
from core.settings import Settings
from core.versions import current
from ui.cli import app
from ui.render_chat import chat_markdown as respond
from ui.render_chat import route_markdown as route
from ui.serve import EXAMPLES

EMAILS = ["jane.doe@example.com", "J.Smith+billing@sub.example.co.uk", "ops-team@tallywick-customer.test"]
PHONES = ["+1 (555) 010-0199", "555-010-0142", "+44 20 7946 0958", "0049 30 1234567", "555.010.0188"]
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def leaks(text: str) -> list[str]:
    found = [p for p in PHONES if p in text]
    found += [p for p in PHONES if re.sub(r"\D", "", p) in re.sub(r"\D", "", text)]
    found += EMAIL_RE.findall(text)
    return found


@pytest.fixture(scope="module")
def pii_ws(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("pii")
    src = root / "data"
    src.mkdir()
    # reviews: every other body ends with contact details
    with open(EXAMPLES / "reviews.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows):
        if i % 2 == 0:
            row["body"] += f" Call me on {PHONES[i % len(PHONES)]} or write to {EMAILS[i % len(EMAILS)]}."
    with open(src / "reviews.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with open(src / "tickets.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ticket_id", "customer_id", "subject", "description", "contact"])
        for i in range(30):
            w.writerow([f"PII-{i}", f"C{i + 1:04d}", f"Invoice problem, ring {PHONES[i % 5]}",
                        f"The invoice export fails again. Reply to {EMAILS[i % 3]} or {PHONES[(i + 1) % 5]}.",
                        f"{EMAILS[(i + 1) % 3]} / {PHONES[(i + 2) % 5]}"])
    (src / "C0007-call.md").write_text(
        f"---\ncustomer_id: C0007\ncontact: {EMAILS[0]}\n---\nRenewal call. They want a discount; the finance "
        f"lead ({EMAILS[1]}, {PHONES[2]}) says the price is too high.\n", encoding="utf-8")
    (src / "C0009-call.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Agent>Thanks for calling, how can I help?\n\n"
        f"00:00:05.000 --> 00:00:09.000\n<v Customer>Onboarding is slow, call me back on {PHONES[0]} or "
        f"{EMAILS[2]}.\n", encoding="utf-8")
    ws = root / "ws"
    res = CliRunner().invoke(app, ["ingest", str(EXAMPLES / "accounts.csv"), str(src), "--redact-pii", "--json",
                                   "--workspace", str(ws)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["totals"]["new"] == 300 + 300 + 30 + 2
    settings = Settings(_env_file=None, workspace=ws)
    assert refresh(settings).personas.personas
    return settings


def test_stored_records_and_their_metadata(pii_ws: Settings) -> None:
    con = sqlite3.connect(pii_ws.workspace / "records.sqlite")
    rows = con.execute("SELECT id, text, metadata, customer_id FROM records").fetchall()
    con.close()
    assert len(rows) == 332
    masked = 0
    for rid, text, meta, customer in rows:
        assert not leaks(text) and not leaks(meta) and not leaks(customer or ""), rid
        masked += "[email]" in text or "[phone]" in text
    assert masked >= 150 + 30 + 2  # the details were there, and were masked rather than dropped
    contact = json.loads(next(r[2] for r in rows if r[0] == "PII-0"))["contact"]
    assert contact == "[email] / [phone]"


def test_chroma_and_the_sentence_cache(pii_ws: Settings) -> None:
    chunks = chroma_rows(pii_ws.workspace)
    assert len(chunks) >= 332
    for cid, meta, doc in chunks:
        assert not leaks(doc) and not leaks(json.dumps(meta)), cid
    con = sqlite3.connect(pii_ws.workspace / "sentence_vectors.sqlite")
    try:
        for table, in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in con.execute(f"SELECT * FROM {table}"):  # noqa: S608 - test-owned database
                assert not leaks(" ".join(str(v) for v in row if isinstance(v, str))), table
    finally:
        con.close()


def test_personas_and_the_offline_chat(pii_ws: Settings) -> None:
    ps = current(pii_ws)
    assert not leaks(ps.model_dump_json())
    assert any("[email]" in q.text or "[phone]" in q.text for p in ps.personas for q in p.quotes) or any(
        "[email]" in q.text or "[phone]" in q.text for t in ps.themes for q in t.quotes)
    for question in ("who are our negative personas?", "what do customers say about invoices?",
                     "what do customers complain about?", "onboarding calls", "theme 1",
                     "check: 6-person agency on the Starter plan, wants a discount"):
        answer = route(question, pii_ws)
        assert not leaks(answer), (question, leaks(answer))


def test_what_an_llm_would_see(pii_ws: Settings) -> None:
    with OpenAIServer() as server:
        settings = pii_ws.model_copy(update={
            "openai_base_url": server.base_url, "openai_api_key": SecretStr("k"), "llm_model": server.model})
        server.script(
            [tool_call("search_feedback", query="call me back invoice contact", k=20)],
            [tool_call("describe_persona", persona_id=current(pii_ws).personas[0].id)],
            "Customers leave contact details in tickets [record PII-1].",
        )
        answer = list(respond("What contact details do customers leave?", [], settings))[-1]
        sent = json.dumps([r.messages for r in server.chat_requests])
    assert "[email]" in sent or "[phone]" in sent  # the tool results did carry the masked passages
    assert not leaks(sent) and not leaks(answer)
    assert not leaks((pii_ws.workspace / "llm_log.jsonl").read_text(encoding="utf-8"))
