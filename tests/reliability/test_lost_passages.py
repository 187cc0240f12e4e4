"""Records and passages reconciled (issue 19 #6, #19): a deleted `chroma/` folder is noticed by refresh (a
note saying what is missing) and repaired by ingesting the files again; a refresh waits for a running
ingest instead of building from part of its passages.
"""

from __future__ import annotations

import shutil
import threading
import time

from reliability_helpers import workspace_state

from agent.refresh import refresh
from core.settings import Settings
from core.workspace import Workspace
from ingest.pipeline import ingest_paths
from ui.serve import EXAMPLES

EXAMPLE_FILES = [EXAMPLES / "accounts.csv", EXAMPLES / "reviews.csv"]


def test_a_lost_vector_store_is_noticed_and_re_embedded(clone_ws) -> None:
    ws = clone_ws()
    settings = Settings(_env_file=None, workspace=ws)
    before = workspace_state(ws)
    shutil.rmtree(ws / "chroma")
    res = refresh(settings, force=True)
    assert res.personas.notes[0].startswith(f"built from 0 of the {len(before.chunks):,} passages"), (
        res.personas.notes
    )
    report = ingest_paths(EXAMPLE_FILES, settings=settings)
    assert report.error is None and report.embedded_chunks == len(before.chunks), report.to_dict()
    assert any("had no passages" in n for n in report.notes), report.notes
    after = workspace_state(ws)  # every record has exactly its passages again, equal to its text
    assert after.chunk_ids == before.chunk_ids and not after.orphans
    again = refresh(settings)  # passages restored: the data changed since the note, so a new version
    assert not again.skipped and not any(n.startswith("built from") for n in again.personas.notes)


def test_a_refresh_waits_for_a_running_ingest(clone_ws) -> None:
    ws = clone_ws()
    held = threading.Event()
    release = threading.Event()

    def ingest_holding_its_lock() -> None:
        with Workspace(ws).lock("ingest"):
            held.set()
            release.wait(30)

    t = threading.Thread(target=ingest_holding_its_lock)
    t.start()
    held.wait(10)
    said: list[str] = []
    threading.Timer(2.0, release.set).start()
    t0 = time.monotonic()
    res = refresh(Settings(_env_file=None, workspace=ws), force=True, report=said.append)
    t.join()
    assert time.monotonic() - t0 >= 2.0 and res.version == 2
    assert "waiting for the running ingest to finish" in said


def test_refresh_embeds_lost_passages_again_from_the_records(clone_ws) -> None:
    """`rm -rf W/chroma; antipersona refresh --force` (the CLI in a subprocess): the passages are cut and
    embedded again from the records' stored text before the refresh, so the version is built from all of
    them, and every passage is the one an ingest made (same id, offsets, text)."""
    from reliability_helpers import run_cli

    from core.versions import current

    ws = clone_ws()
    before = workspace_state(ws)
    shutil.rmtree(ws / "chroma")
    res = run_cli("refresh", "--force", "-w", str(ws))
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr[-3000:]
    assert "embedded the passages of 300 records again from their stored text" in res.stderr, res.stderr[-3000:]
    after = workspace_state(ws)
    assert after.chunks == before.chunks and not after.orphans
    latest = current(Settings(_env_file=None, workspace=ws))
    assert latest.version == 2 and not any(n.startswith("built from") for n in latest.notes), latest.notes
