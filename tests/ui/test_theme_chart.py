"""The Themes tab's chart of complaint passages per theme over time (ui/theme_chart.py) and its plain-language
'Why N themes' line (ui/cards.py): drawn from the version's ThemeTimeline with a complete legend and a text
alternative; a plain reason instead of a chart when the records carry no dates; on the bundled examples,
whose tickets, reviews and calls are dated, the tab shows the chart and every count adds up."""

from __future__ import annotations

import html
import re

from core.models import PersonaSet, Theme, ThemeChoice
from ui.theme_chart import timeline_html

JARGON = ("micro-cluster", "cosine", "curve", "similarity", "threshold")


def _cells(html_text: str) -> list[int]:
    body = html_text.split("<tbody>")[1].split("</tbody>")[0]
    return [int(x) for x in re.findall(r"<td>(\d+)</td>", body)]


def _check_chart(html_text: str, tl) -> None:
    """Legend, accessible name and table carry every series; the table's counts are the timeline's."""
    assert html_text.startswith('<figure class="theme-time" aria-label="')
    name = html_text.split('aria-label="')[1].split('"')[0]
    legend = html_text.split('<ul class="tt-legend">')[1].split("</ul>")[0]
    assert legend.count("<li>") == len(tl.series)
    for s in tl.series:
        assert f"{s.label} ({s.total:,})" in html.unescape(legend)
        assert f"{s.label}: {s.total:,} passage" in html.unescape(name)
    cells = _cells(html_text)
    k = len(tl.series) + 1  # one column per series and the period's total
    assert len(cells) == k * len(tl.periods)
    for j in range(len(tl.periods)):
        row = cells[j * k : (j + 1) * k]
        assert row[:-1] == [s.counts[j] for s in tl.series] and row[-1] == sum(row[:-1])
    assert sum(cells[k - 1 :: k]) == tl.dated


def test_the_chart_carries_every_count_in_its_legend_name_and_table() -> None:
    from agent.theme_timeline import theme_timeline

    themes = [Theme(id=i, label=f"slow <sync> {i}") for i in range(8)]
    passages = [(f"2025-{1 + i % 9:02d}-1{i % 7}", i % 8) for i in range(120)] + [(None, 0)] * 3
    tl = theme_timeline(passages, themes)
    assert tl.bucket == "month" and tl.series[-1].theme_id is None and tl.other_themes == 2
    html_text = timeline_html(tl)
    _check_chart(html_text, tl)
    assert "<sync>" not in html_text and "slow &lt;sync&gt; 0" in html_text  # labels are escaped
    assert "3 passages without a date are not counted" in html_text
    assert "adds up the 2 smaller themes, on a scale of its own" in html_text


def test_no_chart_says_why() -> None:
    from agent.theme_timeline import theme_timeline

    undated = timeline_html(theme_timeline([(None, 0), ("soon", 0)], [Theme(id=0, label="x")]))
    assert "<figure" not in undated and "No chart of themes over time" in undated
    assert "none of the records the complaints come from has a date" in undated
    old = timeline_html(None)
    assert "<figure" not in old and "built before the chart existed" in old and "Refresh personas" in old


def test_why_n_themes_is_in_plain_words_with_the_detail_collapsed() -> None:
    from ui.cards import theme_choice_markdown

    choice = ThemeChoice(
        k=9,
        method="merge",
        reason="41 micro-clusters merged while their passages averaged cosine ≥ 0.62 (80% of the 0.78 within a "
        "micro-cluster) with each other: 9 themes of at least 12 passages",
        curve={"0.52": 5, "0.57": 7, "0.62": 9, "0.67": 12, "0.72": 15},
        unassigned=0.064,
    )
    ps = PersonaSet(
        version=1, created_at="x", engine="offline", data_fingerprint="", personas=[], theme_choice=choice
    )
    text = theme_choice_markdown(ps)
    plain, details = text.split("<details", 1)
    assert plain.startswith("**Why 9 themes:**")
    assert not any(w in plain.lower() for w in JARGON), plain
    assert (
        "(5 themes)" in plain and "(up to 15)" in plain and "6% of complaint passages fit no theme" in plain
    )
    assert "<summary>How the number was chosen (technical)</summary>" in details
    assert "micro-clusters" in details and "<strong>0.62 → 9" in details and "6.4%" in details
    kept = theme_choice_markdown(
        ps.model_copy(update={"theme_choice": choice.model_copy(update={"method": "kept"})})
    )
    assert "same number as before" in kept.split("<details")[0]


def test_the_themes_tab_shows_the_chart_on_the_bundled_examples(examples_refreshed) -> None:
    from agent.engines import open_services
    from ui.handlers import AppContext

    settings, ps = examples_refreshed
    tl = ps.theme_timeline
    # every passage in a theme is counted once: dated (charted) or not
    assert tl is not None and tl.reason == "" and tl.dated + tl.undated == sum(t.size for t in ps.themes)
    assert tl.dated > 0.9 * (tl.dated + tl.undated) and 5 <= len(tl.periods) <= 40
    assert len(tl.series) <= 7 and all(s.total > 0 for s in tl.series)
    assert sum(s.total for s in tl.series) == tl.dated
    head, _table, _plot, chart = AppContext(open_services(settings)).themes()
    assert "**Why" in head and not any(w in head.split("<details")[0].lower() for w in JARGON)
    _check_chart(chart, tl)
    assert "Complaints per theme over time" in chart and f"per {tl.bucket}" in chart
