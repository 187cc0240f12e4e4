"""WebVTT and SRT transcripts: a file is one call record made of speaker turns.

Speakers come from `<v Name>` voice tags or a leading `Name:`; consecutive cues of one speaker merge into
one turn (start of the first cue, end of the last). Cue timestamps stay with the turns (the chunker puts
them on each passage). VTT `NOTE` blocks may carry `key: value` lines (customer_id, date, title...) like
the front matter of a Markdown note.
"""

from __future__ import annotations

import html
import re

from ingest.readers.base import (
    Document,
    FileSkipped,
    Problem,
    ReadResult,
    Turn,
    has_bad_bytes,
    scrub_bad_bytes,
)
from ingest.readers.text import parse_header_lines

_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*({_TIME})\s*-->\s*({_TIME})(?:\s+.*)?$")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>", re.I)
_TAG = re.compile(r"</?[^>\s][^>]*>")
_SPEAKER_PREFIX = re.compile(r"^\s*(?:-\s*)?(?:\[([^\]]{1,40})\]|([A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3})):\s+(.*)$", re.S)


def _clean(payload: str) -> tuple[str | None, str]:
    """Cue payload -> (speaker or None, plain text)."""
    speaker = None
    m = _VOICE.search(payload)
    if m:
        speaker = m.group(1).strip()
    text = html.unescape(_TAG.sub("", payload))
    text = " ".join(text.split())
    if speaker is None:
        p = _SPEAKER_PREFIX.match(text)
        if p:
            speaker = (p.group(1) or p.group(2)).strip()
            text = p.group(3).strip()
    return speaker, text


def _norm_time(t: str) -> str:
    t = t.replace(",", ".")
    return t if t.count(":") == 2 else f"00:{t}"


def seconds(t: str) -> float | None:
    """`01:02:03.500` -> 3723.5; None for an impossible time (minutes or seconds of 60 and more)."""
    *hm, sec = t.replace(",", ".").split(":")
    h, m = (0, int(hm[0])) if len(hm) == 1 else (int(hm[0]), int(hm[1]))
    s = float(sec)
    return None if m >= 60 or s >= 60 else h * 3600 + m * 60 + s


def timing_problem(start: str, end: str) -> str | None:
    a, b = seconds(start), seconds(end)
    if a is None or b is None:
        return f"cue time '{start} --> {end}' is not a time (minutes and seconds run to 59)"
    if b < a:
        return f"cue '{start} --> {end}' ends before it starts"
    return None


def _merge(cues: list[Turn]) -> list[Turn]:
    turns: list[Turn] = []
    for cue in cues:
        last = turns[-1] if turns else None
        if last is not None and cue.speaker is not None and cue.speaker == last.speaker:
            last.text = f"{last.text} {cue.text}"
            last.end = cue.end
        else:
            turns.append(cue)
    return turns


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks: (1-based first line, lines)."""
    out: list[tuple[int, list[str]]] = []
    cur: list[str] = []
    start = 1
    for i, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if line.strip():
            if not cur:
                start = i
            cur.append(line)
        elif cur:
            out.append((start, cur))
            cur = []
    if cur:
        out.append((start, cur))
    return out


def read_subtitles(text: str, file: str, fmt: str) -> ReadResult:
    """`fmt` is "vtt" or "srt"."""
    result = ReadResult(format=fmt)
    if has_bad_bytes(text):
        result.notes.append("undecodable bytes replaced with \ufffd")
        text = scrub_bad_bytes(text)
    text = text.lstrip("\ufeff")
    blocks = _blocks(text)
    if not blocks:
        raise FileSkipped("empty file")
    meta: dict = {}
    cues: list[Turn] = []
    first = True
    for line_no, lines in blocks:
        head = lines[0].strip()
        if first and fmt == "vtt":
            first = False
            if head.startswith("WEBVTT"):
                # header block; metadata lines may follow the signature
                meta.update(parse_header_lines(lines[1:]))
                continue
        first = False
        if fmt == "vtt" and (head.startswith("NOTE") and (len(head) == 4 or head[4] in " \t")):
            rest = [head[4:].strip()] + lines[1:]
            meta.update(parse_header_lines(rest))
            continue
        if fmt == "vtt" and head in ("STYLE", "REGION"):
            continue
        idx = next((i for i, ln in enumerate(lines[:3]) if _TIMING.match(ln)), None)
        if idx is None:
            result.problems.append(Problem(file, line_no, "not a cue: no 'start --> end' timing line"))
            continue
        m = _TIMING.match(lines[idx])
        speaker, words = _clean("\n".join(lines[idx + 1 :]))
        if not words:
            continue
        start, end = _norm_time(m.group(1)), _norm_time(m.group(2))
        bad = timing_problem(start, end)
        if bad:  # the words are real; only the times are wrong
            result.notes.append(f"{file}:{line_no + idx}: {bad}; its times are left out, its words kept")
            start = end = None
        cues.append(Turn(text=words, speaker=speaker, start=start, end=end, line=line_no + idx))
    if not cues:
        raise FileSkipped(f"no {fmt.upper()} cues found" + (f" ({result.problems[0].reason})" if result.problems else ""))
    result.document = Document(turns=_merge(cues), meta=meta, line=cues[0].line or 1)
    return result
