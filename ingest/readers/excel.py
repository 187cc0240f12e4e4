"""Excel workbooks (.xlsx/.xlsm/.xls), optional: needs openpyxl (xlsx) or xlrd (xls). First sheet only."""

from __future__ import annotations

from pathlib import Path

from ingest.readers.base import DEFAULT_MAX_CELL, FileSkipped, Problem, ReadResult, Row


def read_excel(path: Path, file: str, max_cell: int = DEFAULT_MAX_CELL) -> ReadResult:
    import pandas as pd

    try:
        df = pd.read_excel(path, sheet_name=0, dtype=str, keep_default_na=False)
    except ImportError:
        raise FileSkipped(
            "reading Excel needs the openpyxl package (pip install openpyxl), or save the sheet as CSV"
        ) from None
    except Exception as exc:  # a corrupt workbook is the user's file, not our bug
        raise FileSkipped(f"cannot read the workbook: {type(exc).__name__}: {exc}") from None
    result = ReadResult(format="excel", columns=[str(c) for c in df.columns])
    for number, values in enumerate(df.itertuples(index=False, name=None), start=1):
        line = number + 1  # row 1 is the header
        cells = ["" if v is None else str(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        big = next((i for i, c in enumerate(cells) if len(c) > max_cell), None)
        if big is not None:
            result.problems.append(
                Problem(file, line, f"cell '{result.columns[big]}' has {len(cells[big]):,} characters (limit {max_cell:,})")
            )
            continue
        result.rows.append(Row(dict(zip(result.columns, cells, strict=True)), line, number))
    return result
