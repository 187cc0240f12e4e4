"""ChatOpenAI for OpenAI-compatible servers that are not OpenAI (llama.cpp, Ollama, vLLM, LM Studio).

Three differences found by running the chat against llama-cpp-python's server (tests/realllm,
docs/reliability.md), each harmless to the other servers:

- the answer bound goes out as `max_tokens`: LangChain sends `max_completion_tokens`, which llama-cpp-python
  ignores, so one answer could run until the context was full;
- an assistant turn that only calls tools is sent with content "" rather than null: llama-cpp-python
  answers 500 to a null content, so every chat turn that used a tool failed on its second model call;
- a streamed tool call whose every chunk repeats the function's name and id (llama-cpp-python does) is read
  as one call: LangChain joins the repeats ("search_feedbacksearch_feedback…", not a tool).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_openai import ChatOpenAI


def is_openai(base_url: str | None) -> bool:
    return not base_url or "api.openai.com" in base_url


class CompatibleChatOpenAI(ChatOpenAI):
    def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None, **kwargs: Any) -> dict:
        payload = super()._get_request_payload(input_, stop=stop, **kwargs)
        if "max_completion_tokens" in payload:
            payload["max_tokens"] = payload.pop("max_completion_tokens")
        for message in payload.get("messages", []):
            if message.get("role") == "assistant" and message.get("content") is None:
                message["content"] = ""
        return payload

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        seen: dict[Any, tuple[str | None, str | None]] = {}  # call index -> (name, id) already streamed
        for gen in super()._stream(*args, **kwargs):
            msg = gen.message
            chunks = getattr(msg, "tool_call_chunks", None)
            if isinstance(msg, AIMessageChunk) and chunks:
                gen.message = _once(msg, seen)
            yield gen


def _once(msg: AIMessageChunk, seen: dict[Any, tuple[str | None, str | None]]) -> AIMessageChunk:
    """The chunk with a name or id its call already streamed blanked, so merging keeps one copy."""
    fixed = []
    for tc in msg.tool_call_chunks:
        tc = dict(tc)
        name, cid = seen.get(tc.get("index"), (None, None))
        if tc.get("name") and tc["name"] == name:
            tc["name"] = None
        if tc.get("id") and tc["id"] == cid:
            tc["id"] = None
        seen[tc.get("index")] = (name or tc.get("name"), cid or tc.get("id"))
        fixed.append(tc)
    extra = {k: v for k, v in msg.additional_kwargs.items() if k not in ("tool_calls", "function_call")}
    return AIMessageChunk(content=msg.content, additional_kwargs=extra, response_metadata=msg.response_metadata,
                          id=msg.id, tool_call_chunks=fixed, usage_metadata=msg.usage_metadata)
