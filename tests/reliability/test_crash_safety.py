"""Crash safety: `antipersona ingest` and `antipersona refresh` killed with SIGKILL, then run again.

Kills land at named points (core/crashpoints.py: ANTIPERSONA_CRASH_AT, exact and repeatable) and after
varying delays. After every kill the workspace must hold: SQLite intact, no chunk id twice, every stored
record's chunks in Chroma with its own text, every personas/vNNNN.json a complete version, locks released.
After the re-run: no duplicates, and the same records, chunks, accounts and personas as a clean run.

Ingest runs use the bundled examples' accounts and tickets (849 records, two embedding batches) with
embeddings from the scripted OpenAI-compatible server; refresh runs use a MiniLM workspace of the
examples' accounts and reviews (conftest's `examples_ws`, the offline engine), copied for each kill.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from fakes.openai_server import Delay, OpenAIServer
from reliability_helpers import (
    cli_env,
    finish,
    json_out,
    kill_after,
    run_cli,
    start_cli,
    tmp_leftovers,
    workspace_state,
)

from core.models import PersonaSet
from core.settings import Settings
from core.versions import current, load_version
from core.workspace import Workspace
from ui.serve import EXAMPLES

INGEST_FILES = [str(EXAMPLES / "accounts.csv"), str(EXAMPLES / "tickets.csv")]

pytestmark = pytest.mark.slow


# --- shared checks ----------------------------------------------------------------------------------------
def assert_sqlite_ok(ws: Path) -> None:
    for name in ("records.sqlite", "sentence_vectors.sqlite"):
        if (ws / name).exists():
            con = sqlite3.connect(ws / name)
            try:
                assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", name
            finally:
                con.close()


def assert_locks_free(ws: Path) -> None:
    for name in ("ingest", "refresh"):
        with Workspace(ws).lock(name, blocking=False) as got:
            assert got, f"the {name} lock is still held after the process died"


def accounts_rows(ws: Path) -> list[dict] | None:
    path = ws / "accounts.parquet"
    if not path.exists():
        return None
    df = pd.read_parquet(path)
    return df.sort_values("customer_id").astype(str).to_dict("records")


def assert_versions_whole(ws: Path) -> list[int]:
    """Every persona version file parses completely; version numbers are 1..n without gaps."""
    w = Workspace(ws)
    versions = w.persona_versions()
    assert versions == list(range(1, len(versions) + 1)), versions
    for v in versions:
        ps = load_version(w, v)
        assert ps.version == v
    for p in w.changes_dir.glob("v*.json"):  # a change report may precede its version, never be torn
        json.loads(p.read_text(encoding="utf-8"))
    return versions


# --- ingest ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def embed_env():
    """CLI environment with embeddings from a scripted server that answers each request after 30 ms."""
    with OpenAIServer(max_requests=1_000_000) as server:
        server.default = lambda request: Delay(0.03, then="vectors")
        yield cli_env(ANTIPERSONA_EMBEDDINGS="openai", OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="test")


@pytest.fixture(scope="module")
def clean_ingest(embed_env, tmp_path_factory):
    ws = tmp_path_factory.mktemp("clean") / "ws"
    t0 = time.monotonic()
    res = run_cli("ingest", *INGEST_FILES, "--json", "--workspace", str(ws), env=embed_env)
    seconds = time.monotonic() - t0
    data = json_out(res)
    assert res.returncode == 0 and data["error"] is None and not data["problems"]
    state = workspace_state(ws)
    assert len(state.records) == 549 and not state.orphans  # tickets; the 300 accounts are a table
    return state, accounts_rows(ws), data["totals"], seconds


def rerun_and_compare(ws: Path, env: dict, clean) -> None:
    state0, accounts0, totals0, _ = clean
    res = run_cli("ingest", *INGEST_FILES, "--json", "--workspace", str(ws), env=env)
    assert "Traceback" not in res.stderr, res.stderr[-3000:]
    data = json_out(res)
    assert res.returncode == 0 and data["error"] is None, data["error"]
    assert not [p for p in data["problems"] if "duplicate" in p], data["problems"][:5]
    t = data["totals"]
    assert t["new"] + t["updated"] + t["unchanged"] == totals0["new"]
    state = workspace_state(ws)
    assert not state.orphans, sorted(state.orphans)[:5]
    assert state.records == state0.records  # same ids, hashes, chunk counts and texts
    assert state.chunk_ids == state0.chunk_ids
    assert accounts_rows(ws) == accounts0
    assert_locks_free(ws)


INGEST_KILLS = {
    "between-chroma-and-sqlite-batch1": "ingest.vectors_written",
    "between-chroma-and-sqlite-batch2": "ingest.vectors_written:2",
    "after-batch1": "ingest.batch_stored",
    "accounts-table-without-schema": "accounts.table_written",
    "accounts-schema-before-rename": "atomic_write.before_rename",
    "after-40pct": 0.4,
    "after-75pct": 0.75,
}


def ingest_trial(kill: str | float, ws: Path, env: dict, clean) -> None:
    args = ("ingest", *INGEST_FILES, "--json", "--workspace", str(ws))
    if isinstance(kill, str):
        code, _out, err = finish(start_cli(*args, env=dict(env, ANTIPERSONA_CRASH_AT=kill)))
        assert code == -9, f"never reached {kill}: {err[-2000:]}"
    else:
        kill_after(start_cli(*args, env=env), kill * clean[3])
    assert_sqlite_ok(ws)
    workspace_state(ws)  # no duplicate chunk ids; every stored record complete in Chroma
    if (ws / "accounts.parquet").exists():
        assert accounts_rows(ws)  # the table was replaced atomically: readable, never half-written
    assert_locks_free(ws)
    rerun_and_compare(ws, env, clean)


@pytest.fixture(scope="module")
def ingest_trials(embed_env, clean_ingest, tmp_path_factory) -> dict[str, BaseException | None]:
    """Every kill-then-rerun trial, two at a time (each is mostly one CLI process); failures kept per trial."""
    root = tmp_path_factory.mktemp("kills")

    def trial(name: str) -> BaseException | None:
        try:
            ingest_trial(INGEST_KILLS[name], root / name, embed_env, clean_ingest)
        except BaseException as exc:  # raised by that trial's test below
            return exc
        return None

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(INGEST_KILLS, pool.map(trial, INGEST_KILLS), strict=True))


@pytest.mark.parametrize("name", INGEST_KILLS)
def test_ingest_killed_then_rerun(name: str, ingest_trials) -> None:
    if ingest_trials[name] is not None:
        raise ingest_trials[name]


def test_chunks_left_by_a_kill_never_outlive_their_file(embed_env, tmp_path) -> None:
    """Killed between Chroma and SQLite, then the file is deleted: the next ingest removes its chunks,
    and analysis never reads chunks without a stored record in the meantime."""
    from agent.analysis import load_chunks
    from core.store import Store

    src = tmp_path / "tickets.csv"
    shutil.copy(EXAMPLES / "tickets.csv", src)
    ws = tmp_path / "ws"
    env = dict(embed_env, ANTIPERSONA_CRASH_AT="ingest.vectors_written:2")
    code, _, _ = finish(start_cli("ingest", str(src), "--json", "--workspace", str(ws), env=env))
    assert code == -9
    state = workspace_state(ws)
    assert 0 < len(state.records) < 549 and state.orphans  # batch 2's chunks are in Chroma, its rows not

    settings = Settings(_env_file=None, workspace=ws, embeddings="openai",
                        openai_base_url=embed_env["OPENAI_BASE_URL"], openai_api_key="test")
    chunks, vecs = load_chunks(Store(settings))
    assert {c["record_id"] for c in chunks} == set(state.records) and len(vecs) == len(chunks)

    src.unlink()
    res = run_cli("ingest", str(EXAMPLES / "accounts.csv"), "--json", "--workspace", str(ws), env=embed_env)
    assert res.returncode == 0, res.stderr[-2000:]
    assert any("interrupted run left behind" in n for n in json_out(res)["notes"])
    after = workspace_state(ws)
    assert not after.orphans and after.records == state.records


# --- refresh --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def refreshed_ws(examples_ws, tmp_path_factory) -> tuple[Path, float]:
    """The examples workspace (MiniLM, sentence cache warm) with a second persona version written by
    `antipersona refresh --force`, timed: kills land at fractions of that time."""
    ws = copy_ws(examples_ws, tmp_path_factory.mktemp("refresh") / "ws")
    t0 = time.monotonic()
    res = run_cli("refresh", "--force", "--workspace", str(ws))
    assert res.returncode == 0, res.stderr[-3000:]
    return ws, time.monotonic() - t0


def copy_ws(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".*.lock"))
    return dst


def assert_same_personas(a: PersonaSet, b: PersonaSet) -> None:
    """Same content; when and how K was reached is provenance (a re-run 'keeps' the K the first run merged to)."""
    skip = {"version", "created_at", "theme_choice"}
    da, db = a.model_dump(exclude=skip), b.model_dump(exclude=skip)
    for d in (da, db):  # validation runs 'since' the previous version was published: provenance too
        for v in d.get("validation") or []:
            v.pop("since", None)
    assert da == db
    assert (a.theme_choice and a.theme_choice.k) == (b.theme_choice and b.theme_choice.k)


REFRESH_KILLS = [
    pytest.param("refresh.changes_written", id="after-change-report"),
    pytest.param("atomic_write.before_rename", id="change-report-before-rename"),
    pytest.param("atomic_write.before_rename:2", id="personas-before-rename"),
    pytest.param(0.5, id="after-50pct"),
    pytest.param(0.8, id="after-80pct"),
]


@pytest.mark.parametrize("kill", REFRESH_KILLS)
def test_refresh_killed_never_tears_a_version(kill, refreshed_ws, tmp_path) -> None:
    ws = copy_ws(refreshed_ws[0], tmp_path / "ws")
    # v1 was searched afresh; v2 (refreshed_ws) had v1 to continue, as every later refresh has: they reproduce v2
    v2 = load_version(Workspace(ws), 2)
    args = ("refresh", "--force", "--workspace", str(ws))
    if isinstance(kill, str):
        code, _out, err = finish(start_cli(*args, env=cli_env(ANTIPERSONA_CRASH_AT=kill)))
        assert code == -9, f"never reached {kill}: {err[-2000:]}"
    else:
        kill_after(start_cli(*args), kill * refreshed_ws[1])
    assert_sqlite_ok(ws)
    assert_locks_free(ws)
    versions = assert_versions_whole(ws)
    assert versions in ([1, 2], [1, 2, 3])
    if isinstance(kill, str):
        assert versions == [1, 2]  # every named point is before the commit (the rename of vNNNN.json)
    assert all(not p.name.startswith("v") for p in tmp_leftovers(ws))  # a temp file is never a version
    ps = current(Settings(_env_file=None, workspace=ws))
    assert ps is not None and ps.version == versions[-1]
    for v in versions[1:]:
        assert_same_personas(load_version(Workspace(ws), v), v2)

    if kill in ("atomic_write.before_rename:2", 0.5):  # a re-run completes and writes the next version
        res = run_cli(*args)
        assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr[-3000:]
        after = assert_versions_whole(ws)
        assert after == [*versions, versions[-1] + 1]
        assert_same_personas(load_version(Workspace(ws), after[-1]), v2)


def test_cli_refresh_and_the_scheduler_are_serialised(refreshed_ws, tmp_path) -> None:
    """A scheduled refresh that fires while `antipersona refresh` (another process) holds the lock waits for
    it, then sees its version: two writers never interleave, versions stay whole."""
    from ui.scheduler import JOB_ID, last_run, start_scheduler

    ws = copy_ws(refreshed_ws[0], tmp_path / "ws")
    settings = Settings(_env_file=None, workspace=ws)
    proc = start_cli("refresh", "--force", "--workspace", str(ws))
    deadline = time.monotonic() + 60
    while True:  # wait until the CLI holds the refresh lock
        with Workspace(ws).lock("refresh", blocking=False) as free:
            pass
        if not free:
            break
        assert proc.poll() is None and time.monotonic() < deadline, "the CLI never took the lock"
        time.sleep(0.05)
    scheduler = start_scheduler(settings, every="1h")
    try:
        job = scheduler.get_job(JOB_ID)
        job.modify(next_run_time=datetime.now(job.next_run_time.tzinfo))  # fire now, in the scheduler's thread
        while (run := last_run(settings)) is None or run.started is None:
            assert time.monotonic() < deadline + 60, "the scheduled refresh never started"
            time.sleep(0.02)
        code, _, err = finish(proc)
        assert code == 0, err[-3000:]
        while run.finished is None:
            assert time.monotonic() < deadline + 120, "the scheduled refresh never finished"
            time.sleep(0.05)
    finally:
        scheduler.shutdown(wait=True)
    assert run.error is None
    committed = datetime.fromtimestamp(Workspace(ws).persona_path(3).stat().st_mtime).astimezone()
    # it started before the CLI committed version 3, yet compared against version 3: it waited for the lock
    assert run.started < committed, (run.started, committed)
    assert "since version 3" in run.message, run.message
    assert assert_versions_whole(ws) == [1, 2, 3]


def test_two_cli_refreshes_at_once_write_two_whole_versions(refreshed_ws, tmp_path) -> None:
    ws = copy_ws(refreshed_ws[0], tmp_path / "ws")
    procs = [start_cli("refresh", "--force", "--workspace", str(ws)) for _ in range(2)]
    results = [finish(p) for p in procs]
    assert [r[0] for r in results] == [0, 0], [r[2][-2000:] for r in results]
    assert assert_versions_whole(ws) == [1, 2, 3, 4]
    v2 = load_version(Workspace(ws), 2)
    for v in (3, 4):
        assert_same_personas(load_version(Workspace(ws), v), v2)

