"""Plain text and Markdown call notes: a file is one record; optional front matter gives its fields.

    ---
    customer_id: C0042
    date: 2026-03-04
    title: Renewal call
    ---
    The notes...

Long notes are not split here: the chunker splits them on headings and paragraphs later.
"""

from __future__ import annotations

import re
from typing import Any

from ingest.readers.base import Document, FileSkipped, ReadResult, has_bad_bytes, scrub_bad_bytes

_FRONT = re.compile(r"\A(?:\ufeff)?[ \t]*---[ \t]*\r?\n(.*?)\r?\n[ \t]*(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_KEY_VALUE = re.compile(r"^\s*([A-Za-z_][\w .-]*?)\s*[:=]\s*(.*?)\s*$")


def parse_header_lines(lines: list[str]) -> dict[str, Any]:
    """`key: value` lines -> dict (quotes stripped, blank values dropped, `#` comment lines ignored)."""
    out: dict[str, Any] = {}
    for raw in lines:
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        m = _KEY_VALUE.match(raw)
        if not m:
            continue
        key, value = m.group(1).strip(), m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if value:
            out[key] = value
    return out


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """(fields, body, 1-based line where the body starts)."""
    m = _FRONT.match(text)
    if not m:
        return {}, text, 1
    fields = parse_header_lines(m.group(1).splitlines())
    return fields, text[m.end() :], text[: m.end()].count("\n") + 1


def read_text(text: str, file: str, fmt: str = "text") -> ReadResult:
    result = ReadResult(format=fmt)
    meta, body, line = split_front_matter(text)
    if has_bad_bytes(body):
        result.notes.append("undecodable bytes replaced with \ufffd")
        body = scrub_bad_bytes(body)
    # keep the body exact but without leading blank lines / trailing whitespace
    lead = len(body) - len(body.lstrip("\r\n"))
    line += body[:lead].count("\n")
    body = body.strip("\r\n").rstrip()
    if not body.strip():
        raise FileSkipped("empty file" if not meta else "no text after the front matter")
    result.document = Document(text=body, meta=meta, line=line)
    return result
