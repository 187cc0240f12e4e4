"""File readers: bytes -> rows or one document, plus `file:line: reason` problems. One module per format.

`read_path(path, display)` picks the reader by extension, checks for empty and binary files, decodes
(UTF-8 with or without BOM, UTF-16 with BOM, cp1252, latin-1) and never raises for a bad file: the
result's `fatal` says why the whole file was skipped.
"""

from __future__ import annotations

from pathlib import Path

from ingest.readers.base import (
    DEFAULT_MAX_CELL,
    Document,
    FileSkipped,
    Problem,
    ReadResult,
    Row,
    Turn,
    binary_reason,
    cp1252_lines,
    decode,
)
from ingest.readers.screen import screen

FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".vtt": "vtt",
    ".srt": "srt",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
}
TABULAR = {"csv", "tsv", "json", "jsonl", "excel"}
DOCUMENT = {"text", "markdown", "vtt", "srt"}

__all__ = [
    "DEFAULT_MAX_CELL",
    "DOCUMENT",
    "FORMATS",
    "TABULAR",
    "Document",
    "Problem",
    "ReadResult",
    "Row",
    "Turn",
    "format_of",
    "read_path",
]


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def read_path(path: Path, display: str, max_cell: int = DEFAULT_MAX_CELL) -> ReadResult:
    fmt = format_of(path)
    if fmt is None:
        suffix = path.suffix or "(none)"
        return ReadResult(format="unknown", fatal=f"unsupported file type {suffix}")
    try:
        if fmt == "excel":
            from ingest.readers.excel import read_excel

            return screen(read_excel(path, display, max_cell), display)
        data = path.read_bytes()
        if not data.strip():
            raise FileSkipped("empty file")
        reason = binary_reason(data)
        if reason:
            raise FileSkipped(reason)
        text, encoding = decode(data)
        if not text.strip():
            raise FileSkipped("empty file")
        result = _read_text(fmt, text, display, max_cell, check_bytes=encoding.startswith("utf-8+"))
        result.encoding = encoding
        if encoding == "utf-8+cp1252":
            lines = cp1252_lines(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
            shown = ", ".join(map(str, lines[:10])) + (
                f" and {len(lines) - 10} more" if len(lines) > 10 else ""
            )
            result.notes.append(
                f"UTF-8 with {len(lines)} Windows-1252 line(s), read as Windows-1252: line {shown}"
            )
        return screen(result, display)
    except FileSkipped as exc:
        return ReadResult(format=fmt, fatal=str(exc))
    except OSError as exc:
        return ReadResult(format=fmt, fatal=f"cannot read: {exc.strerror or exc}")
    except MemoryError:
        return ReadResult(format=fmt, fatal="file too large to read into memory")
    except Exception as exc:  # a reader bug must not cost the user the other files
        return ReadResult(format=fmt, fatal=f"could not read ({type(exc).__name__}: {exc})")


def _read_text(fmt: str, text: str, display: str, max_cell: int, check_bytes: bool) -> ReadResult:
    if fmt in ("csv", "tsv"):
        from ingest.readers.csv_reader import read_csv

        return read_csv(text, display, max_cell=max_cell, fmt=fmt, check_bytes=check_bytes)
    if fmt == "json":
        from ingest.readers.json_reader import read_json

        return read_json(text, display, max_cell=max_cell)
    if fmt == "jsonl":
        from ingest.readers.json_reader import read_jsonl

        return read_jsonl(text, display, max_cell=max_cell)
    if fmt in ("vtt", "srt"):
        from ingest.readers.vtt import read_subtitles

        return read_subtitles(text, display, fmt)
    from ingest.readers.text import read_text

    return read_text(text, display, fmt=fmt)
