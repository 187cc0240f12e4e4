"""A model that lies or rambles (issue 19): quotations it invents inside prose never reach a persona or a
chat answer, and no generated field is stored at any length. Real refresh and real LangChain chat against
the scripted OpenAI-compatible server.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fakes.openai_server import Delay, OpenAIServer, Text
from pydantic import SecretStr

from agent.persona_llm import LIMITS
from agent.quotes import REMOVED, verify_prose
from agent.refresh import refresh
from core.settings import Settings
from core.store import Store
from ui.render_chat import chat_markdown as respond  # the chat as the user reads it

INVENTED = "We only signed up for the discount and never meant to stay"


def llm_settings_for(ws: Path, server: OpenAIServer, **update) -> Settings:
    values = dict(workspace=ws, openai_base_url=server.base_url, openai_api_key=SecretStr("test-key"),
                  llm_model=server.model, llm_timeout=5.0, llm_max_retries=0)
    return Settings(_env_file=None, **{**values, **update})


@pytest.fixture
def server():
    with OpenAIServer() as s:
        yield s


def _draft_reply(narrative_extra: str = "", persona_name: str = "Prose Quote Test"):
    def reply(request):
        name = ((request.get("response_format") or {}).get("json_schema") or {}).get("name", "")
        if name != "PersonaDraft":
            return None
        user = request.messages[-1]["content"]
        data = json.loads(user[user.index("<data>\n") + 7 : user.rindex("\n</data>")])
        real = data["candidate_quotes"][0]["text"]
        told = f'As one customer told us, "{INVENTED}."'
        return {
            "name": persona_name, "summary": f"Discount hunters. {told}",
            "narrative": f"They churn early. {told} Another wrote “{real}”.{narrative_extra}",
            "traits": [{"category": "behavioural", "text": f"Says “{INVENTED}”"}],
            "warning_signs": [f"Asks for a discount: “{INVENTED}”"],
            "why_not_fit": told, "what_would_make_fit": "Paying list price.",
            "quotes": [{"record_id": data["candidate_quotes"][0]["record_id"], "text": real}],
        }
    return reply


def test_invented_quotations_in_prose_never_reach_a_persona(server, clone_ws) -> None:
    ws = clone_ws()
    server.default = _draft_reply()
    ps = refresh(llm_settings_for(ws, server), force=True).personas
    # one LLM name for all: names are unique within a version, so later ones take an ordinal variant
    assert ps.personas and all(p.name.startswith("Prose Quote Test") for p in ps.personas)
    stored = (ws / "personas" / f"v{ps.version:04d}.json").read_text(encoding="utf-8")
    assert INVENTED not in stored
    store = Store(Settings(_env_file=None, workspace=ws))
    for p in ps.personas:
        assert REMOVED in p.narrative and REMOVED in p.summary and REMOVED in p.warning_signs[0]
        real = p.quotes[0]
        # the real quotation stays, linked to the record that holds it
        assert real.text in p.narrative and real.text in store.records.get(real.record_id).text
        assert any("found in no record" in n for n in p.notes)


def test_an_invented_quotation_in_a_persona_name_is_not_shown(server, clone_ws) -> None:
    """The name is shown too: one holding a quotation found in no record is not used (offline name kept)."""
    ws = clone_ws()
    offline = refresh(Settings(_env_file=None, workspace=ws), force=True).personas
    invented = "only here for the launch discount"
    assert Store(Settings(_env_file=None, workspace=ws)).records.find_text(invented) is None
    server.default = _draft_reply(persona_name=f'Customers who say "{invented}"')  # passes check_name
    ps = refresh(llm_settings_for(ws, server), force=True).personas
    assert ps.personas and all(p.engine.startswith("llm:") for p in ps.personas)
    assert [p.name for p in ps.personas] == [p.name for p in offline.personas]
    stored = (ws / "personas" / f"v{ps.version:04d}.json").read_text(encoding="utf-8")
    assert invented not in stored


def test_no_generated_field_is_stored_at_any_length(server, clone_ws) -> None:
    ws = clone_ws()
    server.default = _draft_reply(narrative_extra=" blah" * 1_000_000)  # a 5 MB narrative
    ps = refresh(llm_settings_for(ws, server), force=True).personas
    for p in ps.personas:
        assert len(p.narrative) <= LIMITS["narrative"] and len(p.summary) <= LIMITS["summary"]
        assert all(len(w) <= LIMITS["warning_sign"] for w in p.warning_signs)
    stored = json.loads((ws / "personas" / f"v{ps.version:04d}.json").read_text(encoding="utf-8"))
    assert len(json.dumps(stored["personas"])) < 100_000  # the 5 MB narrative never reaches the file


def test_invented_quotations_in_a_chat_answer_are_removed(server, clone_ws) -> None:
    ws = clone_ws()
    store = Store(Settings(_env_file=None, workspace=ws))
    real = next(r for r in store.records.iter_records() if len(r.text.split()) > 8)
    span = " ".join(real.text.split()[:6])
    while span not in real.text:  # six words as written (no line break inside)
        span = span.rsplit(" ", 1)[0]
    answer = f'A customer said: "{INVENTED}." Another wrote “{span}”.'
    server.script(Text(answer))
    final = list(respond("what do customers say about discounts?", [], llm_settings_for(ws, server)))[-1]
    assert INVENTED not in final and REMOVED in final
    assert f"“{span}” [{real.kind} {real.id}]" in final


def test_verify_prose_keeps_short_terms_and_echoes() -> None:
    def find(span: str):
        return ("", None) if span == "set it up for us" else None

    text, notes = verify_prose('The "dashboard" and "set it up for us" and "We were promised a refund"', find)
    assert text == f'The "dashboard" and "set it up for us" and {REMOVED}' and len(notes) == 1


def test_a_hanging_llm_is_waited_on_once_per_run(server, clone_ws) -> None:
    """Circuit breaker: after one timeout the rest of the refresh falls back at once (not once per persona)."""
    ws = clone_ws()
    server.default = lambda request: Delay(20)
    ps = refresh(llm_settings_for(ws, server, llm_timeout=0.5), force=True).personas
    assert len(ps.personas) >= 2
    assert len(server.chat_requests) == 1, len(server.chat_requests)  # the theme labels; no persona waited
    assert all(p.engine == "offline" for p in ps.personas)
    assert any("timed out" in n for n in ps.notes), ps.notes


def test_interactive_calls_have_a_short_budget_then_fall_back_at_once(server, clone_ws) -> None:
    from agent.verdict import Checker

    ws = clone_ws()
    server.default = lambda request: Delay(20)
    settings = llm_settings_for(ws, server, llm_timeout=60.0, llm_max_retries=2, llm_interactive_timeout=1.0)
    t0 = time.monotonic()
    final = list(respond("who are our negative personas?", [], settings))[-1]
    assert time.monotonic() - t0 < 8, time.monotonic() - t0  # a batch call would wait 3 x 60 s
    assert "LLM unavailable" in final
    sent = len(server.chat_requests)
    assert 1 <= sent <= 2
    checker = Checker.load(settings)
    t0 = time.monotonic()
    v = checker.check("A 5-person agency on the Starter plan asking for a discount.")
    assert time.monotonic() - t0 < 3 and v.engine == "offline"
    list(respond("and the themes?", [], settings))
    assert len(server.chat_requests) == sent  # the breaker is open: nothing waited on again


PROSPECT = "A 6-person agency on the Starter plan asking for a 40% discount and weekly calls."


def test_non_numbers_from_the_llm_never_move_a_verdict(server, clone_ws) -> None:
    """nan, infinity, 1e309, a number the prospect never wrote, one far outside the data: all dropped."""
    from agent.verdict import Checker

    ws = clone_ws()
    offline = Checker.load(Settings(_env_file=None, workspace=ws)).check(PROSPECT)
    server.script({"attributes": [
        {"column": "tenure_months", "value": "nan", "evidence": "agency"},
        {"column": "onboarding_sessions", "value": "infinity", "evidence": "weekly calls"},
        {"column": "employees", "value": "1e309", "evidence": "6-person"},
        {"column": "tenure_months", "value": "3", "evidence": "Starter plan"},  # no 3 in the prospect's words
        {"column": "employees", "value": "-5000", "evidence": "asking"},
        {"column": "industry", "value": "Agency", "evidence": "we are a huge bank"},  # no such span
    ]})
    v = Checker.load(llm_settings_for(ws, server)).check(PROSPECT)
    assert v.engine.startswith("llm:"), v.notes
    assert (v.verdict, v.score, v.attributes) == (offline.verdict, offline.score, offline.attributes)
    assert not any("tenure" in f.trait.lower() for f in v.red_flags) or any(
        "tenure" in f.trait.lower() for f in offline.red_flags)
