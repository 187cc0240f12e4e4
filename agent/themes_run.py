"""`antipersona themes`: analyse without writing a persona version, optionally export assignments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agent.analysis import Analysis, analyse

if TYPE_CHECKING:
    from core.services import Services
    from core.settings import Settings


@dataclass
class ThemesResult:
    analysis: Analysis


def run_themes(
    services: Services | Settings,
    k: int | None = None,
    report: Callable[[str], None] | None = None,
) -> ThemesResult:
    from agent.engines import as_services

    svc = as_services(services)
    store = svc.store
    prev = svc.current()
    prev_c = svc.versions.centroids(prev.version if prev else None)
    analysis = analyse(
        store, k=k, previous=prev.themes if prev else None, previous_centroids=prev_c, report=report
    )
    return ThemesResult(analysis=analysis)


def assignments(analysis: Analysis, per_theme: bool = False) -> tuple[list[str], list[list]]:
    """(header, rows): record_id, theme_id, theme_label, kind, score for every ingested record (theme -1 = not
    a complaint or unassigned; kind and score: what the complaint detector made of the record's most
    problem-like passage).

    By default one row per record with its dominant theme; per_theme gives one row per record and theme it
    raised (a review about the fit and the shipping has two rows), with the record's passages in that
    theme, so counts made from the file agree with the themes' record counts."""
    labels = {t.id: t.label for t in analysis.themes}
    kinds = analysis.record_kind

    def kind_score(rid: str) -> list:
        v = kinds.get(rid)
        return [v.kind, f"{v.score:.3f}"] if v else ["", ""]

    if not per_theme:
        rows = [
            [rid, tid, labels.get(tid, ""), *kind_score(rid)]
            for rid in analysis.records["id"]
            for tid in [analysis.record_theme.get(rid, -1)]
        ]
        return ["record_id", "theme_id", "theme_label", "kind", "score"], rows
    passages: dict[tuple[str, int], int] = {}
    for u, t in zip(analysis.units, analysis.unit_theme, strict=True):
        if t >= 0:
            passages[(u.record_id, int(t))] = passages.get((u.record_id, int(t)), 0) + 1
    rows = [
        [rid, tid, labels.get(tid, ""), passages.get((rid, tid), 0), *kind_score(rid)]
        for rid in analysis.records["id"]
        for tid in (analysis.record_themes.get(rid) or [-1])
    ]
    return ["record_id", "theme_id", "theme_label", "passages", "kind", "score"], rows
