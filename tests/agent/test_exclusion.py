"""Over-exclusion guard: no persona above the cap, and each states the healthy customers it would turn away."""

import math

import numpy as np
import pandas as pd
import pytest

from agent.costs import Entities
from agent.exclusion import exclusion_cost, revenue_column
from agent.refresh import refresh
from agent.segments import segment_mask
from ui.render import persona_markdown


def _members(df: pd.DataFrame, segments: list[str]) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for seg in segments:
        col, _, value = seg.partition("=")
        mask &= segment_mask(df[col], value)
    return mask


def test_exclusion_cost_counts_healthy_members_and_their_recurring_revenue():
    df = pd.DataFrame(
        {"churned": [1, 0, 0, 1, 0, 0], "mrr": [100, 200, 300, 400, 500, 600], "total_revenue": [1] * 6}
    )
    ent = Entities(
        df=df,
        level="account",
        outcomes={"churned": "churn", "total_revenue": "revenue", "mrr": "revenue"},
        attributes=[],
    )
    assert revenue_column(ent) == "mrr"  # recurring, not the lifetime total
    x = exclusion_cost(ent, np.array([True, True, True, True, False, False]))
    assert (x.members, x.healthy, x.revenue, x.revenue_label) == (4, 2, 500.0, "MRR")
    assert math.isclose(x.share, 0.5) and x.healthy_means == "did not churn"


def test_record_level_healthy_means_rated_well():
    df = pd.DataFrame({"rating": [1, 2, 5, 4, 3]})
    ent = Entities(df=df, level="record", outcomes={"rating": "rating"}, attributes=[])
    x = exclusion_cost(ent, np.ones(5, dtype=bool))
    assert x.healthy == 2 and x.revenue is None and "4" in x.healthy_means


@pytest.mark.shared
def test_telco_personas_stay_under_the_cap_and_show_their_healthy_members(telco_ws):
    settings, df = telco_ws
    ps = refresh(settings, force=True).personas
    assert ps.personas
    for p in ps.personas:
        mask = _members(df, p.segments)
        assert mask.mean() <= settings.max_persona_share + 1e-9, (p.name, mask.mean())
        healthy = mask & (df["Churn"] == 0)
        assert p.exclusion is not None and p.exclusion.healthy == int(healthy.sum())
        assert math.isclose(p.exclusion.revenue, df.loc[healthy, "MonthlyCharges"].sum(), rel_tol=1e-9)
        assert f"turns away {int(healthy.sum()):,} healthy customers" in persona_markdown(p)


@pytest.mark.shared
def test_a_lower_cap_is_honoured(telco_ws):
    settings, df = telco_ws
    low = settings.model_copy(update={"max_persona_share": 0.1})
    for p in refresh(low, force=True).personas.personas:
        assert _members(df, p.segments).mean() <= 0.1 + 1e-9
    refresh(settings, force=True)
