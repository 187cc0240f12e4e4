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


def money_unit(m: Metric) -> str:
    """The unit money is shown in: the metric's own (a currency setting, else its column's unit)."""
    return getattr(m, "unit", "") or ""


def _money(v: float, unit: str) -> str:
    num = f"{v:,.0f}" if abs(v) >= 10 else f"{v:,.2f}".rstrip("0").rstrip(".")
    if unit in {"$", "€", "£", "¥", "₹"}:
        return f"-{unit}{num[1:]}" if num.startswith("-") else f"{unit}{num}"
    return f"{num} {unit}".strip()


def fmt_value(m: Metric, v: float) -> str:
    role = role_of(m)
    if role in {"churn", "recommend"}:
        return f"{v:.0%}"
    if role in _PERCENT_VALUE:
        return f"{v:.0f}%" if v > 1 else f"{v:.0%}"
    if role in _MONEY:
        return _money(v, money_unit(m))
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.1f}"


def times(r: float) -> str:
    """2.43 → '2.4×', 14.2 → '14×'."""
    return f"{r:.0f}×" if r >= 10 else f"{r:.1f}×"


# (verb phrase for more, verb phrase for less, what is counted) per role; {x} is the ratio or the share
_PHRASES = {
    "churn": ("churns {x} as often as", "churns {p} less often than"),
    "tickets": ("opens {x} as many support tickets as", "opens {p} fewer support tickets than"),
    "complaints": ("complains {x} as often as", "complains {p} less often than"),
    "discount": ("gets {x} the discount of", "gets {p} less discount than"),
    "refunds": ("asks for {x} the refunds of", "asks for {p} fewer refunds than"),
    "revenue": ("brings in {x} the revenue of", "brings in {p} less revenue than"),
    "lost_revenue": ("loses {x} as much revenue to churn as", "loses {p} less revenue to churn than"),
    "recommend": ("recommends us {x} as often as", "recommends us {p} less often than"),
    "rating": ("rates us {x} as high as", "rates us {p} lower than"),
}


def describe(m: Metric, who: str = "the average customer") -> str:
    """A cost in plain words, its figures in brackets: 'churns 2.4× as often as the average customer (74% vs
    30%)', 'brings in 96% less revenue than the average customer (84 MRR vs 1,876 MRR)'. The interval and
    the counts are in `details`."""
    v, b = fmt_value(m, m.value), fmt_value(m, m.baseline)
    role, ratio = role_of(m), m.ratio
    if role == "nps" or ratio is None or ratio <= 0 or m.baseline < 0:
        return f"{m.label} {v}, against {b} for {who}"
    more, less = _PHRASES.get(role, ("has {x} the " + m.label + " of", "has {p} lower " + m.label + " than"))
    if ratio >= 1.05:
        phrase = more.format(x=times(ratio), p="")
    elif ratio <= 0.95:
        phrase = less.format(p=f"{1 - ratio:.0%}", x="")
    else:
        phrase = {"churn": "churns about as often as"}.get(role, f"has about the {m.label} of")
    return f"{phrase} {who} ({v} vs {b})"


def nonnegative(m: Metric) -> bool:
    """Every outcome but NPS (and a baseline already below zero) is a count, a rate, money or a rating."""
    return role_of(m) != "nps" and m.baseline >= 0 and m.value >= 0


def details(m: Metric) -> str:
    """The statistics behind `describe`: 'n=31 · 95% interval 49–118 MRR'; a bound of a quantity that cannot
    be negative is never shown below zero."""
    out = f"n={m.n:,}"
    if m.low is not None and m.high is not None:
        low = max(0.0, m.low) if nonnegative(m) else m.low
        out += f" · 95% interval {fmt_value(m, low)}–{fmt_value(m, m.high)}"
    return out


def confirmed_sentence(e: ConfirmedEffect) -> str:
    """E.g. 'confirmed on 1,480 customers the search did not see: churn rate 2.1× the average'; the
    statistics are in `confirmed_details`."""
    return f"confirmed on {e.holdout:,} customers the search did not see ({e.label} {times(e.ratio)} the average)"


def confirmed_details(e: ConfirmedEffect) -> str:
    p = f"p={e.p:.2g}" if e.p >= 0.001 else "p<0.001"
    return (
        f"95% interval {max(0.0, e.low):.2g}–{e.high:.2g}×, n={e.customers:,}, {p}, q={e.q:.2g} across "
        f"{e.candidates:,} candidates"
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
