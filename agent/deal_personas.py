"""Personas of prospects who rarely buy: groups of deals that convert less, close slower, win only with deep
concessions or stall, confirmed like customer personas (agent/confirm.py: searched on half the prospects,
confirmed on the other half with the false-discovery rate controlled across every candidate).

Each says what it rests on (`evidence`: the pipeline, or both when customers show the same group costly),
what excluding it would cost (the deals won inside it and their value), the win rate and cycle it implies,
its loss reasons counted and its deal notes quoted verbatim with their record ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from agent.deals import DealTable, deal_table
from agent.persona_offline import condition_phrase, trait_category
from agent.quotes import verify
from core.models import Confirmation, ExclusionCost, Persona, Quote, Trait

if TYPE_CHECKING:
    from agent.personas import Evidence
    from core.settings import Settings
    from core.store import Store

KIND_NAMES = {
    "win_rate": "Engage but rarely buy",
    "cycle_days": "Drag the sales cycle out",
    "concession": "Win only with deep concessions",
    "stalled": "Stall in the open pipeline",
    "sales_effort": "Take far more selling",
}


def deal_analysis(store: Store, table: DealTable):
    """An Analysis over the deals (no complaint passages: deal notes are quoted per persona instead)."""
    from agent.analysis import Analysis

    segments, masks = table.analyzer.segments()
    return Analysis(
        units=[],
        vectors=np.zeros((0, 1), dtype=np.float32),
        unit_theme=np.zeros(0, dtype=int),
        themes=[],
        centroids={},
        entities=table.entities,
        analyzer=table.analyzer,
        segments=segments,
        masks=masks,
        records=pd.DataFrame(columns=["id", "kind", "customer_id", "rating", "metadata"]),
        record_theme={},
        record_kind={},
        n_records=0,
        n_chunks=0,
        store=store,
        notes=list(table.notes),
    )


def deal_personas(
    store: Store,
    settings: Settings,
    previous: list[Persona] | None = None,
    customer: list[Persona] | None = None,
) -> tuple[list[Persona], Confirmation | None, list[str], DealTable | None]:
    """(personas, how the confirmation went, notes, the deal table) — nothing when no deals are ingested."""
    from agent.confirm import confirmed_groups

    deals, schema = store.deals()
    accounts, acc_schema = store.accounts()
    table = deal_table(deals, schema, accounts, acc_schema, settings.allow_sensitive)
    if table is None:
        return [], None, [], None
    analysis = deal_analysis(store, table)
    groups, info = confirmed_groups(analysis, settings, previous=previous)
    info.message = info.message.replace("feedback records", "deals").replace("customers", "deals")
    customer_keys = {tuple(sorted(p.segments)) for p in customer or []}
    personas = [write_deal_persona(store, table, g, customer_keys) for g in groups]
    return personas, info, list(table.notes), table


def _rate(values: np.ndarray, mask: np.ndarray) -> float | None:
    v = values[mask]
    v = v[np.isfinite(v)]
    return float(v.mean()) if len(v) else None


def implied(table: DealTable, mask: np.ndarray) -> dict[str, float]:
    """The group's win rate, cycle, concession and stalled share beside the pipeline's (baseline_*)."""
    df = table.entities.df
    out: dict[str, float] = {"deals": float(mask.sum())}
    for col in ("won", "cycle_days", "concession", "stalled"):
        if col not in df:
            continue
        v = df[col].to_numpy(dtype=float)
        name = "win_rate" if col == "won" else col
        inside, base = _rate(v, mask), _rate(v, np.ones(len(v), dtype=bool))
        if inside is not None and base is not None:
            out[name], out[f"baseline_{name}"] = round(inside, 4), round(base, 4)
    return out


def exclusion(table: DealTable, mask: np.ndarray) -> ExclusionCost:
    """Excluding the group turns away the deals it still wins, and their value."""
    df = table.entities.df
    won = mask & (df["status"] == "won").to_numpy()
    value = float(np.nansum(df["amount"].to_numpy(dtype=float)[won])) if "amount" in df else None
    members = int(mask.sum())
    return ExclusionCost(
        members=members,
        healthy=int(won.sum()),
        share=int(won.sum()) / max(1, members),
        revenue=value,
        revenue_label="won deal value",
        healthy_means="won",
    )


def _quotes(store: Store, table: DealTable, mask: np.ndarray, n: int = 4) -> tuple[list[Quote], list[str]]:
    """Verbatim deal notes of the group's lost deals (record ids `deal:<id>`) and its loss reasons counted."""
    df = table.entities.df
    lost = df[mask & (df["status"] == "lost").to_numpy()]
    ids = [f"deal:{d}" for d in lost["id"].astype(str)]
    records = store.records.get_many(ids[:400])
    reasons: Counter[str] = Counter()
    quotes: list[Quote] = []
    said: set[str] = set()
    for rid in ids[:400]:
        rec = records.get(rid)
        if rec is None:
            continue
        lines = [ln.strip() for ln in rec.text.split("\n") if ln.strip()]
        for ln in lines:
            if ln.startswith("Loss reason: "):
                reasons[ln[len("Loss reason: ") :]] += 1
        body = next((ln for ln in lines if not ln.startswith("Loss reason: ") and len(ln) >= 12), None)
        if body and len(quotes) < n and body.lower() not in said:
            q = verify(body[:240], rid, records)
            if q is not None:
                said.add(body.lower())
                quotes.append(q)
    total = sum(reasons.values())
    top = [f"{r} ({c:,} of {total:,} lost deals with a reason)" for r, c in reasons.most_common(3)]
    return quotes, top


