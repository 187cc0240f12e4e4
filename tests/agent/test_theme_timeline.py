"""Complaint passages per theme over time (agent/theme_timeline.py): counts equal a hand count, the bucket
follows the date span, the top themes get a line and the rest add up to "other", and no chart without dates."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd

from agent.theme_timeline import from_analysis, parse_day, pick_bucket, theme_timeline
from core.models import PersonaSet, Theme


def _themes(n: int) -> list[Theme]:
    return [Theme(id=i, label=f"theme {i}") for i in range(n)]


def test_counts_per_month_equal_a_hand_count() -> None:
    # theme 0: Jan ×2, Mar ×1; theme 1: Jan ×1, Feb ×2; one unassigned passage; one record without a date
    passages = [
        ("2025-01-03", 0),
        ("2025-01-30T17:45:00+00:00", 0),
        ("2025-03-02", 0),
        ("2025-01-15", 1),
        ("2025-02-01", 1),
        ("2025-02-28", 1),
        ("2025-02-10", -1),
        (None, 1),
        ("next Tuesday", 0),  # kept as given by ingest: not a date
        ("2025-07-20", 0),  # the span, 3 Jan – 20 Jul, is over half a year: months
    ]
    tl = theme_timeline(passages, _themes(2))
    assert tl.reason == "" and tl.bucket == "month"
    assert tl.periods == [f"2025-0{m}-01" for m in range(1, 8)]
    assert tl.labels[:2] == ["Jan 2025", "Feb 2025"] and tl.labels[-1] == "Jul 2025"
    got = {s.theme_id: s.counts for s in tl.series}
    assert got == {0: [2, 0, 1, 0, 0, 0, 1], 1: [1, 2, 0, 0, 0, 0, 0]}
    assert [s.total for s in tl.series] == [4, 3]  # most dated passages first
    assert tl.dated == 7 and tl.undated == 2 and tl.other_themes == 0
    assert (tl.first, tl.last) == ("2025-01-03", "2025-07-20")


def test_top_themes_get_a_line_and_the_rest_add_up_to_other() -> None:
    passages = []
    for tid in range(9):  # theme t has 9 - t passages, all on 1 and 8 March (two weeks → days)
        passages += [("2024-03-01", tid)] * (9 - tid) + [("2024-03-08", tid)]
    tl = theme_timeline(passages, _themes(9), top=6)
    assert tl.bucket == "day" and len(tl.periods) == 8 and tl.periods[0] == "2024-03-01"
    assert [s.theme_id for s in tl.series] == [0, 1, 2, 3, 4, 5, None]
    other = tl.series[-1]
    assert other.label == "the other 3 themes" and tl.other_themes == 3
    assert other.counts[0] == 3 + 2 + 1 and other.counts[7] == 3 and sum(other.counts[1:7]) == 0
    assert sum(s.total for s in tl.series) == tl.dated == len(passages)
    # one theme more than the top is shown as itself, not as an "other" of one
    assert None not in [s.theme_id for s in theme_timeline(passages, _themes(9), top=8).series]


def test_no_chart_without_dates() -> None:
    tl = theme_timeline([(None, 0), ("", 1), ("unknown", 0), (float("nan"), 1)], _themes(2))
    assert tl.periods == [] and tl.series == [] and tl.dated == 0 and tl.undated == 4
    assert "date" in tl.reason
    one_day = theme_timeline([("2025-06-01", 0), ("2025-06-01T09:00:00", 1)], _themes(2))
    assert one_day.periods == [] and "1 Jun 2025" in one_day.reason and one_day.dated == 2
    assert "no complaint passages" in theme_timeline([("2025-06-01", -1)], _themes(1)).reason


def test_buckets_follow_the_span() -> None:
    d = date(2024, 1, 1)
    assert pick_bucket(d, date(2024, 1, 20)) == "day"
    assert pick_bucket(d, date(2024, 5, 1)) == "week"
    assert pick_bucket(d, date(2025, 12, 1)) == "month"
    assert pick_bucket(d, date(2030, 1, 1)) == "quarter"
    assert pick_bucket(d, date(2040, 1, 1)) == "year"
    assert parse_day("2024-02-30") is None and parse_day("2024-02-29") == date(2024, 2, 29)
    tl = theme_timeline([("2024-01-03", 0), ("2024-03-20", 0)], _themes(1))  # weeks start on Monday
    assert tl.bucket == "week" and tl.periods[0] == "2024-01-01" and tl.labels[0] == "week of 1 Jan 2024"
    assert tl.series[0].counts[0] == 1 and tl.series[0].counts[-1] == 1 and sum(tl.series[0].counts) == 2


def test_from_analysis_joins_each_passage_to_its_record_date() -> None:
    records = pd.DataFrame(
        {"id": ["R1", "R2", "R3"], "created_at": ["2025-01-05", None, "2025-04-09"], "kind": ["ticket"] * 3}
    )
    units = [SimpleNamespace(record_id=r) for r in ("R1", "R1", "R2", "R3", "R3")]
    analysis = SimpleNamespace(
        records=records, units=units, unit_theme=np.array([0, 1, 0, -1, 1]), themes=_themes(2)
    )
    tl = from_analysis(analysis)
    assert tl.dated == 3 and tl.undated == 1 and tl.bucket == "week"
    assert {s.theme_id: s.total for s in tl.series} == {0: 1, 1: 2}
    # stored with the version and read back
    ps = PersonaSet(
        version=1, created_at="x", engine="offline", data_fingerprint="", personas=[], theme_timeline=tl
    )
    assert PersonaSet.model_validate_json(ps.model_dump_json()).theme_timeline == tl
