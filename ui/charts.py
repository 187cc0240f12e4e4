"""The cost chart as plain HTML: one bar per persona and cost, as a ratio to the average customer on a log
scale, a 1× line, right always worse (a revenue bar is baseline ÷ value), every bar labelled in words, a
complete legend, and a text alternative. Real text and percentage widths: readable at 390 px and to a
screen reader, no plotting library."""

from __future__ import annotations

import html
import math

from agent.render import fmt_value, role_of
from core.models import Metric, PersonaSet

# dark enough for 3:1 against white (WCAG non-text contrast) and told apart by their labels too
PALETTE = ["#1f5fa8", "#b3471d", "#2f7d32", "#7b3fa0", "#8a6d00", "#0f7c84", "#a8324a", "#4e5d6c"]
LOW, HIGH = 0.5, 16.0  # the axis: half the average to 16× (longer bars are capped and say so)


def worse_ratio(m: Metric) -> float | None:
    """How many times worse than the average customer (>1 worse, <1 better), whichever way the metric runs."""
    if not m.baseline or m.baseline <= 0 or m.value < 0 or role_of(m) == "nps":
        return None
    if m.higher_is_worse:
        return m.value / m.baseline
    return m.baseline / m.value if m.value > 0 else HIGH


def _pos(r: float) -> float:
    """Position (0–100 %) of ratio r on the log axis."""
    r = min(max(r, LOW), HIGH)
    return 100 * (math.log(r) - math.log(LOW)) / (math.log(HIGH) - math.log(LOW))


def _times(r: float) -> str:
    return f"{r:.0f}×" if r >= 10 else f"{r:.1f}×"


def rows(ps: PersonaSet | None) -> list[dict]:
    out = []
    for i, p in enumerate(ps.personas if ps else [], start=1):
        for m in p.cost:
            r = worse_ratio(m)
            if r is None:
                continue
            words = "worse" if r > 1 else "better"
            direction = "" if m.higher_is_worse else " (lower is worse)"
            out.append(
                {
                    "n": i,
                    "persona": p.name,
                    "metric": m.label + direction,
                    "ratio": r,
                    "text": f"{_times(r)} {words} than average: {fmt_value(m, m.value)} vs "
                    f"{fmt_value(m, m.baseline)}",
                }
            )
    return out


def cost_chart_html(ps: PersonaSet | None) -> str:
    data = rows(ps)
    if not data:
        return '<p class="cost-chart-empty">No measured costs to chart yet.</p>'
    one = _pos(1.0)
    summary = "; ".join(f"{d['n']}. {d['persona']}, {d['metric']}: {d['text']}" for d in data)
    parts = [
        f'<figure class="cost-chart" aria-label="{html.escape("Cost against the average customer. " + summary)}">',
        "<figcaption><strong>Cost against the average customer</strong> — each bar is how many times worse "
        "(right) or better (left) than the average customer; the line is the average (1×).</figcaption>",
        '<ul class="cost-legend">',
    ]
    names = {d["n"]: d["persona"] for d in data}
    for n, name in names.items():
        color = PALETTE[(n - 1) % len(PALETTE)]
        parts.append(
            f'<li><span class="swatch" style="background:{color}"></span>{n}. {html.escape(name)}</li>'
        )
    parts.append("</ul>")
    last = None
    for d in data:
        color = PALETTE[(d["n"] - 1) % len(PALETTE)]
        if d["n"] != last:
            parts.append(f'<div class="cost-group">{d["n"]}. {html.escape(d["persona"])}</div>')
            last = d["n"]
        x = _pos(d["ratio"])
        left, width = (one, x - one) if x >= one else (x, one - x)
        capped = " ▸" if d["ratio"] > HIGH else ""
        parts.append(
            '<div class="cost-row">'
            f'<div class="cost-label">{html.escape(d["metric"])} — {html.escape(d["text"])}{capped}</div>'
            '<div class="cost-track">'
            f'<div class="cost-bar" style="left:{left:.1f}%;width:{max(width, 0.8):.1f}%;background:{color}"></div>'
            f'<div class="cost-one" style="left:{one:.1f}%"></div>'
            "</div></div>"
        )
    ticks = [0.5, 1, 2, 4, 8, 16]
    parts.append('<div class="cost-axis" aria-hidden="true">')
    for t in ticks:
        parts.append(f'<span style="left:{_pos(t):.1f}%">{t:g}×</span>')
    parts.append("</div>")
    parts.append('<div class="cost-axis-title" aria-hidden="true">← better · times the average · worse →</div>')
    parts.append("</figure>")
    return "".join(parts)


CHART_CSS = """
.cost-chart { margin: 0; font-size: 14px; color: var(--body-text-color); }
.cost-chart figcaption { margin-bottom: 6px; }
.cost-legend { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 4px 14px; }
.cost-legend li { display: flex; align-items: center; gap: 6px; }
.cost-legend .swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; flex: none; }
.cost-group { font-weight: 600; margin-top: 10px; }
.cost-row { margin: 4px 0 8px; }
.cost-label { font-size: 13px; overflow-wrap: anywhere; }
.cost-track { position: relative; height: 14px; background: var(--background-fill-secondary);
  border-radius: 3px; }
.cost-bar { position: absolute; top: 2px; bottom: 2px; border-radius: 2px; }
.cost-one { position: absolute; top: -3px; bottom: -3px; width: 2px; background: var(--body-text-color); }
.cost-axis { position: relative; height: 18px; font-size: 12px; margin-top: 2px; }
.cost-axis span { position: absolute; transform: translateX(-50%); white-space: nowrap; }
.cost-axis span:first-child { transform: none; }
.cost-axis span:last-child { transform: translateX(-100%); }
.cost-axis-title { text-align: center; font-size: 12px; }
"""
