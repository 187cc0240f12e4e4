"""The optional LLM refinement of themes: merge near-duplicates and rename, from representative passages.

The model proposes; this module disposes. A proposal may only merge existing themes whose centroids are
alike (cosine >= MIN_SIM) and name existing themes with labels that pass `clean_label`; a merged theme's
members are the union of its parts' members, never a passage more. Invented ids, dissimilar merges and bad
names are refused with a note; every applied merge is recorded on the theme (`merged_from`) and in the notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, Field

from agent.theme_labels import clean_label

if TYPE_CHECKING:
    from agent.analysis import Analysis
    from core.models import Theme

MIN_SIM = 0.5  # the least centroid cosine of any two themes a merge joins
PASSAGES = 4  # representative passages per theme shown to the model (3-5)
MAX_LABEL = 80


class ThemeMerge(BaseModel):
    ids: list[int] = Field(description="Existing theme ids that are one complaint (two or more)")
    label: str = Field("", description="A label for the merged theme")


class ThemeName(BaseModel):
    id: int
    label: str


class ThemeRefinement(BaseModel):
    merges: list[ThemeMerge] = Field(default_factory=list)
    names: list[ThemeName] = Field(default_factory=list)


def briefs(analysis: Analysis, n: int = PASSAGES) -> list[dict]:
    """What the model sees per theme: id, current label, keywords and n representative passages."""
    return [
        {"id": t.id, "label": t.label, "keywords": t.keywords[:6], "passages": [q.text for q in t.quotes[:n]]}
        for t in analysis.themes
    ]


def _label_ok(label: str) -> bool:
    label = label.strip()
    return 0 < len(label) <= MAX_LABEL and clean_label(label)


def apply(analysis: Analysis, proposal: ThemeRefinement, min_sim: float = MIN_SIM) -> list[str]:
    """Apply the acceptable part of `proposal` to `analysis` in place; returns notes on what was done."""
    notes: list[str] = []
    by_id = {t.id: t for t in analysis.themes}
    used: set[int] = set()
    merged = 0
    for m in proposal.merges:
        ids = list(dict.fromkeys(m.ids))
        unknown = [i for i in ids if i not in by_id or i not in analysis.centroids]
        if unknown:
            notes.append(f"theme refinement: merge {ids} refused (no theme {unknown})")
            continue
        if len(ids) < 2 or used & set(ids):
            continue
        c = np.array([analysis.centroids[i] for i in ids], dtype=np.float64)
        c /= np.maximum(np.linalg.norm(c, axis=1, keepdims=True), 1e-12)
        low = float((c @ c.T).min())
        if low < min_sim:
            notes.append(
                f"theme refinement: merge {ids} refused (themes too unlike, cosine {low:.2f} < {min_sim})"
            )
            continue
        used.update(ids)
        notes.append(_merge(analysis, [by_id[i] for i in ids], m.label if _label_ok(m.label) else ""))
        merged += 1
    if merged:
        _refresh_records(analysis)
    renamed = 0
    live = {t.id: t for t in analysis.themes}
    for nm in proposal.names:
        t = live.get(nm.id)
        if t is None or t.merged_from or not _label_ok(nm.label):
            continue
        t.label = nm.label.strip()
        renamed += 1
    if merged or renamed:
        notes.append(f"theme refinement: {merged} merge(s), {renamed} rename(s) applied")
    return notes


def _merge(analysis: Analysis, parts: list[Theme], label: str) -> str:
    """Fold `parts` into the largest of them: members are their union, numbers re-measured from them."""
    parts = sorted(parts, key=lambda t: -t.size)
    keep, rest = parts[0], parts[1:]
    ids = [t.id for t in parts]
    members = np.isin(analysis.unit_theme, ids)
    analysis.unit_theme[members] = keep.id
    w = np.array([t.size for t in parts], dtype=np.float64)
    cen = sum(
        wi * np.asarray(analysis.centroids[t.id], dtype=np.float64) for wi, t in zip(w, parts, strict=True)
    )
    analysis.centroids[keep.id] = (cen / max(np.linalg.norm(cen), 1e-12)).astype(np.float32)
    for t in rest:
        analysis.centroids.pop(t.id, None)
    idx = np.where(members)[0]
    units = analysis.units
    keep.size = int(len(idx))
    keep.share = len(idx) / max(1, len(units))
    keep.records = len({units[i].record_id for i in idx})
    keep.customers = len({units[i].customer_id for i in idx if units[i].customer_id})
    n_quotes = max(len(t.quotes) for t in parts)
    pooled = [q for row in _interleave([t.quotes for t in parts]) for q in row]
    keep.quotes = pooled[:n_quotes]
    keep.keywords = list(dict.fromkeys(w for t in parts for w in t.keywords))[: max(8, len(keep.keywords))]
    ua = analysis.unit_entity()
    rows = ua[idx]
    mask = np.zeros(analysis.entities.n, dtype=bool)
    mask[rows[rows >= 0]] = True
    if mask.any():
        keep.metrics, keep.cost_score = analysis.analyzer.measure(mask, exclude=("complaints",))
    keep.label = label.strip() or keep.label
    keep.merged_from = sorted(ids)
    gone = {t.id for t in rest}
    analysis.themes = sorted((t for t in analysis.themes if t.id not in gone), key=lambda t: -t.size)
    if analysis.theme_choice is not None:
        analysis.theme_choice.k = len(analysis.themes)
        analysis.theme_choice.reason += f"; {len(rest)} merged as near-duplicates"
    return (
        f"theme refinement: themes {', '.join(map(str, sorted(ids)))} merged into {keep.id} ({keep.label!r})"
    )


def _interleave(lists: list[list]) -> list[list]:
    return [[lst[i] for lst in lists if i < len(lst)] for i in range(max((len(x) for x in lists), default=0))]


def _refresh_records(analysis: Analysis) -> None:
    from agent.analysis import all_themes, dominant_theme

    analysis.record_theme = dominant_theme(analysis.units, analysis.unit_theme)
    analysis.record_themes = all_themes(analysis.units, analysis.unit_theme)
