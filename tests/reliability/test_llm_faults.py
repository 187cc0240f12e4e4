"""LLM faults through the scripted OpenAI-compatible server, for the stages tests/test_llm.py,
tests/agent/test_persona_llm.py and tests/agent/test_chat.py do not already cover: verdict attribute
extraction, theme labels, persona prose on the examples workspace, and a whole refresh against a dead
endpoint. Every fault ends in bounded retries (the SDK's backoff honours Retry-After) and then the offline
engine with a visible note, within a wall-time bound; no request outlives `llm_timeout`.
"""

from __future__ import annotations

import copy
import json
import re
import time
from pathlib import Path

import pytest
from fakes.openai_server import (
    Delay,
    Fault,
    Malformed,
    OpenAIServer,
    Refusal,
    Text,
    rate_limited,
    server_error,
    tool_call,
)
from pydantic import SecretStr

from agent.chat import RECURSION_LIMIT
from agent.persona_llm import label_themes
from agent.refresh import refresh
from agent.verdict import Checker
from core.settings import Settings
from core.store import Store
from core.versions import current
from core.workspace import Workspace
from ui.render_chat import chat_markdown as respond

PROSPECT = "A 6-person agency on the Starter plan asking for a 40% discount and weekly calls."
GOOD_EXTRACTION = {
    "attributes": [
        {"column": "industry", "value": "Agency", "evidence": "agency"},
        {"column": "plan", "value": "Starter", "evidence": "Starter plan"},
    ]
}


def llm_settings_for(ws: Path, server: OpenAIServer, **update) -> Settings:
    values = dict(
        workspace=ws,
        openai_base_url=server.base_url,
        openai_api_key=SecretStr("test-key"),
        llm_model=server.model,
        llm_timeout=2.0,
        llm_max_retries=1,
    )
    values.update(update)
    return Settings(_env_file=None, **values)


@pytest.fixture
def server():
    with OpenAIServer() as s:
        yield s


# (name, replies, timeout, requests the client sends, LLM result used?, wall-time bound in seconds: a hang
# would last the scripted 20 s delay; the bound leaves room for a loaded machine)
FAULTS = [
    ("timeout", [Delay(20)] * 4, 0.5, 2, False, 8.0),
    ("429-retry-after-then-ok", [rate_limited("1"), GOOD_EXTRACTION], 2.0, 2, True, 8.0),
    ("429-every-time", [rate_limited("0")] * 4, 2.0, 2, False, 8.0),
    ("500-every-time", [server_error(500)] * 4, 2.0, 2, False, 8.0),
    ("503-then-ok", [server_error(503), GOOD_EXTRACTION], 2.0, 2, True, 8.0),
    ("malformed-json", [Malformed('{"attributes": [{"column": "pl')] * 4, 2.0, 2, False, 8.0),
    ("schema-breaking", [{"attributes": "Starter"}] * 4, 2.0, 2, False, 8.0),
    ("truncated", [Text('{"attributes": [', finish_reason="length")] * 4, 2.0, 2, False, 8.0),
    ("refusal", [Refusal("I can't help with that.")] * 4, 2.0, 2, False, 8.0),
    ("unreadable-200", [Fault(200, body="{not json")] * 4, 2.0, 2, False, 8.0),
]


@pytest.fixture(scope="module")
def offline_verdict(examples_ws: Path):
    return Checker.load(Settings(_env_file=None, workspace=examples_ws)).check(PROSPECT)


@pytest.mark.parametrize(("name", "replies", "timeout", "requests", "used", "bound"), FAULTS,
                         ids=[f[0] for f in FAULTS])
