"""Every tab in Chromium at desktop (1400 px) and phone (390 px) width: screenshots saved, record ids that
open their record in place (Personas, Fit check, Chat), and an automated contrast and label check with
axe-core (vendored from npm: tests/ui/vendor) reporting no WCAG 2 A/AA violation.

Screenshots go to UI_SCREENSHOT_DIR when set (docs/img for docs/ui.md), else to a temporary folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PROSPECT = "A 5-person agency on the Starter plan; they want a big discount and someone to set it all up."

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TABS = ["Chat", "Fit check", "Personas", "Themes", "Data"]
WIDTHS = {"desktop": 1400, "phone": 390}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
    pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    out = Path(os.environ.get("UI_SCREENSHOT_DIR") or tmp_path_factory.mktemp("shots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(params=list(WIDTHS), scope="module")
def page(request, browser, served):
    width = WIDTHS[request.param]
    pg = browser.new_page(viewport={"width": width, "height": 1000 if width > 800 else 844})
    pg.set_default_timeout(60_000)
    pg.goto(served, wait_until="domcontentloaded")
    pg.get_by_role("tab", name="Chat").wait_for()
    pg.width_name = request.param
    yield pg
    pg.close()


def _open_tab(page, name: str) -> None:
    tab = page.get_by_role("tab", name=name)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
        return
    # narrow screens fold the last tabs into the '•••' menu
    page.locator(".overflow-menu button").first.click()
    page.locator(".overflow-dropdown").get_by_text(name, exact=True).click()


def _axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }"""
    )
    return result


def _open_record(page, scope: str) -> None:
    """Click the first record id in `scope`: its record (full text, date, file) opens in place."""
    summary = page.locator(f"{scope} details.record > summary").first
    summary.wait_for()
    rid = summary.inner_text().strip()
    summary.click()
    body = page.locator(f"{scope} details.record[open] .record-body").first
    body.wait_for()
    assert body.is_visible() and len(body.inner_text()) > 10, rid
    return rid


def test_every_tab_at_both_widths_with_screenshots_and_no_axe_violations(page, shots, ui_settings):
    from core.versions import current

    ps = current(ui_settings)
    problems: dict[str, list] = {}
    for tab in TABS:
        _open_tab(page, tab)
        if tab == "Personas":
            page.locator(".persona-card").first.wait_for()
            page.locator("#cost-chart .cost-chart").wait_for()
            assert "Nothing yet" not in page.locator("#personas-head").inner_text()
        if tab == "Themes":
            page.locator("#themes-head").get_by_text("complaint themes").wait_for()
            _themes_over_time(page, ps)
        if tab == "Data":
            page.locator("#status").get_by_text("Last refresh").wait_for()
        page.wait_for_timeout(300)
        out = shots / f"{page.width_name}-{tab.lower().replace(' ', '-')}.png"
        page.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 10_000
        found = _axe(page)
        if found:
            problems[tab] = found
    assert not problems, json.dumps(problems, indent=1)[:6000]
    assert ps.personas


def _themes_over_time(page, ps) -> None:
    """The chart of themes over time: its accessible name names every line with its total, the legend is
    complete, the table (its text alternative) opens and holds every period; axe then checks it open."""
    tl = ps.theme_timeline
    fig = page.locator("#themes-time figure.theme-time")
    fig.wait_for()
    name = fig.get_attribute("aria-label")
    assert all(f"{s.label}: {s.total:,} passage" in name for s in tl.series), name
    assert page.locator("#themes-time .tt-legend li").count() == len(tl.series)
    page.locator("#themes-time .tt-details > summary").click()
    table = page.get_by_role("table", name=f"Complaint passages per theme and {tl.bucket}")
    table.wait_for()
    assert table.locator("tbody tr").count() == len(tl.periods)
    assert table.locator("tfoot td").last.inner_text() == str(tl.dated)
    why = page.locator("#themes-head")
    assert "cosine" not in why.inner_text().split("How the number was chosen")[0]


def test_record_ids_open_in_place_in_personas_fit_check_and_chat(page, ui_settings, shots):
    from core.store import Store

    store = Store(ui_settings)
    _open_tab(page, "Personas")
    page.locator(".persona-card").first.wait_for()
    rid = _open_record(page, ".persona-card")
    assert store.records.get(rid) is not None

    _open_tab(page, "Fit check")
    page.locator("#prospect textarea").fill(PROSPECT)
    page.locator("#check-btn").click()
    page.locator("#verdict .verdict").wait_for()
    assert page.locator("#verdict .verdict").inner_text() in {
        "Likely negative persona",
        "Unclear",
        "Good fit",
    }
    rid = _open_record(page, "#verdict")
    assert store.records.get(rid) is not None
    page.screenshot(path=str(shots / f"{page.width_name}-fit-check-verdict.png"), full_page=True)

    _open_tab(page, "Chat")
    box = page.get_by_role("textbox", name="Ask antipersona")
    box.fill("Who should we not sell to and why?")
    box.press("Enter")
    rid = _open_record(page, "[data-testid=bot]")
    assert store.records.get(rid) is not None
    page.screenshot(path=str(shots / f"{page.width_name}-chat-answer.png"), full_page=True)
