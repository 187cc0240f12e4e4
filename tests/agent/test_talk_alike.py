"""Values grouped by what their customers complain about (agent/talk_alike.py), narrow persona conditions
matched by number (agent/persona_match.py) and the growth guard (agent/personas.py)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from agent.costs import Analyzer, build_entities
from agent.persona_match import holds
from agent.personas import removes_cheaper
from agent.talk_alike import merge_talk_alike

DIM = 16


def _table(seed: int = 0):
    """24 shops and 6 retailers (churn 70%, complaints about one topic), 60 banks and 150 SaaS companies
    (churn 20%, complaints spread over the other topics); four complaint passages per customer."""
    rng = np.random.default_rng(seed)
    industry = np.array(["Shop"] * 24 + ["Retail"] * 6 + ["Bank"] * 60 + ["SaaS"] * 150)
    n = len(industry)
    costly = np.isin(industry, ["Shop", "Retail"])
    churn = np.where(costly, rng.random(n) < 0.7, rng.random(n) < 0.2).astype(float)
    df = pd.DataFrame(
        {"customer_id": [f"C{i:03d}" for i in range(n)], "industry": industry, "churned": churn}
    )
    ent = build_entities(df, {"outcomes": {"churned": "churn"}, "attributes": ["industry"]}, pd.DataFrame())
    topics = np.eye(DIM)
    ua, vecs = [], []
    for i in range(n):
        for _ in range(4):
            t = 0 if costly[i] and rng.random() < 0.8 else int(rng.integers(1, DIM))
            v = topics[t] + 0.5 * rng.normal(size=DIM)
            ua.append(i)
            vecs.append(v / np.linalg.norm(v))
    analysis = SimpleNamespace(
        themes=[object()],
        units=ua,
        unit_entity=lambda: np.array(ua),
        unit_theme=np.zeros(len(ua), dtype=int),
        vectors=np.array(vecs),
    )
    return ent, analysis


def test_a_value_too_small_to_be_a_segment_joins_the_one_its_customers_talk_like():
    ent, analysis = _table()
    an = Analyzer(ent)
    segs, masks = an.segments()
    assert "industry=Retail" not in masks  # 6 customers: below the minimum segment size
    merge_talk_alike(analysis, an, segs, masks)
    ids = {s.id for s in segs}
    assert "industry=Retail | Shop" in ids and "industry=Shop" not in ids
    assert int(masks["industry=Retail | Shop"].sum()) == 30
    # values whose complaints are spread like everyone's do not group
    assert not any("Bank" in i and "|" in i for i in ids) and not any("SaaS" in i and "|" in i for i in ids)


def test_without_feedback_nothing_is_grouped():
    ent, analysis = _table()
    analysis.themes = []
    an = Analyzer(ent)
    segs, masks = an.segments()
    before = [s.id for s in segs]
    merge_talk_alike(analysis, an, segs, masks)
    assert [s.id for s in segs] == before


def test_a_condition_must_remove_cheaper_customers():
    ent, _ = _table()
    an = Analyzer(ent)
    ind = ent.df["industry"].to_numpy()
    costly = np.isin(ind, ["Shop", "Retail"])
    # keeping the shops and retailers, removing banks: the removed ones churn less
    assert removes_cheaper(an, costly, np.isin(ind, ["Bank"]), (), {"industry"})
    # splitting the shops from the retailers removes customers as costly as those kept
    assert not removes_cheaper(an, ind == "Shop", ind == "Retail", (), {"industry"})


def test_a_number_inside_a_narrow_persona_band_meets_it():
    # the prospect's 5 employees fell in the quartile band 1–12; the persona's band is 1–8
    assert holds("1–12", "1–8", 5.0)
    assert not holds("1–12", "1–8", 11.0)
    assert holds("Retail", "E-commerce | Retail", None) and not holds("Bank", "E-commerce | Retail", None)
    assert holds("1–12", "1–12", None) and not holds("1–12", "13–40", None)


def test_values_shuffled_across_customers_do_not_talk_alike():
    """The permutation null with its false-discovery control: with the industry labels shuffled across
    customers (almost) no pair of values is alike, while the planted pair still is."""
    from agent.talk_alike import _groups, _Profiles

    ent, analysis = _table()
    prof = _Profiles(analysis, np.ones(ent.n, dtype=bool))
    industry = ent.df["industry"]
    # (banks and SaaS companies are alike too, both away from the shops' topic: not costly, so no segment)
    assert ["Retail", "Shop"] in [v for v, _ in _groups("industry", industry, prof)]
    found = 0
    for seed in range(10):
        shuffled = pd.Series(np.random.default_rng(seed).permutation(industry.to_numpy()))
        found += len(_groups("industry", shuffled, prof))
    assert found <= 1


def test_random_groups_are_uniform_subsets():
    """The permutation null draws each k-subset of the pool alike: every member once per group, every
    entity and every pair of entities as often as chance says (a biased sampler shifts every p-value)."""
    from agent.talk_alike import _sample

    rng = np.random.default_rng(1)
    for n, k in [(40, 6), (12, 5), (30, 25)]:  # the shuffle, and the keys' path for a large share of n
        picks = _sample(rng, n, k, 60_000)
        assert picks.shape == (60_000, k)
        assert (np.sort(picks, axis=1)[:, 1:] != np.sort(picks, axis=1)[:, :-1]).all()  # no repeats
        counts = np.bincount(picks.ravel(), minlength=n) / 60_000
        assert np.allclose(counts, k / n, atol=0.01)
        both = np.isin(picks, [0, 1]).sum(1) == 2  # a pair together: k(k-1) / n(n-1)
        assert abs(both.mean() - k * (k - 1) / (n * (n - 1))) < 0.01
