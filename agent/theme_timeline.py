"""Complaint passages per theme over time: each passage's theme joined to its record's created_at, counted per
day, week, month, quarter or year (the bucket is chosen from the date span so the chart has roughly 5 to 40
periods). The top themes by dated passages get a line each, the rest add up to "other". Pure: the refresh
calls `from_analysis`, the web app only draws the result (ui/theme_chart.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from core.models import Theme, ThemeSeries, ThemeTimeline

if TYPE_CHECKING:
    from agent.analysis import Analysis

TOP = 6
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_day(value: object) -> date | None:
    """The calendar day of an ingested created_at (ISO 8601, as ingest/build.py stores readable dates);
    None when missing or not a date (ingest keeps an unreadable value as given)."""
    m = _ISO.match(value.strip()) if isinstance(value, str) else None
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def pick_bucket(first: date, last: date) -> str:
    """Days up to a month, weeks up to half a year, months up to three years, quarters up to ten, else years."""
    span = (last - first).days
    if span <= 31:
        return "day"
    if span <= 182:
        return "week"
    if span <= 3 * 366:
        return "month"
    if span <= 10 * 366:
        return "quarter"
    return "year"


def period_start(d: date, bucket: str) -> date:
    if bucket == "day":
        return d
    if bucket == "week":
        return d - timedelta(days=d.weekday())  # weeks start on Monday
    if bucket == "month":
        return d.replace(day=1)
    if bucket == "quarter":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    return date(d.year, 1, 1)


def next_period(d: date, bucket: str) -> date:
    if bucket == "day":
        return d + timedelta(days=1)
    if bucket == "week":
        return d + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[bucket]
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def period_label(d: date, bucket: str) -> str:
    if bucket == "day":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if bucket == "week":
        return f"week of {d.day} {MONTHS[d.month - 1]} {d.year}"
    if bucket == "month":
        return f"{MONTHS[d.month - 1]} {d.year}"
    if bucket == "quarter":
        return f"Q{(d.month - 1) // 3 + 1} {d.year}"
    return str(d.year)


def theme_timeline(
    passages: Iterable[tuple[object, int]], themes: Sequence[Theme], top: int = TOP
) -> ThemeTimeline:
    """Counts per theme per period from (record created_at, theme id) pairs, one pair per complaint passage
    (theme -1, unassigned, is not counted). The `top` themes with the most dated passages get a series each
    (all of them when only one more would be left for "other"), the rest one "other" series. No periods,
    with a `reason`, when no passage's record has a date or all dates fall in one period."""
    labels = {t.id: t.label for t in themes}
    dated: list[tuple[date, int]] = []
    undated = 0
    for created, tid in passages:
        if tid < 0 or tid not in labels:
            continue
        d = parse_day(created)
        if d is None:
            undated += 1
        else:
            dated.append((d, tid))
    if not dated:
        why = (
            "none of the records the complaints come from has a date (a column such as 'Created at' or 'date')"
            if undated
            else "there are no complaint passages in a theme"
        )
        return ThemeTimeline(undated=undated, reason=why)
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    bucket = pick_bucket(first, last)
    starts = [period_start(first, bucket)]
    while next_period(starts[-1], bucket) <= last:
        starts.append(next_period(starts[-1], bucket))
    index = {s: i for i, s in enumerate(starts)}
    per: dict[int, list[int]] = {tid: [0] * len(starts) for tid in labels}
    for d, tid in dated:
        per[tid][index[period_start(d, bucket)]] += 1
    ranked = sorted(labels, key=lambda tid: (-sum(per[tid]), tid))
    ranked = [tid for tid in ranked if sum(per[tid])]
    shown = ranked if len(ranked) <= top + 1 else ranked[:top]
    series = [
        ThemeSeries(theme_id=tid, label=labels[tid], counts=per[tid], total=sum(per[tid])) for tid in shown
    ]
    rest = [tid for tid in ranked if tid not in shown]
    if rest:
        other = [sum(per[tid][i] for tid in rest) for i in range(len(starts))]
        series.append(
            ThemeSeries(theme_id=None, label=f"the other {len(rest)} themes", counts=other, total=sum(other))
        )
    reason = ""
    if len(starts) < 2:
        reason = (
            f"every dated complaint falls on {period_label(starts[0], bucket)}: nothing to compare over time"
        )
    return ThemeTimeline(
        bucket=bucket,
        periods=[s.isoformat() for s in starts] if not reason else [],
        labels=[period_label(s, bucket) for s in starts] if not reason else [],
        series=series if not reason else [],
        dated=len(dated),
        undated=undated,
        first=first.isoformat(),
        last=last.isoformat(),
        other_themes=len(rest),
        reason=reason,
    )


def from_analysis(analysis: Analysis, top: int = TOP) -> ThemeTimeline:
    """The timeline of one analysis: every complaint passage's theme (after any merge) and its record's date."""
    recs = analysis.records
    dates: dict[str, object] = {}
    if len(recs) and "created_at" in recs:
        dates = dict(zip(recs["id"].astype(str), recs["created_at"], strict=True))
    pairs = (
        (dates.get(u.record_id), int(t)) for u, t in zip(analysis.units, analysis.unit_theme, strict=True)
    )
    return theme_timeline(pairs, analysis.themes, top=top)
