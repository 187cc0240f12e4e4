"""Chunking: natural boundaries, never mid-word, and `record.text[c.start:c.end] == c.text` always."""

from __future__ import annotations

import random
import re

import pytest
from ingest_helpers import DATA

from core.models import Record
from ingest.build import document_to_record
from ingest.chunking import MAX_CHARS, TurnSpan, chunk_record, split_spans
from ingest.readers import read_path

WORDS = ["refund", "the", "invoice", "was", "wrong", "again", "and", "support", "never", "answered", "São",
         "naïve", "😡", "https://example.com/a/very/long/path?with=query&and=more", "x" * 450, "ok", "Mr.",
         "e.g.", "3.5", "$1,200", "—", "\t", "can't"]
SEPARATORS = [" ", " ", " ", " ", ". ", "! ", "? ", "\n", "\n\n", "\n\n## Heading\n", "\nAgent: ", "\r\n",
              "  ", " \n \n "]


def random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 400)):
        parts.append(rng.choice(WORDS))
        parts.append(rng.choice(SEPARATORS))
    text = "".join(parts)
    if rng.random() < 0.3:
        text = "  \n" + text + "\n  "
    return text


def check_invariants(text: str, chunks, max_chars: int = MAX_CHARS) -> None:
    prev_end = 0
    for i, c in enumerate(chunks):
        assert text[c.start : c.end] == c.text
        assert c.text and c.text == c.text.strip()
        assert c.start >= prev_end, "chunks are ordered and do not overlap"
        prev_end = c.end
        assert c.id.endswith(f"#{i}")
        if len(c.text) > max_chars:
            assert not re.search(r"\s", c.text), "only a single over-long word may exceed the limit"
        # never cut a word: a chunk starts and ends at a word boundary
        assert c.start == 0 or text[c.start - 1].isspace()
        assert c.end == len(text) or text[c.end].isspace()
    # nothing but whitespace is lost
    covered = "".join(text[c.start : c.end] for c in chunks)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)


@pytest.mark.parametrize("seed", range(300))
def test_offsets_property(seed: int) -> None:
    rng = random.Random(seed)
    text = random_text(rng)
    max_chars = rng.choice([60, 150, MAX_CHARS])
    record = Record(id=f"r{seed}", kind=rng.choice(["ticket", "call", "review"]), text=text or "x")
    chunks = chunk_record(record, max_chars=max_chars)
    check_invariants(record.text, chunks, max_chars)
    assert all(c.record_id == record.id and c.kind == record.kind for c in chunks)


def test_short_text_is_one_chunk() -> None:
    r = Record(id="t1", kind="ticket", text="  I was charged twice.  ")
    (c,) = chunk_record(r)
    assert (c.id, c.text, c.start, c.end) == ("t1#0", "I was charged twice.", 2, 22)


def test_markdown_splits_on_headings() -> None:
    doc = read_path(DATA / "C0042-renewal-call.md", "x.md").document
    r = Record(id="n", kind="call", text=doc.text)
    chunks = chunk_record(r)
    check_invariants(r.text, chunks)
    heads = [c.text.split("\n")[0] for c in chunks]
    assert "## Pricing" in heads and "## Support" in heads
    assert all(len(c.text) <= MAX_CHARS for c in chunks)


def test_long_paragraph_splits_on_sentences() -> None:
    sentence = "The export to Excel breaks on large date ranges and we have to split it by quarter."
    text = " ".join([sentence] * 12)
    chunks = chunk_record(Record(id="p", kind="ticket", text=text))
    check_invariants(text, chunks)
    assert len(chunks) > 1
    assert all(c.text.endswith(".") for c in chunks)


def test_transcript_turns_give_speaker_and_timestamp() -> None:
    doc = read_path(DATA / "C0007-support-call.vtt", "c.vtt").document
    built = document_to_record(doc, "call", DATA / "C0007-support-call.vtt", "c.vtt")
    (record,) = built.records
    turns = built.turns[record.id]
    assert record.text.split("\n")[1].startswith("Dana Reyes: Our invoices")
    for t in turns:
        assert record.text[t.start : t.end].startswith(f"{t.speaker}: ")
    chunks = chunk_record(record, turns, max_chars=60)
    check_invariants(record.text, chunks, 60)
    assert [(c.speaker, c.timestamp) for c in chunks][:2] == [("Agent", "00:00:01.000"), ("Dana Reyes", "00:00:04.500")]


def test_speaker_lines_without_turns() -> None:
    text = "\n".join(f"{'Agent' if i % 2 else 'Customer'}: message number {i} about the broken export" for i in range(20))
    chunks = chunk_record(Record(id="c", kind="call", text=text))
    check_invariants(text, chunks)
    assert len(chunks) > 1
    assert chunks[0].speaker == "Customer"
    assert all(c.text.split(":")[0] in ("Agent", "Customer") for c in chunks)


def test_turn_spans_pack_short_turns() -> None:
    lines = ["A: Mm-hmm .", "B: Yeah .", "A: " + "long words " * 60, "B: ok"]
    text = "\n".join(lines)
    spans, pos = [], 0
    for i, line in enumerate(lines):
        spans.append(TurnSpan(pos, pos + len(line), line[0], f"00:00:0{i}.000"))
        pos += len(line) + 1
    got = split_spans(text, 120, spans)
    assert got[0] == (0, len(lines[0]) + 1 + len(lines[1]))
    assert all(text[a:b].strip() == text[a:b] for a, b in got)


def test_blank_text_has_no_chunks() -> None:
    assert chunk_record(Record(id="b", kind="ticket", text=" \n\t ")) == []
