"""A scripted OpenAI-compatible HTTP server on 127.0.0.1: the test double for every LLM test in the project.

Nothing here talks to a real model. The server answers the three endpoints the project uses, from a queue of
canned replies, and records every request so tests can assert on what was sent.

Endpoints
---------
- ``POST /v1/chat/completions``: plain text, tool calls (``finish_reason "tool_calls"``), structured output
  (the reply content is the JSON string, as OpenAI does for ``response_format: json_schema``), refusals, and
  SSE streaming when the request has ``"stream": true`` (chunks, an optional usage chunk when
  ``stream_options.include_usage``, then ``data: [DONE]``).
- ``POST /v1/embeddings``: ``input`` a string, a list of strings or token lists; ``encoding_format``
  ``"float"`` (the API default) or ``"base64"`` (float32 little-endian, what the openai SDK asks for);
  ``dimensions`` honoured. Vectors are deterministic (see `fake_embedding`): texts that share words get
  similar vectors, so clustering and search code behave sensibly on them.
- ``GET /v1/models`` and ``GET /v1/models/{id}``.

Scripting (``server.script(*replies, endpoint="chat")``) — each queued reply answers one request, in order:

=============================== ===========================================================================
``"some text"`` / ``Text(...)``  assistant text (``Text(content, finish_reason="length")`` to vary the end)
``{"a": 1}`` or a pydantic obj   structured output: the content is ``json.dumps`` of it
``[tool_call("f", x=1), ...]``   tool calls; items are `ToolCall`, `tool_call(...)` or ``{"name", "arguments"}``
``Malformed()``                  content that is not valid JSON (``Malformed("{oops")`` to choose it)
``Refusal("no")``                ``message.refusal`` set, content null
``Fault(429, headers=...)``      an HTTP error; ``body`` None (OpenAI-style error JSON), a dict, or a raw
                                 str (``Fault(200, body="{broken")`` gives an unparseable 200 response)
``rate_limited()``               ``Fault(429)`` with ``Retry-After: 0`` (the SDK then backs off ~0.5 s)
``server_error(503)``            ``Fault(status)`` with an error body
``Delay(2.0, then=reply)``       wait (interruptible by stop), then answer ``then`` (default reply if None);
                                 use a delay longer than the client's timeout to provoke a timeout
``lambda request: reply``        computed from the request (a `Request`); may return any of the above
=============================== ===========================================================================

The ``"embeddings"`` queue takes `Fault`, `Delay`, a callable, or an explicit list of vectors.

When a queue is empty the server calls ``server.default(request)`` if set (a callable request -> reply);
otherwise chat gets a schema-valid sample object when the request asks for ``json_schema`` output (see
`sample_for_schema`) and ``server.default_text`` for anything else, and embeddings get `fake_embedding`.

Request log: ``server.requests`` is a list of `Request` objects — each is the parsed JSON body (a dict) with
``.path``, ``.method`` and ``.headers`` attributes; ``server.chat_requests`` / ``server.embedding_requests``
filter it. Faults and delays are logged too (the log entry is written when the request arrives).

Bounds: at most ``max_requests`` requests (default 500; later ones get a non-retryable 400 so a runaway
agent loop ends loudly), delays are capped at ``MAX_DELAY`` seconds and cut short by ``stop()``, request
bodies over 16 MB are refused, each connection has a 30 s socket timeout.

Usage::

    with OpenAIServer() as server:                       # or the `openai_server` fixture in conftest
        server.script(rate_limited(), {"name": "x"}, Malformed())
        client = OpenAI(base_url=server.base_url, api_key="x")
        ...
        assert server.chat_requests[0]["response_format"]["type"] == "json_schema"
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import json
import random
import re
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_MODEL = "fake-model"
DEFAULT_TEXT = "This is a scripted reply from the fake OpenAI server."
MAX_DELAY = 30.0
MAX_BODY = 16 * 1024 * 1024
ENDPOINTS = {"/v1/chat/completions": "chat", "/v1/embeddings": "embeddings"}


# -- reply types ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    """Assistant text; ``finish_reason`` may be e.g. "length" to imitate a truncated reply."""

    content: str
    finish_reason: str = "stop"


@dataclass(frozen=True)
class ToolCall:
    """One function call in an assistant reply. ``arguments`` a dict (JSON-encoded for you) or a raw string."""

    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)
    id: str | None = None


@dataclass(frozen=True)
class Malformed:
    """Assistant content that is not valid JSON (for structured-output error paths)."""

    content: str = '{"name": "unterminated'


@dataclass(frozen=True)
class Refusal:
    """A model refusal: ``message.refusal`` set and content null."""

    message: str = "I can't help with that."


@dataclass(frozen=True)
class Fault:
    """An HTTP error reply. ``body``: None -> OpenAI-style error JSON; dict -> JSON; str -> sent as is."""

    status: int = 500
    body: dict[str, Any] | str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Delay:
    """Wait ``seconds`` (capped at MAX_DELAY, cut short by stop()), then answer ``then`` (None: the default)."""

    seconds: float
    then: Any = None


def tool_call(name: str, id: str | None = None, **arguments: Any) -> ToolCall:
    """``tool_call("search", query="refunds")`` -> a ToolCall with JSON arguments."""
    return ToolCall(name=name, arguments=arguments, id=id)


def rate_limited(retry_after: str = "0", message: str = "Rate limit reached (fake)") -> Fault:
    """429 with a Retry-After header (seconds, as a string)."""
    return Fault(429, _error_body(429, message), {"Retry-After": retry_after})


def server_error(status: int = 500, message: str = "Internal error (fake)") -> Fault:
    return Fault(status, _error_body(status, message))


class Request(dict):
    """A logged request: the parsed JSON body (a dict, empty for GET) plus ``path``, ``method``, ``headers``."""

    def __init__(self, body: dict[str, Any], path: str, method: str, headers: dict[str, str]):
        super().__init__(body)
        self.path = path
        self.method = method
        self.headers = headers

    @property
    def endpoint(self) -> str | None:
        """"chat", "embeddings" or None."""
        return ENDPOINTS.get(self.path)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.get("messages") or [])

    def __repr__(self) -> str:
        return f"Request({self.method} {self.path}, {dict.__repr__(self)})"


# -- deterministic helpers --------------------------------------------------------------------------------
def _unit(values: list[float]) -> list[float]:
    norm = sum(v * v for v in values) ** 0.5 or 1.0
    # round-trip through float32 so "float" and "base64" replies carry identical numbers
    return [struct.unpack("<f", struct.pack("<f", v / norm))[0] for v in values]


def _hashed_gauss(key: str, dim: int) -> list[float]:
    rng = random.Random(hashlib.sha256(key.encode("utf-8")).digest())
    return [rng.gauss(0.0, 1.0) for _ in range(dim)]


def fake_embedding(text: str, dim: int = 64) -> list[float]:
    """The vector the server returns for ``text``: unit-length, float32-exact, deterministic across runs.

    It is the normalised sum of one pseudo-random vector per lower-cased word, so texts that share words
    have a positive cosine similarity and unrelated texts are near-orthogonal. Text with no word characters
    gets a vector from a hash of the whole string.
    """
    words = re.findall(r"\w+", text.lower())
    if not words:
        return _unit(_hashed_gauss("\x00" + text, dim))
    total = [0.0] * dim
    for word in words:
        for i, v in enumerate(_hashed_gauss(word, dim)):
            total[i] += v
    return _unit(total)


def sample_for_schema(schema: dict[str, Any], _root: dict[str, Any] | None = None, _depth: int = 0) -> Any:
    """A small value that validates against a JSON schema (the subset pydantic emits): the default reply
    to a ``json_schema`` request, so code under test gets *some* valid structured output unscripted."""
    root = _root if _root is not None else schema
    if _depth > 12:
        return None
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return sample_for_schema(target, root, _depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return sample_for_schema(options[0], root, _depth + 1)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(part)
        return sample_for_schema(merged, root, _depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or (kind is None and "properties" in schema):
        props = schema.get("properties") or {}
        return {name: sample_for_schema(sub, root, _depth + 1) for name, sub in props.items()}
    if kind == "array":
        n = max(1, int(schema.get("minItems", 0)))
        if "maxItems" in schema:
            n = min(n, int(schema["maxItems"]))
        items = schema.get("items") or {}
        return [sample_for_schema(items, root, _depth + 1) for _ in range(n)]
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return "2024-01-01T00:00:00Z"
        if fmt == "date":
            return "2024-01-01"
        n = max(int(schema.get("minLength", 0)), 4)
        if "maxLength" in schema:
            n = min(n, int(schema["maxLength"]))
        return "fake"[:n].ljust(n, "x")
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        value = low + (1 if "exclusiveMinimum" in schema and "minimum" not in schema else 0)
        high = schema.get("maximum")
        if high is not None and value > high:
            value = high
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    return None


def _error_body(status: int, message: str) -> dict[str, Any]:
    kind = {
        400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
        404: "not_found_error", 429: "rate_limit_error",
    }.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def _json_schema_of(body: dict[str, Any]) -> dict[str, Any] | None:
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        return (fmt.get("json_schema") or {}).get("schema") or {}
    return None


def _tokens(text: str) -> int:
    return max(1, len(text.split()))


# -- the server -----------------------------------------------------------------------------------------
class OpenAIServer:
    """Scripted OpenAI-compatible server. Start with ``with OpenAIServer() as s:`` or ``start()``/``stop()``."""

    def __init__(
        self,
        *,
        model: str = DEFAULT_MODEL,
        models: Iterable[str] = (),
        embedding_dim: int = 64,
        default: Callable[[Request], Any] | None = None,
        default_text: str = DEFAULT_TEXT,
        max_requests: int = 500,
        host: str = "127.0.0.1",
    ):
        self.model = model
        self.models = [model, *[m for m in models if m != model]]
        self.embedding_dim = embedding_dim
        self.default = default
        self.default_text = default_text
        self.max_requests = max_requests
        self.host = host
        self.requests: list[Request] = []
        self._queues: dict[str, deque[Any]] = {"chat": deque(), "embeddings": deque()}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._ids = itertools.count(1)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle ----------------------------------------------------------------------------------------
    def start(self) -> OpenAIServer:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        self._httpd = ThreadingHTTPServer((self.host, 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._stopping.set()  # wakes any Delay in progress
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> OpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What to give as ``base_url`` / ``OPENAI_BASE_URL``: ``http://127.0.0.1:PORT/v1``."""
        return f"{self.url}/v1"

    # scripting -----------------------------------------------------------------------------------------
    def script(self, *replies: Any, endpoint: str = "chat") -> OpenAIServer:
        """Queue replies for ``endpoint`` ("chat" or "embeddings"); each answers one request, in order."""
        if endpoint not in self._queues:
            raise ValueError(f"endpoint must be one of {sorted(self._queues)}")
        with self._lock:
            self._queues[endpoint].extend(replies)
        return self

    def pending(self, endpoint: str = "chat") -> int:
        """How many scripted replies are still queued."""
        with self._lock:
            return len(self._queues[endpoint])

    def reset(self) -> None:
        """Forget queued replies and the request log."""
        with self._lock:
            for q in self._queues.values():
                q.clear()
            self.requests.clear()

    @property
    def chat_requests(self) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.endpoint == "chat"]

    @property
    def embedding_requests(self) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.endpoint == "embeddings"]

    # internals ----------------------------------------------------------------------------------------
    def _log(self, request: Request) -> int:
        with self._lock:
            self.requests.append(request)
            return len(self.requests)

    def _next(self, endpoint: str) -> tuple[bool, Any]:
        with self._lock:
            queue = self._queues[endpoint]
            return (True, queue.popleft()) if queue else (False, None)

    def _sleep(self, seconds: float) -> bool:
        """Sleep; False if the server is stopping."""
        return not self._stopping.wait(max(0.0, min(float(seconds), MAX_DELAY)))

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}-fake-{next(self._ids)}"


