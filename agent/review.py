"""Checking published personas against what happened next: deals won inside them and staff feedback.

Each refresh reports, per persona of the previous version, what happened among its members since it was
published: deals closed since (won, lost, the value won) against the pipeline's win rate over the same
deals, and the feedback staff recorded on verdicts that matched it (agent/feedback.py). A persona is
flagged "needs review" when its members now convert at or above the baseline: at least `MIN_CLOSED` of
its deals closed since and their win rate at or above the pipeline's, or at least `MIN_FEEDBACK` pieces of
feedback on its verdicts with the good outcomes (won, renewed, wrong persona) at or above the baseline
rate (the pipeline's win rate for a pipeline persona; the share of customers who did not churn for a
customer persona, from its confirmation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from agent.feedback import BAD, GOOD
from core.models import Feedback, Persona, PersonaSet

if TYPE_CHECKING:
    from agent.deals import DealTable

MIN_CLOSED = 5
MIN_FEEDBACK = 3


def members(df: pd.DataFrame, p: Persona) -> np.ndarray | None:
    from agent.segments import segment_mask

    mask = np.ones(len(df), dtype=bool)
    for seg in p.segments:
        col, _, val = seg.partition("=")
        if col not in df.columns:
            return None
        mask &= segment_mask(df[col], val).fillna(False).to_numpy(dtype=bool)
    return mask if p.segments else None


def _baseline_good(p: Persona, pipeline_rate: float | None) -> float:
    if p.evidence != "customers":
        return pipeline_rate if pipeline_rate is not None else 0.5
    c = p.confirmed
    if c is not None and c.label == "churn rate":
        return 1.0 - c.baseline
    return 0.5


def validate(previous: PersonaSet | None, table: DealTable | None, feedback: list[Feedback]) -> list[dict]:
    """One entry per persona of `previous`: deals and feedback since it was published, and the review."""
    if previous is None:
        return []
    since = previous.created_at[:10]
    df = table.entities.df if table is not None else None
    closed_since = None
    pipeline_rate = None
    if df is not None and "closed" in df.columns:
        closed_since = (df["closed"].astype("string") >= since).fillna(False).to_numpy(dtype=bool)
        closed_since &= (df["status"] != "open").to_numpy()
        if closed_since.any():
            pipeline_rate = float((df["status"][closed_since] == "won").mean())
    out = []
    for p in [*previous.personas, *previous.deal_personas]:
        entry: dict = {
            "persona_id": p.id,
            "name": p.name,
            "since": previous.created_at,
            "evidence": p.evidence,
        }
        mask = members(df, p) if df is not None else None
        if mask is not None and closed_since is not None:
            inside = mask & closed_since
            won = inside & (df["status"] == "won").to_numpy()
            entry |= {
                "deals_closed": int(inside.sum()),
                "deals_won": int(won.sum()),
                "won_value": float(np.nansum(df["amount"].to_numpy(dtype=float)[won])),
                "win_rate": float(won.sum() / inside.sum()) if inside.any() else None,
                "baseline_win_rate": pipeline_rate,
            }
        mine = [f for f in feedback if f.persona_id == p.id and f.created_at >= previous.created_at]
        counts = {o: sum(f.outcome == o for f in mine) for o in sorted({f.outcome for f in mine})}
        entry["feedback"] = counts
        reasons = []
        rate = entry.get("win_rate")
        closed_enough = entry.get("deals_closed", 0) >= MIN_CLOSED and pipeline_rate is not None
        if closed_enough and rate is not None and rate >= pipeline_rate:
            reasons.append(
                f"{entry['deals_won']} of its {entry['deals_closed']} deals closed since {since} were won "
                f"({rate:.0%}, pipeline {pipeline_rate:.0%})"
            )
        good = sum(v for o, v in counts.items() if o in GOOD)
        judged = good + sum(v for o, v in counts.items() if o in BAD)
        base = _baseline_good(p, pipeline_rate)
        if judged >= MIN_FEEDBACK and good / judged >= base:
            reasons.append(
                f"staff reported {good} of {judged} of its flagged prospects won, renewed or not this "
                f"persona (at or above the baseline {base:.0%})"
            )
        entry["needs_review"] = bool(reasons)
        entry["reason"] = "; ".join(reasons)
        out.append(entry)
    return out


def apply_reviews(ps: PersonaSet, validation: list[dict]) -> None:
    """Mark the personas of `ps` that continue a flagged one (same id)."""
    flagged = {v["persona_id"]: v["reason"] for v in validation if v["needs_review"]}
    for p in [*ps.personas, *ps.deal_personas]:
        if p.id in flagged:
            p.review = flagged[p.id]
    ps.validation = validation


def validation_lines(validation: list[dict], feedback: list[Feedback]) -> list[str]:
    """Lines for the change report: each persona's deals and feedback since publication, reviews first."""
    lines = []
    for v in sorted(validation, key=lambda v: not v["needs_review"]):
        parts = []
        if v.get("deals_closed"):
            value = f", {v['won_value']:,.0f} won" if v.get("won_value") else ""
            parts.append(f"{v['deals_won']} of {v['deals_closed']} deals closed since were won{value}")
        if v["feedback"]:
            parts.append(
                "feedback " + ", ".join(f"{n} {o.replace('_', ' ')}" for o, n in v["feedback"].items())
            )
        if not parts and not v["needs_review"]:
            continue
        head = (
            f"needs review: {v['name']} — {v['reason']}"
            if v["needs_review"]
            else f"since published: {v['name']}"
        )
        lines.append(head + (f" ({'; '.join(parts)})" if parts and not v["needs_review"] else ""))
    return lines
