"""`antipersona doctor` (issue 19 #5): one PASS/FAIL/SKIP/FIXED line per check, exit code 1 when any check
fails; `--repair` fixes what is derived (caches, temp files, lost passages, unreadable versions moved
aside) and names what it cannot. The CLI in a subprocess on copies of the examples workspace; the LLM
endpoint against the scripted server and a closed port.
"""

from __future__ import annotations

import socket

import pytest
from fakes.openai_server import OpenAIServer
from reliability_helpers import run_cli, workspace_state

from core.settings import Settings
from ui import doctor

NAMES = ["workspace", "settings", "records.sqlite", "accounts", "persona versions", "caches", "embeddings model",
         "vector store", "LLM endpoint", "disk space"]


def lines(res) -> dict[str, tuple[str, str]]:
    """name -> (status, detail) of every check line."""
    assert "Traceback" not in res.stdout + res.stderr, res.stderr[-3000:]
    out = {}
    for line in res.stdout.splitlines():
        status, _, rest = line.partition(" ")
        if status in ("PASS", "FAIL", "SKIP", "FIXED"):
            name, _, detail = rest.strip().partition(": ")
            out[name] = (status, detail)
    return out


@pytest.mark.slow
def test_a_sound_workspace_passes_every_check(clone_ws) -> None:
    ws = clone_ws()
    res = run_cli("doctor", "-w", str(ws))
    got = lines(res)
    assert res.returncode == 0 and list(got) == NAMES, res.stdout
    assert {s for s, _ in got.values()} == {"PASS", "SKIP"} and got["LLM endpoint"][0] == "SKIP"
    assert got["vector store"][1].startswith(f"{len(workspace_state(ws).chunks):,} passages")
    assert res.stdout.strip().endswith(f"all {len(NAMES)} checks passed")


@pytest.mark.slow
def test_damage_is_named_then_repaired(clone_ws) -> None:
    ws = clone_ws()
    before = workspace_state(ws)
    import shutil

    shutil.rmtree(ws / "chroma")
    (ws / "sentence_vectors.sqlite").write_bytes(b"not a database at all" * 100)
    (ws / "personas" / "v0001.centroids.npz").write_bytes(b"junk")
    (ws / "personas" / "v0002.json").write_text("{}")
    (ws / "personas" / ".v0003.json.x1.tmp").write_text("half")
    res = run_cli("doctor", "-w", str(ws))
    got = lines(res)
    assert res.returncode == 1 and list(got) == NAMES, res.stdout
    failed = {n for n, (s, _) in got.items() if s == "FAIL"}
    assert failed == {"persona versions", "caches", "vector store"}, res.stdout
    assert "v0002.json" in got["persona versions"][1]
    assert all(n in got["caches"][1] for n in ("sentence_vectors.sqlite", "v0001.centroids.npz", ".v0003.json"))
    assert got["vector store"][1].startswith(f"0 of the {len(before.chunks):,} passages")
    assert (ws / "personas" / "v0002.json").exists()  # without --repair nothing changes

    fixed = run_cli("doctor", "--repair", "-w", str(ws))
    got = lines(fixed)
    assert fixed.returncode == 0, fixed.stdout
    assert {n for n, (s, _) in got.items() if s == "FIXED"} == {"persona versions", "caches", "vector store"}
    assert (ws / "personas" / "damaged" / "v0002.json").read_text() == "{}"  # kept aside, not deleted
    assert workspace_state(ws).chunks == before.chunks  # every passage back, as an ingest made it
    again = run_cli("doctor", "-w", str(ws))
    assert again.returncode == 0 and {s for s, _ in lines(again).values()} == {"PASS", "SKIP"}, again.stdout
    assert run_cli("refresh", "-w", str(ws)).returncode == 0  # and the workspace works


@pytest.mark.slow
def test_a_damaged_database_is_named_with_what_to_do(clone_ws) -> None:
    ws = clone_ws()
    (ws / "records.sqlite").write_bytes(b"\x00garbage" * 4096)
    for suffix in ("-wal", "-shm"):
        (ws / f"records.sqlite{suffix}").unlink(missing_ok=True)
    res = run_cli("doctor", "-w", str(ws))
    got = lines(res)
    assert res.returncode == 1
    assert got["records.sqlite"][0] == "FAIL" and "ingest your files again" in got["records.sqlite"][1]
    assert "vector store" not in got  # not opened on top of a damaged database


def test_the_llm_endpoint_is_tried_when_configured(tmp_path) -> None:
    with OpenAIServer() as server:
        settings = Settings(_env_file=None, workspace=tmp_path / "ws", openai_base_url=server.base_url,
                            llm_model=server.models[0])
        check = doctor.check_llm(settings)
    assert check.status == "PASS" and "answers" in check.detail and "listed" in check.detail
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    dead = Settings(_env_file=None, workspace=tmp_path / "ws", openai_base_url=f"http://127.0.0.1:{port}/v1")
    check = doctor.check_llm(dead)
    assert check.status == "FAIL" and "does not answer" in check.detail and "offline engine" in check.detail


def test_low_disk_space_and_a_missing_workspace_fail(tmp_path, monkeypatch) -> None:
    class Usage:
        free = 10 * 2**20

    monkeypatch.setattr(doctor.shutil, "disk_usage", lambda _p: Usage)
    checks = doctor.diagnose(Settings(_env_file=None, workspace=tmp_path / "nowhere"))
    by_name = {c.name: c for c in checks}
    assert by_name["workspace"].status == "FAIL" and "does not exist" in by_name["workspace"].detail
    assert by_name["disk space"].status == "FAIL" and "below 200 MB" in by_name["disk space"].detail
    assert not (tmp_path / "nowhere").exists()  # the doctor creates nothing
