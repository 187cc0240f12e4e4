"""What data can do to the places it is shown (issue 19): terminal escapes in `antipersona personas`,
Markdown images, links and HTML forms in the app's Markdown, an unknown output format. The CLI runs in a
subprocess on a workspace whose persona version carries hostile text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from reliability_helpers import run_cli

from core.models import PersonaSet, Quote, Record
from core.safe_text import md_safe, md_text, terminal
from ui.render import persona_markdown

ESCAPES = "\x1b]0;pwned\x07 back\x08\x08\x08 \x1b[2J\x9b31m \u202eevil"
MD_ATTACK = ('![x](http://attacker.example/pixel.png?from=md) <form action="http://attacker.example/f">'
             '<input name="p"></form> [click](http://attacker.example/go) <img src=http://attacker.example/i>')
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def _hostile_version(ws: Path, text: str) -> None:
    versions = sorted((ws / "personas").glob("v*.json"))
    ps = PersonaSet.model_validate_json(versions[-1].read_text(encoding="utf-8"))
    p = ps.personas[0]
    p.name = f"Agencies {text}"
    p.narrative = f"They say {text}"
    p.warning_signs = [f"asks {text}"]
    p.quotes = [Quote(text=f"quoted {text}", record_id="R1", kind="ticket")]
    ps.version += 1
    (ws / "personas" / f"v{ps.version:04d}.json").write_text(ps.model_dump_json(), encoding="utf-8")


@pytest.mark.slow
def test_terminal_escapes_never_reach_the_terminal(clone_ws) -> None:
    ws = clone_ws()
    _hostile_version(ws, ESCAPES)
    for fmt in ("md", "json"):
        res = run_cli("personas", "--format", fmt, "--workspace", str(ws), timeout=120)
        assert res.returncode == 0, res.stderr[-2000:]
        assert not _RAW_CONTROL.search(res.stdout), repr(_RAW_CONTROL.search(res.stdout))
        assert "pwned" in res.stdout  # the words are shown, escaped
    bad = run_cli("personas", "--format", "xml", "--workspace", str(ws), timeout=120)
    assert bad.returncode != 0 and "xml" in bad.stdout + bad.stderr and "# Negative personas" not in bad.stdout


def test_terminal_escaping_is_visible_and_total() -> None:
    out = terminal(ESCAPES + "\nnext\tline")
    assert not _RAW_CONTROL.search(out) and "\\x1b]0;pwned\\x07" in out and "\nnext\tline" in out


def test_persona_markdown_shows_data_as_text() -> None:
    from markdown_it import MarkdownIt

    ps_text = md_text(MD_ATTACK)
    html = MarkdownIt("commonmark", {"html": True}).render(ps_text)
    assert "<img" not in html and "<form" not in html and "<a " not in html and "<input" not in html
    assert "attacker.example" in html  # shown, not dropped


def test_model_markdown_keeps_formatting_and_loses_what_fetches() -> None:
    from markdown_it import MarkdownIt

    answer = (f"**Agencies** churn.\n\n- one\n- [our record](/records/R1)\n\n> quoted\n\n{MD_ATTACK}\n\n"
              "<sub>version 3</sub> <sub onclick=x>no</sub>")
    html = MarkdownIt("commonmark", {"html": True}).render(md_safe(answer))
    assert "<strong>Agencies</strong>" in html and "<li>one</li>" in html and "<blockquote>" in html
    assert '<a href="/records/R1">' in html and "<sub>version 3</sub>" in html and "<sub onclick" not in html
    assert "<img" not in html and "<form" not in html and "<input" not in html
    assert 'href="http' not in html and "click" in html


def test_persona_card_renders_every_field_as_text() -> None:
    from markdown_it import MarkdownIt

    from core.models import Persona

    p = Persona(id="p1", name=MD_ATTACK, summary=MD_ATTACK, narrative=MD_ATTACK, warning_signs=[MD_ATTACK],
                quotes=[Quote(text=MD_ATTACK, record_id="R1)![x](http://attacker.example/id.png", kind="ticket")])
    html = MarkdownIt("commonmark", {"html": True}).render(persona_markdown(p))
    assert "<img" not in html and "<form" not in html and 'href="http' not in html
    assert json.dumps(html).count("attacker.example") >= 5


def test_a_record_opened_in_place_shows_markdown_and_html_as_text() -> None:
    from ui.evidence import record_html

    rec = Record(id="r<1>", kind="ticket", customer_id="c![z](http://attacker.example/c.png)",
                 text="Pixel ![x](http://attacker.example/p.png) [go](http://attacker.example/) <img src=x> www.a.b")
    out = record_html(rec)
    assert "<img" not in out and "![" not in out and "](" not in out and "http://" not in out and "www." not in out
    plain = re.sub(r"<[^>]+>", "", out)
    assert "&#33;&#91;x&#93;&#40;http&#58;//attacker.example/p.png&#41;" in plain
