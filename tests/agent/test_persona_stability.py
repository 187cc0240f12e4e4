"""Persona matching across versions and the material/noise change report, on hand-made versions."""

from agent.changes import NO_MATERIAL, diff, theme_growth
from agent.persona_stability import keep_quotes, match
from core.models import Metric, Persona, PersonaSet, Quote, Record, Theme


def _persona(pid: str, churn: float, low: float, high: float, customers: int = 50) -> Persona:
    m = Metric(name="churn", label="churn rate", value=churn, baseline=0.2, n=customers, low=low, high=high)
    return Persona(id=pid, name=pid.upper(), summary="", narrative="", cost=[m], customers=customers)


def _set(version: int, personas: list[Persona], themes: list[Theme] | None = None) -> PersonaSet:
    return PersonaSet(
        version=version,
        created_at="",
        engine="offline",
        data_fingerprint="",
        personas=personas,
        themes=themes or [],
    )


def test_match_pairs_best_overlaps_one_to_one_above_the_threshold():
    old = {"a": set("abcdefgh"), "b": set("pqrs")}
    new = {"x": set("abcdefg"), "y": set("abcd"), "z": set("pqxyzw")}
    assert match(new, old) == {"x": "a"}  # y overlaps a too, but a is taken; z overlaps b by 4/10 only


def test_values_inside_the_previous_interval_are_noise_outside_material():
    old = _set(1, [_persona("p1", 0.5, 0.4, 0.6), _persona("p2", 0.45, 0.4, 0.5)])
    same = _set(2, [_persona("p1", 0.55, 0.45, 0.65, 52), _persona("p2", 0.46, 0.41, 0.51)])
    ch = diff(old, same)
    assert ch["summary"] == NO_MATERIAL and ch["material"] == [] and ch["noise"]
    moved = _set(2, [_persona("p1", 0.7, 0.6, 0.8), _persona("p3", 0.5, 0.4, 0.6)])
    ch = diff(old, moved)
    assert ch["summary"] == "3 material change(s)"
    assert any("outside the previous interval" in line for line in ch["material"])
    assert ch["new_personas"] == [{"id": "p3", "name": "P3"}] and ch["retired_personas"][0]["id"] == "p2"


def test_theme_growth_counts_only_new_passages():
    old_units = {f"r{i}#0": 1 for i in range(80)} | {f"s{i}#0": 2 for i in range(80)}
    # re-clustering moves 40 passages from theme 2 to theme 1; 2 new passages arrive in theme 1
    new_units = {f"r{i}#0": 1 for i in range(80)} | {f"s{i}#0": 1 if i < 40 else 2 for i in range(80)}
    new_units |= {"n1#0": 1, "n2#0": 1}
    assert theme_growth(old_units, new_units) == {1: 2}
    old = _set(1, [], [Theme(id=1, label="Discount", size=80), Theme(id=2, label="Sync", size=80)])
    new = _set(2, [], [Theme(id=1, label="Discount", size=122), Theme(id=2, label="Sync", size=40)])
    ch = diff(old, new, old_units, new_units)
    assert ch["growing_themes"] == [] and ch["summary"] == NO_MATERIAL
    assert any("re-clustering" in line for line in ch["noise"])


def test_quotes_are_kept_while_their_record_holds_them_and_replaced_when_gone():
    recs = {
        "r1": Record(id="r1", kind="ticket", text="The invoice sync broke again today.", customer_id="c1"),
        "r2": Record(id="r2", kind="ticket", text="We need white-label invoices.", customer_id="c2"),
    }
    old = [
        Quote(text="The invoice sync broke again today.", record_id="r1", customer_id="c1"),
        Quote(text="Gone record text here.", record_id="r9", customer_id="c1"),
    ]
    new = [
        Quote(text="We need white-label invoices.", record_id="r2", customer_id="c2"),
        Quote(text="The invoice sync broke again today.", record_id="r1", customer_id="c1"),
    ]
    kept = keep_quotes(old, new, {"c1", "c2"}, recs, "account")
    assert [q.record_id for q in kept] == ["r1", "r2"]
    # the author left the group: the quote goes
    assert [q.record_id for q in keep_quotes(old, new[:1], {"c2"}, recs, "account")] == ["r2"]
