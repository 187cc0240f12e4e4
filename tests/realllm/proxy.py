"""A recording pass-through in front of the real model server (tests/realllm only).

The app talks to this proxy through its ordinary settings (OPENAI_BASE_URL); the proxy forwards every
request unchanged to llama-cpp-python's server and keeps each request body, the reply bytes and the time
the call took, so tests can compare the app's audit log with what really went over the wire and count the
model calls of a chat turn.

One deliberate change, off unless a test asks: `force_tool` sets `tool_choice` to a named function on
requests that offer tools. SmolLM2-135M never calls a tool on its own (it answers in prose); forced, the
server grammar-constrains its reply into a real tool call, so the chat's tool path and its loop bound run
against a real model. `force_limit` caps how many requests are forced (a loop that ignores its bound is then
still finite, and the test sees how many calls it made).

A second, also off unless asked: `grammar` adds a GBNF grammar (llama-cpp-python's `grammar` field) to the
next `grammar_limit` chat requests. SmolLM2 rarely puts quotation marks in a chat answer, so the quote check on
chat prose would never run; constrained to open with a quotation, the model writes its own words inside it.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Call:
    path: str
    request: dict[str, Any]
    status: int = 0
    reply: str = ""
    seconds: float = 0.0
    forced: bool = False

    @property
    def tools_offered(self) -> bool:
        return bool(self.request.get("tools"))

    def content(self) -> str:
        """The assistant text of the reply (a streamed reply's chunks joined)."""
        if self.request.get("stream"):
            out = []
            for line in self.reply.splitlines():
                if line.startswith("data: ") and line[6:].strip() != "[DONE]":
                    with_delta = json.loads(line[6:]).get("choices") or [{}]
                    out.append((with_delta[0].get("delta") or {}).get("content") or "")
            return "".join(out)
        try:
            return json.loads(self.reply)["choices"][0]["message"].get("content") or ""
        except (ValueError, KeyError, IndexError):
            return ""


@dataclass
class RecordingProxy:
    upstream: str  # http://127.0.0.1:PORT
    calls: list[Call] = field(default_factory=list)
    force_tool: str | None = None
    force_limit: int = 0
    _forced: int = 0
    grammar: str | None = None
    grammar_limit: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_a) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self._forward(b"")

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._forward(body)

            def _forward(self, body: bytes) -> None:
                call = Call(self.path, json.loads(body) if body else {})
                if body and proxy._should_force(call):
                    call.request["tool_choice"] = {"type": "function", "function": {"name": proxy.force_tool}}
                    call.forced = True
                    body = json.dumps(call.request).encode()
                if body and proxy._should_constrain(call):
                    call.request["grammar"] = proxy.grammar
                    call.forced = True
                    body = json.dumps(call.request).encode()
                with proxy._lock:
                    proxy.calls.append(call)
                t0 = time.monotonic()
                up = urlsplit(proxy.upstream)
                conn = http.client.HTTPConnection(up.hostname, up.port, timeout=600)
                try:
                    conn.request(self.command, self.path, body=body or None,
                                 headers={"Content-Type": "application/json"})
                    resp = conn.getresponse()
                    data = resp.read()
                    call.status, call.reply = resp.status, data.decode("utf-8", "replace")
                    ctype = resp.getheader("Content-Type") or "application/json"
                finally:
                    conn.close()
                    call.seconds = time.monotonic() - t0
                self.send_response(call.status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _should_force(self, call: Call) -> bool:
        with self._lock:
            if not (self.force_tool and call.tools_offered and self._forced < self.force_limit):
                return False
            self._forced += 1
            return True

    def _should_constrain(self, call: Call) -> bool:
        with self._lock:
            if not (self.grammar and call.path.endswith("/chat/completions") and self.grammar_limit > 0):
                return False
            self.grammar_limit -= 1
            return True

    def constraining(self, grammar: str | None, limit: int = 1) -> None:
        self.grammar, self.grammar_limit = grammar, limit

    def forcing(self, tool: str | None, limit: int = 0) -> None:
        self.force_tool, self.force_limit, self._forced = tool, limit, 0

    def chat_calls(self, since: int = 0) -> list[Call]:
        return [c for c in self.calls[since:] if c.path.endswith("/chat/completions")]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
