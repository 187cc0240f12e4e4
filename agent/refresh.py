"""Refresh: analyse, write personas, version them atomically, report what changed.

Guarantees: a version file is written once (temp file + fsync + rename) and never rewritten, so readers
see the old personas or the new, never a torn file; two refreshes (CLI and the scheduler) are serialised by
an OS lock; when nothing changed since the last version the refresh is skipped unless forced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from core.crashpoints import crash_point
from core.models import PersonaSet, Theme
from core.settings import Settings
from core.store import Store
from core.workspace import Workspace, atomic_write_json, atomic_write_text


@dataclass
class RefreshResult:
    version: int | None
    skipped: bool
    personas: PersonaSet | None
    changes: dict = field(default_factory=dict)
    message: str = ""
    seconds: float = 0.0


def current(settings: Settings | Workspace) -> PersonaSet | None:
    ws = settings if isinstance(settings, Workspace) else Workspace(settings.workspace)
    versions = ws.persona_versions()
    return load_version(ws, versions[-1]) if versions else None


_loaded: dict[tuple[str, int, int], PersonaSet] = {}


def load_version(ws: Workspace, version: int) -> PersonaSet:
    """A persona version, parsed once per process: version files are written once and never rewritten
    (the key includes mtime and size anyway), and the app asks for the current one on every request.
    The object is shared: treat it as read-only."""
    path = ws.persona_path(version)
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    cached = _loaded.get(key)
    if cached is None:
        cached = PersonaSet.model_validate_json(path.read_text(encoding="utf-8"))
        if len(_loaded) > 16:
            _loaded.clear()
        _loaded[key] = cached
    return cached


def load_changes(settings: Settings | Workspace, version: int | None = None) -> dict:
    ws = settings if isinstance(settings, Workspace) else Workspace(settings.workspace)
    versions = ws.persona_versions()
    if not versions:
        return {}
    path = ws.change_path(version or versions[-1])
    return json.loads(path.read_text()) if path.exists() else {}


def data_fingerprint(store: Store, settings: Settings, k: int | None) -> str:
    h = hashlib.sha256()
    h.update(store.records.fingerprint().encode())
    ws = store.workspace
    for p in (ws.accounts_table, ws.accounts_schema, ws.config_file):
        if p.exists():
            h.update(hashlib.sha256(p.read_bytes()).hexdigest().encode())
    h.update(f"{settings.engine}|k={k}".encode())
    return h.hexdigest()[:24]


def _centroids_path(ws: Workspace, version: int):
    return ws.personas_dir / f"v{version:04d}.centroids.npz"


def _previous_centroids(ws: Workspace, version: int) -> dict[int, np.ndarray]:
    path = _centroids_path(ws, version)
    if not path.exists():
        return {}
    with np.load(path) as data:
        return {int(k): data[k] for k in data.files}


def refresh(
    settings: Settings,
    force: bool = False,
    k: int | None = None,
    progress: bool = False,
    report: Callable[[str], None] | None = None,
    store: Store | None = None,
) -> RefreshResult:
    """Run themes and personas and write a new version (or skip when no data changed)."""
    import time

    t0 = time.perf_counter()
    store = store or Store(settings)
    ws = store.workspace
    say = report or (_console_reporter() if progress else (lambda _m: None))
    with ws.lock("refresh"):
        versions = ws.persona_versions()
        prev = load_version(ws, versions[-1]) if versions else None
        fp = data_fingerprint(store, settings, k)
        if prev is not None and prev.data_fingerprint == fp and not force:
            return RefreshResult(
                version=prev.version,
                skipped=True,
                personas=prev,
                message=f"no data changed since version {prev.version}; skipped (use --force)",
                seconds=time.perf_counter() - t0,
            )
        if store.records.counts() == {} and store.accounts()[0] is None:
            return RefreshResult(
                version=None,
                skipped=True,
                personas=prev,
                message="nothing ingested yet: run `antipersona ingest PATH` first",
            )
        ps, centroids = build(store, settings, k=k, previous=prev, report=say)
        version = (versions[-1] if versions else 0) + 1
        ps.version = version
        ps.data_fingerprint = fp
        changes = diff(prev, ps)
        if centroids:
            np.savez(_centroids_path(ws, version), **{str(t): v for t, v in centroids.items()})
        atomic_write_json(ws.change_path(version), changes)
        crash_point("refresh.changes_written")
        payload = ps.model_dump_json(indent=2)
        PersonaSet.model_validate_json(payload)  # never commit a version that cannot be read back
        atomic_write_text(ws.persona_path(version), payload)  # the commit point
        return RefreshResult(
            version=version,
            skipped=False,
            personas=ps,
            changes=changes,
            message=f"wrote personas version {version}",
            seconds=time.perf_counter() - t0,
        )


def build(
    store: Store,
    settings: Settings,
    k: int | None = None,
    previous: PersonaSet | None = None,
    report: Callable[[str], None] | None = None,
) -> tuple[PersonaSet, dict[int, np.ndarray]]:
    """Analysis + personas, no writing (the refresh wraps this with versioning)."""
    from agent import persona_offline
    from agent.analysis import analyse
    from agent.personas import choose_groups

    say = report or (lambda _m: None)
    ws = store.workspace
    prev_themes: list[Theme] = previous.themes if previous else []
    prev_c = _previous_centroids(ws, previous.version) if previous else {}
    analysis = analyse(store, k=k, previous=prev_themes, previous_centroids=prev_c, report=say)
    notes = list(analysis.notes)
    if settings.llm_enabled:
        from agent.persona_llm import label_themes

        note = label_themes(settings, ws, analysis.themes)
        if note:
            notes.append(note)
    say("writing personas")
    groups = choose_groups(analysis)
    personas = [persona_offline.write(g, analysis.entities.level, analysis.entities.n) for g in groups]
    if settings.llm_enabled and personas:
        from agent.persona_llm import rewrite_personas

        personas, llm_notes = rewrite_personas(settings, ws, personas, groups, analysis)
        notes.extend(llm_notes)
    if not personas:
        notes.append("no group of customers stands out as costly in this data")
    baseline = {c: round(v, 6) for c, v in analysis.analyzer.baseline.items()}
    counts = {f"{kind}s": n for kind, n in store.records.counts().items()}
    if analysis.entities.level == "account":
        counts["accounts"] = analysis.entities.n
    counts["complaint passages"] = len(analysis.units)
    ps = PersonaSet(
        version=0,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        engine=settings.engine,
        data_fingerprint="",
        personas=personas,
        themes=analysis.themes,
        segments=analysis.segments[:60],
        baseline=baseline,
        counts=counts,
        notes=notes,
    )
    return ps, analysis.centroids


def diff(old: PersonaSet | None, new: PersonaSet) -> dict:
    """What changed since the previous version: personas new/retired/changed, themes new/growing."""
    out: dict = {
        "from_version": old.version if old else None,
        "to_version": new.version,
        "new_personas": [],
        "retired_personas": [],
        "changed_personas": [],
        "new_themes": [],
        "growing_themes": [],
        "shrinking_themes": [],
        "retired_themes": [],
    }
    if old is None:
        out["new_personas"] = [{"id": p.id, "name": p.name} for p in new.personas]
        out["new_themes"] = [{"id": t.id, "label": t.label, "size": t.size} for t in new.themes]
        return out
    old_p = {p.id: p for p in old.personas}
    new_p = {p.id: p for p in new.personas}
    out["new_personas"] = [{"id": i, "name": p.name} for i, p in new_p.items() if i not in old_p]
    out["retired_personas"] = [{"id": i, "name": p.name} for i, p in old_p.items() if i not in new_p]
    for i, p in new_p.items():
        if i in old_p:
            o = old_p[i]
            cost_old = {m.name: m.value for m in o.cost}
            cost_changes = [
                {"metric": m.label, "from": cost_old[m.name], "to": m.value}
                for m in p.cost
                if m.name in cost_old and abs(m.value - cost_old[m.name]) > 1e-9
            ]
            if (
                abs(p.share_customers - o.share_customers) > 1e-9
                or cost_changes
                or p.customers != o.customers
            ):
                out["changed_personas"].append(
                    {
                        "id": i,
                        "name": p.name,
                        "share_from": o.share_customers,
                        "share_to": p.share_customers,
                        "customers_from": o.customers,
                        "customers_to": p.customers,
                        "cost": cost_changes,
                    }
                )
    old_t = {t.id: t for t in old.themes}
    new_t = {t.id: t for t in new.themes}
    out["new_themes"] = [
        {"id": i, "label": t.label, "size": t.size} for i, t in new_t.items() if i not in old_t
    ]
    out["retired_themes"] = [{"id": i, "label": t.label} for i, t in old_t.items() if i not in new_t]
    for i, t in new_t.items():
        if i in old_t and t.size != old_t[i].size:
            entry = {"id": i, "label": t.label, "from": old_t[i].size, "to": t.size}
            (out["growing_themes"] if t.size > old_t[i].size else out["shrinking_themes"]).append(entry)
    out["growing_themes"].sort(key=lambda e: -(e["to"] - e["from"]))
    return out


def _console_reporter() -> Callable[[str], None]:
    from rich.console import Console

    console = Console(stderr=True)
    return lambda m: console.print(f"[dim]…[/] {m}")
