"""The scripted OpenAI-compatible server (tests/fakes/openai_server.py) against the real clients."""

from __future__ import annotations

import json
import time

import pytest
from fakes.openai_server import (
    Delay,
    Fault,
    Malformed,
    OpenAIServer,
    Refusal,
    Text,
    fake_embedding,
    rate_limited,
    sample_for_schema,
    server_error,
    tool_call,
)
from openai import OpenAI
from pydantic import BaseModel, Field


class Persona(BaseModel):
    name: str
    share: float = Field(ge=0, le=1)
    red_flags: list[str]


@pytest.fixture
def client(openai_server):
    return OpenAI(base_url=openai_server.base_url, api_key="x", max_retries=0, timeout=5)


def ask(client, text="hi", **kw):
    return client.chat.completions.create(model="fake-model", messages=[{"role": "user", "content": text}], **kw)


def test_text_reply_and_request_log(openai_server, client):
    openai_server.script("hello there")
    resp = ask(client, "who are you?", temperature=0.1)
    choice = resp.choices[0]
    assert choice.message.content == "hello there"
    assert choice.finish_reason == "stop"
    assert resp.usage.total_tokens > 0
    req = openai_server.requests[-1]
    assert req.path == "/v1/chat/completions" and req.method == "POST"
    assert req["messages"] == [{"role": "user", "content": "who are you?"}]
    assert req["temperature"] == 0.1
    assert req.headers["authorization"] == "Bearer x"
    assert openai_server.chat_requests == [req]


def test_replies_are_served_in_order_then_default(openai_server, client):
    openai_server.script("one", Text("two", finish_reason="length"))
    assert openai_server.pending() == 2
    assert ask(client).choices[0].message.content == "one"
    second = ask(client).choices[0]
    assert (second.message.content, second.finish_reason) == ("two", "length")
    assert ask(client).choices[0].message.content == openai_server.default_text
    openai_server.default = lambda req: f"echo: {req.messages[-1]['content']}"
    assert ask(client, "abc").choices[0].message.content == "echo: abc"
    assert openai_server.pending() == 0


def test_callable_reply_sees_the_request(openai_server, client):
    openai_server.script(lambda req: {"n_messages": len(req.messages)})
    assert json.loads(ask(client).choices[0].message.content) == {"n_messages": 1}


def test_tool_calls(openai_server, client):
    openai_server.script([tool_call("search", query="refund"), {"name": "lookup", "arguments": {"id": 7}}])
    tools = [{"type": "function", "function": {"name": "search", "parameters": {"type": "object"}}}]
    resp = ask(client, tools=tools)
    choice = resp.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls
    assert [c.function.name for c in calls] == ["search", "lookup"]
    assert json.loads(calls[0].function.arguments) == {"query": "refund"}
    assert json.loads(calls[1].function.arguments) == {"id": 7}
    assert calls[0].id != calls[1].id
    assert openai_server.requests[-1]["tools"] == tools


def test_streaming_text(openai_server, client):
    openai_server.script("the quick brown fox")
    chunks = list(ask(client, stream=True, stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "the quick brown fox"
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) == 4
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].usage is not None and chunks[-1].choices == []


def test_streaming_tool_calls(openai_server, client):
    openai_server.script([tool_call("search", query="x")])
    chunks = list(ask(client, stream=True))
    deltas = [tc for c in chunks for tc in (c.choices[0].delta.tool_calls or [])]
    assert deltas[0].function.name == "search"
    assert json.loads("".join(d.function.arguments or "" for d in deltas)) == {"query": "x"}
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_embeddings_base64_and_float(openai_server, client):
    texts = ["refund request denied", "refund request approved", "kittens"]
    b64 = client.embeddings.create(model="emb", input=texts)  # the SDK asks for base64 by default
    assert openai_server.requests[-1]["encoding_format"] == "base64"
    flt = client.embeddings.create(model="emb", input=texts, encoding_format="float")
    assert openai_server.requests[-1]["encoding_format"] == "float"
    for resp in (b64, flt):
        vecs = [d.embedding for d in sorted(resp.data, key=lambda d: d.index)]
        assert vecs == [fake_embedding(t, openai_server.embedding_dim) for t in texts]
    v = [d.embedding for d in flt.data]
    assert abs(sum(x * x for x in v[0]) - 1) < 1e-5
    cos = lambda a, b: sum(x * y for x, y in zip(a, b, strict=True))  # noqa: E731
    assert cos(v[0], v[1]) > cos(v[0], v[2])  # shared words -> closer


