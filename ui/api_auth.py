"""Who may call the JSON API (/api/v1) and the MCP server (/mcp): one rule, one ASGI gate for both.

- `ANTIPERSONA_API_KEYS` set (comma-separated): every request needs `Authorization: Bearer <one of them>`,
  compared in constant time (`hmac.compare_digest` against every key, no early exit); else 401.
- No keys: open on a loopback host, or when `--no-auth` says something else protects the server; closed
  (401, saying to set keys) on any other host, even if the web app has a password: the app's sign-in
  cookie is not an API credential.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
from dataclasses import dataclass

_log = logging.getLogger("antipersona.api")


def parse_keys(value: str | None) -> tuple[str, ...]:
    """'k1, k2' -> ('k1', 'k2'); blanks dropped. A key shorter than 16 characters is refused (guessable)."""
    keys = tuple(k.strip() for k in (value or "").split(",") if k.strip())
    short = [k for k in keys if len(k) < 16]
    if short:
        raise ValueError(
            "every ANTIPERSONA_API_KEYS key must be at least 16 characters (make one with "
            '`python -c "import secrets; print(secrets.token_urlsafe(32))"`)'
        )
    return keys


@dataclass(frozen=True)
class ApiAuth:
    keys: tuple[str, ...] = ()
    open_without_key: bool = True  # only read when there are no keys

    @classmethod
    def for_server(cls, settings, loopback: bool, no_auth: bool = False) -> ApiAuth:
        raw = settings.api_keys.get_secret_value() if settings.api_keys else None
        return cls(parse_keys(raw), open_without_key=loopback or no_auth)

    def allows(self, authorization: str | None) -> bool:
        if not self.keys:
            return self.open_without_key
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer":
            token = ""
        given = token.strip().encode()
        ok = False
        # every key compared, so the timing says nothing about which one (or whether one) matched
        for key in self.keys:
            ok |= hmac.compare_digest(given, key.encode())
        return ok

    def password_ok(self, _user: str, password: str) -> bool:
        """The web app's sign-in when keys are set but no ANTIPERSONA_AUTH: any user name, a key as password."""
        return bool(self.keys) and self.allows(f"Bearer {password}")

    def refusal(self) -> str:
        if self.keys:
            return "missing or wrong API key: send `Authorization: Bearer <key>` (a key from ANTIPERSONA_API_KEYS)"
        return (
            "the API is closed on this host: set ANTIPERSONA_API_KEYS and send `Authorization: Bearer <key>`"
        )


class BearerGate:
    """ASGI middleware: requests under a gated prefix without an allowed key get a JSON 401. Paths in
    `public` (the OpenAPI page and schema, which hold no data) pass."""

    def __init__(self, app, auth: ApiAuth, public: tuple[str, ...] = ()):
        self.app, self.auth, self.public = app, auth, public

    async def __call__(self, scope, receive, send):
        path, root = scope.get("path", ""), scope.get("root_path", "")
        if scope["type"] != "http" or (path[len(root) :] if path.startswith(root) else path) in self.public:
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        header = headers.get(b"authorization", b"").decode("latin-1")
        if self.auth.allows(header):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown", 0))[0]
        _log.warning("API request refused for %s: %s %s", client, scope.get("method"), scope.get("path"))
        body = json.dumps({"error": self.auth.refusal(), "status": 401}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"www-authenticate", b'Bearer realm="antipersona"'),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
        return None


class BodyLimit:
    """ASGI middleware: a request body over `limit` bytes gets a JSON 413 (by Content-Length up front, or
    while a chunked body streams in: reading stops there, and whatever the app answers is replaced)."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    def message(self) -> str:
        return f"request body larger than the {self.limit / 1024 / 1024:g} MB limit"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        if declared > self.limit:
            return await self._too_large(send)
        seen = {"n": 0, "over": False, "sent": False}

        async def counted():
            message = await receive()
            if message["type"] == "http.request":
                seen["n"] += len(message.get("body", b""))
                if seen["n"] > self.limit:
                    seen["over"] = True
                    raise BodyTooLarge
            return message

        async def watched(message):
            if not seen["over"]:
                return await send(message)
            # the app answered a body it could not read (FastAPI turns any read error into a 400): say 413
            if message["type"] == "http.response.start" and not seen["sent"]:
                seen["sent"] = True
                await self._too_large(send)
            return None

        with contextlib.suppress(BodyTooLarge):  # raised through the app when it does not catch it
            await self.app(scope, counted, watched)
        if seen["over"] and not seen["sent"]:
            seen["sent"] = True
            await self._too_large(send)
        return None

    async def _too_large(self, send) -> None:
        body = json.dumps({"error": self.message(), "status": 413}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    """Raised while reading a body past the limit (the API turns it into a 413 when a route is reading)."""
