"""Stability across refreshes on the bundled examples: 1% more tickets changes no persona's id, name or quotes,
and the change report says there is no material change."""

import shutil

import pandas as pd
import pytest

from agent.refresh import refresh
from core.settings import Settings
from ingest.pipeline import ingest_paths
from ui.serve import EXAMPLES, example_files


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    """Version 1 without 1% of the records (10 tickets held out), version 2 with them ingested."""
    folder = tmp_path_factory.mktemp("ex")
    for p in example_files():
        (shutil.copytree if p.is_dir() else shutil.copy)(p, folder / p.name)
    tickets = pd.read_csv(EXAMPLES / "tickets.csv", dtype=str, keep_default_na=False)
    held = tickets.iloc[7::55]  # every 55th ticket: 10 of ~1,000 records
    assert len(held) == 10
    tickets.drop(held.index).to_csv(folder / "tickets.csv", index=False)
    settings = Settings(_env_file=None, workspace=folder / "ws")
    ingest_paths([folder / p.name for p in example_files()], settings=settings)
    before = refresh(settings, force=True).personas
    shutil.copy(EXAMPLES / "tickets.csv", folder / "tickets.csv")
    report = ingest_paths([folder / "tickets.csv"], settings=settings)
    assert report.ingested_anything
    after = refresh(settings)
    return before, after


def test_one_percent_more_tickets_keeps_every_persona(two_versions):
    before, after = two_versions
    assert not after.skipped and after.version == before.version + 1
    assert before.personas
    old = {p.id: p for p in before.personas}
    new = {p.id: p for p in after.personas.personas}
    assert set(new) == set(old)
    for pid, p in old.items():
        assert new[pid].name == p.name
        assert [q.text for q in new[pid].quotes] == [q.text for q in p.quotes]
    old_themes = {t.id for t in before.themes}
    kept = old_themes & {t.id for t in after.personas.themes}
    assert len(kept) >= 0.9 * len(old_themes), (len(kept), len(old_themes))


def test_change_report_says_no_material_change(two_versions):
    _, after = two_versions
    ch = after.changes
    assert ch["summary"] == "no material change" and ch["material"] == []
    assert not ch["new_personas"] and not ch["retired_personas"]
    # growth is only what the 10 new tickets brought, never passages re-clustering moved
    assert sum(t["new_passages"] for t in ch["growing_themes"]) <= 10 * 6
