"""`antipersona serve` and `antipersona demo`: start the web app (and the refresh scheduler) for a workspace.

The auth rule: on a loopback host (127.0.0.1, ::1, localhost) the app may run without a password; on any
other interface it refuses to start unless ANTIPERSONA_AUTH="user:password" is set or --no-auth says that
something else (a VPN, an authenticating reverse proxy) protects it. Uploads are limited in size by
`settings.max_upload_mb` (Gradio enforces it on the upload route) and in type by the app.
"""

from __future__ import annotations

import ipaddress
import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import core  # noqa: F401  - GRADIO_ANALYTICS_ENABLED=False and the offline env before gradio is imported

if TYPE_CHECKING:
    import gradio as gr
    from apscheduler.schedulers.background import BackgroundScheduler

    from core.services import Services
    from core.settings import Settings

_log = logging.getLogger("antipersona.serve")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def bind_host(host: str | None) -> str:
    """The address actually bound: an empty or unspecified host means loopback. Gradio would otherwise read
    GRADIO_SERVER_NAME (e.g. 0.0.0.0) for an empty name, binding a host the password rule never checked."""
    return (host or "").strip() or "127.0.0.1"


def is_loopback(host: str | None) -> bool:
    if not host or host.lower() in {"localhost", "localhost.localdomain", "ip6-localhost"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower().endswith(".localhost")


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """'user:password' -> (user, password); the password may itself contain ':'."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user.strip() or not password:
        raise ValueError('ANTIPERSONA_AUTH must look like "user:password" (both parts non-empty)')
    return user.strip(), password


def check_auth(settings: Settings, host: str, no_auth: bool = False):
    """The web app's credentials to launch with, or ValueError when the host is reachable from outside
    unprotected. With API keys (ANTIPERSONA_API_KEYS) but no password, off loopback the app's sign-in takes
    any user name and an API key as the password (a callable), so the page is never left open."""
    from ui.api_auth import ApiAuth

    auth = parse_auth(settings.auth.get_secret_value() if settings.auth else None)
    api = ApiAuth.for_server(settings, is_loopback(host), no_auth)
    if auth is None and not api.keys and not no_auth and not is_loopback(host):
        raise ValueError(
            f"refusing to serve on {host} without a password: anyone who can reach this machine could read "
            "your customers' feedback. Set ANTIPERSONA_AUTH=user:password (or ANTIPERSONA_API_KEYS), or pass "
            "--no-auth if something else (a VPN, an authenticating reverse proxy) already protects it."
        )
    if auth is None and api.keys and not no_auth and not is_loopback(host):
        return api.password_ok
    return auth


# what data shown in the page can never make the browser do: fetch a remote image or medium, post a form
# elsewhere, embed a plugin. The app's Markdown is escaped anyway (core.safe_text); this is the second wall.
CSP = ("img-src 'self' data: blob:; media-src 'self' data: blob:; form-action 'self'; object-src 'none'; "
       "base-uri 'self'")


class SecurityHeaders:
    """ASGI middleware adding the Content-Security-Policy (and no-sniff) to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy", b"x-content-type-options")]
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff")]
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


class LoginThrottle:
    """ASGI middleware: after `limit` failed sign-ins from one client within `window` seconds, its further
    `POST /login` requests get 429 (even with the right password) until the oldest failure ages out. Every
    failure and refusal is logged with the client's address; a success clears its count."""

    def __init__(self, app, limit: int = 5, window: float = 60.0):
        self.app, self.limit, self.window = app, limit, window
        self.failures: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def _recent(self, client: str, now: float) -> list[float]:
        times = [t for t in self.failures.get(client, []) if now - t < self.window]
        if times:
            self.failures[client] = times
        else:
            self.failures.pop(client, None)
        return times

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" or not scope.get("path", "").endswith("/login"):
            return await self.app(scope, receive, send)
        import time

        client = (scope.get("client") or ("unknown", 0))[0]
        now = time.monotonic()
        with self.lock:
            recent = self._recent(client, now)
        if len(recent) >= self.limit:
            wait = max(1, int(self.window - (now - recent[0])) + 1)
            _log.warning("sign-in refused for %s: %d failed attempts in %ds", client, len(recent), self.window)
            await send({"type": "http.response.start", "status": 429,
                        "headers": [(b"content-type", b"text/plain"), (b"retry-after", str(wait).encode())]})
            await send({"type": "http.response.body", "body": f"too many failed sign-ins; retry in {wait}s".encode()})
            return None
        status: list[int] = []

        async def watch(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        result = await self.app(scope, receive, watch)
        with self.lock:
            if status and status[0] == 200:
                self.failures.pop(client, None)
            elif status and status[0] < 500:
                self.failures.setdefault(client, []).append(time.monotonic())
                _log.warning("failed sign-in from %s (%d in %ds)", client, len(self._recent(client, now)), self.window)
        return result


def app_kwargs(routes: list | None = None, lifespan=None) -> dict:
    """FastAPI arguments for launch (a fresh dict: Gradio writes into it). `routes` (the JSON API and MCP)
    come before Gradio's own; `lifespan` runs inside Gradio's."""
    from starlette.middleware import Middleware

    kwargs: dict = {"middleware": [Middleware(SecurityHeaders), Middleware(LoginThrottle)]}
    if routes:
        kwargs["routes"] = routes
    if lifespan is not None:
        kwargs["lifespan"] = lifespan
    return kwargs


def api_routes(services: Services, host: str, no_auth: bool, mcp: bool) -> tuple[list, object, bool]:
    """(the /api mount and, with `mcp`, the /mcp route; their lifespan; whether MCP is on). MCP is on with
    --mcp, or whenever API keys are set."""
    import contextlib

    from starlette.routing import Mount

    from ui.api import build_api
    from ui.api_auth import ApiAuth

    auth = ApiAuth.for_server(services.settings, is_loopback(host), no_auth)
    routes: list = [Mount("/api", app=build_api(services, auth))]
    mcp = mcp or bool(auth.keys)
    if not mcp:
        return routes, None, False
    from ui.mcp_server import build_mcp, mcp_route

    route, manager = mcp_route(build_mcp(services), auth, host)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        async with manager.run():
            yield

    return [*routes, route], lifespan, True


def _url(host: str, port: int) -> str:
    shown = host or "127.0.0.1"
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def warm_up(app: gr.Blocks) -> threading.Thread:
    """Load the embedder and the verdict checker in the background so the first request is quick."""

    def run() -> None:
        import contextlib

        ctx = app.antipersona
        with contextlib.suppress(Exception):  # warm-up is best effort; the handler reports real errors
            ctx.checker()
            if ctx.store.records.counts():
                ctx.store.embedder.embed(["warm up"])

    t = threading.Thread(target=run, name="antipersona-warm-up", daemon=True)
    t.start()
    return t


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 7860,
    refresh_every: str | None = None,
    refresh_cron: str | None = None,
    no_auth: bool = False,
    block: bool = True,
    services: Services | None = None,
    mcp: bool = False,
) -> tuple[gr.Blocks, BackgroundScheduler | None] | None:
    """Validate, start the scheduler, build and launch the app. `block=False` returns (app, scheduler)."""
    from ui.scheduler import make_trigger, start_scheduler

    host = bind_host(host)  # the one address checked, bound and printed
    try:
        if not 0 <= port <= 65535:
            raise ValueError(f"--port must be between 0 and 65535 (got {port})")
        auth = check_auth(settings, host, no_auth)
        make_trigger(refresh_every, refresh_cron)  # fail on a bad schedule before anything starts
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from None

    from agent.engines import open_services
    from ui.app import LAUNCH_KWARGS, build_app

    services = services or open_services(settings)  # one store for the app and the scheduler
    scheduler = start_scheduler(services, refresh_every, refresh_cron)
    app = build_app(services, scheduler=scheduler)
    routes, lifespan, mcp = api_routes(services, host, no_auth, mcp)
    try:
        app.launch(
            server_name=host,
            server_port=port,
            auth=auth,
            auth_message="antipersona: sign in with the ANTIPERSONA_AUTH user and password" if auth else None,
            max_file_size=f"{settings.max_upload_mb}mb",
            prevent_thread_lock=True,
            show_error=True,
            quiet=True,
            inbrowser=False,
            share=False,
            app_kwargs=app_kwargs(routes, lifespan),
            **LAUNCH_KWARGS,
        )
    except OSError as exc:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        raise SystemExit(f"error: cannot listen on {host}:{port} ({exc}); try another --port") from None
    except BaseException:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        raise
    warm_up(app)
    url = _url(host, app.server_port or port)
    print(f"antipersona is running at {url}", flush=True)
    print(f"  JSON API: {url}/api/v1 (docs: {url}/api/docs)" + (f"; MCP: {url}/mcp" if mcp else ""), flush=True)
    if host in {"0.0.0.0", "::"}:
        print("  (listening on every interface: use this machine's address from elsewhere)", flush=True)
    if scheduler is not None:
        from ui.scheduler import describe_schedule

        print(f"  {describe_schedule(scheduler)}", flush=True)
    if not block:
        return app, scheduler
    print("Press Ctrl+C to stop.", flush=True)
    try:
        app.block_thread()
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
    return None


def example_files() -> list[Path]:
    """The demo's data files; planted*.json (the answer keys) and the generators are not customer data."""
    names = ("accounts.csv", "tickets.csv", "reviews.csv", "calls", "deals.csv", "price_list.csv")
    return [EXAMPLES / n for n in names if (EXAMPLES / n).exists()]


def demo(settings: Settings, port: int = 7860, block: bool = True):
    """Ingest the bundled examples, refresh, then serve on 127.0.0.1 (the README's `make demo` ends here)."""
    if not EXAMPLES.is_dir() or not any(EXAMPLES.iterdir()):
        raise SystemExit(f"error: the examples folder is missing or empty: {EXAMPLES}")
    from agent.engines import open_services
    from agent.refresh import refresh
    from ingest.pipeline import ingest_paths
    from ingest.report import print_report
    from ui.views import console_reporter, print_refresh

    print(f"Ingesting the examples in {EXAMPLES} into {settings.workspace} …", file=sys.stderr, flush=True)
    services = open_services(settings)
    report = ingest_paths(example_files(), kind="auto", settings=settings, store=services.store, progress=True)
    print_report(report)
    print_refresh(refresh(services, report=console_reporter()))
    return serve(settings, host="127.0.0.1", port=port, block=block, services=services)
