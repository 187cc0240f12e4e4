"""Honest discovery: the persona search sees half the customers; a persona is published only when its cost
is confirmed on the other half, with the false-discovery rate controlled across every candidate tried.

Why: a search over hundreds of segments and their conjunctions always finds some group whose churn looks
high by chance, and per-segment intervals computed on the data that chose the group cannot tell. Here:
1. customers are split by a hash of their id and a seed (a customer keeps its side when more data
   arrives, so a refresh does not reshuffle the evidence);
2. the search (agent/personas.py) runs on the discovery customers only; every group it measures is logged;
3. every logged candidate gets a one-sided test on the confirmation customers, for each cost metric, in
   the costly direction (Welch's t; Bonferroni across the metrics), and Benjamini–Hochberg runs over all
   candidates, so the false-discovery rate is controlled over the whole search, not only what it kept;
4. a chosen group is published when its q-value is at most `persona_fdr` and the confirmed effect is
   practically meaningful (at least `persona_min_ratio` × the baseline, or at most its inverse).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from dataclasses import dataclass, field

import numpy as np

from agent.costs import DIRECTION, LABEL, RATE_ROLES, Analyzer, Entities, wilson
from agent.merge_values import merge_alike
from agent.personas import MIN_MEMBERS
from agent.talk_alike import merge_talk_alike
from agent.tautology import tenure_column
from core.models import Confirmation, ConfirmedEffect
from core.settings import Settings

SALT = "antipersona-confirm-v1"


def entity_keys(ent: Entities) -> list[str]:
    """Who is split: the customer (accounts; or records' customer id), else the record itself."""
    df = ent.df
    if ent.level == "account":
        return df["customer_id"].astype(str).tolist()
    cust = df["customer_id"] if "customer_id" in df.columns else None
    ids = df["id"].astype(str).tolist()
    if cust is None:
        return ids
    return [str(c) if isinstance(c, str) and c.strip() else i for c, i in zip(cust, ids, strict=True)]


def holdout_mask(keys: list[str], seed: int = 0, fraction: float = 0.5) -> np.ndarray:
    """True for confirmation customers: sha256(salt, seed, id) below `fraction` of the hash range."""
    limit = int(fraction * 2**64)
    return np.array(
        [
            int.from_bytes(hashlib.sha256(f"{SALT}:{seed}:{k}".encode()).digest()[:8], "big") < limit
            for k in keys
        ],
        dtype=bool,
    )


@dataclass
class Ledger:
    """Every distinct group the search measured: (mask, roles left out, columns left out)."""

    entries: dict[bytes, tuple[np.ndarray, tuple[str, ...], frozenset[str]]] = field(default_factory=dict)

    @staticmethod
    def key(mask: np.ndarray, exclude: tuple[str, ...], skip: frozenset[str]) -> bytes:
        h = hashlib.blake2b(np.packbits(mask).tobytes(), digest_size=16)
        h.update(repr((sorted(exclude), sorted(skip))).encode())
        return h.digest()

    def add(self, mask: np.ndarray, exclude: tuple[str, ...], skip: frozenset[str]) -> None:
        self.entries.setdefault(self.key(mask, exclude, skip), (mask.copy(), exclude, skip))


@dataclass
class Scored:
    p: float  # Bonferroni across metrics
    effect: ConfirmedEffect | None  # the best practically meaningful metric, if any
    q: float = 1.0


def _t_sf(t: np.ndarray, df: np.ndarray) -> np.ndarray:
    from scipy.stats import t as student

    return student.sf(t, df)


def _member_sums(members: list[np.ndarray], w: np.ndarray, block: int = 64) -> np.ndarray:
    """members (as 0/1 rows) @ w, a block of candidates at a time (100k records × 600 candidates)."""
    out = np.empty((len(members), w.shape[1]))
    for s in range(0, len(members), block):
        out[s : s + block] = np.stack(members[s : s + block]).astype(np.float64) @ w
    return out


def score_candidates(
    an: Analyzer, holdout: np.ndarray, ledger: Ledger, min_ratio: float
) -> dict[bytes, Scored]:
    """One-sided Welch tests of every logged candidate on the holdout customers, vectorised per metric."""
    keys = list(ledger.entries)
    if not keys:
        return {}
    members = [ledger.entries[k][0][holdout] for k in keys]
    pvals: dict[bytes, list[float]] = {k: [] for k in keys}
    effects: dict[bytes, list[tuple[float, ConfirmedEffect]]] = {k: [] for k in keys}
    n_hold = int(holdout.sum())
    for col, values in an.values.items():
        role = an.roles[col]
        v = values[holdout]
        ok = np.isfinite(v)
        if ok.sum() < 2 * MIN_MEMBERS:
            continue
        x = np.where(ok, v, 0.0)
        N, S, SS = ok.sum(), x.sum(), (x * x).sum()
        n1, s1, ss1 = _member_sums(members, np.column_stack([ok.astype(np.float64), x, x * x])).T
        n0, s0, ss0 = N - n1, S - s1, SS - ss1
        with np.errstate(divide="ignore", invalid="ignore"):
            m1, m0 = s1 / n1, s0 / n0
            v1 = np.maximum(ss1 - n1 * m1 * m1, 0) / (n1 - 1)
            v0 = np.maximum(ss0 - n0 * m0 * m0, 0) / (n0 - 1)
            se2 = v1 / n1 + v0 / n0
            t = DIRECTION.get(role, 1) * (m1 - m0) / np.sqrt(se2)
            dof = se2**2 / ((v1 / n1) ** 2 / (n1 - 1) + (v0 / n0) ** 2 / (n0 - 1))
        valid = (n1 >= MIN_MEMBERS) & (n0 >= MIN_MEMBERS) & (se2 > 0) & np.isfinite(t)
        p = np.ones(len(keys))
        p[valid] = _t_sf(t[valid], np.maximum(dof[valid], 1.0))
        base = S / N
        d = DIRECTION.get(role, 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = m1 / base if base else np.full(len(keys), np.nan)
        big = (ratio >= min_ratio) if d > 0 else (ratio <= 1 / min_ratio)
        if role == "nps":
            big = np.abs(m1 - base) >= 10
        for i, k in enumerate(keys):
            _, exclude, skip = ledger.entries[k]
            if role in exclude or col in skip:
                continue
            pvals[k].append(float(p[i]))
            if valid[i] and big[i]:
                vals = x[members[i] & ok]
                eff = _effect(col, role, vals, float(m1[i]), base, float(p[i]), n_hold, min_ratio)
                if eff is not None:
                    effects[k].append((float(p[i]), eff))
    out = {}
    for k in keys:
        ps = pvals[k]
        bonf = len(ps) or 1
        p_cand = min(1.0, min(ps, default=1.0) * bonf)
        best = min(effects[k], key=lambda e: e[0], default=None)
        eff = best[1].model_copy(update={"p": min(1.0, best[0] * bonf)}) if best else None
        out[k] = Scored(p=p_cand, effect=eff)
    _benjamini_hochberg(out)
    return out


def _effect(col, role, vals, m1, base, p, n_hold, min_ratio) -> ConfirmedEffect | None:
    """The confirmed effect of one metric when it is practically meaningful in the costly direction."""
    n = len(vals)
    if n < MIN_MEMBERS or not np.isfinite(m1) or p >= 1.0:
        return None
    if role in RATE_ROLES and set(np.unique(vals)).issubset({0.0, 1.0}):
        low, high = wilson(float(vals.sum()), n)
    else:
        sd = float(vals.std(ddof=1)) if n > 1 else 0.0
        low, high = m1 - 1.96 * sd / math.sqrt(n), m1 + 1.96 * sd / math.sqrt(n)
    worse_up = DIRECTION.get(role, 1) > 0
    if role == "nps":  # can be negative: a ratio means nothing, ten points on its 200-point scale does
        if abs(m1 - base) < 10:
            return None
        ratio = m1 / base if base else 0.0
    else:
        if base <= 0:
            return None
        ratio = m1 / base
        if (worse_up and ratio < min_ratio) or (not worse_up and ratio > 1 / min_ratio):
            return None
    return ConfirmedEffect(
        metric=col,
        label=LABEL.get(role, role),
        value=float(m1),
        baseline=float(base),
        ratio=float(ratio),
        low=float(low / base) if base else 0.0,
        high=float(high / base) if base else 0.0,
        customers=n,
        holdout=n_hold,
        p=p,
        q=1.0,
        candidates=0,
        higher_is_worse=worse_up,
    )


def _benjamini_hochberg(tested: dict[bytes, Scored]) -> None:
    """q-values over all candidates (step-up), written into each entry and its effect."""
    keys = sorted(tested, key=lambda k: tested[k].p)
    m = len(keys)
    q_next = 1.0
    for rank in range(m, 0, -1):
        t = tested[keys[rank - 1]]
        q_next = min(q_next, t.p * m / rank)
        t.q = q_next
        if t.effect is not None:
            t.effect = t.effect.model_copy(update={"q": q_next, "candidates": m})


def confirmed_groups(analysis, settings: Settings, max_personas: int = 6, previous=None):
    """The personas worth publishing (Evidence with `confirmed` set) and how the confirmation went.
    `previous`: the previous version's personas, proposed again first (agent/personas.py `_continued`)."""
    from agent.personas import choose_groups

    ent: Entities = analysis.entities
    info = Confirmation(customers=ent.n, fdr=settings.persona_fdr, min_ratio=settings.persona_min_ratio)
    noun = "customers" if ent.level == "account" else "feedback records"
    if ent.n < settings.persona_min_customers:
        info.status = "too_few"
        info.message = (
            f"not enough customers to confirm a persona (n={ent.n:,}; at least "
            f"{settings.persona_min_customers:,} needed, half kept aside to confirm what the search finds)"
        )
        return [], info
    if not analysis.analyzer.values:
        info.status = "no_outcome"
        info.message = f"no outcome (churn, revenue, tickets, rating…) to measure a cost on these {noun}"
        return [], info
    holdout = holdout_mask(entity_keys(ent), settings.persona_split_seed, settings.persona_holdout)
    search = analysis.analyzer.restricted(~holdout)
    # how long a customer has stayed is a consequence of churn, not a trait to select on
    tenure = tenure_column(ent.df, set(ent.outcomes))
    search.attributes = [a for a in search.attributes if a != tenure]
    ledger = Ledger()
    search.ledger = ledger.add
    segments, masks = search.segments()
    merge_talk_alike(analysis, search, segments, masks)
    merge_alike(search, segments, masks)
    view = dataclasses.replace(analysis, analyzer=search, segments=segments, masks=masks)
    proposed = choose_groups(
        view,
        max_personas=2 * max_personas,
        max_share=settings.max_persona_share,
        previous=[p.segments for p in previous or []],
    )
    tested = score_candidates(analysis.analyzer, holdout, ledger, settings.persona_min_ratio)
    info.discovery, info.holdout = int((~holdout).sum()), int(holdout.sum())
    info.candidates, info.proposed = len(tested), len(proposed)
    out = []
    full = analysis.analyzer
    for ev in proposed:
        exclude = ("complaints",) if ev.seed == "theme" else ()
        by = {c for c, _ in ev.conditions}
        t = tested.get(Ledger.key(ev.mask, exclude, full.skipped(by)))
        if t is None or t.effect is None or t.q > settings.persona_fdr:
            continue
        metrics, score = full.measure(ev.mask, exclude=exclude, by=by)
        out.append(dataclasses.replace(ev, metrics=metrics, cost_score=score, confirmed=t.effect))
        if len(out) >= max_personas:
            break
    info.confirmed = len(out)
    if out:
        info.status = "confirmed"
        info.message = (
            f"{len(out)} of {len(proposed)} proposed personas confirmed on {info.holdout:,} {noun} the search "
            f"did not see (false-discovery rate {settings.persona_fdr:.0%} across {info.candidates:,} "
            "candidate groups)"
        )
    else:
        info.status = "none_confirmed"
        found = (
            f"none of the {len(proposed)} groups the search proposed held up on {info.holdout:,} {noun} it "
            "did not see"
            if proposed
            else f"the search found no costly group among the {info.discovery:,} {noun} it saw"
        )
        info.message = (
            f"no persona confirmed: {found} (false-discovery rate {settings.persona_fdr:.0%} across "
            f"{info.candidates:,} candidate groups)"
        )
    return out, info
