"""The themes-over-time chart as plain HTML, drawn from the version's ThemeTimeline (agent/theme_timeline.py):
one strip of columns per theme (small multiples on one shared scale, each named in words, so no colour has
to be told apart), a complete legend with every theme's total, the period axis, and a text alternative (the
figure's accessible name carries each theme's total and peak; every count is in a table under the chart).
Readable at 390 px: real text, percentage widths, the table scrolls on its own."""

from __future__ import annotations

import html
from datetime import date

from agent.theme_timeline import period_label
from core.models import ThemeSeries, ThemeTimeline
from ui.charts import PALETTE

OTHER_COLOR = "#4e5d6c"
PER = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}


def _color(i: int, s: ThemeSeries) -> str:
    return OTHER_COLOR if s.theme_id is None else PALETTE[i % (len(PALETTE) - 1)]


def _day(iso: str) -> str:
    return period_label(date.fromisoformat(iso), "day") if iso else ""


def _passages(n: int) -> str:
    return f"{n:,} passage" + ("" if n == 1 else "s")


def _peak(tl: ThemeTimeline, s: ThemeSeries) -> str:
    top = max(s.counts, default=0)
    when = tl.labels[s.counts.index(top)] if top else ""
    return f"most in {'the ' if tl.bucket == 'week' else ''}{when} ({top})" if top else "none dated"


def _empty(text: str) -> str:
    return f'<p class="theme-time-empty"><strong>No chart of themes over time:</strong> {text}</p>'


def timeline_html(tl: ThemeTimeline | None) -> str:
    if tl is None:
        return _empty(
            "this version was built before the chart existed. Press <strong>Refresh personas</strong> with "
            "<em>Force</em> in the Data tab to add it."
        )
    if tl.reason or not tl.series:
        return _empty(html.escape(tl.reason or "nothing to chart") + ".")
    per = PER[tl.bucket]
    span = f"{_day(tl.first)} to {_day(tl.last)}"
    name = (
        f"Complaint passages per theme per {per}, {span}. "
        + "; ".join(f"{s.label}: {_passages(s.total)}, {_peak(tl, s)}" for s in tl.series)
        + "."
    )
    left_out = f" {_passages(tl.undated)} without a date are not counted." if tl.undated else ""
    other = (
        f" The last line adds up the {tl.other_themes} smaller themes, on a scale of its own."
        if tl.other_themes
        else ""
    )
    parts = [
        f'<figure class="theme-time" aria-label="{html.escape(name)}">',
        f"<figcaption><strong>Complaints per theme over time</strong> — complaint passages per {per}, "
        f"{span}, each theme on the same scale ({_passages(tl.dated)} in all).{html.escape(other)}"
        f"{left_out} Every number is in the table below the chart.</figcaption>",
        '<ul class="tt-legend">',
    ]
    for i, s in enumerate(tl.series):
        parts.append(
            f'<li><span class="swatch" style="background:{_color(i, s)}"></span>'
            f"{html.escape(s.label)} ({s.total:,})</li>"
        )
    parts.append("</ul>")
    # the named themes share one scale; "other" (many themes added up) has its own, or it flattens the rest
    named = max((c for s in tl.series if s.theme_id is not None for c in s.counts), default=1) or 1
    for i, s in enumerate(tl.series):
        top = named if s.theme_id is not None else max(max(s.counts, default=1), 1)
        parts.append(
            '<div class="tt-row">'
            f'<div class="tt-label">{html.escape(s.label)} — {_passages(s.total)}, {_peak(tl, s)}</div>'
            '<div class="tt-strip" aria-hidden="true">'
        )
        for label, c in zip(tl.labels, s.counts, strict=True):
            h = 0 if c == 0 else max(4.0, 100 * c / top)
            parts.append(
                f'<span title="{html.escape(label)}: {c}"><i style="height:{h:.0f}%;'
                f'background:{_color(i, s)}"></i></span>'
            )
        parts.append("</div></div>")
    n = len(tl.labels)
    ends = [tl.labels[0], tl.labels[n // 2], tl.labels[-1]] if n >= 5 else [tl.labels[0], tl.labels[-1]]
    own = f"; the last line's own scale: {max(tl.series[-1].counts)}" if tl.other_themes else ""
    parts.append('<div class="tt-axis" aria-hidden="true">')
    parts += [f"<span>{html.escape(x.removeprefix('week of '))}</span>" for x in ends]
    parts.append(
        f'</div><div class="tt-axis-title" aria-hidden="true">{per}s, oldest left · '
        f"column height: passages (tallest {named}{own})</div>"
    )
    parts.append(_table(tl))
    parts.append("</figure>")
    return "".join(parts)


def _table(tl: ThemeTimeline) -> str:
    per = PER[tl.bucket]
    head = "".join(f'<th scope="col">{html.escape(s.label)}</th>' for s in tl.series)
    rows = []
    for j, label in enumerate(tl.labels):
        cells = "".join(f"<td>{s.counts[j]}</td>" for s in tl.series)
        rows.append(
            f'<tr><th scope="row">{html.escape(label)}</th>{cells}'
            f"<td>{sum(s.counts[j] for s in tl.series)}</td></tr>"
        )
    totals = "".join(f"<td>{s.total}</td>" for s in tl.series)
    return (
        '<details class="tt-details"><summary>Every number as a table</summary>'
        f'<div class="tt-scroll" role="region" tabindex="0" aria-label="Complaint passages per theme and {per}">'
        f'<table class="tt-table"><caption>Complaint passages per theme and {per}</caption>'
        f'<thead><tr><th scope="col">{per}</th>{head}<th scope="col">all themes</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><th scope="row">total</th>{totals}<td>{tl.dated}</td></tr></tfoot>'
        "</table></div></details>"
    )


TIMELINE_CSS = """
.theme-time { margin: 0; font-size: 14px; color: var(--body-text-color); }
.theme-time figcaption { margin-bottom: 6px; }
.theme-time-empty { margin: 6px 0; }
.tt-legend { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 4px 14px; }
.tt-legend li { display: flex; align-items: center; gap: 6px; overflow-wrap: anywhere; }
.tt-legend .swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; flex: none; }
.tt-row { margin: 6px 0 10px; }
.tt-label { font-size: 13px; overflow-wrap: anywhere; }
.tt-strip { display: flex; align-items: flex-end; gap: 1px; height: 40px;
  border-bottom: 1px solid var(--body-text-color); background: var(--background-fill-secondary); }
.tt-strip span { flex: 1 1 0; height: 100%; display: flex; align-items: flex-end; min-width: 0; }
.tt-strip i { display: block; width: 100%; border-radius: 1px 1px 0 0; }
.tt-axis { display: flex; justify-content: space-between; font-size: 12px; margin-top: 2px; gap: 8px; }
.tt-axis-title { text-align: center; font-size: 12px; }
.tt-details { margin-top: 8px; }
.tt-details > summary { cursor: pointer; color: var(--link-text-color); text-decoration: underline; }
.tt-scroll { overflow-x: auto; max-width: 100%; }
.tt-table { border-collapse: collapse; font-size: 12px; }
.tt-table th, .tt-table td { border: 1px solid var(--border-color-primary); padding: 2px 6px; text-align: right; }
.tt-table th[scope=row], .tt-table caption { text-align: left; white-space: nowrap; }
.tt-table thead th { vertical-align: bottom; min-width: 5.5em; max-width: 10em; overflow-wrap: normal;
  word-break: normal; hyphens: auto; }
.tt-table thead th:first-child { min-width: 0; white-space: nowrap; }
"""
