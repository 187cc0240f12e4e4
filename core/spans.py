"""Character spans of a text. A span is `(start, end)` with `text[start:end]` the passage, so a quote cut by
any stage maps back to its record verbatim."""

from __future__ import annotations


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without its leading and trailing whitespace (offsets move, the text is never rewritten)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
