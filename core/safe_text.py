"""Untrusted text (customer feedback, model output) made safe for where it is shown.

Why one module: feedback and LLM prose reach a terminal, Markdown in the web app and exported cards. Each
place has its own way to be abused — terminal escapes (`ESC]0;…BEL`, backspaces), Markdown images that
make the browser fetch `http://attacker/pixel.png`, raw HTML forms — and each renderer calls one function
here instead of escaping in its own way.

- `terminal(s)`: control characters shown as `\\x1b`-style escapes (newline and tab kept).
- `md_text(s)`: a literal string inside Markdown: no HTML, no image, no link, no autolink survives.
- `html_text(s)`: a literal string inside HTML that Markdown surrounds: no tag and no Markdown syntax survives.
- `md_safe(s)`: Markdown written by a model: formatting kept (bold, lists, headings, bare `<sub>`-like tags),
  other HTML shown as text,
  images reduced to their alt text, links to anything but this app's own paths reduced to their text.
"""

from __future__ import annotations

import re

# C0 except \t and \n, DEL, C1 (0x9b is CSI on some terminals), and bidi overrides that reorder what is shown
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _show(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def terminal(text: str) -> str:
    """Text for a terminal: control characters become visible escapes, so data never drives the terminal."""
    return _CONTROL.sub(_show, text)


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis: generated text has a ceiling."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


# Markdown -----------------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!|#~])")
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{1,20}):(?=//)")
_WWW = re.compile(r"(?i)\bwww\.")
_HTML_INERT = re.compile(r"[&<>\"'\\`*_\[\]!|#~()]")
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}  # as html.escape writes them
_LINE_START = re.compile(r"(?m)^(\s*)([-+=>]|\d+[.)])")


def _plain(text: str) -> str:
    text = _CONTROL.sub("", text).replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _SCHEME.sub(r"\1\\:", text)  # `http\://…` renders as text, never as an autolink
    return _WWW.sub(r"www\\.", text)


def md_text(text: str) -> str:
    """A literal string (a customer's words, a label) to put inside Markdown: shown exactly, never markup."""
    return _LINE_START.sub(r"\1\\\2", _plain(text))


def html_text(text: str) -> str:
    """A literal string inside HTML that sits in Markdown (a record opened in place): no tag, and no Markdown
    image, link or autolink either, since Markdown around inline HTML still parses the text between tags."""
    text = _HTML_INERT.sub(lambda m: _ENTITY.get(m.group(), f"&#{ord(m.group())};"), _CONTROL.sub("", text))
    return _WWW.sub("www&#46;", _SCHEME.sub(r"\1&#58;", text))


def md_inline(text: str) -> str:
    """`md_text` on one line: line breaks become spaces (a list item or table cell stays one item)."""
    return md_text(" ".join(text.split()))


def code(text: str) -> str:
    """An identifier as inline code: nothing inside a code span is markup; backticks cannot close it."""
    return "`" + _CONTROL.sub("", " ".join(text.split())).replace("`", "'") + "`"


_IMAGE = re.compile(r"!\[([^\]\n]*)\]\s*(\([^)\n]*\)|\[[^\]\n]*\])?")
_LINK = re.compile(r"\[([^\]\n]*)\]\s*\(([^)\s\n]*)(?:\s+\"[^\"\n]*\")?\)")
_REF_DEF = re.compile(r"(?m)^\s{0,3}\[[^\]\n]+\]:\s*\S+.*$")
_OWN_PATH = re.compile(r"^(/(?!/)|#)")
_SAFE_TAG = re.compile(r"&lt;(/?)(sub|sup|b|i|em|strong|br)&gt;")


def md_safe(markdown: str) -> str:
    """Model-written Markdown with its formatting kept and nothing that fetches, posts or leads elsewhere."""
    s = _CONTROL.sub("", markdown)
    s = _REF_DEF.sub("", s)
    s = _IMAGE.sub(lambda m: _plain(m.group(1)), s)

    def link(m: re.Match[str]) -> str:
        label, url = m.group(1), m.group(2)
        return m.group(0) if _OWN_PATH.match(url) else _plain(label)

    s = _LINK.sub(link, s)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = re.sub(r"(?m)^(\s{0,3})&gt;", r"\1>", s)  # keep blockquotes
    s = _SAFE_TAG.sub(r"<\1\2>", s)  # bare formatting tags (no attributes) stay tags
    s = _SCHEME.sub(r"\1\\:", s)
    return _WWW.sub(r"www\\.", s)
