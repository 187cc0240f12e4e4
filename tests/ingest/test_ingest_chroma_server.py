"""Ingest into a real Chroma server (`chroma run` from the installed chromadb package) via CHROMA_HOST."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_helpers import DATA, FakeEmbedder
from netguard import guarded_env

from core.settings import Settings
from core.store import Store
from ingest.pipeline import ingest_paths

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        pytest.skip(f"no chroma executable next to {sys.executable}")
    port = _free_port()
    log = open(tmp_path / "chroma.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(tmp_path / "chroma-server"), "--port", str(port), "--host", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=guarded_env(),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("chroma server did not start:\n" + (tmp_path / "chroma.log").read_text()[-2000:])
            time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=15)
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


def test_ingest_into_a_chroma_server(chroma_server: int, tmp_path: Path, ws_settings: Settings, write) -> None:
    """ws_settings clears CHROMA_*/ANTIPERSONA_* from the environment; the server comes from explicit settings."""
    settings = Settings(_env_file=None, workspace=tmp_path / "ws", chroma_host="127.0.0.1", chroma_port=chroma_server,
                        collection="feedback-test")

    def store() -> Store:
        s = Store(settings)
        s._embedder = FakeEmbedder()
        return s

    files = [DATA / "tickets_semicolon_cp1252.csv", DATA / "C0042-renewal-call.md", DATA / "C0007-support-call.vtt"]
    first = ingest_paths(files, store=store())
    assert first.error is None and first.new == 5
    assert not (tmp_path / "ws" / "chroma").exists(), "vectors went to the server, not the embedded store"

    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server,
                                 settings=ChromaSettings(anonymized_telemetry=False))
    col = client.get_collection("feedback-test")
    assert col.count() == first.embedded_chunks
    got = col.get(where={"record_id": "102"}, include=["documents", "metadatas"])
    assert got["documents"] == ["Two lines:\nthe export crashes, the café price is €12"]
    assert got["metadatas"][0]["kind"] == "ticket"

    again = ingest_paths(files, store=store())
    assert (again.unchanged, again.embedded_chunks) == (5, 0)
    assert col.count() == first.embedded_chunks

    tickets = write("tickets.csv", "id,text\nt1,export is broken\nt2,charged twice\n")
    ingest_paths([tickets], store=store())
    n = col.count()
    tickets.write_text("id,text\nt1,export is broken again and again\n")
    report = ingest_paths([tickets], store=store(), prune=True)
    assert (report.updated, report.pruned) == (1, 1)
    assert col.count() == n - 1
    assert col.get(ids=["t1#0"], include=["documents"])["documents"] == ["export is broken again and again"]
    assert col.get(where={"record_id": "t2"})["ids"] == []
