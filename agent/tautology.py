"""No tautologies: a segment is never credited with a cost its defining attribute fixes by construction.

Two cases seen in real exports:
- a cumulative revenue column (TotalCharges, lifetime value) is small for new customers whatever they are
  like, so "tenure 0–9: revenue 212 vs 2,268" is arithmetic, not a finding. Such a column is recognised by
  its name (total/lifetime/LTV/cumulative) or because it tracks tenure × a monthly figure, and is replaced
  by its value per month of tenure (renamed "<column> per month" so nobody mistakes it for the total);
- an attribute that sets an outcome (plan sets price): the outcome is left out of that attribute's
  segments. "Determined" means the attribute explains at least `DETERMINED_R2` of the outcome's variance
  (correlation ratio for categories and bands, r² for numbers), or the attributes together explain
  `JOINT_R2` of it (a price list of services, as in the telco table) and this one is a part of it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from agent.entities import Entities

CUMULATIVE_WORDS = {"total", "lifetime", "ltv", "clv", "cltv", "cumulative", "alltime", "accumulated"}
TRACKS_R = 0.95  # corr(column, tenure × monthly) at least this: the column is a running total
TENURE_R = 0.9  # or corr(column, tenure) at least this when there is no monthly figure to multiply
DETERMINED_R2 = 0.8  # one attribute explains this much of an outcome: the outcome is its consequence
JOINT_R2 = 0.9  # the attributes together explain this much: the outcome is a price list of them...
PART_R2 = 0.01  # ...and each attribute explaining at least this much of it is part of the price
_TENURE = re.compile(
    r"tenure|months?_?(active|as_customer|subscribed|since)|account_?age|customer_?since|lifetime_?months",
    re.I,
)


def _words(column: str) -> set[str]:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", column)
    return {w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w}


def tenure_column(df: pd.DataFrame, skip: set[str]) -> str | None:
    """The numeric column counting how long each customer has been one (months or similar)."""
    for c in df.columns:
        key = re.sub(r"[\s-]+", "_", str(c))
        if c in skip or not _TENURE.search(key):
            continue
        v = pd.to_numeric(df[c], errors="coerce")
        if v.notna().mean() > 0.8 and (v.dropna() >= 0).all() and v.nunique() > 3:
            return c
    return None


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 10 or np.std(a[ok]) == 0 or np.std(b[ok]) == 0:
        return 0.0
    return float(np.corrcoef(a[ok], b[ok])[0, 1])


def cumulative_columns(df: pd.DataFrame, outcomes: dict[str, str], tenure: str | None) -> list[str]:
    """Revenue outcomes that are running totals: by name, or by tracking tenure × a monthly revenue."""
    revenue = [c for c, r in outcomes.items() if r == "revenue"]
    t = pd.to_numeric(df[tenure], errors="coerce").to_numpy(dtype=float) if tenure else None
    out = []
    for c in revenue:
        if _words(c) & CUMULATIVE_WORDS:
            out.append(c)
            continue
        if t is None:
            continue
        x = df[c].to_numpy(dtype=float)
        tracks = [
            _corr(x, t * df[m].to_numpy(dtype=float))
            for m in revenue
            if m != c and not (_words(m) & CUMULATIVE_WORDS)
        ]
        monthly = max(tracks, default=0.0)
        if monthly >= TRACKS_R or _corr(x, t) >= TENURE_R:
            out.append(c)
    return out


def per_month(ent: Entities) -> list[str]:
    """Replace cumulative revenue outcomes by their value per month of tenure, in place. Returns notes."""
    df = ent.df
    tenure = tenure_column(df, set(ent.outcomes))
    notes = []
    for c in cumulative_columns(df, ent.outcomes, tenure):
        if tenure is None:
            notes.append(f"{c} looks cumulative but no tenure column was found: read it as a lifetime total")
            continue
        months = pd.to_numeric(df[tenure], errors="coerce").to_numpy(dtype=float)
        new = f"{c} per month"
        df[new] = df[c].to_numpy(dtype=float) / np.maximum(months, 1.0)
        ent.outcomes = {(new if k == c else k): r for k, r in ent.outcomes.items()}
        del df[c]
        notes.append(f"{c} is cumulative: measured per month of {tenure} ({new})")
    return notes


def _explained(x: pd.Series, y: np.ndarray) -> float:
    """Share of y's variance the attribute x explains: correlation ratio over its values (or quartile
    bands for a many-valued number), or r² for a number, whichever is larger."""
    ok = np.isfinite(y) & x.notna().to_numpy()
    if ok.sum() < 10:
        return 0.0
    y, x = y[ok], x[ok]
    total = float(((y - y.mean()) ** 2).sum())
    if total == 0:
        return 0.0
    r2 = 0.0
    if pd.api.types.is_numeric_dtype(x):
        r2 = _corr(x.to_numpy(dtype=float), y) ** 2
        if x.nunique() > 8:
            x = pd.qcut(x.astype(float), 4, duplicates="drop").astype(str)
    groups = pd.Series(y).groupby(x.astype(str).to_numpy())
    between = float((groups.count() * (groups.mean() - y.mean()) ** 2).sum())
    return max(r2, between / total)


def _joint_r2(ent: Entities, attributes: list[str], y: np.ndarray) -> float:
    """Share of y's variance all attributes explain together (least squares on their values and bands):
    near 1 means y is a price list of what the customer bought (telco: services set MonthlyCharges)."""
    ok = np.isfinite(y)
    if ok.sum() < 50:
        return 0.0
    cols = [np.ones(int(ok.sum()))]
    for col in attributes:
        x = ent.df[col][ok]
        if pd.api.types.is_numeric_dtype(x):
            num = x.astype(float).fillna(x.astype(float).median()).to_numpy()
            if np.std(num) > 0:
                cols.append((num - num.mean()) / np.std(num))
            if x.nunique() > 8:
                x = pd.qcut(x.astype(float), 4, duplicates="drop").astype(str)
        dummies = pd.get_dummies(x.astype(str), drop_first=True, dtype=float)
        cols.extend(dummies.to_numpy().T[:30])
    a = np.column_stack(cols)
    target = y[ok]
    coef, *_ = np.linalg.lstsq(a, target, rcond=None)
    resid = target - a @ coef
    total = float(((target - target.mean()) ** 2).sum())
    return 1 - float((resid**2).sum()) / total if total else 0.0


def determined_outcomes(
    ent: Entities, values: dict[str, np.ndarray], roles: dict[str, str], sources: dict[str, tuple[str, ...]]
) -> dict[str, set[str]]:
    """Attribute -> outcome columns it determines mechanically (a derived outcome such as revenue lost to
    churn follows the outcomes it is made of)."""
    out: dict[str, set[str]] = {}
    graded = {
        c: v
        for c, v in values.items()
        if c not in sources and len(np.unique(v[np.isfinite(v)])) > 2  # rates are outcomes, not prices
    }
    priced = {c for c, v in graded.items() if _joint_r2(ent, ent.attributes, v) >= JOINT_R2}
    for col in ent.attributes:
        x = ent.df[col]
        shares = {c: _explained(x, v) for c, v in graded.items()}
        hit = {c for c, r2 in shares.items() if r2 >= DETERMINED_R2 or (c in priced and r2 >= PART_R2)}
        hit |= {d for d, src in sources.items() if hit & set(src)}
        if hit:
            out[col] = hit
    return out
