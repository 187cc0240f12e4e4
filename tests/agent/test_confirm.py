"""Honest discovery (agent/confirm.py): the split, the FDR control and the confirmed effects."""

from __future__ import annotations

import numpy as np

from agent.confirm import Ledger, Scored, _benjamini_hochberg, holdout_mask, score_candidates


def test_split_is_a_stable_hash_of_the_customer_id():
    ids = [f"C{i:05d}" for i in range(4000)]
    side = holdout_mask(ids, seed=0, fraction=0.5)
    assert 0.46 < side.mean() < 0.54
    # more data arrives: every known customer keeps its side, whatever else is in the table
    more = holdout_mask(ids[::-1] + [f"N{i}" for i in range(500)], seed=0, fraction=0.5)
    assert (more[:4000][::-1] == side).all()
    # another seed is another split; a smaller holdout is a smaller share
    assert (holdout_mask(ids, seed=1) != side).mean() > 0.3
    assert holdout_mask(ids, fraction=0.3).mean() < 0.35


def test_benjamini_hochberg_q_values():
    ps = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    tested = {bytes([i]): Scored(p=p, effect=None) for i, p in enumerate(ps)}
    _benjamini_hochberg(tested)
    q = [tested[bytes([i])].q for i in range(len(ps))]
    # step-up by hand: p_(i) * m / i, then running minimum from the largest
    want = np.minimum.accumulate((np.array(ps) * 10 / np.arange(1, 11))[::-1])[::-1]
    assert np.allclose(q, want)
    assert sum(x <= 0.05 for x in q) == 2


class _Analyzer:
    """The two fields score_candidates reads, on a synthetic table with one real effect."""

    def __init__(self, values, roles):
        self.values, self.roles = values, roles


def test_only_the_real_effect_survives_among_many_null_candidates():
    rng = np.random.default_rng(7)
    n = 4000
    real = rng.random(n) < 0.2
    churn = (rng.random(n) < np.where(real, 0.6, 0.25)).astype(float)
    an = _Analyzer({"churn": churn}, {"churn": "churn"})
    holdout = holdout_mask([str(i) for i in range(n)])
    ledger = Ledger()
    ledger.add(real, (), frozenset())
    for _ in range(300):  # the search tried many groups that mean nothing
        ledger.add(rng.random(n) < 0.2, (), frozenset())
    tested = score_candidates(an, holdout, ledger, min_ratio=1.3)
    key = Ledger.key(real, (), frozenset())
    eff = tested[key].effect
    assert tested[key].q < 1e-6 and eff is not None
    assert eff.candidates == 301 and eff.holdout == int(holdout.sum())
    assert eff.customers == int((real & holdout).sum())
    assert abs(eff.value - churn[real & holdout].mean()) < 1e-12
    assert eff.low < eff.ratio < eff.high and 1.6 < eff.ratio < 2.4
    false = [t for k, t in tested.items() if k != key and t.q <= 0.05]
    assert not false
    # a roles left out (complaints of a theme's own members) or a determined column is not tested
    ledger2 = Ledger()
    ledger2.add(real, ("churn",), frozenset())
    assert score_candidates(an, holdout, ledger2, 1.3)[Ledger.key(real, ("churn",), frozenset())].p == 1.0
