"""Which rows a segment names: one pure function shared by personas, the chat, profiles and exports."""

from __future__ import annotations

import re


def segment_mask(series, value: str):
    """Rows of a column matching a segment value: a category, or a numeric band like '1–10'."""
    import pandas as pd

    m = re.fullmatch(r"(-?[\d,.]+)–(-?[\d,.]+)", value)
    if m and pd.api.types.is_numeric_dtype(series):
        lo, hi = (float(x.replace(",", "")) for x in m.groups())
        return (series >= lo) & (series <= hi)
    if " | " in value:  # values that cost alike, merged into one segment (agent/merge_values.py)
        return series.astype("string").isin(value.split(" | "))
    return series.astype("string") == value
