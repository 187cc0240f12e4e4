"""Feedback on verdicts: logged verdicts, feedback stored in the workspace's SQLite (real file, reopened),
refused for unknown verdicts and outcomes, and the round trip through the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from agent.feedback import all_feedback, feedback_by_persona, log_verdict, parse_outcome, record_feedback
from core.models import Verdict
from core.records_db import RecordDB

PROSPECT = "Small agency with 4 employees on the Starter plan, wants a discount and weekly calls."


def test_outcomes_read_as_staff_write_them() -> None:
    assert parse_outcome("We won them") == "won"
    assert parse_outcome("wrong-persona") == "wrong_persona"
    assert parse_outcome("They churned") == "churned"
    with pytest.raises(ValueError, match="unknown feedback"):
        parse_outcome("maybe")


def test_feedback_is_stored_durably_and_read_back_after_reopening(settings) -> None:
    s = settings()
    v = Verdict(id="vd-000000000001", verdict="negative", score=0.9, persona_id="p1")
    assert log_verdict(s, v, PROSPECT) == v.id
    f = record_feedback(s, v.id, "we won them", "signed a 2-year deal", customer_id="C9", source="api")
    assert (f.outcome, f.persona_id, f.customer_id, f.source) == ("won", "p1", "C9", "api")
    record_feedback(s, v.id, "wrong persona")
    # a fresh connection on the same file sees both (nothing held only in memory)
    db = RecordDB(s.workspace / "records.sqlite")
    assert [r["outcome"] for r in db.feedback()] == ["won", "wrong_persona"]
    assert feedback_by_persona(all_feedback(s)) == {"p1": {"won": 1, "wrong_persona": 1}}
    assert all_feedback(s, since="9999") == []


def test_feedback_on_an_unknown_verdict_or_without_text_is_refused(settings) -> None:
    s = settings()
    with pytest.raises(ValueError, match="no verdict 'vd-nope'"):
        record_feedback(s, "vd-nope", "won")
    log_verdict(s, Verdict(id="vd-000000000002", verdict="fit", score=0.1), "x")
    with pytest.raises(ValueError, match="needs its text"):
        record_feedback(s, "vd-000000000002", "note", "  ")
    assert all_feedback(s) == []


def test_feedback_round_trip_through_the_cli(settings) -> None:
    from ui.cli import app

    ws = str(settings().workspace)
    res = CliRunner().invoke(app, ["check", PROSPECT, "--json", "-w", ws])
    assert res.exit_code == 0, res.output
    vid = json.loads(res.output)["id"]
    assert vid.startswith("vd-")
    res = CliRunner().invoke(app, ["feedback", vid, "they churned", "left after 3 months", "-w", ws])
    assert res.exit_code == 0, res.output
    assert f"churned on {vid}" in res.output and "left after 3 months" in res.output
    bad = CliRunner().invoke(app, ["feedback", "vd-unknown", "won", "-w", ws])
    assert bad.exit_code == 2 and "no verdict" in bad.output
    assert [f.note for f in all_feedback(settings())] == ["left after 3 months"]
