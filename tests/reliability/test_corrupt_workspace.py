"""Damaged workspace files (issue 19 #5): a bad persona version is skipped with a warning and the previous
one served; a damaged records database or accounts table is a message naming the file and what to do;
caches (sentence vectors, theme centroids, change reports) are rebuilt or ignored silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reliability_helpers import run_cli

from core.settings import Settings
from core.store import Store, load_accounts
from core.versions import PersonaVersions
from core.workspace import CorruptFile, Workspace

DAMAGE = {
    "random bytes": lambda data: os.urandom(4096),
    "truncated": lambda data: data[: len(data) // 2],
    "empty object": lambda data: b"{}",
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_an_unreadable_version_is_skipped_and_the_previous_served(clone_ws, damage: str) -> None:
    ws = clone_ws()
    first = ws / "personas" / "v0001.json"
    (ws / "personas" / "v0002.json").write_bytes(DAMAGE[damage](first.read_bytes()))
    ps = PersonaVersions(Workspace(ws)).latest()
    assert ps is not None and ps.version == 1
    assert "v0002.json is unreadable" in ps.notes[0] and "refresh --force" in ps.notes[0]


@pytest.mark.slow
def test_the_cli_serves_the_previous_version_and_names_the_bad_file(clone_ws) -> None:
    ws = clone_ws()
    (ws / "personas" / "v0002.json").write_bytes(os.urandom(2048))
    res = run_cli("personas", "--workspace", str(ws), timeout=120)
    assert res.returncode == 0 and "version 1" in res.stdout, res.stderr[-2000:]
    assert "v0002.json is unreadable" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("name", ["records.sqlite", "accounts.parquet", "accounts.json", "chroma/chroma.sqlite3"])
def test_a_damaged_store_file_is_named_with_what_to_do(clone_ws, name: str) -> None:
    ws = clone_ws()
    path = ws / name
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    path.write_bytes(b"\x00garbage" + os.urandom(1024))
    with pytest.raises(CorruptFile) as info:
        if name == "records.sqlite":
            Store(Settings(_env_file=None, workspace=ws)).records.counts()
        elif name.startswith("chroma/"):
            Store(Settings(_env_file=None, workspace=ws)).vectors.count()
        else:
            load_accounts(Workspace(ws))
    assert info.value.path.resolve() == (ws / name).resolve() and "ingest" in str(info.value)


@pytest.mark.slow
def test_the_cli_says_which_file_is_damaged(clone_ws) -> None:
    ws = clone_ws()
    for extra in ("-wal", "-shm"):
        Path(f"{ws / 'records.sqlite'}{extra}").unlink(missing_ok=True)
    (ws / "records.sqlite").write_bytes(os.urandom(8192))
    res = run_cli("refresh", "--force", "--workspace", str(ws), timeout=180)
    assert res.returncode == 2, (res.stdout[-1000:], res.stderr[-2000:])
    assert "records.sqlite cannot be read" in res.stderr and "Traceback" not in res.stderr + res.stdout


def test_damaged_caches_are_rebuilt_or_ignored(clone_ws) -> None:
    from core.sentence_cache import VectorCache

    ws = clone_ws()
    cache = ws / "sentence_vectors.sqlite"
    cache.write_bytes(os.urandom(4096))
    vc = VectorCache(cache, "test-embedder")  # rebuilt, not raised
    assert vc.con.execute("SELECT COUNT(*) FROM vec").fetchone() == (0,)
    versions = PersonaVersions(Workspace(ws))
    versions.centroids_path(1).write_bytes(os.urandom(512))
    assert versions.centroids(1) == {}
    (ws / "changes" / "v0001.json").write_bytes(b"\xff\xfe not json")
    assert versions.changes(1) == {}
