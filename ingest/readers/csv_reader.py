"""CSV/TSV: delimiter sniffing, quoted newlines, physical start line of every row, resync after a bad row.

The stdlib csv module in its forgiving mode lets one unbalanced quote swallow the rest of the file into a
single cell. Here a row with the wrong number of cells that spans several lines is reported at its first
line, and reading restarts on the next line, so every good row after it still comes through.
"""

from __future__ import annotations

import csv
import sys

from ingest.readers.base import DEFAULT_MAX_CELL, FileSkipped, Problem, ReadResult, Row, has_bad_bytes

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

DELIMITERS = (",", ";", "\t", "|")


def split_lines(text: str) -> list[str]:
    """Physical lines with their endings; only \\n ends a line (\\r\\n kept whole; lone-\\r files split on \\r)."""
    sep = "\n" if "\n" in text or "\r" not in text else "\r"
    parts = text.split(sep)
    lines = [p + sep for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def sniff_delimiter(lines: list[str], prefer: str | None = None) -> str:
    """The delimiter that gives the header's cell count (> 1) on the most of the first rows."""
    sample = lines[:50]
    best, best_score = prefer or ",", (-1, -1)
    for delim in DELIMITERS:
        try:
            rows = list(csv.reader(sample, delimiter=delim))
        except csv.Error:
            continue
        rows = [r for r in rows if any(c.strip() for c in r)]
        if not rows:
            continue
        width = len(rows[0])
        if width < 2:
            continue
        consistent = sum(1 for r in rows[1:] if len(r) == width)
        score = (consistent + (1 if delim == prefer else 0), width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _dedupe_header(cells: list[str]) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = cell.strip().lstrip("\ufeff").strip() or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


def read_csv(
    text: str,
    file: str,
    delimiter: str | None = None,
    max_cell: int = DEFAULT_MAX_CELL,
    fmt: str = "csv",
    check_bytes: bool = True,
) -> ReadResult:
    lines = split_lines(text)
    # the header is the first non-blank line
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first >= len(lines):
        raise FileSkipped("empty file")
    delim = delimiter or sniff_delimiter(lines[first:], prefer="\t" if fmt == "tsv" else None)
    result = ReadResult(format=fmt)
    problems = result.problems

    header_reader = csv.reader(iter(lines[first:]), delimiter=delim)
    try:
        header_cells = next(header_reader)
    except (csv.Error, StopIteration) as exc:
        raise FileSkipped(f"cannot read the header row: {exc}") from None
    columns = _dedupe_header(header_cells)
    result.columns = columns
    width = len(columns)
    pos = first + header_reader.line_num  # index of the next unread line
    number = 0
    rows = result.rows
    n_lines = len(lines)

    while pos < n_lines:
        reader = csv.reader(iter(lines[pos:]), delimiter=delim)
        base = pos
        restart = False
        prev = 0
        while True:
            start_idx = base + prev
            try:
                cells = next(reader)
            except StopIteration:
                pos = n_lines
                break
            except csv.Error as exc:
                # e.g. "line contains NUL": skip that physical line and carry on after it
                problems.append(Problem(file, start_idx + 1, f"malformed row: {exc}"))
                number += 1
                pos = start_idx + 1
                restart = True
                break
            end_idx = base + reader.line_num
            prev = reader.line_num
            # blank lines carry no row
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            number += 1
            line_no = start_idx + 1
            # skip leading blank lines inside the span so the reported line is where the row starts
            while line_no <= end_idx and not lines[line_no - 1].strip():
                line_no += 1
            if end_idx - start_idx > 1 and sum(ln.count('"') for ln in lines[start_idx:end_idx]) % 2:
                # an opening quote that never closed swallowed the lines after it: resync on the next line
                problems.append(
                    Problem(file, line_no, f"malformed row: unbalanced quote (runs on for {end_idx - line_no + 1} lines)")
                )
                pos = line_no
                restart = True
                break
            if width == 1 and len(cells) > 1 and end_idx - start_idx == 1:
                cells = [lines[start_idx].rstrip("\r\n")]  # one-column file: the line is the value
            if len(cells) != width:
                problems.append(
                    Problem(file, line_no, f"malformed row: expected {width} cells, found {len(cells)}")
                )
                if end_idx - start_idx > 1:
                    # probably an unbalanced quote that ran on: resync on the line after the row's start
                    pos = line_no
                    restart = True
                    break
                continue
            if max(map(len, cells)) > max_cell:
                big = next(i for i, c in enumerate(cells) if len(c) > max_cell)
                problems.append(
                    Problem(
                        file,
                        line_no,
                        f"cell '{columns[big]}' has {len(cells[big]):,} characters (limit {max_cell:,})",
                    )
                )
                continue
            if check_bytes and any(has_bad_bytes(c) for c in cells):
                problems.append(Problem(file, line_no, "undecodable bytes (not valid UTF-8)"))
                continue
            if any("\x00" in c for c in cells):  # the csv module stopped rejecting NUL in Python 3.11
                problems.append(Problem(file, line_no, "malformed row: contains a NUL byte"))
                continue
            rows.append(Row(dict(zip(columns, cells, strict=True)), line_no, number))
        if not restart:
            break
    return result
