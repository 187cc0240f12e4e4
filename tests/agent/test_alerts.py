"""Webhook alerts received by a real local HTTP server (http.server on a thread): a scheduled refresh that
makes a material persona change, a batch that scores leads negative; and webhooks that fail (500s, a
refused connection, a server that hangs) without failing or delaying the refresh."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from agent import alerts
from agent.engines import open_services
from agent.refresh import refresh
from core.models import Persona, PersonaSet, Quote, RedFlag, Verdict
from core.versions import current
from ui.cli import app
from ui.scheduler import scheduled_refresh

from .builders import AGENCY_OUTCOMES, agency_accounts, store_accounts


class Hook:
    """A local webhook: records every JSON body; answers `status`; can hold its answer until released."""

    def __init__(self, status: int = 200, hold: bool = False):
        self.status, self.bodies = status, []
        self.release = threading.Event()
        if not hold:
            self.release.set()
        self.arrived = threading.Event()

    @contextmanager
    def serve(self) -> Iterator[str]:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hook.bodies.append((self.headers.get("Content-Type"), json.loads(body)))
                hook.arrived.set()
                hook.release.wait(30)
                self.send_response(hook.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/hooks/T000/B000/secret"
        finally:
            self.release.set()
            server.shutdown()
            server.server_close()


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(alerts, "BACKOFF", 0.01)


def _workspace(settings, **over):
    """Version 1 with no persona (agencies do not churn yet), then the data a scheduled refresh will find:
    agencies churn, so it publishes a new persona — a material change."""
    s = settings(**over)
    store_accounts(s, agency_accounts(agency_churns=False), AGENCY_OUTCOMES, ["industry", "plan"], "email")
    first = refresh(s, force=True)
    assert not any("industry=Agency" in p.segments for p in first.personas.personas)
    store_accounts(s, agency_accounts(agency_churns=True), AGENCY_OUTCOMES, ["industry", "plan"], "email")
    return s


def test_a_material_change_from_a_scheduled_refresh_is_posted(settings):
    hook = Hook()
    with hook.serve() as url:
        s = _workspace(settings, webhook_url=url)
        status = scheduled_refresh(open_services(s))
        assert status.error is None and status.alert is not None
        status.alert.join(10)
    assert len(hook.bodies) == 1
    content_type, body = hook.bodies[0]
    assert content_type.startswith("application/json") and set(body) == {"text"}
    persona = next(p for p in current(s).personas if "industry=Agency" in p.segments)
    assert "material change" in body["text"] and f"new persona: {persona.name}" in body["text"]
    assert "owner" not in body["text"]  # no customer contact or text


def test_no_alert_without_a_material_change_or_a_url(settings):
    hook = Hook()
    with hook.serve() as url:
        s = _workspace(settings, webhook_url=url)
        svc = open_services(s)
        scheduled_refresh(svc).alert.join(10)
        again = scheduled_refresh(svc)  # nothing changed since: skipped, nothing to say
        assert again.alert is None and len(hook.bodies) == 1
    quiet = _workspace(settings, workspace=s.workspace.parent / "quiet")
    assert scheduled_refresh(open_services(quiet)).alert is None  # no webhook set


def test_failing_webhooks_never_fail_the_refresh(settings):
    hook = Hook(status=500)
    with hook.serve() as url:
        s = _workspace(settings, webhook_url=url, webhook_retries=2)
        status = scheduled_refresh(open_services(s))
        assert status.error is None and "wrote personas version 2" in status.message
        status.alert.join(10)
        assert not status.alert.is_alive()
    assert len(hook.bodies) == 3  # the first try and two retries, then dropped
    assert current(s).version == 2

    with socket.socket() as sock:  # a port nobody listens on: connection refused
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    s2 = _workspace(settings, workspace=s.workspace.parent / "refused", webhook_url=f"http://127.0.0.1:{closed}/x")
    status = scheduled_refresh(open_services(s2))
    assert status.error is None and current(s2).version == 2
    status.alert.join(10)
    assert not status.alert.is_alive()


def test_a_hanging_webhook_does_not_hold_the_refresh(settings):
    hook = Hook(hold=True)
    with hook.serve() as url:
        s = _workspace(settings, webhook_url=url)
        status = scheduled_refresh(open_services(s))  # returns while the webhook still holds its answer
        assert status.error is None and current(s).version == 2
        assert hook.arrived.wait(10) and status.alert.is_alive()
        hook.release.set()
        status.alert.join(10)
        assert not status.alert.is_alive()


def test_a_batch_with_negative_leads_is_posted_by_the_cli(settings, tmp_path, monkeypatch):
    hook = Hook()
    with hook.serve() as url:
        s = _workspace(settings)
        refresh(s)
        leads = tmp_path / "leads.csv"
        leads.write_text(
            "Record ID,industry,plan\n101,Agency,Starter\n102,SaaS,Growth\n103,Agency,Starter\n", encoding="utf-8"
        )
        monkeypatch.setenv("ANTIPERSONA_WEBHOOK_URL", url)
        out = tmp_path / "hubspot.csv"
        res = CliRunner().invoke(
            app, ["check", "-w", str(s.workspace), "--batch", str(leads), "--format", "hubspot", "--out", str(out)]
        )
        assert res.exit_code == 0, res.output
    assert len(hook.bodies) == 1  # the CLI waited for its alert before exiting
    text = hook.bodies[0][1]["text"]
    assert "2 of 3 leads in leads.csv scored negative" in text
    assert "101" not in text and "103" not in text  # counts per persona, not the leads themselves


def test_a_batch_through_the_json_api_is_posted(settings):
    from fastapi.testclient import TestClient

    from ui.api import build_api
    from ui.api_auth import ApiAuth

    hook = Hook()
    with hook.serve() as url:
        s = _workspace(settings, webhook_url=url)
        refresh(s)
        client = TestClient(build_api(open_services(s), ApiAuth()))
        res = client.post(
            "/v1/check/batch", json=["industry: Agency. plan: Starter", "industry: SaaS. plan: Growth"]
        )
        assert res.status_code == 200, res.text
        assert hook.arrived.wait(10)
    assert "1 of 2 leads in an API batch scored negative" in hook.bodies[0][1]["text"]


def test_customer_text_only_with_quotes_on():
    flag = RedFlag(trait="industry: agency", evidence="we are a small agency", weight=1.0)
    v = Verdict(verdict="negative", score=0.9, persona_id="p1", persona_name="Starter agencies", red_flags=[flag])
    fit = Verdict(verdict="fit", score=0.1)
    plain = alerts.batch_text([v, fit], ["We are a small agency <wanting> help", "x"], "leads.csv")
    assert "1 of 2 leads in leads.csv scored negative" in plain and "Starter agencies: 1" in plain
    assert "small agency" not in plain
    quoted = alerts.batch_text([v, fit], ["We are a small agency", "x"], "leads.csv", quotes=True)
    assert '"we are a small agency"' in quoted
    assert alerts.batch_text([fit], ["x"]) is None
    assert alerts.refresh_text({"material": [], "to_version": 3}, None) is None
    assert "&lt;b&gt;" in alerts.refresh_text({"material": ["new persona: <b>"], "to_version": 3}, None)


def test_refresh_quotes_only_with_quotes_on():
    quote = Quote(text="Setup took weeks and nobody helped us", record_id="T-17")
    ps = PersonaSet.model_construct(
        personas=[Persona.model_construct(id="p1", name="Starter agencies", quotes=[quote])]
    )
    changes = {"to_version": 4, "material": ["new persona: Starter agencies"], "new_personas": [{"id": "p1"}]}
    plain = alerts.refresh_text(changes, ps)
    assert "version 4 made 1 material change" in plain and "Setup took weeks" not in plain
    quoted = alerts.refresh_text(changes, ps, quotes=True)
    assert '"Setup took weeks and nobody helped us" (record T-17)' in quoted


def test_only_http_urls_are_posted_to(settings):
    assert alerts.send(settings(webhook_url="file:///etc/passwd"), "hello") is None
    assert alerts.send(settings(webhook_url=""), "hello") is None
