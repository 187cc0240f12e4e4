"""Personas of prospects who rarely buy, on a synthetic pipeline: the planted low-converter group is found
and confirmed (precision and recall >= 0.8 over its deals), a flat pipeline yields none, deals join their
accounts by id or a noisy company name, and a deals table matching no account still counts."""

from __future__ import annotations

import numpy as np
import pytest

from agent.deal_personas import deal_personas
from agent.deals import deal_table
from core.settings import Settings
from core.store import Store
from tests.agent.deal_data import pipeline, write


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(Settings(_env_file=None, workspace=tmp_path / "ws"))


def _members(table, persona) -> np.ndarray:
    from agent.segments import segment_mask

    df = table.entities.df
    mask = np.ones(len(df), dtype=bool)
    for seg in persona.segments:
        col, _, val = seg.partition("=")
        mask &= segment_mask(df[col], val).fillna(False).to_numpy(dtype=bool)
    return mask


def test_planted_low_converters_are_found_with_their_win_rate_and_cost(store) -> None:
    acc, deals, planted = pipeline()
    write(store, acc, deals)
    personas, info, notes, table = deal_personas(store, store.settings)
    assert info.status == "confirmed", info.message
    low = [p for p in personas if p.name.startswith("Engage but rarely buy")]
    assert low, [p.name for p in personas]
    p = low[0]
    got = _members(table, p)
    tp = (got & planted).sum()
    assert tp / got.sum() >= 0.8 and tp / planted.sum() >= 0.8, (p.segments, tp, got.sum(), planted.sum())
    assert p.implied["win_rate"] < 0.2 < p.implied["baseline_win_rate"]
    assert p.implied["cycle_days"] > 1.5 * p.implied["baseline_cycle_days"]
    assert p.evidence == "deals" and p.exclusion.healthy_means == "won"
    won = got & (table.entities.df["status"] == "won").to_numpy()
    assert p.exclusion.healthy == won.sum() and p.exclusion.revenue == table.entities.df["amount"][won].sum()
    assert p.quotes and all(q.record_id.startswith("deal:") for q in p.quotes)
    assert any("Price" in n or "No budget" in n for n in p.notes)
    assert p.share_customers <= store.settings.max_persona_share


def test_flat_win_rates_give_no_low_converter_persona(store) -> None:
    acc, deals, _ = pipeline(planted=False, seed=3)
    write(store, acc, deals)
    personas, info, _, _ = deal_personas(store, store.settings)
    assert not [p for p in personas if p.confirmed and p.confirmed.label == "win rate"], [
        p.name for p in personas
    ]


def test_deals_join_by_id_then_by_noisy_name_and_unknown_deals_count(store) -> None:
    acc, deals, _ = pipeline(n_accounts=200, n_deals=600)
    table = deal_table(deals, {}, acc, {"attributes": ["industry", "region", "size"]})
    how = table.entities.df["matched"]
    assert table.matched_by_id == (deals["account_id"].notna()).sum()
    by_name = deals["account_id"].isna() & ~deals["account_name"].str.startswith("Stranger")
    assert table.matched_by_name == by_name.sum() and table.unknown == (how == "unknown").sum() > 0
    # an unknown deal keeps its own attributes
    unknown = table.entities.df[how == "unknown"]
    assert unknown["industry"].notna().all()
    assert "industry" in table.entities.attributes


def test_a_deals_table_matching_no_account_still_counts(store) -> None:
    acc, deals, planted = pipeline()
    deals = deals.assign(account_id=None, account_name=[f"Nobody {i}" for i in range(len(deals))])
    deals["company_key"] = deals["account_name"].str.lower()
    table = deal_table(deals, {}, acc, {"attributes": ["industry"]})
    assert table.unknown == len(deals) and table.entities.n == len(deals)
    assert table.entities.outcomes["won"] == "win_rate"
    assert np.isfinite(table.analyzer.baseline["won"])


def test_a_prospect_meeting_a_low_converter_persona_is_flagged_with_its_win_rate_and_cycle(store) -> None:
    from agent.deal_match import deal_flags
    from agent.extract import Found

    acc, deals, _ = pipeline()
    write(store, acc, deals)
    personas, _, _, _ = deal_personas(store, store.settings)
    low = next(p for p in personas if p.name.startswith("Engage but rarely buy"))
    text = "We are a small agency, 1-10 people."
    found = {c: Found(c, v, text, None, 0, len(text)) for c, _, v in (s.partition("=") for s in low.segments)}
    flags, implied = deal_flags(personas, found)
    assert flags and implied["persona_id"] == low.id
    assert f"win {low.implied['win_rate']:.0%} of closed deals" in flags[0].trait
    assert f"take {low.implied['cycle_days']:.0f} days to close" in flags[0].trait
    other = {c: Found(c, "Finance" if c == "industry" else f.value, text) for c, f in found.items()}
    assert deal_flags(personas, other) == ([], None)


