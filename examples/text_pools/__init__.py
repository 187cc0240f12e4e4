"""Hand-written text material for the fictional Tallywick example data set.

Everything in this package is invented. Two tiny helpers turn the writing-friendly blocks into lists:

- `lines(block)`: one fragment per non-empty line; " // " inside a line marks a paragraph break.
- `items(block)`: ticket items separated by a line holding only `%%`; the first line of an item is
  `Subject | tag tag`, the rest is the body (kept as written, paragraphs separated by blank lines).
"""

from __future__ import annotations


def lines(block: str) -> list[str]:
    out = []
    for raw in block.strip().splitlines():
        text = raw.strip()
        if text:
            out.append(text.replace(" // ", "\n\n"))
    return out


def items(block: str) -> list[tuple[str, str, list[str]]]:
    out = []
    for chunk in block.strip().split("\n%%\n"):
        head, _, body = chunk.strip().partition("\n")
        subject, _, tags = head.partition("|")
        out.append((subject.strip(), body.strip(), tags.split()))
    return out
