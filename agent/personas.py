"""Choose the negative personas: groups of customers joining costly segments and the themes they raise.

Both writers (offline prose, LLM) start from the same `Evidence`, so every number in a persona comes from
here, never from a writer.

Selection: rank single segments by cost score; grow the best one by adding conditions while the cost sharpens
and the group stays big enough (e.g. industry=Agency → + employees 1–10 → + plan=Starter); then take the next
costly segment that overlaps little with those already chosen. With no usable segments (feedback with no
attributes), the costliest complaint themes seed the personas instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from agent import exclusion, sensitive
from agent.analysis import Analysis, unit_quotes
from agent.costs import DIRECTION, nice
from core.models import ConfirmedEffect, ExclusionCost, Metric, Quote, Segment, Theme

MAX_PERSONAS = 6
MIN_MEMBERS = 5  # fewer confirmation members than this: the group cannot be tested (agent/confirm.py)
MIN_PERSONAS = 3


@dataclass
class Evidence:
    key: str
    conditions: list[tuple[str, str]]  # (column, value label)
    mask: np.ndarray
    size: int
    share: float
    metrics: list[Metric]
    cost_score: float
    themes: list[tuple[Theme, float, int]] = field(default_factory=list)  # theme, lift, count
    quotes: list[Quote] = field(default_factory=list)
    complaint_share: float = 0.0
    profile: list[tuple[str, str, float]] = field(default_factory=list)  # column, value, share of members
    seed: str = "segment"  # or "theme"
    context: list[str] = field(default_factory=list)  # sensitive columns' distribution, never a trait
    exclusion: ExclusionCost | None = None  # the healthy members acting on it would turn away
    confirmed: ConfirmedEffect | None = None  # set by agent/confirm.py on customers the search never saw


def candidate_groups(analysis: Analysis, themes: bool = True) -> list[tuple[str, str, str, np.ndarray, float]]:
    """(id, column, value, mask, score) for every segment and (optionally) every complaint theme.

    A theme as a condition means "customers who raised this theme"; its score leaves out the complaints
    metric, which such a group has by construction.
    """
    an = analysis.analyzer
    out = [(s.id, s.column, s.value, analysis.masks[s.id], s.cost_score) for s in analysis.segments]
    if themes:
        ua = analysis.unit_entity()
        for t in analysis.themes:
            rows = ua[(analysis.unit_theme == t.id) & (ua >= 0)]
            mask = np.zeros(analysis.entities.n, dtype=bool)
            mask[rows] = True
            if mask.sum() < an.min_size or mask.sum() > 0.9 * analysis.entities.n:
                continue
            _, score = an.measure(mask, exclude=("complaints",))
            out.append((f"theme={t.id}", "theme", str(t.id), mask, score))
    out.sort(key=lambda c: -c[4])
    return out


def choose_groups(
    analysis: Analysis,
    max_personas: int = MAX_PERSONAS,
    max_share: float = exclusion.DEFAULT_MAX_SHARE,
    previous: list[list[str]] | None = None,
) -> list[Evidence]:
    """Segment-defined personas first (their attributes are visible to sales before a deal); complaint
    themes seed personas only when the attributes don't yield enough (e.g. feedback with few attributes).
    No persona holds more than `max_share` of the customers (agent/exclusion.py). `previous`: the previous
    version's personas' conditions, proposed first while they still cost (`_continued`)."""
    continued = _continued(analysis, previous or [], max_share)
    groups: list[Evidence] = list(continued)
    _grow_groups(analysis, candidate_groups(analysis, themes=False), groups, 2 * max_personas, max_share=max_share)
    if len(groups) < MIN_PERSONAS and analysis.themes:
        seeds = [c for c in candidate_groups(analysis) if c[1] == "theme"]
        _grow_groups(
            analysis, seeds, groups, MIN_PERSONAS, growth=candidate_groups(analysis, themes=False),
            max_share=max_share,
        )
    groups = [g for g in _drop_covered(groups, continued) if g.share <= max_share]
    # the previous version's personas that still hold come first: a new group never pushes one out
    groups.sort(key=lambda g: (not any(g is c for c in continued), -g.cost_score * np.sqrt(max(g.share, 1e-6))))
    return groups[:max_personas]


# Hysteresis: two previous personas were told apart at Jaccard overlap <= 0.5 when they were found; they stay
# apart until their overlap clearly exceeds that (10% more telco accounts moved two of them from 0.49 to 0.50
# and retired one that still held).
CONTINUE_OVERLAP = 0.6


def _continued(analysis: Analysis, previous: list[list[str]], max_share: float) -> list[Evidence]:
    """The previous version's personas, proposed again as they were defined while the searched customers
    still show them costly, within the cap and testable. Many conjunctions of correlated attributes describe
    nearly the same customers (telco services); without this a little more data tips the greedy search to
    a neighbour and a persona that still holds is retired. Each is measured (so logged), and the
    confirmation tests it like any other candidate."""
    from agent.segments import segment_mask

    an = analysis.analyzer
    df = analysis.entities.df
    out: list[Evidence] = []
    for segs in previous:
        conds = [tuple(x.partition("=")[::2]) for x in segs]
        if not conds or any(c not in df.columns or c not in an.attributes for c, _ in conds):
            continue  # a theme-seeded persona, or a column the search no longer uses
        mask = np.ones(len(df), dtype=bool)
        for c, v in conds:
            mask &= segment_mask(df[c], v).fillna(False).to_numpy(dtype=bool)
        if not mask.any() or not exclusion.within_cap(mask, analysis.entities.n, max_share):
            continue
        if an.rows is not None and int((mask & ~an.rows).sum()) < MIN_MEMBERS:
            continue
        if any((mask & g.mask).sum() > CONTINUE_OVERLAP * max(1, (mask | g.mask).sum()) for g in out):
            continue
        metrics, score = an.measure(mask, by={c for c, _ in conds})
        if score > 0.1:
            out.append(_evidence(analysis, conds, mask, metrics, score))
    return out


def _drop_covered(groups: list[Evidence], fixed=(), cover: float = 0.7) -> list[Evidence]:
    """Drop a broad persona when smaller chosen personas already hold most of its members (never one of
    `fixed`, the previous version's personas that still hold)."""
    keep = list(groups)
    for g in sorted(groups, key=lambda g: -g.size):
        if any(g is f for f in fixed):
            continue
        others = [o for o in keep if o is not g and o.size < g.size]
        if len(others) < 2:
            continue
        union = np.zeros_like(g.mask)
        for o in others:
            union |= o.mask
        if (union & g.mask).sum() >= cover * g.size and len(keep) > MIN_PERSONAS:
            keep.remove(g)
    return keep


def _grow_groups(
    analysis: Analysis,
    seeds,
    groups: list[Evidence],
    max_personas: int,
    growth=None,
    max_share: float = exclusion.DEFAULT_MAX_SHARE,
) -> None:
    an = analysis.analyzer
    growth = seeds if growth is None else growth
    min_group = max(an.min_size, int(0.03 * analysis.entities.n))  # narrowing never leaves a handful

    def overlaps(mask: np.ndarray, limit: float) -> bool:
        """Too much like a persona already chosen (Jaccard overlap with any one of them). A sharp niche
        inside a broad group (agencies among all small companies) is still its own persona."""
        return any((mask & g.mask).sum() > limit * max(1, (mask | g.mask).sum()) for g in groups)

    for _cid, col, val, base, base_score in seeds:
        if len(groups) >= max_personas or base_score <= 0.1:
            break
        limit = 0.75 if col == "theme" else 0.5  # complaint themes overlap by nature: one record, many themes
        if overlaps(base, limit):
            continue
        exclude = ("complaints",) if col == "theme" else ()
        conditions = [(col, val)]
        mask, score = base, base_score
        for _ in range(2):  # at most three conditions: readable, and not over-fitted
            best = None
            used = {c for c, _ in conditions}
            for _oid, ocol, oval, omask, _ in growth:
                if ocol in used:
                    continue
                m = mask & omask
                size = int(m.sum())
                if size < min_group or size < 0.35 * mask.sum() or overlaps(m, limit):
                    continue
                _, sc = an.measure(m, exclude=exclude, by=used | {ocol})
                better = sc > score * 1.12 + 0.02 and (best is None or sc > best[2])
                if better and removes_cheaper(an, m, mask & ~omask, exclude, used | {ocol}):
                    best = (ocol, oval, sc, m)
            if best is None:
                break
            conditions.append((best[0], best[1]))
            mask, score = best[3], best[2]
        conditions, mask = snap_bands(analysis, conditions, mask, exclude)
        if an.rows is not None and int((mask & ~an.rows).sum()) < MIN_MEMBERS:
            continue  # too few held-out customers to confirm it on: it would only block a testable group
        if not exclusion.within_cap(mask, analysis.entities.n, max_share):
            narrowed = exclusion.narrow(analysis, conditions, mask, score, exclude, max_share)
            if narrowed is None:
                continue
            conditions, mask, score = narrowed
        if overlaps(mask, limit):
            continue
        metrics, score = an.measure(mask, exclude=exclude, by={c for c, _ in conditions})
        groups.append(_evidence(analysis, conditions, mask, metrics, score))


def removes_cheaper(an, kept: np.ndarray, removed: np.ndarray, exclude, by) -> bool:
    """A condition sharpens a group only when the members it removes are measurably cheaper than those it
    keeps on some cost metric (one-sided Mann–Whitney U, Bonferroni across metrics, searched customers only).
    Otherwise it trims a costly group by chance (the online shops on one plan among all online shops), and
    the smaller group is both less true and harder to confirm."""
    from scipy.stats import mannwhitneyu

    rows = an.rows if an.rows is not None else np.ones(len(kept), dtype=bool)
    skip = an.skipped(by)
    tests = []
    for col, vals in an.values.items():
        role = an.roles[col]
        if role in exclude or col in skip:
            continue
        a, b = vals[kept & rows], vals[removed & rows]
        a, b = a[np.isfinite(a)], b[np.isfinite(b)]
        if len(a) < 2 or len(b) < 2 or np.ptp(np.concatenate([a, b])) == 0:
            continue
        worse = "greater" if DIRECTION.get(role, 1) > 0 else "less"
        tests.append(float(mannwhitneyu(a, b, alternative=worse).pvalue))
    return bool(tests) and min(tests) < 0.05 / len(tests)


BAND = re.compile(r"(-?[\d,.]+)–(-?[\d,.]+)")


def snap_bands(analysis: Analysis, conditions, mask, exclude):
    """A numeric condition claims no more than the search saw: a band's inner edges (not the column's own
    minimum or maximum) move to the nearest values its searched members hold. Quartile edges are arbitrary
    (the top quarter of onboarding sessions starts at 6, yet every searched member of the regulated
    enterprises' group had 10 or more); the snapped group is what the held-out customers then confirm, and
    on the searched customers it is the same group, so the evidence for it is unchanged."""
    an = analysis.analyzer
    df = analysis.entities.df
    rows = an.rows if an.rows is not None else np.ones(len(mask), dtype=bool)
    changed = False
    for i, (col, label) in enumerate(list(conditions)):
        m = BAND.fullmatch(label)
        if not m or col not in df.columns or not pd.api.types.is_numeric_dtype(df[col]):
            continue
        s = df[col].to_numpy(dtype=float, na_value=np.nan)
        seen = s[mask & rows]
        seen = seen[np.isfinite(seen)]
        if not len(seen):
            continue
        lo, hi = (float(x.replace(",", "")) for x in m.groups())
        col_lo, col_hi = np.nanmin(s), np.nanmax(s)
        new_lo = lo if lo <= col_lo else max(lo, float(seen.min()))
        new_hi = hi if hi >= col_hi else min(hi, float(seen.max()))
        new_label = f"{nice(new_lo)}–{nice(new_hi)}"
        a, b = (float(x.replace(",", "")) for x in BAND.fullmatch(new_label).groups())
        if (a, b) == (lo, hi) or (mask & rows & ((s < a) | (s > b))).any():
            continue  # unchanged, or the readable edge would drop a searched member
        mask = mask & (s >= a) & (s <= b)
        conditions = [*conditions[:i], (col, new_label), *conditions[i + 1 :]]
        changed = True
    if changed:
        an.measure(mask, exclude=exclude, by={c for c, _ in conditions})  # logged for the confirmation
    return conditions, mask


def _evidence(analysis: Analysis, conditions, mask, metrics, score) -> Evidence:
    ent = analysis.entities
    n = max(1, ent.n)
    ua = analysis.unit_entity()
    in_group = (ua >= 0) & mask[np.maximum(ua, 0)]
    total_units = max(1, len(analysis.units))
    group_units = int(in_group.sum())
    themes: list[tuple[Theme, float, int]] = []
    for t in analysis.themes:
        count = int(((analysis.unit_theme == t.id) & in_group).sum())
        if count == 0:
            continue
        overall = t.size / total_units
        lift = (count / max(1, group_units)) / overall if overall else 0.0
        themes.append((t, lift, count))
    seed_ids = {int(v) for c, v in conditions if c == "theme"}
    if seed_ids:
        themes.sort(key=lambda x: (x[0].id not in seed_ids, -x[2]))
    else:
        themes = [x for x in themes if x[1] >= 1.2 and x[2] >= 2] or sorted(themes, key=lambda x: -x[2])[:1]
        themes.sort(key=lambda x: -(x[2] * x[1]))
    themes = themes[:3]

    # quotes: members' complaint units nearest the centroids of their top themes
    quotes: list[Quote] = []
    cand_idx: list[int] = []
    for t, _, _ in themes:
        sel = np.where((analysis.unit_theme == t.id) & in_group)[0]
        c = analysis.centroids.get(t.id)
        if len(sel) and c is not None:
            order = sel[np.argsort(-(analysis.vectors[sel] @ c))]
            cand_idx.extend(int(i) for i in order[:10])  # some are no quote (agent/quote_filter.py)
    if not cand_idx:
        sel = np.where(in_group)[0]
        cand_idx = [int(i) for i in sel[:12]]
    # interleave themes so quotes cover each theme
    units = [analysis.units[i] for i in cand_idx]
    if units:
        quotes = unit_quotes(units, _records_for(analysis, units), 8)

    profile = _profile(analysis, mask, {c for c, _ in conditions})
    key = "&".join(f"{c}={v}" for c, v in conditions) or "all"
    return Evidence(
        key=key,
        conditions=list(conditions),
        mask=mask,
        size=int(mask.sum()),
        share=float(mask.sum()) / n,
        metrics=metrics,
        cost_score=score,
        themes=themes,
        quotes=quotes,
        complaint_share=group_units / total_units,
        profile=profile,
        seed="theme" if seed_ids and conditions[0][0] == "theme" else "segment",
        context=sensitive.context(ent.df, ent.sensitive, mask),
        exclusion=exclusion.exclusion_cost(ent, mask),
    )


def _records_for(analysis: Analysis, units):
    return analysis.store.records.get_many({u.record_id for u in units})


def _profile(analysis: Analysis, mask: np.ndarray, exclude: set[str]) -> list[tuple[str, str, float]]:
    """Attribute values over-represented among members (lift ≥ 1.5 and ≥ 40% of them)."""
    out = []
    size = max(1, int(mask.sum()))
    for seg in analysis.segments:
        if seg.column in exclude:
            continue
        m = analysis.masks[seg.id]
        share_in = float((m & mask).sum()) / size
        if share_in >= 0.4 and share_in >= 1.5 * seg.share:
            out.append((seg.column, seg.value, share_in))
    out.sort(key=lambda x: -x[2])
    seen: set[str] = set()
    uniq = []
    for col, val, s in out:
        if col not in seen:
            seen.add(col)
            uniq.append((col, val, s))
    return uniq[:5]


def segment_by_id(analysis: Analysis, sid: str) -> Segment | None:
    return next((s for s in analysis.segments if s.id == sid), None)