def test_embeddings_single_string_dimensions_and_faults(openai_server, client):
    one = client.embeddings.create(model="emb", input="hello", dimensions=8)
    assert len(one.data) == 1 and len(one.data[0].embedding) == 8
    assert one.data[0].embedding == fake_embedding("hello", 8)
    openai_server.script(server_error(503), [[1.0, 0.0]], endpoint="embeddings")
    with pytest.raises(Exception, match="503"):
        client.embeddings.create(model="emb", input=["a"])
    assert client.embeddings.create(model="emb", input=["a"]).data[0].embedding == [1.0, 0.0]


def test_models(openai_server, client):
    assert [m.id for m in client.models.list()] == ["fake-model"]
    assert client.models.retrieve("fake-model").id == "fake-model"


def test_langchain_structured_output(openai_server):
    from langchain_openai import ChatOpenAI

    openai_server.script({"name": "Bargain hunter", "share": 0.25, "red_flags": ["asks for discounts"]})
    llm = ChatOpenAI(model="fake-model", base_url=openai_server.base_url, api_key="x", max_retries=0)
    out = llm.with_structured_output(Persona).invoke("describe the worst customer")
    assert out == Persona(name="Bargain hunter", share=0.25, red_flags=["asks for discounts"])
    fmt = openai_server.requests[-1]["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "Persona"
    assert set(fmt["json_schema"]["schema"]["properties"]) == {"name", "share", "red_flags"}


def test_json_schema_default_is_a_valid_sample(openai_server):
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(model="fake-model", base_url=openai_server.base_url, api_key="x", max_retries=0)
    out = llm.with_structured_output(Persona).invoke("anything")
    assert isinstance(out, Persona)
    assert sample_for_schema(Persona.model_json_schema()) == out.model_dump()


def test_langchain_streaming_and_tools(openai_server):
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(model="fake-model", base_url=openai_server.base_url, api_key="x", max_retries=0)
    openai_server.script("streamed words here")
    assert "".join(c.content for c in llm.stream("hi")) == "streamed words here"
    assert openai_server.requests[-1]["stream"] is True

    def search(query: str) -> str:
        """Search tickets."""
        return query

    openai_server.script([tool_call("search", query="late delivery")])
    msg = llm.bind_tools([search]).invoke("find it")
    assert msg.tool_calls[0]["name"] == "search" and msg.tool_calls[0]["args"] == {"query": "late delivery"}


def test_faults(openai_server, client):
    import openai

    openai_server.script(server_error(500), Fault(401), Fault(400, body={"error": {"message": "bad thing"}}))
    with pytest.raises(openai.InternalServerError):
        ask(client)
    with pytest.raises(openai.AuthenticationError):
        ask(client)
    with pytest.raises(openai.BadRequestError, match="bad thing"):
        ask(client)


def test_rate_limit_is_retried_by_the_sdk(openai_server):
    retrying = OpenAI(base_url=openai_server.base_url, api_key="x", max_retries=1, timeout=5)
    openai_server.script(rate_limited(), "after the wait")
    assert ask(retrying).choices[0].message.content == "after the wait"
    assert len(openai_server.requests) == 2


def test_delay_triggers_client_timeout_and_stop_is_prompt(openai_server):
    fast = OpenAI(base_url=openai_server.base_url, api_key="x", max_retries=0, timeout=0.3)
    openai_server.script(Delay(0.05, then="quick"), Delay(20))
    assert ask(fast).choices[0].message.content == "quick"
    import openai

    t0 = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        ask(fast)
    assert time.monotonic() - t0 < 3
    t0 = time.monotonic()
    openai_server.stop()  # a handler still sleeping in Delay(20) must not hold up shutdown
    assert time.monotonic() - t0 < 3


def test_malformed_content_and_body(openai_server, client):
    openai_server.script(Malformed(), Fault(200, body="{broken"), Refusal("nope"))
    content = ask(client).choices[0].message.content
    with pytest.raises(json.JSONDecodeError):
        json.loads(content)
    with pytest.raises(Exception):  # noqa: B017 - whatever the SDK raises for an unreadable body
        ask(client)
    refused = ask(client).choices[0].message
    assert refused.refusal == "nope" and refused.content is None


def test_request_limit_bounds_runaway_loops():
    import openai

    with OpenAIServer(max_requests=2) as server:
        capped = OpenAI(base_url=server.base_url, api_key="x", max_retries=3, timeout=5)
        ask(capped)
        ask(capped)
        with pytest.raises(openai.BadRequestError, match="request limit"):
            ask(capped)
        assert len(server.requests) == 3  # not retried


def test_unknown_path_and_reset(openai_server):
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(openai_server.url + "/v1/nothing", timeout=5)
    assert err.value.code == 404
    openai_server.script("x")
    openai_server.reset()
    assert openai_server.requests == [] and openai_server.pending() == 0
