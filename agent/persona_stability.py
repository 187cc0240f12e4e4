"""Persona stability across refreshes: the same group of customers keeps its id, name and quotes.

A manager reads a renamed persona with new quotes as a new finding. When a little data arrives the search
may pick a slightly different definition of the same group, the theme keyword in its name may move and the
nearest-to-centroid quotes may swap. None of that is news. So after each refresh every new persona is
matched to the previous version's personas by the overlap of their members (Jaccard ≥ 0.5, best pairs
first, one to one); a matched persona inherits the previous id and name (same engine; an offline name
spells out its conditions, so it is kept while they are), and keeps each previous quote while its record
still exists, still says it verbatim and still belongs to a member. A quote is replaced only when that
fails; the free places are filled from the new candidates.

Members of each version are kept beside it (personas/members/vNNNN.json: entity keys per persona id, plus
the complaint passages the version saw, so the change report can tell new complaints from re-clustering).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.models import Persona, Quote
from core.workspace import Workspace, atomic_write_json

JACCARD = 0.5
MAX_QUOTES = 5


@dataclass
class Snapshot:
    """What a version's personas and themes were made of, for the next refresh to compare with."""

    members: dict[str, list[str]] = field(default_factory=dict)  # persona id -> entity keys
    units: dict[str, int] = field(default_factory=dict)  # complaint passage key -> theme id


def snapshot_path(ws: Workspace, version: int) -> Path:
    """Beside the versions but not among them (readers list personas/v*.json as versions)."""
    return ws.personas_dir / "members" / f"v{version:04d}.json"


def save_snapshot(ws: Workspace, version: int, snap: Snapshot) -> None:
    path = snapshot_path(ws, version)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_json(path, {"members": snap.members, "units": snap.units})


def load_snapshot(ws: Workspace, version: int | None) -> Snapshot | None:
    if version is None:
        return None
    path = snapshot_path(ws, version)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Snapshot(
        members=data.get("members", {}), units={k: int(v) for k, v in data.get("units", {}).items()}
    )


def entity_keys(analysis) -> np.ndarray:
    """The key of each analysed entity: customer id (accounts) or record id (feedback records)."""
    df = analysis.entities.df
    col = "customer_id" if analysis.entities.level == "account" else "id"
    return df[col].astype(str).to_numpy()


def unit_key(u) -> str:
    return f"{u.record_id}#{u.start}"


def snapshot(analysis, personas: list[Persona], masks: list[np.ndarray]) -> Snapshot:
    keys = entity_keys(analysis)
    aligned = len(personas) == len(masks)  # an engine that dropped a persona: members unknown, not guessed
    return Snapshot(
        members={p.id: keys[m].tolist() for p, m in zip(personas, masks, strict=True)} if aligned else {},
        units={unit_key(u): int(t) for u, t in zip(analysis.units, analysis.unit_theme, strict=True)},
    )


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def match(new: dict[str, set[str]], old: dict[str, set[str]], threshold: float = JACCARD) -> dict[str, str]:
    """new persona id -> old persona id, one to one, best overlaps first, only pairs at or above threshold."""
    pairs = sorted(
        ((jaccard(n, o), nid, oid) for nid, n in new.items() for oid, o in old.items()),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    out: dict[str, str] = {}
    taken: set[str] = set()
    for j, nid, oid in pairs:
        if j < threshold:
            break
        if nid in out or oid in taken:
            continue
        out[nid] = oid
        taken.add(oid)
    return out


def keep_quotes(old: list[Quote], new: list[Quote], members: set[str], records, level: str) -> list[Quote]:
    """Previous quotes that still hold (record there, text verbatim, author still a member), then new ones."""
    from agent import quote_filter
    from agent.quotes import verify

    kept: list[Quote] = []
    for q in old:
        owner = q.customer_id if level == "account" else q.record_id
        if owner is not None and str(owner) not in members:
            continue
        v = verify(q.text, q.record_id, records)
        if v is not None and quote_filter.reason(q.text) is None:  # a quote that still reads as one
            kept.append(q)
    used = {q.record_id for q in kept}
    texts = {q.text.lower() for q in kept}
    for q in new:
        if len(kept) >= max(len(new), len(old), 1) or len(kept) >= MAX_QUOTES:
            break
        if q.record_id not in used and q.text.lower() not in texts:
            kept.append(q)
            used.add(q.record_id)
            texts.add(q.text.lower())
    return kept[:MAX_QUOTES]


def stabilise(
    personas: list[Persona],
    masks: list[np.ndarray],
    previous: list[Persona],
    previous_snapshot: Snapshot | None,
    analysis,
) -> list[Persona]:
    """New personas with the ids, names and quotes of the previous personas they continue."""
    if not previous or previous_snapshot is None or not personas or len(personas) != len(masks):
        return personas
    keys = entity_keys(analysis)
    new_members = {p.id: set(keys[m].tolist()) for p, m in zip(personas, masks, strict=True)}
    if len(new_members) < len(personas):  # two personas with one id: match by position instead
        return personas
    old_members = {pid: set(v) for pid, v in previous_snapshot.members.items()}
    pairs = match(new_members, old_members)
    by_id = {p.id: p for p in previous}
    records = None
    out: list[Persona] = []
    claimed = set(pairs.values())
    for p in personas:
        oid = pairs.get(p.id)
        prev = by_id.get(oid) if oid else None
        if prev is None:
            if p.id in claimed and p.id not in pairs:  # its id now belongs to the persona that continues it
                p = p.model_copy(update={"id": _fresh_id(p.id, claimed | {x.id for x in personas})})
            out.append(p)
            continue
        if records is None and analysis.store is not None:
            ids = {q.record_id for x in previous for q in x.quotes} | {
                q.record_id for x in personas for q in x.quotes
            }
            records = analysis.store.records.get_many(ids)
        quotes = keep_quotes(prev.quotes, p.quotes, new_members[p.id], records or {}, analysis.entities.level)
        update: dict = {"id": prev.id, "quotes": quotes}
        if prev.engine == p.engine and (set(prev.segments) == set(p.segments) or p.engine != "offline"):
            update["name"] = prev.name  # an offline name spells out its conditions: new ones, new name
        out.append(p.model_copy(update=update))
    return out


def previous_order(
    personas: list[Persona], masks: list[np.ndarray], previous: list[Persona]
) -> tuple[list[Persona], list[np.ndarray]]:
    """Personas that continue the previous version's keep its order (a refresh with no material change
    shows the same list, even when two costs are close or a continued persona is ranked by a different
    rule than when it was found); new ones follow in their own order."""
    rank = {p.id: i for i, p in enumerate(previous)}
    order = sorted(range(len(personas)), key=lambda i: (rank.get(personas[i].id, len(rank)), i))
    return [personas[i] for i in order], [masks[i] for i in order] if len(masks) == len(personas) else masks


def _fresh_id(pid: str, taken: set[str]) -> str:
    i = 2
    while f"{pid}-{i}" in taken:
        i += 1
    return f"{pid}-{i}"
