"""Cost analytics: who costs more than they bring, measured against the baseline, with intervals.

One table of *entities* is analysed: accounts when an accounts table exists (feedback joined by customer
id), otherwise the feedback records themselves with the attributes and outcomes they carry (a review with
the reviewer's age, a rating and a recommend flag). Every attribute value or numeric band is a segment;
every metric is reported with its count and a 95% interval so small segments are not over-read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from agent.entities import Entities
from core.models import Metric, Segment

# +1: higher is worse for the business; -1: lower is worse
DIRECTION = {
    "churn": 1,
    "revenue": -1,
    "discount": 1,
    "refunds": 1,
    "tickets": 1,
    "nps": -1,
    "rating": -1,
    "recommend": -1,
    "complaints": 1,
    "lost_revenue": 1,
    "win_rate": -1,  # deals (agent/deals.py)
    "cycle_days": 1,
    "concession": 1,
    "stalled": 1,
    "sales_effort": 1,
}
WEIGHT = {
    "churn": 1.0,
    "revenue": 0.6,
    "discount": 0.5,
    "refunds": 0.5,
    "tickets": 0.6,
    "nps": 0.6,
    "rating": 0.8,
    "recommend": 0.8,
    "complaints": 0.4,
    "lost_revenue": 0.5,
    "win_rate": 1.0,
    "cycle_days": 0.6,
    "concession": 0.6,
    "stalled": 0.6,
    "sales_effort": 0.4,
}
LABEL = {
    "churn": "churn rate",
    "revenue": "revenue",
    "discount": "discount",
    "refunds": "refunds",
    "tickets": "tickets per customer",
    "nps": "NPS",
    "rating": "rating",
    "recommend": "recommend rate",
    "complaints": "complaints per customer",
    "lost_revenue": "revenue lost to churn per customer",
    "win_rate": "win rate",
    "cycle_days": "sales cycle (days)",
    "concession": "concession (% of list price)",
    "stalled": "open deals stalled",
    "sales_effort": "sales activities per deal",
}
RATE_ROLES = {"churn", "recommend", "win_rate", "stalled"}


def _role(column: str) -> str | None:
    from core.vocab import outcome_role

    return outcome_role(column)


def _to_number(s: pd.Series) -> pd.Series:
    """Numbers as floats; inf (a table written before ingest screened it) counts as missing, never as data."""
    if pd.api.types.is_bool_dtype(s):
        return s.astype(float)
    if pd.api.types.is_numeric_dtype(s):
        out = s.astype(float)
        return out.where(np.isfinite(out))
    low = s.astype("string").str.strip().str.lower()
    mapped = low.map({"yes": 1.0, "no": 0.0, "true": 1.0, "false": 0.0, "y": 1.0, "n": 0.0})
    cleaned = pd.to_numeric(low.str.replace(r"[$€£,%\s]", "", regex=True), errors="coerce")
    out = mapped.fillna(cleaned).astype(float)
    return out.where(np.isfinite(out))


def _usable_attribute(s: pd.Series) -> bool:
    """Low-cardinality categoricals or numeric columns; not ids, names, emails, dates or free text."""
    s = s.dropna()
    if len(s) < 10:
        return False
    nunique = s.nunique()
    if nunique < 2:
        return False
    if pd.api.types.is_numeric_dtype(s):
        return True
    txt = s.astype(str)
    if txt.str.contains("@").mean() > 0.3 or txt.str.len().mean() > 40:
        return False
    if nunique > 30 and nunique / len(s) > 0.05:
        return False
    return not pd.to_datetime(txt.head(50), errors="coerce", format="mixed").notna().mean() > 0.8


_SKIP_NAMES = {
    "id",
    "customer_id",
    "company",
    "company_name",
    "name",
    "email",
    "source",
    "created_at",
    "text",
    "title",
    "subject",
    "status",
    "date",
    "review_id",
    "ticket_id",
    "tags",
}


def _skip_column(name: str) -> bool:
    low = name.strip().lower().replace(" ", "_")
    return low in _SKIP_NAMES or low.endswith("_id") or name.strip().endswith(("ID", "Id"))


def build_entities(
    accounts: pd.DataFrame | None, schema: dict, records: pd.DataFrame, allow_sensitive: str = ""
) -> Entities:
    """Accounts joined with feedback counts, or records with their own attributes when no accounts exist.
    Sensitive columns (agent/sensitive.py) leave the attributes unless opted in by `allow_sensitive`;
    cumulative revenue is measured per month of tenure (agent/tautology.py)."""
    from agent import sensitive
    from agent.tautology import per_month

    if accounts is not None and len(accounts):
        df = accounts.copy()
        df["customer_id"] = df["customer_id"].astype(str)
        outcomes = dict(schema.get("outcomes") or {})
        if not outcomes:
            outcomes = {c: r for c in df.columns if (r := _role(c))}
        for col in list(outcomes):
            if col in df.columns:
                df[col] = _to_number(df[col])
            else:
                outcomes.pop(col)
        attrs = schema.get("attributes") or [
            c for c in df.columns if c not in outcomes and c != "customer_id" and not _skip_column(c)
        ]
        attrs = [c for c in attrs if c in df.columns and c not in outcomes and _usable_attribute(df[c])]
        attrs, hidden = sensitive.split(df, attrs, allow_sensitive)
        fb = records.dropna(subset=["customer_id"]) if len(records) else records
        counts = fb.groupby("customer_id").size() if len(fb) else pd.Series(dtype=float)
        df["feedback"] = df["customer_id"].map(counts).fillna(0).astype(float)
        if "tickets" not in outcomes.values() and len(fb):
            tickets = fb[fb["kind"] == "ticket"].groupby("customer_id").size()
            if len(tickets):
                df["tickets_from_feedback"] = df["customer_id"].map(tickets).fillna(0).astype(float)
                outcomes["tickets_from_feedback"] = "tickets"
        ent = Entities(
            df=df.reset_index(drop=True),
            level="account",
            outcomes=outcomes,
            attributes=attrs,
            email_column=schema.get("email_column"),
            sensitive=hidden,
        )
        ent.notes = per_month(ent)
        return ent

    # record level: attributes and outcomes carried by the feedback rows themselves
    meta = records["metadata"].map(lambda m: json.loads(m) if isinstance(m, str) else (m or {}))
    mdf = pd.DataFrame(list(meta), index=records.index)
    df = pd.concat(
        [records[["id", "kind", "customer_id", "rating"]].reset_index(drop=True), mdf.reset_index(drop=True)],
        axis=1,
    )
    df = df.loc[:, ~df.columns.duplicated()]
    outcomes: dict[str, str] = {}
    if df["rating"].notna().any():
        df["rating"] = df["rating"].astype(float)
        outcomes["rating"] = "rating"
    for c in mdf.columns:
        role = _role(c)
        if role and role != "rating" and c in df.columns:
            vals = _to_number(df[c])
            if vals.notna().mean() > 0.5:
                df[c] = vals
                outcomes[c] = role
    attrs = [c for c in mdf.columns if c not in outcomes and not _skip_column(c) and _usable_attribute(df[c])]
    attrs, hidden = sensitive.split(df, attrs, allow_sensitive)
    ent = Entities(
        df=df,
        level="record",
        outcomes=outcomes,
        attributes=attrs,
        customer_column="customer_id",
        sensitive=hidden,
    )
    ent.notes = per_month(ent)
    return ent


# --- statistics ----------------------------------------------------------------------------------------
def wilson(successes: float, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def metric(values: np.ndarray, mask: np.ndarray, baseline: float, column: str, role: str) -> Metric | None:
    v = values[mask]
    v = v[~np.isnan(v)]
    n = len(v)
    if n == 0:
        return None
    mean = float(v.mean())
    if role in RATE_ROLES and set(np.unique(v)).issubset({0.0, 1.0}):
        low, high = wilson(float(v.sum()), n)
    else:
        sd = float(v.std(ddof=1)) if n > 1 else 0.0
        half = 1.96 * sd / math.sqrt(n) if n > 1 else abs(mean)
        low, high = mean - half, mean + half
    return Metric(
        name=column,
        label=LABEL.get(role, role),
        value=mean,
        baseline=baseline,
        n=n,
        low=low,
        high=high,
        higher_is_worse=DIRECTION.get(role, 1) > 0,
    )


def cost_score(metrics: list[Metric], roles: dict[str, str]) -> float:
    """Weighted sum of signed log ratios against the baseline, counting only metrics whose interval
    excludes the baseline (so noise in a small segment scores zero); better-than-baseline counts half."""
    score = 0.0
    for m in metrics:
        role = roles.get(m.name, "")
        if m.baseline == 0 and m.value == 0:
            continue
        significant = m.low is not None and m.high is not None and not (m.low <= m.baseline <= m.high)
        if not significant:
            continue
        eps = 0.02 * max(abs(m.baseline), 1e-9) + 1e-9
        lr = math.log((abs(m.value) + eps) / (abs(m.baseline) + eps))
        if role == "nps":  # NPS can be negative: use the difference on its 200-point scale instead
            lr = (m.value - m.baseline) / 50
        lr = max(-1.5, min(1.5, lr))
        contribution = WEIGHT.get(role, 0.3) * DIRECTION.get(role, 1) * lr
        # what is better than baseline offsets cost only by half: big accounts that churn and need constant
        # help are still costly, even though they pay more
        score += contribution if contribution > 0 else 0.5 * contribution
    return score


class Analyzer:
    """Segments and arbitrary groups of an Entities table measured against its baseline.

    `rows` restricts every measurement to part of the table (the discovery customers: agent/confirm.py);
    masks stay full-length. `ledger`, when set, is told of every group measured, so the confirmation can
    count every candidate the search tried."""

    def __init__(self, ent: Entities, min_size: int | None = None, rows: np.ndarray | None = None):
        self.ent = ent
        self.rows = rows
        self.attributes = list(ent.attributes)  # what segments are made of (the search may narrow it)
        self.n = int(rows.sum()) if rows is not None else ent.n
        self.min_size = min_size or max(8, int(0.02 * self.n))
        self.values = {c: ent.df[c].to_numpy(dtype=float, na_value=np.nan) for c in ent.outcomes}
        self.roles = dict(ent.outcomes)
        self.baseline = {c: self._mean(v) for c, v in self.values.items()}
        self.extra_roles: dict[str, str] = {}
        self.sources: dict[str, tuple[str, ...]] = {}  # derived outcome -> the outcomes it is made of
        self._determined: dict[str, set[str]] | None = None
        self.ledger: Callable[[np.ndarray, tuple[str, ...], frozenset[str]], None] | None = None

    def _mean(self, v: np.ndarray) -> float:
        v = v[self.rows] if self.rows is not None else v
        return float(np.nanmean(v)) if np.isfinite(v).any() else 0.0

    def restricted(self, rows: np.ndarray) -> Analyzer:
        """The same outcomes measured on `rows` only (baselines from those rows)."""
        an = Analyzer(self.ent, rows=rows)
        an.values, an.roles, an.sources = dict(self.values), dict(self.roles), dict(self.sources)
        an.baseline = {c: an._mean(v) for c, v in an.values.items()}
        an._determined = self._determined
        return an

    def add_outcome(self, column: str, role: str, values: np.ndarray, sources: tuple[str, ...] = ()) -> None:
        self.values[column] = values.astype(float)
        self.roles[column] = role
        self.baseline[column] = self._mean(self.values[column]) if len(values) else 0.0
        if sources:
            self.sources[column] = sources
        self._determined = None

    def determined(self) -> dict[str, set[str]]:
        """Attribute -> outcome columns it fixes mechanically (plan -> price): never a segment's cost."""
        if self._determined is None:
            from agent.tautology import determined_outcomes

            self._determined = determined_outcomes(self.ent, self.values, self.roles, self.sources)
        return self._determined

    def skipped(self, by: tuple[str, ...] | set[str]) -> frozenset[str]:
        det = self.determined() if by else {}
        return frozenset(c for col in by for c in det.get(col, ()))

    def measure(
        self, mask: np.ndarray, exclude: tuple[str, ...] = (), by: tuple[str, ...] | set[str] = ()
    ) -> tuple[list[Metric], float]:
        """Metrics of the group against the baseline and its cost score; `exclude` names roles to leave out,
        `by` the attributes defining the group (outcomes they determine mechanically are left out)."""
        skip = self.skipped(by)
        if self.ledger is not None:
            self.ledger(mask, tuple(exclude), skip)
        part = mask & self.rows if self.rows is not None else mask
        metrics = [
            m
            for c, v in self.values.items()
            if self.roles[c] not in exclude
            and c not in skip
            and (m := metric(v, part, self.baseline[c], c, self.roles[c]))
        ]
        return metrics, cost_score(metrics, self.roles)

    def segment_masks(self) -> list[tuple[str, str, str, np.ndarray]]:
        """(segment id, column, value label, mask) for every categorical value and numeric band."""
        out = []
        df = self.ent.df
        for col in self.attributes:
            s = df[col]
            if pd.api.types.is_numeric_dtype(s) and s.nunique() > 8:
                for lo, hi, label in numeric_bands(s):
                    mask = ((s >= lo) & (s <= hi)).to_numpy()
                    out.append((f"{col}={label}", col, label, mask))
                    known = self.ent.bands.setdefault(col, [])
                    if (lo, hi, label) not in known:
                        known.append((lo, hi, label))
            else:
                for val, cnt in s.astype("string").value_counts().items():
                    if cnt < self.min_size:
                        continue
                    mask = (s.astype("string") == val).fillna(False).to_numpy()
                    out.append((f"{col}={val}", col, str(val), mask))
        return out

    def segments(self) -> tuple[list[Segment], dict[str, np.ndarray]]:
        segs: list[Segment] = []
        masks: dict[str, np.ndarray] = {}
        for sid, col, label, mask in self.segment_masks():
            size = int((mask & self.rows).sum()) if self.rows is not None else int(mask.sum())
            if size < self.min_size or size > 0.9 * self.n:
                continue
            metrics, score = self.measure(mask, by=(col,))
            segs.append(
                Segment(
                    id=sid,
                    column=col,
                    value=label,
                    size=size,
                    share=size / max(1, self.n),
                    metrics=metrics,
                    cost_score=score,
                )
            )
            masks[sid] = mask
        segs.sort(key=lambda s: -s.cost_score)
        return segs, masks


def nice(x: float) -> str:
    """A band edge as people write it: 1,200; 3.5; 12,000."""
    if abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    return f"{x:,.1f}" if abs(x) < 100 else f"{x:,.0f}"


def numeric_bands(s: pd.Series, bands: int = 4) -> list[tuple[float, float, str]]:
    """Quantile bands with readable edges, e.g. 1–10, 11–49, 50–199, 200–4,800."""
    v = s.dropna().astype(float)
    if v.empty:
        return []
    qs = np.unique(np.quantile(v, np.linspace(0, 1, bands + 1)))
    out = []
    integer = bool(np.all(np.mod(v, 1) == 0))
    for i in range(len(qs) - 1):
        lo = qs[i] if i == 0 else (qs[i] + 1 if integer else qs[i] + 1e-9)
        hi = qs[i + 1]
        if integer:
            lo, hi = math.ceil(lo), math.floor(hi)
        if hi < lo:
            continue
        out.append((float(lo), float(hi), f"{nice(lo)}–{nice(hi)}"))
    return out


usable_attribute = _usable_attribute  # the pipeline's table (agent/deals.py) keeps attributes by the same rule
skip_column = _skip_column