def test_a_persona_is_flagged_for_review_after_wins_are_added_inside_it(store) -> None:
    import pandas as pd

    from agent.deals import deal_table
    from agent.review import apply_reviews, validate, validation_lines
    from core.models import PersonaSet
    from core.store import save_deals

    acc, deals, planted = pipeline()
    write(store, acc, deals)
    personas, _, _, table = deal_personas(store, store.settings)
    low = next(p for p in personas if p.name.startswith("Engage but rarely buy"))
    v1 = PersonaSet(
        version=1,
        created_at="2026-01-01T00:00:00+00:00",
        engine="offline",
        data_fingerprint="",
        personas=[],
        deal_personas=personas,
    )
    quiet = validate(v1, table, [])
    assert not any(v["needs_review"] for v in quiet)  # nothing closed since it was published
    # sales now wins inside the group: 12 new deals of its members, closed after publication, 10 won
    members = deals[_members(table, low)].head(12).copy()
    members["deal_id"] = [f"N{i}" for i in range(12)]
    members["status"] = ["won"] * 10 + ["lost"] * 2
    members["closed"] = "2026-02-01"
    others = deals[~planted].head(40).copy()
    others["deal_id"] = [f"M{i}" for i in range(40)]
    others["status"] = ["won"] * 16 + ["lost"] * 24
    others["closed"] = "2026-02-01"
    more = pd.concat([deals, members, others], ignore_index=True)
    save_deals(store.workspace, more, {})
    d, s = store.deals()
    a, sa = store.accounts()
    table2 = deal_table(d, s, a, sa)
    checked = validate(v1, table2, [])
    mine = next(v for v in checked if v["persona_id"] == low.id)
    assert mine["needs_review"] and (mine["deals_won"], mine["deals_closed"]) == (10, 12), str(mine)
    assert mine["won_value"] == members["amount"].head(10).sum()
    v2 = v1.model_copy(deep=True)
    apply_reviews(v2, checked)
    assert (
        "10 of its 12 deals closed since 2026-01-01 were won"
        in next(p for p in v2.deal_personas if p.id == low.id).review
    )
    assert validation_lines(checked, [])[0].startswith(f"needs review: {low.name}")


def test_feedback_on_its_verdicts_flags_a_persona_for_review(store) -> None:
    from agent.review import validate
    from core.models import Feedback, Persona, PersonaSet

    p = Persona(id="p1", name="Starter agencies", summary="", narrative="", segments=["plan=Starter"])
    v1 = PersonaSet(
        version=1, created_at="2025-01-01T00:00:00+00:00", engine="offline", data_fingerprint="", personas=[p]
    )

    def fb(i, outcome):
        return Feedback(id=i, verdict_id=f"vd-{i}", outcome=outcome, persona_id="p1", created_at="2025-02-01")

    assert not validate(v1, None, [fb(1, "won"), fb(2, "churned")])[0]["needs_review"]
    flagged = validate(v1, None, [fb(1, "won"), fb(2, "renewed"), fb(3, "wrong_persona"), fb(4, "churned")])[
        0
    ]
    assert flagged["needs_review"] and "3 of 4" in flagged["reason"]
    assert flagged["feedback"] == {"churned": 1, "renewed": 1, "won": 1, "wrong_persona": 1}


def test_deal_outcomes_concession_from_the_price_list_stalled_and_sales_effort() -> None:
    import pandas as pd

    from agent.deals import deal_outcomes

    deals = pd.DataFrame(
        {
            "status": ["won", "won", "lost", "open", "open"],
            "cycle_days": [10.0, 30.0, 20.0, None, None],
            "created": ["2025-01-01", "2025-01-01", "2025-01-01", "2025-03-01", "2025-03-25"],
            "closed": ["2025-01-11", "2025-01-31", "2025-01-21", None, None],
            "amount": [750.0, 1000.0, 900.0, 1000.0, 1000.0],
            "product": ["Pro", "pro ", "Pro", "Pro", "Pro"],
            "list_price": [None] * 5,
            "activities": [3.0, 5.0, 9.0, 1.0, 2.0],
        }
    )
    out = deal_outcomes(deals, {"pro": 1000.0})
    assert out["won"].tolist()[:3] == [1.0, 1.0, 0.0] and out["won"].isna().tolist()[3:] == [True, True]
    assert (
        out["concession"].tolist()[:2] == [25.0, 0.0] and out["concession"].isna().tolist()[2:] == [True] * 3
    )
    # as of the latest date (2025-03-25) the first open deal is 24 days old, past the median cycle of 20
    assert out["stalled"].tolist()[3:] == [1.0, 0.0] and out["stalled"].isna().tolist()[:3] == [True] * 3
    assert out["activities"].tolist() == [3.0, 5.0, 9.0, 1.0, 2.0]