def _make_handler(server: OpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        fake = server

    return Handler


class _Handler(BaseHTTPRequestHandler):
    fake: OpenAIServer
    timeout = 30
    server_version = "FakeOpenAI/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the stderr access log
        pass

    # HTTP verbs -----------------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        request = self._request({})
        if request is None:
            return
        path = request.path
        if path == "/v1/models":
            self._send_json(200, {"object": "list", "data": [self._model_obj(m) for m in self.fake.models]})
        elif path.startswith("/v1/models/") and path[len("/v1/models/"):] in self.fake.models:
            self._send_json(200, self._model_obj(path[len("/v1/models/"):]))
        else:
            self._send_json(404, _error_body(404, f"no such path: GET {path}"))

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send_json(413, _error_body(400, "request body too large (fake server limit)"))
            return
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise ValueError("body is not a JSON object")
        except ValueError as exc:
            self._send_json(400, _error_body(400, f"invalid JSON body: {exc}"))
            return
        request = self._request(body)
        if request is None:
            return
        endpoint = request.endpoint
        if endpoint is None:
            self._send_json(404, _error_body(404, f"no such path: POST {request.path}"))
            return
        found, reply = self.fake._next(endpoint)
        if not found:
            reply = self.fake.default(request) if self.fake.default is not None else None
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(endpoint, request, reply)

    # plumbing -------------------------------------------------------------------------------------------
    def _request(self, body: dict[str, Any]) -> Request | None:
        path = self.path.split("?", 1)[0].rstrip("/") or "/"
        request = Request(body, path, self.command, {k.lower(): v for k, v in self.headers.items()})
        count = self.fake._log(request)
        if count > self.fake.max_requests:
            self._send_json(400, _error_body(400, f"fake server request limit ({self.fake.max_requests}) reached"),
                            {"x-should-retry": "false"})
            return None
        return request

    def _answer(self, endpoint: str, request: Request, reply: Any) -> None:
        for _ in range(8):  # unwrap callables and delays, boundedly
            if isinstance(reply, Delay):
                if not self.fake._sleep(reply.seconds):
                    return  # server stopping: drop the connection
                reply = reply.then
                if reply is None and self.fake.default is not None:
                    reply = self.fake.default(request)
            elif callable(reply) and not isinstance(reply, type):
                reply = reply(request)
            else:
                break
        if isinstance(reply, Fault):
            self._send_fault(reply)
        elif endpoint == "embeddings":
            self._embeddings(request, reply)
        else:
            self._chat(request, reply)

    def _send_fault(self, fault: Fault) -> None:
        body = fault.body if fault.body is not None else _error_body(fault.status, f"fake error {fault.status}")
        data = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8")
        self._send_bytes(fault.status, data, "application/json", fault.headers)

    def _send_json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        self._send_bytes(status, json.dumps(obj).encode("utf-8"), "application/json", headers or {})

    def _send_bytes(self, status: int, data: bytes, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", self.fake._new_id("req"))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _model_obj(self, model_id: str) -> dict[str, Any]:
        return {"id": model_id, "object": "model", "created": 0, "owned_by": "fake"}

    # chat -------------------------------------------------------------------------------------------------
    def _chat(self, request: Request, reply: Any) -> None:
        content, tool_calls, finish, refusal = self._chat_parts(request, reply)
        model = request.get("model") or self.fake.model
        prompt_tokens = sum(_tokens(str(m.get("content") or "")) for m in request.messages)
        completion_tokens = _tokens(content or "") + sum(_tokens(c["function"]["arguments"]) for c in tool_calls)
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens}
        cid, created = self.fake._new_id("chatcmpl"), int(time.time())
        if request.get("stream"):
            self._stream(request, cid, created, model, content, tool_calls, finish, refusal, usage)
            return
        message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
        if tool_calls:
            message["tool_calls"] = tool_calls
        self._send_json(200, {
            "id": cid, "object": "chat.completion", "created": created, "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": usage,
        })

    def _chat_parts(self, request: Request, reply: Any) -> tuple[str | None, list[dict], str, str | None]:
        """(content, tool_calls, finish_reason, refusal) for a scripted reply."""
        if reply is None:
            schema = _json_schema_of(request)
            reply = sample_for_schema(schema) if schema is not None else self.fake.default_text
            if schema is not None and not isinstance(reply, dict | list):
                reply = {"value": reply}
        if isinstance(reply, Text):
            return reply.content, [], reply.finish_reason, None
        if isinstance(reply, str):
            return reply, [], "stop", None
        if isinstance(reply, Malformed):
            return reply.content, [], "stop", None
        if isinstance(reply, Refusal):
            return None, [], "stop", reply.message
        if isinstance(reply, ToolCall):
            reply = [reply]
        if isinstance(reply, list):
            calls = []
            for i, item in enumerate(reply):
                call = item if isinstance(item, ToolCall) else ToolCall(
                    name=item["name"], arguments=item.get("arguments", {}), id=item.get("id"))
                args = call.arguments if isinstance(call.arguments, str) else json.dumps(call.arguments)
                calls.append({"id": call.id or f"call_{next(self.fake._ids)}_{i}",
                              "type": "function", "function": {"name": call.name, "arguments": args}})
            return None, calls, "tool_calls", None
        if hasattr(reply, "model_dump_json"):  # a pydantic object
            return reply.model_dump_json(), [], "stop", None
        return json.dumps(reply), [], "stop", None

    def _stream(self, request: Request, cid: str, created: int, model: str, content: str | None,
                tool_calls: list[dict], finish: str, refusal: str | None, usage: dict[str, int]) -> None:
        def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
            return {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}]}

        events = [chunk({"role": "assistant", "content": ""})]
        for piece in re.findall(r"\s*\S+\s*", content or ""):
            events.append(chunk({"content": piece}))
        if refusal:
            events.append(chunk({"refusal": refusal}))
        for i, call in enumerate(tool_calls):
            events.append(chunk({"tool_calls": [{"index": i, "id": call["id"], "type": "function",
                                                 "function": {"name": call["function"]["name"], "arguments": ""}}]}))
            events.append(chunk({"tool_calls": [{"index": i, "function": {"arguments": call["function"]["arguments"]}}]}))
        events.append(chunk({}, finish))
        if (request.get("stream_options") or {}).get("include_usage"):
            events.append({"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                           "choices": [], "usage": usage})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("x-request-id", self.fake._new_id("req"))
        self.end_headers()  # HTTP/1.0: the stream ends when the connection closes
        for event in events:
            self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    # embeddings -------------------------------------------------------------------------------------------
    def _embeddings(self, request: Request, reply: Any) -> None:
        raw_input = request.get("input")
        items = raw_input if isinstance(raw_input, list) else [raw_input]
        if items and all(isinstance(t, int) for t in items):
            items = [items]  # one tokenised input
        texts = [t if isinstance(t, str) else json.dumps(t) for t in items]
        dim = int(request.get("dimensions") or self.fake.embedding_dim)
        if isinstance(reply, list) and reply:
            vectors = [[float(v) for v in vec] for vec in reply]
        else:
            vectors = [fake_embedding(t, dim) for t in texts]
        b64 = request.get("encoding_format") == "base64"
        data = []
        for i, vec in enumerate(vectors):
            emb: Any = base64.b64encode(struct.pack(f"<{len(vec)}f", *vec)).decode("ascii") if b64 else vec
            data.append({"object": "embedding", "index": i, "embedding": emb})
        tokens = sum(_tokens(t) for t in texts)
        self._send_json(200, {"object": "list", "data": data, "model": request.get("model") or self.fake.model,
                              "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})
