"""The analysed table (one row per account or per record, with attributes and numeric outcomes), apart from
the cost measures of agent/costs.py so the tautology checks (agent/tautology.py) can read it without
importing them back."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Entities:
    """The analysed table: one row per account (or per record) with attributes and numeric outcomes."""

    df: pd.DataFrame
    level: str  # "account" | "record"
    outcomes: dict[str, str]  # column -> role
    attributes: list[str]
    email_column: str | None = None
    customer_column: str = "customer_id"
    bands: dict[str, list[tuple[float, float, str]]] = field(default_factory=dict)
    sensitive: dict[str, str] = field(default_factory=dict)  # column -> category, kept only as context
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.df)
