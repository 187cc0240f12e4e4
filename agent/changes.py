"""The change report: what changed since the previous version, material change apart from noise.

A manager reads every line as a trend, so only three things are material: a persona appears, a persona
disappears, or a persona's effect moves outside the interval the previous version gave it. Everything
else — a few customers in or out, metric values moving inside their intervals, passages that re-clustering
moved between themes — is noise and is said to be noise. A theme grows only by the new complaint passages it
received (passages the previous version did not have); passages it took from other themes are not growth.
When nothing material changed the report says "no material change".
"""

from __future__ import annotations

from core.models import Metric, Persona, PersonaSet

NO_MATERIAL = "no material change"


def effect(p: Persona) -> tuple[str, str, float, float | None, float | None] | None:
    """(metric name, label, value, low, high) of the persona's headline effect: the confirmed one when the
    version confirmed its personas (as a ratio to the confirmation baseline, the scale of its interval),
    else its first cost metric. The names differ, so a confirmed effect is never compared with a raw one."""
    c = p.confirmed
    if c is not None:
        return f"{c.metric} (confirmed)", f"{c.label} × baseline", c.ratio, c.low, c.high
    if p.cost:
        m: Metric = p.cost[0]
        return m.name, m.label, m.value, m.low, m.high
    return None


def _moved(old: Persona, new: Persona) -> dict | None:
    """The headline effect left the previous interval."""
    eo, en = effect(old), effect(new)
    if eo is None or en is None or eo[0] != en[0] or eo[3] is None or eo[4] is None:
        return None
    if eo[3] <= en[2] <= eo[4]:
        return None
    return {"metric": en[1], "from": eo[2], "to": en[2], "low": eo[3], "high": eo[4]}


def theme_growth(old_units: dict[str, int] | None, new_units: dict[str, int] | None) -> dict[int, int]:
    """New passages (absent from the previous version) per theme: the only growth a theme can claim."""
    if old_units is None or new_units is None:
        return {}
    out: dict[int, int] = {}
    for key, tid in new_units.items():
        if key not in old_units and tid >= 0:
            out[tid] = out.get(tid, 0) + 1
    return out


def diff(
    old: PersonaSet | None,
    new: PersonaSet,
    old_units: dict[str, int] | None = None,
    new_units: dict[str, int] | None = None,
) -> dict:
    """Personas new/retired/changed (material or not), themes new/growing/retired, and the summary lines."""
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
        "material": [],
        "noise": [],
        "summary": "",
    }
    if old is None:
        out["new_personas"] = [{"id": p.id, "name": p.name} for p in new.personas]
        out["new_themes"] = [{"id": t.id, "label": t.label, "size": t.size} for t in new.themes]
        out["summary"] = f"first version: {len(new.personas)} personas, {len(new.themes)} themes"
        return out
    old_p = {p.id: p for p in old.personas}
    new_p = {p.id: p for p in new.personas}
    material: list[str] = []
    noise: list[str] = []
    for i, p in new_p.items():
        if i not in old_p:
            out["new_personas"].append({"id": i, "name": p.name})
            material.append(f"new persona: {p.name}")
    for i, p in old_p.items():
        if i not in new_p:
            out["retired_personas"].append({"id": i, "name": p.name})
            material.append(f"retired persona: {p.name}")
    quiet = 0
    for i, p in new_p.items():
        o = old_p.get(i)
        if o is None:
            continue
        moved = _moved(o, p)
        cost_old = {m.name: m.value for m in o.cost}
        entry = {
            "id": i,
            "name": p.name,
            "share_from": o.share_customers,
            "share_to": p.share_customers,
            "customers_from": o.customers,
            "customers_to": p.customers,
            "cost": [
                {"metric": m.label, "from": cost_old[m.name], "to": m.value}
                for m in p.cost
                if m.name in cost_old and abs(m.value - cost_old[m.name]) > 1e-9
            ],
            "material": moved is not None,
        }
        if moved:
            entry["effect"] = moved
            material.append(
                f"{p.name}: {moved['metric']} {_n(moved['from'])} → {_n(moved['to'])}, outside the previous "
                f"interval {_n(moved['low'])}–{_n(moved['high'])}"
            )
        if moved or entry["cost"] or p.customers != o.customers:
            out["changed_personas"].append(entry)
            quiet += not moved
    if quiet:
        noise.append(
            f"{quiet} persona(s) moved within their previous intervals (members or values): not material"
        )

    old_t = {t.id: t for t in old.themes}
    new_t = {t.id: t for t in new.themes}
    growth = theme_growth(old_units, new_units)
    known = old_units is not None and new_units is not None
    out["new_themes"] = [
        {"id": i, "label": t.label, "size": t.size} for i, t in new_t.items() if i not in old_t
    ]
    out["retired_themes"] = [{"id": i, "label": t.label} for i, t in old_t.items() if i not in new_t]
    reclustered = 0
    for i, t in new_t.items():
        if i not in old_t or t.size == old_t[i].size:
            continue
        fresh = growth.get(i, 0) if known else max(0, t.size - old_t[i].size)
        entry = {"id": i, "label": t.label, "from": old_t[i].size, "to": t.size, "new_passages": fresh}
        if t.size > old_t[i].size and fresh >= max(3, 0.05 * old_t[i].size):
            out["growing_themes"].append(entry)
        elif t.size < old_t[i].size:
            out["shrinking_themes"].append(entry)
        reclustered += max(0, t.size - old_t[i].size - fresh)  # gains the new passages do not explain
    out["growing_themes"].sort(key=lambda e: -e["new_passages"])
    for t in out["growing_themes"][:5]:
        noise.append(f"theme {t['label']}: {t['new_passages']} new complaint passages")
    if out["new_themes"] or out["retired_themes"]:
        noise.append(
            f"themes re-clustered: {len(out['new_themes'])} new, {len(out['retired_themes'])} retired"
        )
    if reclustered:
        noise.append(f"about {reclustered} passages moved between themes by re-clustering: not growth")
    out["material"] = material
    out["noise"] = noise
    out["summary"] = f"{len(material)} material change(s)" if material else NO_MATERIAL
    return out


def _n(x: float) -> str:
    return f"{x:.2f}" if abs(x) < 10 else f"{x:,.0f}"
