"""Row screening every reader's output passes: no non-finite number, no absurd nesting and no repeated
header row gets further.

Why here: `1e309`, `Infinity` and `NaN` are valid to Python's float() and json, but a non-finite number in
the accounts table or a record's fields ends up in a persona version that cannot be read back. A row (or a
document's header) holding one is skipped as `file:line: reason`; the rest of the file still ingests. The
walk is iterative, so a value nested thousands of levels deep costs its row, never a RecursionError.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ingest.readers.base import Problem, ReadResult

MAX_DEPTH = 32  # nesting levels a row's value may have (objects and lists)
_NUMERIC = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


def non_finite(value: Any) -> bool:
    """A float that is inf/nan, or a numeric string that overflows to one (`1e309`)."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, str) and len(value) < 400 and _NUMERIC.match(value):
        return not math.isfinite(float(value))
    return False


def value_problem(values: Any, max_depth: int = MAX_DEPTH) -> str | None:
    """Why a row's values cannot be ingested (a non-finite number, nesting too deep), or None."""
    stack: list[tuple[Any, str, int]] = [(values, "", 0)]
    while stack:
        value, name, depth = stack.pop()
        if isinstance(value, dict):
            if depth >= max_depth:
                return f"field '{name}' is nested more than {max_depth} levels deep"
            stack.extend((v, k if not name else f"{name}.{k}", depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            if depth >= max_depth:
                return f"field '{name}' is nested more than {max_depth} levels deep"
            stack.extend((v, name, depth + 1) for v in value)
        elif non_finite(value):
            shown = value if isinstance(value, str) else repr(value)
            return f"field '{name}' is not a finite number ({shown.strip()})"
    return None


def repeated_header(values: Any) -> str | None:
    """A row that spells the column names again (two exports appended to each other) is not data."""
    if not isinstance(values, dict) or not values:
        return None
    names = [(str(k).strip().casefold(), v) for k, v in values.items() if str(k).strip()]
    if names and all(isinstance(v, str) and v.strip().casefold() == k for k, v in names):
        return "repeats the header row (two exports appended?); skipped"
    return None


def screen(result: ReadResult, file: str) -> ReadResult:
    """Drop rows (or a document's header fields) whose values fail `value_problem`, each with a problem at its line."""
    kept = []
    for row in result.rows:
        reason = value_problem(row.values) or repeated_header(row.values)
        if reason:
            result.problems.append(Problem(file, row.line, reason))
        else:
            kept.append(row)
    result.rows = kept
    doc = result.document
    if doc is not None:  # a header field is dropped, not the call or note it describes
        for key in list(doc.meta):
            reason = value_problem({key: doc.meta[key]})
            if reason:
                del doc.meta[key]
                result.notes.append(f"{file}:{doc.line}: header {reason}; ignored")
    return result
