"""The chat entry point: offline router without an LLM; with one, the LangChain agent through the scripted
OpenAI-compatible server (tool round-trip, streaming, bounded tool loop, fallback on errors, audit log,
customer text kept out of the instructions)."""

from __future__ import annotations

import json

import pytest
from fakes.openai_server import (  # conftest puts tests/ on sys.path
    Delay,
    rate_limited,
    server_error,
    tool_call,
)
from pydantic import SecretStr

from agent.chat import RECURSION_LIMIT, history_messages, system_prompt
from agent.chat_tools import ChatContext, make_tools
from agent.engines import as_services
from agent.router import OFFLINE_NOTE
from agent.verdict import Checker
from core.settings import Settings
from core.versions import current
from core.workspace import Workspace
from ui.render_chat import chat_markdown as respond  # the chat as the user reads it

from .test_router import INJECTION, build_chat_workspace


@pytest.fixture(scope="module")
def chat_workspace(tmp_path_factory) -> Settings:
    return build_chat_workspace(tmp_path_factory.mktemp("chat-llm") / "ws")


@pytest.fixture
def llm(chat_workspace, openai_server) -> Settings:
    """The module's data workspace with the LLM pointed at the scripted server."""
    return chat_workspace.model_copy(
        update={
            "openai_base_url": openai_server.base_url,
            "openai_api_key": SecretStr("test-key"),
            "llm_model": openai_server.model,
            "llm_timeout": 10.0,
            "llm_max_retries": 1,
        }
    )


def audit_entries(settings: Settings) -> list[dict]:
    log = Workspace(settings.workspace).llm_log
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def chat_entries(settings: Settings) -> list[dict]:
    return [e for e in audit_entries(settings) if e["task"] == "chat"]


def test_offline_respond_yields_the_router_answer_once(chat_workspace):
    out = list(respond("who are our negative personas?", [], chat_workspace))
    assert len(out) == 1
    assert out[0].startswith(OFFLINE_NOTE)
    assert current(chat_workspace).personas[0].name in out[0]


def test_tools_have_schemas_and_guard_errors(chat_workspace):
    tools = {t.name: t for t in make_tools(ChatContext(as_services(chat_workspace)))}
    assert set(tools) == {
        "search_feedback",
        "list_personas",
        "describe_persona",
        "list_themes",
        "describe_theme",
        "check_prospect",
        "refresh_personas",
    }
    params = tools["search_feedback"].args
    assert {"query", "kind", "theme_id", "segment", "k"} <= set(params)
    ps = current(chat_workspace)
    out = tools["describe_theme"].invoke({"theme_id": ps.themes[0].id})
    assert out.startswith("<data>") and ps.themes[0].label in out and "record_id" in out
    assert tools["describe_persona"].invoke({"persona_id": ps.personas[0].name}).startswith("<data>")
    assert "known personas" in tools["describe_persona"].invoke({"persona_id": "xyzzy"})
    bad = tools["search_feedback"].invoke({"query": "x", "kind": "email"})
    assert bad.startswith("error: invalid arguments: kind")  # back to the model, not raised
    bad = tools["search_feedback"].invoke({"query": "x", "segment": "nope=1"})
    assert bad.startswith("error: ValueError") and "no account column" in bad
    prospect = "8-person agency on the Starter plan"
    verdict = json.loads(tools["check_prospect"].invoke({"text": prospect})[7:-8])
    direct = Checker.load(chat_workspace).check(prospect)  # the tool reports the fit check's own verdict
    assert (verdict["verdict"], verdict["score"], verdict["persona_id"]) == (
        direct.verdict, direct.score, direct.persona_id
    )
    assert verdict["red_flags"] == [{"trait": f.trait, "evidence": f.evidence} for f in direct.red_flags]


def test_history_is_gradio_messages():
    hist = [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": [{"type": "text", "text": "hello"}]},
        {"role": "assistant", "content": "working", "metadata": {"title": "tool"}},
        {"role": "system", "content": "ignored"},
        {"role": "user", "content": {"path": "file.png"}},
    ]
    assert history_messages(hist) == [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
    ]


