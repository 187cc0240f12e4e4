"""Words for numbers: a metric described against its baseline, its value formatted by role, what excluding a
group costs. Content, not layout: the persona writers and LLM payloads use it as well as ui/ (whose
`ui.render` lays out Markdown)."""

from __future__ import annotations

from core.models import ConfirmedEffect, ExclusionCost, Metric

_MONEY = {"revenue", "lost_revenue"}
_PERCENT_VALUE = {"discount"}


def role_of(m: Metric) -> str:
    from agent.costs import LABEL

    for role, label in LABEL.items():
        if label == m.label:
            return role
    return m.label


def fmt_value(m: Metric, v: float) -> str:
    role = role_of(m)
    if role in {"churn", "recommend"}:
        return f"{v:.0%}"
    if role in _PERCENT_VALUE:
        return f"{v:.0f}%" if v > 1 else f"{v:.0%}"
    if role in _MONEY:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.1f}"


def describe(m: Metric) -> str:
    """E.g. 'churn rate 71% vs 14% baseline (n=31, 95% CI 53–84%)'."""
    ci = ""
    if m.low is not None and m.high is not None:
        ci = f", 95% CI {fmt_value(m, m.low)}–{fmt_value(m, m.high)}"
    ratio = m.ratio
    times = f" — {ratio:.2g}× baseline" if ratio and ratio > 0 and role_of(m) not in {"nps"} else ""
    return f"{m.label} {fmt_value(m, m.value)} vs {fmt_value(m, m.baseline)} baseline{times} (n={m.n}{ci})"


def confirmed_sentence(e: ConfirmedEffect) -> str:
    """E.g. 'confirmed on 1,480 customers the search did not see: churn rate 2.1× baseline (95% CI 1.8–2.4×,
    n=312, p=0.001)'."""
    p = f"p={e.p:.2g}" if e.p >= 0.001 else "p<0.001"
    return (
        f"confirmed on {e.holdout:,} customers the search did not see: {e.label} {e.ratio:.2g}× baseline "
        f"(95% CI {e.low:.2g}–{e.high:.2g}×, n={e.customers:,}, {p}, q={e.q:.2g} across "
        f"{e.candidates:,} candidates)"
    )


def is_worse(m: Metric) -> bool:
    return (m.value > m.baseline) if m.higher_is_worse else (m.value < m.baseline)


def significant(m: Metric) -> bool:
    return m.low is not None and m.high is not None and not (m.low <= m.baseline <= m.high)


def exclusion_sentence(x: ExclusionCost, noun: str = "customers") -> str:
    """'Excluding this group also turns away 9 healthy customers (31% of it; 4,100 MRR) …'"""
    money = f"; {x.revenue:,.0f} {x.revenue_label}" if x.revenue is not None else ""
    return (
        f"excluding this group also turns away {x.healthy:,} healthy {noun} ({x.share:.0%} of it{money}) — "
        f"healthy meaning they {x.healthy_means}."
    )