def persona_key(ev: Evidence) -> str:
    return "deal-" + hashlib.sha256(ev.key.encode()).hexdigest()[:8]


def write_deal_persona(store: Store, table: DealTable, ev: Evidence, customer_keys: set[tuple]) -> Persona:
    """The persona's prose from its numbers (every number here is measured)."""
    from agent.render import role_of

    eff = ev.confirmed
    role = role_of(eff) if eff is not None else "win_rate"
    kind = KIND_NAMES.get(role, "Rarely buy")
    phrases = [condition_phrase(c, v) for c, v in ev.conditions]
    who = ", ".join(phrases)
    imp = implied(table, ev.mask)
    excl = exclusion(table, ev.mask)
    quotes, reasons = _quotes(store, table, ev.mask)
    facts = []
    if "win_rate" in imp:
        facts.append(f"win {imp['win_rate']:.0%} of closed deals (pipeline: {imp['baseline_win_rate']:.0%})")
    if "cycle_days" in imp:
        facts.append(
            f"take {imp['cycle_days']:.0f} days to close (pipeline: {imp['baseline_cycle_days']:.0f})"
        )
    if "concession" in imp:
        facts.append(
            f"win at {imp['concession']:.0f}% below list (pipeline: {imp['baseline_concession']:.0f}%)"
        )
    segments = [f"{c}={v}" for c, v in ev.conditions]
    evidence = "both" if tuple(sorted(segments)) in customer_keys else "deals"
    value = f", {excl.revenue:,.0f} in value" if excl.revenue else ""
    notes = [f"top loss reasons: {'; '.join(reasons)}"] if reasons else []
    return Persona(
        id=persona_key(ev),
        name=f"{kind} — {' and '.join(phrases)}",  # no colon, no comma list (issue 12)
        summary=f"Prospects with {who} " + "; ".join(facts) + f" ({ev.size:,} deals).",
        narrative=(
            f"In the sales pipeline, deals with {who} "
            + ", ".join(facts)
            + ". Excluding them would turn away "
            f"{excl.healthy:,} won deals{value}."
        ),
        traits=[Trait(category=trait_category(c), text=condition_phrase(c, v)) for c, v in ev.conditions],
        cost=ev.metrics,
        why_not_fit="; ".join(facts),
        share_customers=ev.share,
        customers=ev.size,
        quotes=quotes,
        segments=segments,
        notes=notes,
        context=ev.context,
        exclusion=excl,
        confirmed=eff,
        evidence=evidence,
        implied=imp,
    )