def test_verdict_extraction_faults(name, replies, timeout, requests, used, bound, server, clone_ws,
                                   offline_verdict) -> None:
    settings = llm_settings_for(clone_ws(), server, llm_timeout=timeout)
    checker = Checker.load(settings)  # built before the clock starts: only the LLM call is timed
    server.script(*replies)
    t0 = time.monotonic()
    v = checker.check(PROSPECT)
    elapsed = time.monotonic() - t0
    assert elapsed < bound, f"{name}: {elapsed:.1f}s"
    assert len(server.chat_requests) == requests
    if name == "429-retry-after-then-ok":
        assert elapsed >= 0.9  # Retry-After: 1 was honoured
    if used:
        assert v.engine == f"llm:{server.model}" and not any("unavailable" in n for n in v.notes)
    else:
        assert v.engine == "offline"
        note = next(n for n in v.notes if n.startswith("LLM extraction unavailable"))
        assert note.endswith("offline extraction used")
    # the offline extraction underlies both, so faults never change what the verdict says
    assert (v.verdict, v.score, v.attributes) == (offline_verdict.verdict, offline_verdict.score,
                                                  offline_verdict.attributes)
    log = [json.loads(line) for line in (settings.workspace / "llm_log.jsonl").read_text().splitlines()]
    assert log and all(e["task"] == "verdict_extract" for e in log)
    assert bool(log[-1]["error"]) != used


def test_verdict_extraction_keeps_only_schema_values_and_the_prospects_words(server, clone_ws,
                                                                             offline_verdict) -> None:
    server.script({"attributes": [
        {"column": "plan", "value": "Platinum Ultra", "evidence": "Starter plan"},  # not an allowed value
        {"column": "favourite_colour", "value": "blue", "evidence": "agency"},  # not a column
        {"column": "employees", "value": "six", "evidence": "6-person"},  # not a number
        {"column": "industry", "value": "agency", "evidence": "we are a huge bank"},  # invented evidence
    ]})
    v = Checker.load(llm_settings_for(clone_ws(), server)).check(PROSPECT)
    assert v.engine.startswith("llm:")
    assert v.attributes == offline_verdict.attributes  # nothing outside the schema got in
    for flag in v.red_flags:
        assert "huge bank" not in flag.evidence and "Platinum" not in flag.trait


# --- theme labels ---------------------------------------------------------------------------------------
LABEL_FAULTS = [
    ("timeout", [Delay(20)] * 4, 0.5, 2, 8.0),
    ("429-every-time", [rate_limited("0")] * 4, 2.0, 2, 8.0),
    ("500-every-time", [server_error(500)] * 4, 2.0, 2, 8.0),
    ("malformed-json", [Malformed()] * 4, 2.0, 2, 8.0),
    ("label-too-long", [{"labels": [{"id": 0, "label": "x" * 200}]}] * 4, 2.0, 2, 8.0),
    ("ids-not-ints", [{"labels": [{"id": "first", "label": "Pricing"}]}] * 4, 2.0, 2, 8.0),
]


@pytest.mark.parametrize(("name", "replies", "timeout", "requests", "bound"), LABEL_FAULTS,
                         ids=[f[0] for f in LABEL_FAULTS])
def test_theme_label_faults_keep_keyword_labels(name, replies, timeout, requests, bound, server, clone_ws) -> None:
    ws = clone_ws()
    themes = copy.deepcopy(current(Settings(_env_file=None, workspace=ws)).themes)
    before = [t.label for t in themes]
    server.script(*replies)
    t0 = time.monotonic()
    note = label_themes(llm_settings_for(ws, server, llm_timeout=timeout), Workspace(ws).llm_log, themes)
    assert time.monotonic() - t0 < bound
    assert len(server.chat_requests) == requests
    assert note and note.startswith("LLM theme labels unavailable") and note.endswith("keyword labels kept")
    assert [t.label for t in themes] == before


def test_theme_labels_for_unknown_ids_are_ignored(server, clone_ws) -> None:
    ws = clone_ws()
    themes = copy.deepcopy(current(Settings(_env_file=None, workspace=ws)).themes)
    before = {t.id: t.label for t in themes}
    first = themes[0].id
    server.script({"labels": [{"id": first, "label": "  Setup Friction  "}, {"id": 999, "label": "Invented"},
                              {"id": themes[1].id, "label": "   "}]})
    note = label_themes(llm_settings_for(ws, server), Workspace(ws).llm_log,
                        themes)
    assert note is None
    assert {t.id: t.label for t in themes} == {**before, first: "Setup Friction"}


