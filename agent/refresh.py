"""Refresh: analyse, write personas, version them atomically, report what changed.

Guarantees: a version is written once and never rewritten (`core.versions`), so readers see the old
personas or the new, never a torn file; two refreshes (CLI and the scheduler) are serialised by
an OS lock; when nothing changed since the last version the refresh is skipped unless forced.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

import numpy as np

from agent import persona_names, persona_stability, theme_timeline
from agent.changes import diff
from core.models import PersonaSet, Theme

if TYPE_CHECKING:
    from core.services import Services
    from core.settings import Settings
    from core.store import Store


@dataclass
class RefreshResult:
    version: int | None
    skipped: bool
    personas: PersonaSet | None
    changes: dict = field(default_factory=dict)
    message: str = ""
    seconds: float = 0.0
    # why: "written" (a new version), "unchanged" (no data changed; forcing rebuilds), "empty" (no data)
    reason: Literal["written", "unchanged", "empty"] = "written"


def data_fingerprint(store: Store, engine_name: str, k: int | None, options: str = "") -> str:
    h = hashlib.sha256()
    h.update(store.records.fingerprint().encode())
    ws = store.workspace
    for p in (ws.accounts_table, ws.accounts_schema, ws.config_file, ws.deals_table, ws.deals_schema):
        if p.exists():
            h.update(hashlib.sha256(p.read_bytes()).hexdigest().encode())
    feedback = store.records.feedback()
    if feedback:  # new feedback is used in the confirmation (agent/review.py)
        h.update(f"|feedback={len(feedback)}:{feedback[-1]['id']}".encode())
    h.update(f"{engine_name}|k={k}|{options}".encode())
    with contextlib.suppress(Exception):  # passages lost or restored change what a refresh can see
        h.update(f"|passages={store.vectors.count()}".encode())
    return h.hexdigest()[:24]


def _wait_for_ingest(workspace, say: Callable[[str], None]) -> None:
    """Let a running ingest finish first, so a refresh never builds from half of its passages."""
    with workspace.lock("ingest", blocking=False) as free:
        if free:
            return
    say("waiting for the running ingest to finish")
    with workspace.lock("ingest"):
        pass


def passage_gap(store) -> str | None:
    """A note when the vector store holds fewer passages than the records need (say what was left out)."""
    try:
        need, have = store.records.chunk_total(), store.vectors.count()
    except Exception:
        return None
    if have >= need:
        return None
    return (
        f"built from {have:,} of the {need:,} passages the stored records have: the vector store is missing "
        f"{need - have:,} (deleted or restored `chroma/`?). Ingest the same files again to embed them."
    )


def refresh(
    services: Services | Settings,
    force: bool = False,
    k: int | None = None,
    report: Callable[[str], None] | None = None,
) -> RefreshResult:
    """Run themes and personas and write a new version (or skip when no data changed)."""
    import time

    from agent.engines import as_services

    t0 = time.perf_counter()
    svc = as_services(services)
    store, versions = svc.store, svc.versions
    say = report or (lambda _m: None)
    with svc.workspace.lock("refresh"):
        _wait_for_ingest(svc.workspace, say)
        numbers = versions.numbers()
        prev = versions.load(numbers[-1]) if numbers else None
        s = svc.settings
        fp = data_fingerprint(
            store,
            svc.engine.name,
            k,
            f"sensitive={s.allow_sensitive}|cap={s.max_persona_share}|confirm={s.persona_fdr},"
            f"{s.persona_min_ratio},{s.persona_holdout},{s.persona_split_seed},{s.persona_min_customers}",
        )
        if prev is not None and prev.data_fingerprint == fp and not force:
            return RefreshResult(
                version=prev.version,
                skipped=True,
                personas=prev,
                message=f"no data changed since version {prev.version}; skipped",
                seconds=time.perf_counter() - t0,
                reason="unchanged",
            )
        if store.records.counts() == {} and store.accounts()[0] is None:
            return RefreshResult(
                version=None,
                skipped=True,
                personas=prev,
                message="nothing ingested yet: run `antipersona ingest PATH` first",
                reason="empty",
            )
        ps, centroids, snap = build(svc, k=k, previous=prev, report=say)
        gap = passage_gap(store)
        if gap:
            ps.notes.insert(0, gap)
            say(gap)
        ps.version = (numbers[-1] if numbers else 0) + 1
        ps.data_fingerprint = fp
        old_snap = persona_stability.load_snapshot(svc.workspace, prev.version if prev else None)
        changes = diff(prev, ps, old_snap.units if old_snap else None, snap.units)
        add_feedback_lines(changes, ps, prev, svc)
        persona_stability.save_snapshot(svc.workspace, ps.version, snap)  # before the commit point
        versions.commit(ps, changes, centroids)
        return RefreshResult(
            version=ps.version,
            skipped=False,
            personas=ps,
            changes=changes,
            message=f"wrote personas version {ps.version}",
            seconds=time.perf_counter() - t0,
        )


def add_feedback_lines(changes: dict, ps: PersonaSet, prev: PersonaSet | None, services: Services) -> None:
    """The change report's feedback (recorded since the previous version) and per-persona validation."""
    from agent.feedback import all_feedback
    from agent.review import validation_lines

    # Feedback is picked by id, not by time: timestamps have one-second resolution, so feedback recorded in
    # the second the previous version was written was left out of every report (`created_at > since`).
    # A version written before `feedback_through` existed: everything from its second on (a rare repeat
    # beats a silent loss; agent/review.py counts the same way).
    every = all_feedback(services)
    through = services.versions.changes(prev.version).get("feedback_through") if prev else None
    if isinstance(through, int):
        fb = [f for f in every if f.id > through]
    elif prev is not None:
        fb = [f for f in every if f.created_at >= prev.created_at]
    else:
        fb = every
    changes["feedback_through"] = max((f.id for f in every), default=0)  # the last id this report has seen
    changes["feedback"] = [
        f"{f.outcome.replace('_', ' ')} on {f.verdict_id}" + (f" (persona {f.persona_id})" if f.persona_id else "")
        + (f": {f.note}" if f.note else "")
        for f in fb
    ]
    changes["validation"] = validation_lines(ps.validation, fb)


