"""Reading a lead list (a user's CSV of prospects) into columns, rows and the texts to score: shared by
the batch scorer (ui/leads.py), the API's upload (ui/api.py) and the audience export (ui/exports.py)."""

from __future__ import annotations

import sys
from pathlib import Path


def read_leads(src: Path, text_column: str | None) -> tuple[list[str], list[list[str]], list[str]]:
    """(columns, rows, texts to score). The list is read like an ingested file (any delimiter, encoding,
    BOM and quoting; pandas' sniffer misread or crashed on quotes in a header). A whole-file problem raises
    SystemExit with the reason; a malformed row is left out and reported as `file:line: reason` on stderr."""
    from ingest.readers import read_path

    res = read_path(Path(src), str(src))
    if res.fatal or res.document is not None:
        raise SystemExit(f"{src}: {res.fatal or 'not a table of leads (use CSV)'}")
    for problem in res.problems:
        print(f"skipped {problem}", file=sys.stderr)
    columns = res.columns
    table = [["" if r.values.get(c) is None else str(r.values.get(c)) for c in columns] for r in res.rows]
    if text_column and text_column not in columns:
        raise SystemExit(f"{src}: no column {text_column!r}; columns are: {', '.join(columns)}")
    if text_column:
        at = columns.index(text_column)
        texts = [row[at] for row in table]
    else:  # structured lead list: read every column as "name: value"
        texts = [". ".join(f"{c}: {v}" for c, v in zip(columns, row, strict=True) if v.strip()) for row in table]
    return columns, table, texts