# --- persona prose and a whole refresh ------------------------------------------------------------------
def _persona_reply(request):
    name = ((request.get("response_format") or {}).get("json_schema") or {}).get("name", "")
    if name != "PersonaDraft":
        return None  # theme labels: the server's schema-valid default
    user = request.messages[-1]["content"]
    data = json.loads(user[user.index("<data>\n") + 7 : user.rindex("\n</data>")])
    real = data["candidate_quotes"][0]
    return {
        "name": "Invented Quote Test", "summary": "s", "narrative": "n",
        "traits": [{"category": "behavioural", "text": "t"}], "warning_signs": ["w"],
        "why_not_fit": "x", "what_would_make_fit": "y",
        "quotes": [
            {"record_id": real["record_id"], "text": real["text"]},
            {"record_id": real["record_id"], "text": "We will never pay for this garbage."},  # invented
            {"record_id": "no-such-record", "text": real["text"]},  # real words, wrong record
        ],
    }


def test_invented_quotes_never_reach_a_persona(server, clone_ws) -> None:
    ws = clone_ws()
    server.default = _persona_reply
    ps = refresh(llm_settings_for(ws, server), force=True).personas
    store = Store(Settings(_env_file=None, workspace=ws))
    names = [p.name for p in ps.personas]  # one LLM name for all: unique within the version (issue 12)
    assert names and all(n.startswith("Invented Quote Test") for n in names) and len(set(names)) == len(names)
    for p in ps.personas:
        assert p.quotes
        for q in p.quotes:
            assert q.text in store.records.get(q.record_id).text
        assert "garbage" not in json.dumps(p.model_dump())
        assert any("not verbatim" in n for n in p.notes)


def test_refresh_against_a_hanging_endpoint_is_bounded_and_offline(server, clone_ws) -> None:
    ws = clone_ws()
    offline = current(Settings(_env_file=None, workspace=ws))
    t0 = time.monotonic()
    refresh(Settings(_env_file=None, workspace=ws), force=True)
    offline_seconds = time.monotonic() - t0

    server.default = lambda request: Delay(20)
    settings = llm_settings_for(ws, server, llm_timeout=0.4, llm_max_retries=0)
    t0 = time.monotonic()
    ps = refresh(settings, force=True).personas
    elapsed = time.monotonic() - t0
    assert len(server.chat_requests) == 1  # theme labels time out; the breaker spares every persona the wait
    assert elapsed < offline_seconds + 0.4 + 8, (elapsed, offline_seconds)
    assert all(p.engine == "offline" and "offline text: LLM unavailable" in p.notes for p in ps.personas)
    assert any(n.startswith("LLM theme labels unavailable") for n in ps.notes)
    assert [(p.name, p.segments) for p in ps.personas] == [(p.name, p.segments) for p in offline.personas]


# --- chat -----------------------------------------------------------------------------------------------
def test_chat_tool_loop_is_bounded_in_requests_and_time(server, clone_ws) -> None:
    server.default = lambda request: Delay(0.2, then=[tool_call("list_themes")])
    settings = llm_settings_for(clone_ws(), server)
    t0 = time.monotonic()
    final = list(respond("what do customers complain about?", [], settings))[-1]
    assert time.monotonic() - t0 < RECURSION_LIMIT // 2 * (0.2 + 2) + 5
    assert len(server.chat_requests) == RECURSION_LIMIT // 2
    assert "kept calling tools" in final


@pytest.mark.parametrize(
    "reply",
    [
        [tool_call("drop_all_tables")],  # a tool that does not exist
        [{"name": "search_feedback", "arguments": '{"query": "refunds", "k": '}],  # arguments cut off
    ],
    ids=["unknown-tool", "broken-arguments"],
)
def test_chat_survives_bad_tool_calls(reply, server, clone_ws) -> None:
    server.script(reply, "Customers ask about refunds.")
    final = list(respond("refund requests?", [], llm_settings_for(clone_ws(), server)))[-1]
    assert final.strip()
    assert "Traceback" not in final
    assert 1 <= len(server.chat_requests) <= RECURSION_LIMIT // 2
    if len(server.chat_requests) == 2:  # the tool's answer or its error went back to the model
        tool_msgs = [m for m in server.chat_requests[1].messages if m["role"] == "tool"]
        content = tool_msgs[-1]["content"]
        assert content.startswith("<data>") or re.search(r"not a valid tool|error|invalid", content, re.I)
        assert final == "Customers ask about refunds."
    else:
        assert final.startswith("*LLM unavailable:")
