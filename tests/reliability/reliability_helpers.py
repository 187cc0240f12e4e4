"""Helpers shared by tests/reliability: running the CLI in a subprocess and reading a workspace's state.

The CLI always runs under `netguard.guarded_env()` (loopback only, offline pins, no developer config).
`workspace_state` reads SQLite and Chroma directly (not through the code under test) and checks the
invariants every crash must preserve.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from netguard import REPO_ROOT, guarded_env

_SCRIPT = Path(sys.executable).with_name("antipersona")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ui.cli"]


def cli_env(**extra: str) -> dict[str, str]:
    return guarded_env(COLUMNS="200", **extra)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 180,
            input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env or cli_env(), cwd=REPO_ROOT,
                          timeout=timeout, input=input)


def start_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env or cli_env(), cwd=REPO_ROOT)


def kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL `proc` after `seconds` unless it ended first; True when it was killed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            proc.communicate()
            return False
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    return True


def finish(proc: subprocess.Popen, timeout: float = 180) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def json_out(res: subprocess.CompletedProcess) -> dict:
    try:
        return json.loads(res.stdout)
    except ValueError as exc:
        raise AssertionError(f"not JSON (exit {res.returncode}):\n{res.stdout[-2000:]}\n{res.stderr[-3000:]}") from exc


# --- workspace state ----------------------------------------------------------------------------------------
@dataclass
class State:
    records: dict[str, tuple[str, int, str]]  # id -> (hash, chunk count, text)
    chunks: dict[str, tuple[str, int, int, str]]  # chunk id -> (record id, start, end, document)
    orphans: set[str] = field(default_factory=set)  # record ids with chunks but no SQLite row

    @property
    def chunk_ids(self) -> list[str]:
        return sorted(self.chunks)


_chroma_lock = threading.Lock()  # clearing chromadb's client cache stops every client of this process


def chroma_rows(workspace: Path, collection: str = "feedback") -> list[tuple[str, dict, str]]:
    """Every chunk in the workspace's embedded Chroma: (id, metadata, document); reopened from disk."""
    with _chroma_lock:
        return _chroma_rows(workspace, collection)


def _chroma_rows(workspace: Path, collection: str) -> list[tuple[str, dict, str]]:
    import chromadb
    from chromadb.api.client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    path = workspace / "chroma"
    if not path.exists():
        return []
    SharedSystemClient.clear_system_cache()  # another process wrote since: never read a cached view
    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    try:
        names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
        if collection not in names:
            return []
        col = client.get_collection(collection)
        out: list[tuple[str, dict, str]] = []
        offset = 0
        while True:
            res = col.get(include=["metadatas", "documents"], limit=5000, offset=offset)
            if not res["ids"]:
                break
            out.extend(zip(res["ids"], res["metadatas"], res["documents"], strict=True))
            offset += len(res["ids"])
        return out
    finally:
        SharedSystemClient.clear_system_cache()


def workspace_state(workspace: Path) -> State:
    """Read records and chunks, and assert what must hold after any crash:

    - no chunk id twice, and every chunk id is `<record id>#<n>` of its metadata's record id;
    - every SQLite record has exactly its `chunks` chunks in Chroma (ids #0..#n-1), and each chunk's
      document is the record's text at the chunk's offsets (quotes stay grounded).
    Chunks of a record with no SQLite row (`orphans`) are returned, not asserted: the write order (Chroma
    first, SQLite last) allows them between a crash and the next run; callers assert on them.
    """
    records: dict[str, tuple[str, int, str]] = {}
    db = workspace / "records.sqlite"
    if db.exists():
        con = sqlite3.connect(db)
        try:
            records = {r[0]: (r[1], r[2], r[3]) for r in con.execute("SELECT id, hash, chunks, text FROM records")}
        finally:
            con.close()
    rows = chroma_rows(workspace)
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate chunk ids in Chroma"
    chunks = {}
    for cid, meta, doc in rows:
        rid = meta["record_id"]
        assert cid.rpartition("#")[0] == rid, (cid, rid)
        chunks[cid] = (rid, int(meta["start"]), int(meta["end"]), doc)
    by_record: dict[str, set[str]] = {}
    for cid, (rid, *_rest) in chunks.items():
        by_record.setdefault(rid, set()).add(cid)
    for rid, (_hash, n, text) in records.items():
        want = {f"{rid}#{i}" for i in range(n)}
        have = by_record.get(rid, set())
        assert have == want, f"record {rid!r}: chunks {sorted(have)} in Chroma, {n} in SQLite"
        for cid in want:
            _rid, start, end, doc = chunks[cid]
            assert text[start:end] == doc, f"chunk {cid} does not match its record's text"
    orphans = {rid for rid in by_record if rid not in records}
    return State(records=records, chunks=chunks, orphans=orphans)


def tmp_leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.tmp") if "chroma" not in p.parts]
