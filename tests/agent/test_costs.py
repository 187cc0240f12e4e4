"""Cost analytics against an independent pandas computation."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from agent.analysis import analyse
from agent.costs import numeric_bands, wilson
from core.store import Store

pytestmark = pytest.mark.shared


def test_wilson_interval_contains_the_rate_and_narrows_with_n():
    lo, hi = wilson(5, 10)
    assert lo < 0.5 < hi
    lo2, hi2 = wilson(500, 1000)
    assert hi2 - lo2 < hi - lo


def test_numeric_bands_cover_the_range_with_readable_labels():
    bands = numeric_bands(pd.Series([1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233]))
    assert bands[0][0] == 1 and bands[-1][1] == 233
    assert all("–" in label for _, _, label in bands)
    assert all(b[1] < c[0] for b, c in zip(bands, bands[1:], strict=False))


def test_record_level_segments_match_pandas(clothing_ws):
    settings, recs = clothing_ws
    a = analyse(Store(settings))
    assert a.entities.level == "record"
    assert {"Department Name", "Class Name"} <= set(a.entities.attributes)
    assert "Age" not in a.entities.attributes and "Age" in a.entities.sensitive  # context, never a trait
    seg = next(s for s in a.segments if s.id == "Department Name=Dresses")
    rec = next(m for m in seg.metrics if m.name == "Recommended IND")
    df = pd.DataFrame(
        [
            {"dept": r.metadata["Department Name"], "rec": r.metadata["Recommended IND"], "rating": r.rating}
            for r in recs
        ]
    )
    expected = df.loc[df["dept"] == "Dresses", "rec"].mean()
    assert math.isclose(rec.value, expected, rel_tol=1e-9)
    assert rec.n == int((df["dept"] == "Dresses").sum())
    assert math.isclose(rec.baseline, df["rec"].mean(), rel_tol=1e-9)
    rating = next(m for m in seg.metrics if m.name == "rating")
    assert math.isclose(rating.value, df.loc[df["dept"] == "Dresses", "rating"].mean(), rel_tol=1e-9)


def test_account_level_churn_by_contract_matches_pandas(telco_ws):
    settings, df = telco_ws
    a = analyse(Store(settings))
    assert a.entities.level == "account"
    seg = next(s for s in a.segments if s.id == "Contract=Month-to-month")
    churn = next(m for m in seg.metrics if m.name == "Churn")
    grp = df.groupby("Contract")["Churn"].mean()
    assert math.isclose(churn.value, grp["Month-to-month"], rel_tol=1e-9)
    assert churn.low < churn.value < churn.high
    assert seg.cost_score > 0  # month-to-month churns far more than the baseline
    two = next(s for s in a.segments if s.id == "Contract=Two year")
    assert two.cost_score < 0
    assert json.loads(json.dumps(seg.model_dump()))  # serialisable for the persona file
    assert np.isfinite([m.value for m in seg.metrics]).all()
