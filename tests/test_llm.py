"""core.llm: the one door to the LLM — bounded retries, audit log, None instead of exceptions."""

from __future__ import annotations

import json
import time

import pytest
from fakes.openai_server import Delay, Fault, Malformed, Text, rate_limited, server_error
from pydantic import BaseModel, Field

from core.llm import audit, get_chat_model, structured


class Label(BaseModel):
    label: str
    confidence: float = Field(ge=0, le=1)


GOOD = {"label": "late delivery", "confidence": 0.9}


@pytest.fixture
def log_path(tmp_path):
    return tmp_path / "workspace" / "llm_log.jsonl"


def read_log(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def ask(settings, log_path, **kw):
    return structured(settings, Label, "You label complaints.", "It came two weeks late.", task="label",
                      log_path=log_path, **kw)


def test_without_llm_the_factory_never_reaches_the_llm_backend(settings, monkeypatch):
    """The engine factory is the one place that decides offline vs LLM: offline settings get the offline
    engine, whose jobs never ask core.llm for a model."""
    from agent.engines import make_engine
    from agent.engines.offline import OfflineEngine

    s = settings()
    assert not s.llm_enabled
    engine = make_engine(s)
    assert isinstance(engine, OfflineEngine)

    def forbidden(*_a, **_k):
        raise AssertionError("the offline engine asked for an LLM")

    monkeypatch.setattr("core.llm.get_chat_model", forbidden)
    assert engine.label_themes([]) == []


def test_get_chat_model_uses_the_settings(llm_settings, openai_server):
    model = get_chat_model(llm_settings)
    assert model is not None
    assert model.openai_api_base == openai_server.base_url
    assert model.max_retries == llm_settings.llm_max_retries
    assert model.request_timeout == llm_settings.llm_timeout
    openai_server.script("pong")
    assert model.invoke("ping").content == "pong"


def test_success(llm_settings, openai_server, log_path):
    openai_server.script(GOOD)
    parsed, reason = ask(llm_settings, log_path)
    assert parsed == Label(**GOOD) and reason is None
    req = openai_server.chat_requests[0]
    assert req["response_format"]["type"] == "json_schema"
    assert [m["role"] for m in req["messages"]] == ["system", "user"]
    assert req["messages"][1]["content"] == "It came two weeks late."
    [entry] = read_log(log_path)
    assert entry["task"] == "label"
    assert entry["request"]["system"] == "You label complaints." and entry["request"]["attempt"] == 1
    assert json.loads(entry["response"]) == GOOD
    assert entry["error"] is None and entry["at"]


def test_429_with_retry_after_is_retried(llm_settings, openai_server, log_path):
    openai_server.script(rate_limited("0"), GOOD)
    parsed, reason = ask(llm_settings, log_path)
    assert parsed == Label(**GOOD) and reason is None
    assert len(openai_server.chat_requests) == 2
    assert openai_server.pending() == 0


def test_5xx_beyond_retries_returns_none(llm_settings, openai_server, log_path):
    s = llm_settings.model_copy(update={"llm_max_retries": 1})
    openai_server.script(*[server_error(500)] * 10)
    t0 = time.monotonic()
    parsed, reason = ask(s, log_path)  # must not raise
    assert parsed is None and "500" in reason
    # the SDK tries max_retries + 1 times; structured() does not multiply that
    assert len(openai_server.chat_requests) == 2
    assert time.monotonic() - t0 < 5
    entries = read_log(log_path)
    assert len(entries) == 1 and "500" in entries[0]["error"] and entries[0]["response"] is None


def test_auth_error_is_not_retried(llm_settings, openai_server, log_path):
    openai_server.script(Fault(401), GOOD)
    parsed, reason = ask(llm_settings, log_path)
    assert parsed is None and "401" in reason
    assert len(openai_server.chat_requests) == 1


def test_malformed_json_then_valid_is_retried(llm_settings, openai_server, log_path):
    openai_server.script(Malformed('{"label": "late'), GOOD)
    parsed, reason = ask(llm_settings, log_path)
    assert parsed == Label(**GOOD) and reason is None
    first, second = read_log(log_path)
    assert first["error"] and first["response"] == '{"label": "late'  # the bad reply is kept for audit
    assert first["request"]["attempt"] == 1 and second["request"]["attempt"] == 2
    assert second["error"] is None


def test_schema_breaking_json_gives_none_after_bounded_attempts(llm_settings, openai_server, log_path):
    bad = {"label": "x", "confidence": 7}  # out of range
    openai_server.script(*[bad] * 10)
    parsed, reason = ask(llm_settings, log_path)
    assert parsed is None and "confidence" in reason
    tries = llm_settings.llm_max_retries + 1
    assert len(openai_server.chat_requests) == tries
    entries = read_log(log_path)
    assert [e["request"]["attempt"] for e in entries] == list(range(1, tries + 1))
    assert all(e["error"] for e in entries)


def test_attempts_argument_overrides(llm_settings, openai_server, log_path):
    openai_server.script(*[{"wrong": True}] * 5)
    parsed, _ = ask(llm_settings, log_path, attempts=3)
    assert parsed is None and len(openai_server.chat_requests) == 3


def test_timeout_returns_none_within_bounded_time(llm_settings, openai_server, log_path):
    s = llm_settings.model_copy(update={"llm_timeout": 0.5, "llm_max_retries": 0})
    openai_server.script(Delay(10, then=GOOD))
    t0 = time.monotonic()
    parsed, reason = ask(s, log_path)
    elapsed = time.monotonic() - t0
    assert parsed is None and "Timeout" in reason
    assert elapsed < 3, elapsed
    [entry] = read_log(log_path)
    assert "Timeout" in entry["error"]


def test_every_attempt_is_audited(llm_settings, openai_server, log_path):
    s = llm_settings.model_copy(update={"llm_max_retries": 2})
    openai_server.script(Malformed(), {"label": "x"}, GOOD)
    parsed, _ = ask(s, log_path)
    assert parsed == Label(**GOOD)
    entries = read_log(log_path)
    assert len(entries) == 3
    assert {tuple(e) for e in entries} == {("at", "task", "request", "response", "error")}
    assert [bool(e["error"]) for e in entries] == [True, True, False]
    assert entries[1]["response"] == {"label": "x"}


def test_audit_without_path_is_a_no_op(tmp_path):
    audit(None, "t", {"a": 1})
    path = tmp_path / "deep" / "log.jsonl"
    audit(path, "t", {"a": 1}, response="r")
    audit(path, "t", {"a": 2}, error="e")
    assert [e["request"]["a"] for e in read_log(path)] == [1, 2]


def test_json_object_mode_sends_the_schema_and_reads_fenced_json(llm_settings, openai_server, log_path):
    """llama-cpp-python's server answers 500 to json_schema; json_object with the schema is its grammar mode.
    Small models fence their JSON: the fence is read through, and a broken answer is retried as in json_schema."""
    s = llm_settings.model_copy(update={"llm_structured": "json_object", "llm_max_tokens": 321})
    openai_server.script(Malformed('{"label": '), Text("```json\n" + json.dumps(GOOD) + "\n```"))
    parsed, reason = ask(s, log_path)
    assert parsed == Label(**GOOD) and reason is None
    first, second = openai_server.chat_requests
    fmt = first["response_format"]
    assert fmt["type"] == "json_object" and fmt["schema"] == Label.model_json_schema()
    assert first["max_tokens"] == 321  # what llama-cpp-python reads (it ignores max_completion_tokens)
    assert "JSON schema" in first["messages"][0]["content"] and '"confidence"' in first["messages"][0]["content"]
    entries = read_log(log_path)
    assert [bool(e["error"]) for e in entries] == [True, False]
    assert all(e["request"]["mode"] == "json_object" for e in entries)


def test_other_servers_get_max_tokens_and_a_string_content(settings):
    """llama-cpp-python ignores max_completion_tokens and answers 500 to an assistant turn with null content."""
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

    turn = [HumanMessage("hi"), AIMessage("", tool_calls=[{"name": "t", "args": {}, "id": "c1"}]),
            ToolMessage("ok", tool_call_id="c1")]
    local = get_chat_model(settings(openai_base_url="http://127.0.0.1:8000/v1", llm_max_tokens=99))
    payload = local._get_request_payload(turn)
    assert payload["max_tokens"] == 99 and "max_completion_tokens" not in payload
    assert payload["messages"][1]["content"] == "" and payload["messages"][1]["tool_calls"]
    openai = get_chat_model(settings(openai_api_key="k", llm_max_tokens=99))
    payload = openai._get_request_payload(turn)
    assert payload["max_completion_tokens"] == 99 and payload["messages"][1]["content"] is None


def test_a_tool_call_streamed_with_its_name_in_every_chunk_is_one_call(llm_settings, openai_server):
    """llama-cpp-python repeats the function name and id in each chunk of a streamed tool call."""
    from langchain_core.messages import AIMessageChunk
    from langchain_core.outputs import ChatGenerationChunk

    from core.llm_compat import _once

    seen: dict = {}
    parts = [AIMessageChunk("", tool_call_chunks=[{"name": "search_feedback", "id": "c1", "index": 0,
                                                   "args": piece}]) for piece in ('{"query"', ': "late"', "}")]
    merged = ChatGenerationChunk(message=_once(parts[0], seen))
    for p in parts[1:]:
        merged += ChatGenerationChunk(message=_once(p, seen))
    [call] = merged.message.tool_calls
    assert call["name"] == "search_feedback" and call["id"] == "c1" and call["args"] == {"query": "late"}


def test_function_calling_mode_forces_one_tool_call(llm_settings, openai_server, log_path):
    from fakes.openai_server import tool_call

    s = llm_settings.model_copy(update={"llm_structured": "function_calling"})
    openai_server.script([tool_call("Label", **GOOD)])
    parsed, reason = ask(s, log_path)
    assert parsed == Label(**GOOD) and reason is None
    req = openai_server.chat_requests[0]
    assert "response_format" not in req and req["tools"][0]["function"]["name"] == "Label"


@pytest.mark.parametrize("mode", ["json_schema", "json_object"])
def test_a_reply_cut_at_the_token_bound_is_kept_in_the_audit_log(llm_settings, openai_server, log_path, mode):
    """Found against llama-cpp-python: the SDK raises LengthFinishReasonError and the reply was logged as None."""
    s = llm_settings.model_copy(update={"llm_structured": mode, "llm_max_retries": 0})
    openai_server.script(Text('{"label": "cut', finish_reason="length"))
    parsed, reason = ask(s, log_path)
    assert parsed is None and "length" in reason.lower()
    [entry] = read_log(log_path)
    assert entry["response"] == '{"label": "cut' and entry["error"]
