"""The chat assistant: a LangChain agent with workspace tools when an LLM is configured, the rule-based
router otherwise. One entry point for the web app and the CLI:

    respond(message, history, services) -> Iterator[Reply]

yields the answer so far as a `Reply` (the model's cumulative text, notes, and on a fallback the offline
router's typed answer), which ui/ renders (Gradio ChatInterface streaming style). The agent's tool loop
is bounded (`RECURSION_LIMIT` graph steps); an LLM fault (timeout, 429 or 5xx after the SDK's retries, a
bad endpoint) falls back to the router's answer with a visible note. Every LLM turn is written to the
workspace audit log (task "chat").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from agent.answers import Reply
from agent.router import OFFLINE_NOTE, route
from core.llm import audit
from core.services import Services
from core.settings import Settings

RECURSION_LIMIT = 8  # graph steps: model, tools, model, … — at most four model calls per question
HISTORY_MESSAGES = 12
HISTORY_CHARS = 4000

__all__ = ["OFFLINE_NOTE", "RECURSION_LIMIT", "respond", "system_prompt"]


def system_prompt() -> str:
    from prompts import load

    return load("chat_system").strip()


def respond(message: str, history: list[dict], services: Services | Settings) -> Iterator[Reply]:
    """Stream the answer to `message` (history: Gradio messages, [{"role", "content"}, …]) from the
    services' engine."""
    from agent.engines import as_services

    svc = as_services(services)
    yield from svc.engine.answer_chat(message, history or [], svc)


def fallback_answer(message: str, services: Services, reason: str) -> Reply:
    note = f"*LLM unavailable: {reason}; here is the offline answer.*"
    return route(message, services, note=note)


def _logged(reply: Reply) -> str:
    """A reply as the audit log keeps it: the text parts, and which offline answer followed."""
    return "\n\n".join(p if isinstance(p, str) else f"[offline answer: {type(p).__name__}]" for p in reply.parts)


def _text_of(content: Any) -> str:
    """Plain text from a Gradio/LangChain message content (a string, a list of parts, or a dict)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "") if content.get("type", "text") == "text" else ""
    if isinstance(content, list | tuple):
        return "".join(_text_of(c) for c in content)
    return ""


def history_messages(history: list[dict]) -> list[dict]:
    out = []
    for m in history[-HISTORY_MESSAGES:]:
        if not isinstance(m, dict) or m.get("role") not in {"user", "assistant"}:
            continue
        if (m.get("metadata") or {}).get("title"):  # Gradio "thought" bubbles (tool status): not the answer
            continue
        text = _text_of(m.get("content")).strip()
        if text:
            out.append({"role": m["role"], "content": text[:HISTORY_CHARS]})
    return out


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def agent_respond(message: str, history: list[dict], services: Services) -> Iterator[Reply]:
    """The LLM engine's chat as it streams, each quotation in it verified against the stored records (kept
    and linked) or removed: the model may not put words in a customer's mouth."""
    from functools import lru_cache

    from agent.quotes import verify_prose

    in_store = services.store.records.find_text

    @lru_cache(maxsize=256)
    def find(span: str) -> tuple[str, str | None] | None:
        return ("", None) if span in message else in_store(span)

    for reply in _agent_stream(message, history, services):
        yield Reply([verify_prose(p, find)[0] if isinstance(p, str) else p for p in reply.parts])


def _agent_stream(message: str, history: list[dict], services: Services) -> Iterator[Reply]:
    from langchain_core.messages import AIMessage, ToolMessage

    settings = services.settings
    log = services.workspace.llm_log
    msgs = history_messages(history) + [{"role": "user", "content": message}]
    request: dict[str, Any] = {
        "model": settings.llm_model,
        "message": message,
        "history": msgs[:-1],
        "tool_calls": [],
        "tool_results": [],
    }
    calls: dict[tuple, dict[str, str]] = {}  # (model step, call index) -> name and streamed arguments
    parts: dict[Any, str] = {}  # model step -> text streamed in that step
    last = ""

    def shown(extra: str = "") -> str:
        body = "\n\n".join(p.strip() for p in parts.values() if p.strip())
        return "\n\n".join(x for x in (body, extra) if x)

    from core.llm import breaker_open, trip_if_unreachable

    skipped = breaker_open(settings)
    if skipped:
        yield fallback_answer(message, services, skipped)
        return
    try:
        agent = build_agent(services)
        stream = agent.stream(
            {"messages": msgs},
            config={"recursion_limit": RECURSION_LIMIT},
            stream_mode="messages",
        )
        for item in stream:
            chunk, meta = item if isinstance(item, tuple) else (item, {})
            if isinstance(chunk, ToolMessage):
                request["tool_results"].append({"name": chunk.name, "chars": len(_text_of(chunk.content))})
                continue
            if not isinstance(chunk, AIMessage):  # chunks while streaming, whole messages otherwise
                continue
            step = meta.get("langgraph_step", 0)
            for i, tc in enumerate(getattr(chunk, "tool_call_chunks", None) or chunk.tool_calls or []):
                call = calls.setdefault((step, tc.get("index", i)), {"name": "", "args": ""})
                args = tc.get("args")
                call["args"] += args if isinstance(args, str) else json.dumps(args or {})
                if tc.get("name"):  # a transient status line while the tool runs
                    call["name"] = tc["name"]
                    last = shown(f"*looking up: {tc['name'].replace('_', ' ')}…*")
                    yield Reply.of(last)
                request["tool_calls"] = list(calls.values())
            text = _text_of(chunk.content)
            if text:
                parts[step] = parts.get(step, "") + text
                last = shown()
                yield Reply.of(last)
    except Exception as exc:
        from langgraph.errors import GraphRecursionError

        if isinstance(exc, GraphRecursionError):
            note = (
                f"*Stopped: the assistant kept calling tools ({RECURSION_LIMIT} steps) without finishing an "
                "answer. Ask a narrower question"
            )
            if shown():
                reply = Reply.of(shown(), f"{note}.*")
            else:
                offline = route(message, services, note=None)
                reply = Reply([f"{note}; meanwhile, here is the offline answer.*", *offline.parts])
            audit(log, "chat", request, response=_logged(reply), error=_reason(exc))
            yield reply
            return
        trip_if_unreachable(settings, exc)
        reason = _reason(exc)
        reply = fallback_answer(message, services, reason)
        audit(log, "chat", request, response=_logged(reply), error=reason)
        yield reply
        return
    final = shown()
    if not final:
        reply = fallback_answer(message, services, "the model returned no text")
        audit(log, "chat", request, response=_logged(reply), error="empty answer")
        yield reply
        return
    audit(log, "chat", request, response=final)
    if last != final:  # the last yield showed a tool status line: replace it with the clean answer
        yield Reply.of(final)


def build_agent(services: Services):
    """The LangChain agent for one workspace: streaming chat model, the tools, the system prompt."""
    from langchain.agents import create_agent

    from agent.chat_tools import ChatContext, make_tools
    from core.llm import get_chat_model

    model = get_chat_model(services.settings, streaming=True, interactive=True)
    if model is None:
        raise RuntimeError("no LLM configured")
    return create_agent(model, make_tools(ChatContext(services)), system_prompt=system_prompt())
