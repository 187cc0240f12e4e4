"""Split a record's text into passages on natural boundaries, keeping exact character offsets.

Short texts are one chunk. Long ones are cut into blocks (speaker turns, Markdown headings, paragraphs),
blocks are packed into passages of at most `max_chars`, and a block that is itself too long is split into
sentences, then at spaces. A word is never cut (a single word longer than `max_chars` becomes its own
passage). For every chunk `record.text[chunk.start:chunk.end] == chunk.text`, so a quote found in a chunk
maps back to the stored record exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.models import Chunk, Record
from core.spans import trim_span

MAX_CHARS = 400


@dataclass(frozen=True)
class TurnSpan:
    """Where one speaker turn sits in the record text, with its speaker and start time."""

    start: int
    end: int
    speaker: str | None = None
    timestamp: str | None = None


@dataclass
class _Block:
    start: int
    end: int
    hard: bool = False  # starts a new passage (a heading)


_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_SPEAKER_LINE = re.compile(r"^[ \t]*(?:\[[^\]\n]{1,40}\]|[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3}):[ \t]")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")
_SPACE = re.compile(r"\s+")


def _line_blocks(text: str) -> list[_Block]:
    """Paragraphs, headings and speaker lines as blocks (offsets into `text`)."""
    blocks: list[_Block] = []
    cur: _Block | None = None
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            if cur:
                blocks.append(cur)
                cur = None
            continue
        heading = bool(_HEADING.match(line))
        if cur is None or heading or _SPEAKER_LINE.match(line) or _HEADING.match(text[cur.start : cur.end]):
            if cur:
                blocks.append(cur)
            cur = _Block(start, end, hard=heading)
        else:
            cur.end = end
    if cur:
        blocks.append(cur)
    return blocks


def _pieces(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Split one too-long block into sentence-packed pieces; sentences too long split at spaces."""
    sentences: list[tuple[int, int]] = []
    s = start
    for m in _SENTENCE_END.finditer(text, start, end):
        sentences.append((s, m.end()))
        s = m.end()
    sentences.append((s, end))
    units: list[tuple[int, int]] = []
    for a, b in sentences:
        a, b = trim_span(text, a, b)
        if a >= b:
            continue
        if b - a <= max_chars:
            units.append((a, b))
            continue
        # words: pack at whitespace
        w0 = a
        for m in _SPACE.finditer(text, a, b):
            units.append((w0, m.start()))
            w0 = m.end()
        units.append((w0, b))
    return _pack(text, [u for u in units if u[0] < u[1]], max_chars)


def _pack(text: str, units: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for a, b in units:
        if cur is not None and b - cur[0] <= max_chars:
            cur[1] = b
        else:
            if cur is not None:
                out.append((cur[0], cur[1]))
            cur = [a, b]
    if cur is not None:
        out.append((cur[0], cur[1]))
    return out


def split_spans(
    text: str, max_chars: int = MAX_CHARS, turns: Sequence[TurnSpan] | None = None
) -> list[tuple[int, int]]:
    """Offsets of the passages of `text` (trimmed of surrounding whitespace, never empty)."""
    s, e = trim_span(text, 0, len(text))
    if s >= e:
        return []
    if e - s <= max_chars:
        return [(s, e)]
    if turns:
        blocks = [_Block(t.start, t.end) for t in sorted(turns, key=lambda t: t.start) if t.end > t.start]
    else:
        blocks = _line_blocks(text)
    spans: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for block in blocks:
        a, b = trim_span(text, block.start, block.end)
        if a >= b:
            continue
        if b - a > max_chars:
            if cur is not None:
                spans.append((cur[0], cur[1]))
                cur = None
            spans.extend(_pieces(text, a, b, max_chars))
            continue
        if cur is not None and not block.hard and b - cur[0] <= max_chars:
            cur[1] = b
        else:
            if cur is not None:
                spans.append((cur[0], cur[1]))
            cur = [a, b]
    if cur is not None:
        spans.append((cur[0], cur[1]))
    return spans


def chunk_record(
    record: Record, turns: Sequence[TurnSpan] | None = None, max_chars: int = MAX_CHARS
) -> list[Chunk]:
    """The record's passages as `Chunk`s with ids `<record id>#<i>` and exact offsets.

    `turns` (transcripts) gives turn boundaries, speakers and timestamps; without it, a line that starts
    with `Name:` still starts a new block and names the chunk's speaker.
    """
    text = record.text
    spans = split_spans(text, max_chars, turns)
    ordered = sorted(turns, key=lambda t: t.start) if turns else None
    chunks: list[Chunk] = []
    ti = 0
    for i, (a, b) in enumerate(spans):
        speaker = timestamp = None
        if ordered:
            while ti + 1 < len(ordered) and ordered[ti + 1].start <= a:
                ti += 1
            speaker, timestamp = ordered[ti].speaker, ordered[ti].timestamp
        elif record.kind == "call":
            m = _SPEAKER_LINE.match(text, a)
            if m:
                speaker = text[a : m.end()].strip().rstrip(":").strip("[]").strip() or None
        chunks.append(
            Chunk(
                id=record.chunk_id(i),
                record_id=record.id,
                kind=record.kind,
                text=text[a:b],
                start=a,
                end=b,
                speaker=speaker,
                timestamp=timestamp,
            )
        )
    return chunks
