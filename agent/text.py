"""Small text helpers with exact offsets (so every excerpt maps back to its record)."""

from __future__ import annotations

import re

from core.spans import trim_span

_SENT_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n+")


def sentences(text: str, offset: int = 0, min_chars: int = 8) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`, shifted by `offset`, trimmed of surrounding whitespace.

    Very short pieces ("Ok.", "Hi,") are merged into the following sentence.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    pending_start: int | None = None
    for m in _SENT_END.finditer(text):
        end = m.start()
        start = pending_start if pending_start is not None else pos
        piece = text[start:end]
        if len(piece.strip()) < min_chars:
            pending_start = start
        else:
            spans.append(trim_span(text, start, end))
            pending_start = None
        pos = m.end()
    start = pending_start if pending_start is not None else pos
    if text[start:].strip():
        if spans and len(text[start:].strip()) < min_chars and pending_start is None:
            s0, _ = spans.pop()
            spans.append(trim_span(text, s0, len(text)))
        else:
            spans.append(trim_span(text, start, len(text)))
    return [(s + offset, e + offset) for s, e in spans if e > s]


def shorten_span(text: str, start: int, end: int, max_chars: int = 240) -> tuple[int, int]:
    """Cut a span to at most max_chars at a word boundary (a verbatim prefix, never rewritten)."""
    if end - start <= max_chars:
        return start, end
    cut = text.rfind(" ", start, start + max_chars)
    if cut <= start + max_chars // 2:
        cut = start + max_chars
    while cut > start and not text[cut - 1].isalnum():
        cut -= 1
    return start, cut
