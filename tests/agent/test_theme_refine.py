"""The LLM theme refinement through the real openai/langchain clients and the scripted server: it may only
merge alike existing themes (members: the union) and rename; anything else is refused with a note."""

import numpy as np
import pytest

from agent import theme_merge
from agent.engines.llm import LLMEngine
from agent.engines.offline import OfflineEngine
from agent.refresh import refine_themes
from agent.themes_run import run_themes
from tests.fakes.openai_server import Malformed

pytestmark = pytest.mark.shared


def _pairs(a):
    ids = [t.id for t in a.themes]
    sims = {(i, j): float(a.centroids[i] @ a.centroids[j]) for i in ids for j in ids if i < j}
    return sorted(sims, key=sims.get), sims


def test_a_valid_merge_is_applied_with_the_union_of_members(banking_ws, llm_settings, openai_server):
    a = run_themes(banking_ws[0]).analysis
    pairs, sims = _pairs(a)
    i, j = pairs[-1]
    assert sims[(i, j)] >= theme_merge.MIN_SIM
    before = {t.id: t.size for t in a.themes}
    members = set(np.where(np.isin(a.unit_theme, [i, j]))[0])
    n_themes, other = len(a.themes), next(t.id for t in a.themes if t.id not in (i, j))
    openai_server.script(
        {
            "merges": [{"ids": [i, j], "label": "Card Arrival Delays"}],
            "names": [{"id": other, "label": "Top-Up Failures"}],
        }
    )
    notes = refine_themes(LLMEngine(llm_settings), a)
    keep = i if before[i] >= before[j] else j
    assert len(a.themes) == n_themes - 1 and a.theme_choice.k == n_themes - 1
    merged = next(t for t in a.themes if t.id == keep)
    assert merged.label == "Card Arrival Delays" and merged.merged_from == sorted([i, j])
    assert set(np.where(a.unit_theme == keep)[0]) == members  # the union, not a passage more
    assert merged.size == len(members) == before[i] + before[j]
    assert (i if keep == j else j) not in a.centroids and (i if keep == j else j) not in a.unit_theme
    assert all(
        a.record_theme[u.record_id] in {t.id for t in a.themes}
        for u, t in zip(a.units, a.unit_theme, strict=True)
        if t >= 0
    )
    assert next(t for t in a.themes if t.id == other).label == "Top-Up Failures"
    assert any("merged into" in n for n in notes)
    # the model saw ids, labels and passages only inside the data block
    user = openai_server.chat_requests[-1].messages[-1]["content"]
    assert "<data>" in user and f'"id": {i}' in user


def test_invented_ids_dissimilar_merges_and_bad_names_are_refused(banking_ws, llm_settings, openai_server):
    a = run_themes(banking_ws[0]).analysis
    pairs, sims = _pairs(a)
    lo = pairs[0]
    assert sims[lo] < theme_merge.MIN_SIM
    unit_theme, labels = a.unit_theme.copy(), {t.id: t.label for t in a.themes}
    invented = max(labels) + 100
    openai_server.script(
        {
            "merges": [{"ids": [lo[0], invented], "label": "X"}, {"ids": list(lo), "label": "Everything"}],
            "names": [{"id": invented, "label": "New Theme"}, {"id": lo[0], "label": "Call 0800123456 now"}],
        }
    )
    notes = refine_themes(LLMEngine(llm_settings), a)
    assert np.array_equal(a.unit_theme, unit_theme) and {t.id: t.label for t in a.themes} == labels
    assert any("refused (no theme" in n for n in notes) and any("too unlike" in n for n in notes)
    assert all(not t.merged_from for t in a.themes)


def test_malformed_json_keeps_the_unrefined_themes_with_a_note(banking_ws, llm_settings, openai_server):
    a = run_themes(banking_ws[0]).analysis
    unit_theme, labels = a.unit_theme.copy(), {t.id: t.label for t in a.themes}
    openai_server.default = lambda _r: Malformed()
    notes = refine_themes(LLMEngine(llm_settings.model_copy(update={"llm_max_retries": 0})), a)
    assert np.array_equal(a.unit_theme, unit_theme) and {t.id: t.label for t in a.themes} == labels
    assert any("refinement unavailable" in n and "themes kept" in n for n in notes)


def test_offline_engine_proposes_nothing(banking_ws):
    a = run_themes(banking_ws[0]).analysis
    labels = {t.id: t.label for t in a.themes}
    assert refine_themes(OfflineEngine(), a) == []
    assert {t.id: t.label for t in a.themes} == labels


def test_the_refresh_records_a_merge_in_the_version_and_the_setting_turns_it_off(banking_ws):
    from agent.engines import open_services
    from agent.engines.scripted import ScriptedEngine
    from agent.refresh import build

    settings = banking_ws[0]
    a = run_themes(settings).analysis
    pairs, _ = _pairs(a)
    proposal = theme_merge.ThemeRefinement(
        merges=[theme_merge.ThemeMerge(ids=list(pairs[-1]), label="Card Fees")]
    )
    on = ScriptedEngine(refinements=[proposal])
    ps, centroids, _ = build(open_services(settings, engine=on))
    merged = [t for t in ps.themes if t.merged_from]
    assert [t.merged_from for t in merged] == [sorted(pairs[-1])] and merged[0].label == "Card Fees"
    assert set(centroids) == {t.id for t in ps.themes} and any("merged into" in n for n in ps.notes)
    off = ScriptedEngine(refinements=[proposal])
    ps, _, _ = build(open_services(settings.model_copy(update={"theme_refine": False}), engine=off))
    assert not any(t.merged_from for t in ps.themes) and "refine_themes" not in [c[0] for c in off.calls]
