"""The feedback loop through a real refresh: feedback recorded on a persona's verdicts shows in the next
change report, and when its flagged prospects are reported won or renewed at or above the baseline the
persona is flagged "needs review" (its card says so)."""

from __future__ import annotations

from agent.engines import open_services
from agent.feedback import log_verdict, record_feedback
from agent.refresh import refresh
from agent.verdict import Checker
from ui.cards import persona_cards
from ui.render import change_lines

PROSPECT = "Small agency with 4 employees on the Starter plan, wants a discount and weekly calls."


def test_feedback_shows_in_the_change_report_and_flags_the_persona_for_review(
    workspace_factory, tmp_path
) -> None:
    settings = workspace_factory(tmp_path / "ws")
    svc = open_services(settings)
    v1 = svc.current()
    checker = Checker.load(svc, fresh=True)
    verdicts = [checker.check(f"{PROSPECT} Lead {i}.") for i in range(4)]
    pid = verdicts[0].persona_id
    assert pid and all(v.persona_id == pid for v in verdicts)
    for v, (i, outcome) in zip(verdicts, enumerate(["won", "renewed", "won", "churned"]), strict=True):
        log_verdict(svc, v, f"{PROSPECT} Lead {i}.")
        record_feedback(svc, v.id, outcome, f"lead {i}", source="app")
    result = refresh(open_services(settings))  # not forced: new feedback changes the fingerprint
    assert not result.skipped and result.version == v1.version + 1
    lines = change_lines(result.changes)
    assert sum(line.startswith("feedback: ") for line in lines) == 4
    assert any(line.startswith("needs review: ") and "3 of 4" in line for line in lines), lines
    ps = result.personas
    flagged = next(p for p in ps.personas if p.id == pid)
    assert "3 of 4" in flagged.review
    card = next(c for c in persona_cards(ps)["personas"] if c["id"] == pid)
    assert "Needs review" in card["markdown"]
    entry = next(v for v in ps.validation if v["persona_id"] == pid)
    assert entry["feedback"] == {"churned": 1, "renewed": 1, "won": 2} and entry["needs_review"]


def test_feedback_recorded_in_the_second_a_version_was_written_is_reported_once(
    workspace_factory, tmp_path, monkeypatch
) -> None:
    """Timestamps have one-second resolution: feedback stamped with the previous version's own second was
    left out of every change report (picked by `created_at > since`); it is picked by id now, and the next
    report does not repeat it."""
    import agent.feedback

    settings = workspace_factory(tmp_path / "ws")
    svc = open_services(settings)
    v1 = svc.current()
    monkeypatch.setattr(agent.feedback, "_now", lambda: v1.created_at)
    checker = Checker.load(svc, fresh=True)
    for i, outcome in enumerate(["won", "renewed"]):
        v = checker.check(f"{PROSPECT} Lead {i}.")
        log_verdict(svc, v, f"{PROSPECT} Lead {i}.")
        record_feedback(svc, v.id, outcome, f"lead {i}", source="app")
    first = refresh(open_services(settings))
    assert not first.skipped
    assert sum(line.startswith("feedback: ") for line in change_lines(first.changes)) == 2
    again = refresh(open_services(settings), force=True)
    assert not again.skipped and again.version == first.version + 1
    assert not any(line.startswith("feedback: ") for line in change_lines(again.changes))
