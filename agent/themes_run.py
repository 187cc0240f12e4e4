"""`antipersona themes`: analyse without writing a persona version, optionally export assignments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agent.analysis import Analysis, analyse
from agent.refresh import _previous_centroids, current
from core.settings import Settings
from core.store import Store


@dataclass
class ThemesResult:
    analysis: Analysis
    exported: Path | None = None
    exported_rows: int = 0


def run_themes(
    settings: Settings, k: int | None = None, export: Path | None = None, progress: bool = False, store=None
) -> ThemesResult:
    store = store or Store(settings)
    prev = current(settings)
    prev_c = _previous_centroids(store.workspace, prev.version) if prev else {}
    say = None
    if progress:
        from agent.refresh import _console_reporter

        say = _console_reporter()
    analysis = analyse(
        store, k=k, previous=prev.themes if prev else None, previous_centroids=prev_c, report=say
    )
    result = ThemesResult(analysis=analysis)
    if export is not None:
        result.exported_rows = export_assignments(store, analysis, export)
        result.exported = export
    return result


def export_assignments(store: Store, analysis: Analysis, path: Path) -> int:
    """record_id,theme_id,theme_label for every ingested record (-1 = not a complaint / unassigned)."""
    from agent.export import write_csv

    labels = {t.id: t.label for t in analysis.themes}
    rows = (
        [rid, analysis.record_theme.get(rid, -1), labels.get(analysis.record_theme.get(rid, -1), "")]
        for rid in analysis.records["id"]
    )
    return write_csv(path, ["record_id", "theme_id", "theme_label"], rows)
