"""Ingest into a real Chroma server (CHROMA_HOST) from one process, then from two processes at once.

    .venv/bin/python bench/chroma_server.py [--n 10000] [--rounds 2] [--no-write]

Starts `chroma run` (shipped with chromadb) on a free loopback port. The first n BANKING77 texts are split
into two CSV files. Per round, in alternating order:
- one: a single `antipersona ingest` process ingests both files (its own workspace) into a fresh collection;
- two: two `antipersona ingest` processes, one file each, their own workspaces, started together, into
  one fresh collection on the same server (each with ANTIPERSONA_EMBEDDING_THREADS=1: two encoders share the
  cores instead of fighting for them).
Each run is checked: the collection holds every record of both files and exactly the passages the
workspaces' records.sqlite say were stored (none twice).
Writes the "Two ingest processes into a Chroma server" section of docs/benchmarks.md unless --no-write.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED, need_shared, record_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def chroma_server(path: Path):
    port = free_port()
    log = open(path.parent / "chroma.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port",
                             str(port)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(OSError), urllib.request.urlopen(
                f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2
            ) as r:
                if r.status == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("chroma server did not start: see " + str(path.parent / "chroma.log"))
            time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def ingest(files: list[Path], ws: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "antipersona"), "ingest", *map(str, files), "--json", "--workspace", str(ws)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def check(proc: subprocess.Popen) -> None:
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}):\n{err[-2000:]}\n{out[-2000:]}")


def stored_chunks(ws: Path) -> int:
    """Passages the workspace's records.sqlite says it stored (a long text is several)."""
    import sqlite3

    con = sqlite3.connect(ws / "records.sqlite")
    try:
        return int(con.execute("SELECT COALESCE(SUM(chunks), 0) FROM records").fetchone()[0])
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    need_shared()
    import chromadb

    with open(SHARED / "banking77" / "train.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[: args.n]
    tmp = Path(tempfile.mkdtemp(prefix="bench-chroma-server-"))
    half = len(rows) // 2
    files = []
    for k, chunk in enumerate((rows[:half], rows[half:])):
        f = tmp / f"part{k + 1}.csv"
        with open(f, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["text", "category"])
            w.writeheader()
            w.writerows(chunk)
        files.append(f)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ANTIPERSONA_", "CHROMA_", "OPENAI_"))}
    times: dict[str, list[float]] = {"one": [], "two": []}
    with chroma_server(tmp / "server") as port:
        client = chromadb.HttpClient(host="127.0.0.1", port=port)
        env = base | {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port)}
        # warm-up: the ONNX export exists and the OS file cache holds the model
        check(ingest(files[:1], tmp / "warm", env | {"ANTIPERSONA_COLLECTION": "warm-up"}))
        for r in range(args.rounds):
            for mode in (("one", "two") if r % 2 == 0 else ("two", "one")):
                name = f"bench-{mode}-{r}"
                e = env | {"ANTIPERSONA_COLLECTION": name}
                t = time.perf_counter()
                if mode == "one":
                    check(ingest(files, tmp / f"{name}-ws", e))
                else:
                    e1 = e | {"ANTIPERSONA_EMBEDDING_THREADS": "1"}
                    procs = [ingest([f], tmp / f"{name}-ws{k}", e1) for k, f in enumerate(files)]
                    for p in procs:
                        check(p)
                times[mode].append(time.perf_counter() - t)
                col = client.get_collection(name)
                ids = {m["record_id"] for m in col.get(include=["metadatas"])["metadatas"]}
                chunks = sum(stored_chunks(ws) for ws in tmp.glob(f"{name}-ws*"))
                if col.count() != chunks or len(ids) != len(rows):
                    raise SystemExit(f"{name}: {col.count()} passages for {len(ids)} records; the workspaces "
                                     f"hold {chunks} passages of {len(rows)} records")
                print(f"round {r + 1} {mode}: {len(rows) / times[mode][-1]:,.0f} records/s "
                      f"(load {os.getloadavg()[0]:.1f})", file=sys.stderr)
    one, two = min(times["one"]), min(times["two"])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"| ingest | records/s (best of {args.rounds}) | wall time (s) |", "|---|---:|---:|",
             f"| one process, both files | {len(rows) / one:,.0f} | {one:.1f} |",
             f"| two processes at once, one file each | {len(rows) / two:,.0f} | {two:.1f} |"]
    print("\n".join(lines))
    if not args.no_write:
        body = (f"Command: `.venv/bin/python bench/chroma_server.py --n {args.n} --rounds {args.rounds}`\n\n"
                f"A real Chroma server (`chroma run`, same machine, loopback HTTP); {len(rows):,} BANKING77 texts "
                "in two CSV files; every `antipersona ingest` process in its own workspace (its own records.sqlite), "
                "all writing one collection; the default `local` backend. Each run checked: every record present, "
                f"exactly the passages the workspaces stored. Load average at the end: {load} (shared machine: compare the rows, "
                "not the absolute rates).\n\n" + "\n".join(lines) + "\n\nOn one 2-core machine the two processes "
                "share the same cores, so the gain is bounded by the CPU, not by the store; across machines each "
                "ingest process brings its own cores and the server only stores (see docs/scaling.md).")
        record_section("Two ingest processes into a Chroma server", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
