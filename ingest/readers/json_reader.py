"""JSON and JSON Lines.

JSON: an array of objects, an object holding one (`{"tickets": [...]}`, `{"conversations": [...]}`, or the
only list of objects in it), a transcript object (`{"meeting_transcripts": [{speaker, content}]}`, the AMI
/QMSum shape, or `transcript`/`turns`/`utterances` lists) or a single object. Elements are decoded one by
one so each row knows the line where it starts and a broken element skips only itself when the next
element can be found. JSON Lines: one object per line; a broken line skips that line.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from ingest.readers.base import (
    DEFAULT_MAX_CELL,
    Document,
    FileSkipped,
    Problem,
    ReadResult,
    Row,
    Turn,
    has_bad_bytes,
    line_starts,
)

CONTAINER_KEYS = (
    "tickets",
    "conversations",
    "reviews",
    "records",
    "results",
    "items",
    "data",
    "rows",
    "messages",
    "calls",
    "notes",
    "feedback",
    "entries",
    "accounts",
    "customers",
)
TURN_KEYS = ("meeting_transcripts", "transcript", "turns", "utterances", "segments", "dialogue")
_SPEAKER_KEYS = ("speaker", "speaker_name", "role", "name", "author", "from")
_TURN_TEXT_KEYS = ("content", "text", "utterance", "words", "message", "body")
_TIME_START_KEYS = ("start", "start_time", "begin", "timestamp", "time")
_TIME_END_KEYS = ("end", "end_time", "stop")

_decoder = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")
_NEXT_OBJECT = re.compile(r"\n[ \t]*\{")


def _line_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset)


def _strings(value: Any):
    """(field name, string) for every string in a decoded value; iterative, so any depth is safe."""
    stack: list[tuple[Any, str | None]] = [(value, None)]
    while stack:
        v, name = stack.pop()
        if isinstance(v, str):
            yield name, v
        elif isinstance(v, dict):
            stack.extend((x, k) for k, x in v.items())
        elif isinstance(v, list):
            stack.extend((x, name) for x in v)


def _too_big(value: Any, max_cell: int) -> str | None:
    for name, v in _strings(value):
        if len(v) > max_cell:
            what = f"field '{name}'" if name is not None else "a value"
            return f"{what} has {len(v):,} characters (limit {max_cell:,})"
    return None


def _has_bad_bytes(value: Any) -> bool:
    return any(has_bad_bytes(v) for _name, v in _strings(value))


def _walk_array(
    text: str, pos: int, file: str, starts: list[int]
) -> tuple[list[tuple[Any, int, int]], list[Problem]]:
    """Decode the elements of the array whose '[' is at `pos`: [(value, line, number)], problems."""
    out: list[tuple[Any, int, int]] = []
    number = 0
    problems: list[Problem] = []
    n = len(text)
    i = pos + 1
    while True:
        i = _WS.match(text, i).end()
        if i >= n:
            problems.append(Problem(file, _line_of(starts, n - 1), "invalid JSON: the array is not closed"))
            break
        if text[i] == "]":
            break
        if text[i] == ",":
            i += 1
            continue
        number += 1
        try:
            value, end = _decoder.raw_decode(text, i)
        except RecursionError:
            problems.append(Problem(file, _line_of(starts, i), "invalid JSON: nested too deeply"))
            m = _NEXT_OBJECT.search(text, i + 1)
            if not m:
                break
            i = m.end() - 1
            continue
        except json.JSONDecodeError as exc:
            problems.append(Problem(file, _line_of(starts, i), f"invalid JSON: {exc.msg} (at line {exc.lineno})"
                                    if _line_of(starts, i) != exc.lineno else f"invalid JSON: {exc.msg}"))
            m = _NEXT_OBJECT.search(text, max(exc.pos, i + 1))
            if not m:
                break
            i = m.end() - 1
            continue
        out.append((value, _line_of(starts, i), number))
        i = end
    return out, problems


def _turn_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(t, dict) for t in value[:20])
        and any(k in value[0] for k in _TURN_TEXT_KEYS)
    )


def _first(d: dict, keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = d.get(k)
        if v not in (None, ""):
            return v
    return None


def _document_from_turns(obj: dict, key: str) -> Document:
    turns: list[Turn] = []
    for t in obj[key]:
        if not isinstance(t, dict):
            continue
        words = _first(t, _TURN_TEXT_KEYS)
        if not isinstance(words, str) or not words.strip():
            continue
        speaker = _first(t, _SPEAKER_KEYS)
        start, end = _first(t, _TIME_START_KEYS), _first(t, _TIME_END_KEYS)
        turns.append(
            Turn(
                text=words.strip(),
                speaker=str(speaker).strip() if speaker is not None else None,
                start=None if start is None else str(start),
                end=None if end is None else str(end),
            )
        )
    meta = {k: v for k, v in obj.items() if k != key and isinstance(v, (str, int, float, bool))}
    return Document(turns=turns, meta=meta)


def _rows_from_values(
    values: list[tuple[Any, int, int]], file: str, max_cell: int, problems: list[Problem]
) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    columns: dict[str, None] = {}
    for value, line, number in values:
        if not isinstance(value, dict):
            problems.append(Problem(file, line, f"expected a JSON object, found {type(value).__name__}"))
            continue
        big = _too_big(value, max_cell)
        if big:
            problems.append(Problem(file, line, big))
            continue
        if _has_bad_bytes(value):
            problems.append(Problem(file, line, "undecodable bytes (not valid UTF-8)"))
            continue
        for k in value:
            columns.setdefault(k, None)
        rows.append(Row(value, line, number))
    return rows, list(columns)


def read_json(text: str, file: str, max_cell: int = DEFAULT_MAX_CELL) -> ReadResult:
    stripped = text.strip()
    if not stripped:
        raise FileSkipped("empty file")
    starts = line_starts(text)
    result = ReadResult(format="json")
    offset = len(text) - len(text.lstrip())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        data = None
        error = exc
    except RecursionError:  # nested deeper than the decoder goes: salvage element by element
        data = None
        error = json.JSONDecodeError("nested too deeply", text, 0)
    else:
        error = None

    array_pos: int | None = None
    if error is None:
        if isinstance(data, list):
            array_pos = offset
        elif isinstance(data, dict):
            for key in TURN_KEYS:
                if _turn_list(data.get(key)):
                    result.format = "json-transcript"
                    result.document = _document_from_turns(data, key)
                    return result
            key = next((k for k in CONTAINER_KEYS if isinstance(data.get(k), list)), None)
            if key is None:
                big = _too_big(data, max_cell)
                if big:
                    raise FileSkipped(big)
                one = [(data, _line_of(starts, offset), 1)]
                result.rows, result.columns = _rows_from_values(one, file, max_cell, result.problems)
                return result
            m = re.search(r'"' + re.escape(key) + r'"\s*:\s*\[', text)
            array_pos = m.end() - 1 if m else None
            if array_pos is None:  # escaped key spelling: fall back to decoded values without lines
                values = [(v, 1, n) for n, v in enumerate(data[key], start=1)]
                result.rows, result.columns = _rows_from_values(values, file, max_cell, result.problems)
                return result
        else:
            raise FileSkipped(f"expected a JSON array or object, found {type(data).__name__}")
    else:
        # broken somewhere: salvage the elements of the top-level (or container) array
        if stripped.startswith("["):
            array_pos = offset
        else:
            keys = "|".join(re.escape(k) for k in CONTAINER_KEYS)
            m = re.search(r'"(?:' + keys + r')"\s*:\s*\[', text)
            if m is None:
                raise FileSkipped(f"invalid JSON at line {error.lineno}: {error.msg}")
            array_pos = m.end() - 1

    values, problems = _walk_array(text, array_pos, file, starts)
    result.problems.extend(problems)
    result.rows, result.columns = _rows_from_values(values, file, max_cell, result.problems)
    return result


def read_jsonl(text: str, file: str, max_cell: int = DEFAULT_MAX_CELL) -> ReadResult:
    result = ReadResult(format="jsonl")
    values: list[tuple[Any, int, int]] = []
    number = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        s = line.strip()
        if not s:
            continue
        number += 1
        try:
            values.append((json.loads(s), line_no, number))
        except json.JSONDecodeError as exc:
            result.problems.append(Problem(file, line_no, f"invalid JSON: {exc.msg}"))
        except RecursionError:
            result.problems.append(Problem(file, line_no, "invalid JSON: nested too deeply"))
    if not number:
        raise FileSkipped("empty file")
    # data row number = order among all non-blank lines, broken ones included (stable when one is fixed)
    result.rows, result.columns = _rows_from_values(values, file, max_cell, result.problems)
    return result