def build(
    services: Services,
    k: int | None = None,
    previous: PersonaSet | None = None,
    report: Callable[[str], None] | None = None,
) -> tuple[PersonaSet, dict[int, np.ndarray], persona_stability.Snapshot]:
    """Analysis + personas, no writing (the refresh wraps this with versioning). Personas that continue
    one of the previous version's keep its id, name and quotes (agent/persona_stability.py)."""
    from agent.analysis import analyse
    from agent.confirm import confirmed_groups

    say = report or (lambda _m: None)
    store, engine = services.store, services.engine
    prev_themes: list[Theme] = previous.themes if previous else []
    prev_c = services.versions.centroids(previous.version) if previous else {}
    analysis = analyse(store, k=k, previous=prev_themes, previous_centroids=prev_c, report=say)
    notes = list(analysis.notes)
    notes += engine.label_themes(analysis.themes)
    if services.settings.theme_refine:
        notes += refine_themes(engine, analysis)
    say("writing personas")
    groups, confirmation = confirmed_groups(
        analysis, services.settings, previous=previous.personas if previous else None
    )
    personas, writer_notes = engine.write_personas(groups, analysis)
    notes += writer_notes
    masks = [g.mask for g in groups]
    if previous is not None:
        old_snap = persona_stability.load_snapshot(services.workspace, previous.version)
        personas = persona_stability.stabilise(personas, masks, previous.personas, old_snap, analysis)
        personas, masks = persona_stability.previous_order(personas, masks, previous.personas)
    personas = persona_names.distinct(personas)
    snap = persona_stability.snapshot(analysis, personas, masks)
    if not personas:
        notes.append(
            f"{confirmation.message}; fit checks rest on the outcome model alone"
            if confirmation.message
            else "no group of customers stands out as costly in this data"
        )
    from agent.deal_personas import deal_personas

    say("reading the sales pipeline")
    deal_ps, deal_info, deal_notes, _table = deal_personas(
        store, services.settings, previous=previous.deal_personas if previous else None, customer=personas
    )
    notes += deal_notes
    baseline = {c: round(v, 6) for c, v in analysis.analyzer.baseline.items()}
    counts = {f"{kind}s": n for kind, n in store.records.counts().items()}
    if analysis.entities.level == "account":
        counts["accounts"] = analysis.entities.n
    counts["complaint passages"] = len(analysis.units)
    if _table is not None:
        counts["deals"] = _table.entities.n
    ps = PersonaSet(
        version=0,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        engine=engine.name,
        data_fingerprint="",
        personas=personas,
        themes=analysis.themes,
        theme_choice=analysis.theme_choice,
        theme_timeline=theme_timeline.from_analysis(analysis),
        segments=analysis.segments[:60],
        baseline=baseline,
        counts=counts,
        notes=notes,
        confirmation=confirmation,
        deal_personas=deal_ps,
        deal_confirmation=deal_info,
    )
    from agent.feedback import all_feedback
    from agent.review import apply_reviews, validate

    apply_reviews(ps, validate(previous, _table, all_feedback(services)))
    set_money_units(ps, analysis.analyzer.roles, services.settings.currency)
    return ps, analysis.centroids, snap


def refine_themes(engine, analysis) -> list[str]:
    """The engine's proposed merges and names, of which only the safe part is applied (agent/theme_merge.py)."""
    from agent import theme_merge

    proposal, notes = engine.refine_themes(theme_merge.briefs(analysis))
    return notes + (theme_merge.apply(analysis, proposal) if proposal is not None else [])


def column_unit(column: str) -> str:
    """A revenue column's unit from its name: 'mrr' → 'MRR', 'revenue_eur' → 'EUR'; '' when it names none."""
    words = [w for w in re.split(r"[^A-Za-z]+|(?<=[a-z])(?=[A-Z])", column) if w]
    for w in words:
        if w.upper() in {"USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "INR", "SEK", "NOK", "DKK"}:
            return w.upper()
    return column.upper() if len(words) == 1 and len(column) <= 4 else ""


def set_money_units(ps: PersonaSet, roles: dict[str, str], currency: str) -> None:
    """Every money metric of the version carries its unit (the currency setting, else the column's)."""
    revenue_col = next((c for c, r in roles.items() if r == "revenue"), "")
    unit = currency.strip() or column_unit(revenue_col)
    if not unit:
        return
    metrics = [m for p in ps.personas for m in p.cost] + [m for t in ps.themes for m in t.metrics]
    metrics += [m for s in ps.segments for m in s.metrics]
    for m in metrics:
        if m.name == "lost_revenue" or roles.get(m.name) == "revenue":
            m.unit = unit