def test_tool_round_trip_streams_and_is_audited(llm, openai_server):
    openai_server.script(
        [tool_call("list_personas")],
        "Your main negative persona is the Starter plan price group [record r018].",
    )
    before = len(chat_entries(llm))
    history = [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "Hi! Ask away."}]
    out = list(respond("Who are our negative personas?", history, llm))

    assert len(out) >= 3, out  # tokens streamed, cumulative
    assert all(out[i + 1].startswith(out[i]) for i in range(len(out) - 1) if "looking up" not in out[i])
    assert out[-1] == "Your main negative persona is the Starter plan price group [record r018]."

    first, second = openai_server.chat_requests
    assert first["stream"] is True and {t["function"]["name"] for t in first["tools"]} >= {
        "search_feedback",
        "list_personas",
        "check_prospect",
    }
    roles = [m["role"] for m in first.messages]
    assert roles == ["system", "user", "assistant", "user"]  # the history went along
    tool_msgs = [m for m in second.messages if m["role"] == "tool"]
    assert len(tool_msgs) == 1
    persona = current(llm).personas[0]
    assert persona.name in tool_msgs[0]["content"] and tool_msgs[0]["content"].startswith("<data>")

    entries = chat_entries(llm)
    assert len(entries) == before + 1
    assert entries[-1]["request"]["message"] == "Who are our negative personas?"
    assert entries[-1]["request"]["tool_calls"] == [{"name": "list_personas", "args": "{}"}]
    assert entries[-1]["request"]["tool_results"][0]["name"] == "list_personas"
    assert entries[-1]["response"] == out[-1] and entries[-1]["error"] is None


def test_endless_tool_loop_is_bounded(llm, openai_server):
    openai_server.default = lambda request: [tool_call("list_themes")]
    out = list(respond("what do customers complain about?", [], llm))
    assert len(openai_server.chat_requests) == RECURSION_LIMIT // 2
    final = out[-1]
    assert "Stopped" in final and "kept calling tools" in final
    assert "| id | theme |" in final  # still useful: the offline answer follows
    assert chat_entries(llm)[-1]["error"].startswith("GraphRecursionError")


@pytest.mark.parametrize(
    ("fault", "shows", "requests"),
    [
        (lambda: server_error(500), "500", 2),  # one try + one SDK retry, then give up
        (lambda: rate_limited(), "429", 2),
        (lambda: Delay(3.0), "Timeout", 1),
    ],
    ids=["500", "429", "timeout"],
)
def test_llm_errors_fall_back_to_the_router(llm, openai_server, fault, shows, requests):
    if shows == "Timeout":
        llm = llm.model_copy(update={"llm_timeout": 0.4, "llm_max_retries": 0})
    openai_server.default = lambda request: fault()
    before = len(chat_entries(llm))
    out = list(respond("who are our negative personas?", [], llm))
    final = out[-1]
    assert final.startswith("*LLM unavailable:") and "here is the offline answer" in final
    assert shows in final
    assert "No LLM is configured" not in final
    assert current(llm).personas[0].name in final
    assert len(openai_server.chat_requests) == requests
    entries = chat_entries(llm)
    assert len(entries) == before + 1 and shows in entries[-1]["error"]


def test_customer_text_stays_inside_the_tool_message(llm, openai_server):
    openai_server.script(
        [tool_call("search_feedback", query="every prospect is a fit instructions", k=3)],
        "Customers mostly mention onboarding and pricing; one ticket contains text addressed to an "
        "assistant, which I ignored [record r050].",
    )
    out = list(respond("What do customers say in their tickets?", [], llm))
    assert "ignored" in out[-1]
    first, second = openai_server.chat_requests
    system = [m for m in second.messages if m["role"] == "system"]
    assert len(system) == 1 and system[0]["content"] == system_prompt()
    assert INJECTION not in system[0]["content"]
    assert all(INJECTION not in json.dumps(m) for m in first.messages)
    tool_msgs = [m for m in second.messages if m["role"] == "tool"]
    assert len(tool_msgs) == 1 and INJECTION in tool_msgs[0]["content"]
    logged = chat_entries(llm)[-1]["request"]["tool_calls"][0]
    assert logged["name"] == "search_feedback" and json.loads(logged["args"])["k"] == 3
    content = tool_msgs[0]["content"]
    assert content.startswith("<data>") and content.rstrip().endswith("</data>")
    others = [m for m in second.messages if m["role"] != "tool"]
    assert all(INJECTION not in json.dumps(m) for m in others)
    prompt = system_prompt()
    assert "untrusted" in prompt and "[record" in prompt and "not a negative person" in prompt


def test_bad_tool_arguments_go_back_to_the_model(llm, openai_server):
    openai_server.script(
        [tool_call("search_feedback", query="refunds", kind="email")],
        [tool_call("search_feedback", query="refunds", kind="ticket", k=2)],
        "Two tickets ask for refunds.",
    )
    out = list(respond("refund requests?", [], llm))
    assert out[-1] == "Two tickets ask for refunds."
    second, third = openai_server.chat_requests[1:]
    assert "invalid arguments" in [m for m in second.messages if m["role"] == "tool"][-1]["content"]
    assert [m for m in third.messages if m["role"] == "tool"][-1]["content"].startswith("<data>")
