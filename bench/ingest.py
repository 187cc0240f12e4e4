"""Ingest throughput against the bare encoder, on the same short texts (BANKING77), in one run.

    .venv/bin/python bench/ingest.py [--n 10000] [--parts 10] [--no-write]

The texts are split into parts (CSV files). For each part, back to back and in alternating order:
1. bare encoder: `LocalMiniLM.embed(texts of the part)` (model warmed up first) -> texts/s
2. `ingest_paths([part.csv])` into one fresh workspace (read, hash, chunk, embed, Chroma, SQLite)
   -> records/s; the ratio to the encoder is taken per pair (goal: median >= 0.9), so load from other
   jobs on a shared machine hits both sides of a pair alike.
Then all parts again, nothing changed -> records/s (goal >= 20,000).

Writes the numbers, the date and the command into the "Ingest" section of docs/benchmarks.md (unless
--no-write).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import shlex
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import core  # noqa: E402,F401 - offline pins before heavy imports

DATA = ROOT.parent / "shared" / "data" / "banking77" / "train.csv"
DOC = ROOT / "docs" / "benchmarks.md"
QUIET_STALL = 0.10  # a pair counts as measured on a quiet machine when other tasks waited < 10% of the time


def load_texts(n: int) -> list[dict[str, str]]:
    with open(DATA, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if n > len(rows):
        print(f"only {len(rows)} rows in {DATA}; using all", file=sys.stderr)
    return rows[:n]


def cpu_stall_us() -> int | None:
    """Cumulative microseconds in which some task waited for a CPU (Linux PSI), or None."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    m = re.search(r"total=(\d+)", line)
    return int(m.group(1)) if m else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="number of texts (default 10000)")
    ap.add_argument("--parts", type=int, default=10, help="paired bare/ingest measurements (default 10)")
    ap.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"needs {DATA} (the shared data sets)", file=sys.stderr)
        return 2

    from chromadb.api.models.Collection import Collection

    from core.embeddings import get_embedder
    from core.settings import Settings
    from core.store import RecordDB
    from ingest.pipeline import ingest_paths

    rows = load_texts(args.n)
    texts = [r["text"] for r in rows]
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    size = -(-len(rows) // args.parts)
    parts: list[tuple[Path, list[str]]] = []
    for k in range(0, len(rows), size):
        src = tmp / f"banking77_part{k // size + 1:02d}.csv"
        with open(src, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["text", "category"])
            w.writeheader()
            w.writerows(rows[k : k + size])
        parts.append((src, texts[k : k + size]))

    settings = Settings(_env_file=None, workspace=tmp / "ws")
    encoder = get_embedder(settings)  # the same cached instance the pipeline uses
    encoder.embed(texts[:256])  # load + warm up

    # where the ingest time goes: the encoder, Chroma's writes and the SQLite writes, timed
    spent = {"embed": 0.0, "chroma": 0.0, "sqlite": 0.0}

    def timed(name: str, fn):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t

        return wrapper

    plain_embed = encoder.embed
    Collection.add = timed("chroma", Collection.add)
    Collection.upsert = timed("chroma", Collection.upsert)
    Collection.delete = timed("chroma", Collection.delete)
    RecordDB.upsert = timed("sqlite", RecordDB.upsert)

    bare_s: list[float] = []
    ingest_s: list[float] = []
    stall: list[float] = []  # per pair: the larger share of time other tasks waited for a CPU (PSI)

    def measure(fn) -> tuple[float, float]:
        s0, t = cpu_stall_us(), time.perf_counter()
        fn()
        took = time.perf_counter() - t
        s1 = cpu_stall_us()
        return took, ((s1 - s0) / 1e6 / took if s0 is not None and s1 is not None else 0.0)

    for i, (src, part) in enumerate(parts):

        def bare(part=part) -> None:
            plain_embed(part)

        def ingest(src=src, part=part) -> None:
            encoder.embed = timed("embed", plain_embed)
            try:
                report = ingest_paths([src], settings=settings)
            finally:
                encoder.embed = plain_embed
            if report.new != len(part) or report.error:
                raise SystemExit(f"unexpected ingest result: {report.totals()} {report.error}")

        got = {}
        for name, step in (("bare", bare), ("ingest", ingest)) if i % 2 == 0 else (("ingest", ingest),
                                                                                   ("bare", bare)):
            got[name] = measure(step)  # alternate the order to cancel drift
        bare_s.append(got["bare"][0])
        ingest_s.append(got["ingest"][0])
        stall.append(max(got["bare"][1], got["ingest"][1]))
        print(f"part {i + 1}/{len(parts)}: bare {len(part) / bare_s[-1]:,.0f} texts/s, "
              f"ingest {len(part) / ingest_s[-1]:,.0f} records/s ({bare_s[-1] / ingest_s[-1]:.2f}); "
              f"cpu stall {stall[-1]:.0%}", file=sys.stderr)

    reingest_times = []
    for _ in range(3):  # best of 3: a no-op is short enough for a neighbour's burst to double it
        t = time.perf_counter()
        again = ingest_paths([src for src, _ in parts], settings=settings)
        reingest_times.append(time.perf_counter() - t)
        if again.unchanged != len(texts) or again.embedded_chunks:
            print(f"re-ingest was not a no-op: {again.totals()}", file=sys.stderr)
            return 1
    reingest = len(texts) / min(reingest_times)

    pair_ratios = [b / g for b, g in zip(bare_s, ingest_s, strict=True)]
    quiet = [r for r, st in zip(pair_ratios, stall, strict=True) if st < QUIET_STALL]
    result = {
        "n": len(texts),
        "parts": len(parts),
        "encoder": len(texts) / sum(bare_s),
        "ingest": len(texts) / sum(ingest_s),
        "ratio_total": sum(bare_s) / sum(ingest_s),
        "ratio": statistics.median(quiet if len(quiet) >= 3 else pair_ratios),
        "quiet_pairs": len(quiet),
        "ratio_min": min(quiet if len(quiet) >= 3 else pair_ratios),
        "ratio_max": max(quiet if len(quiet) >= 3 else pair_ratios),
        "reingest": reingest,
        "split": {"total": sum(ingest_s), **spent},
        "bare_seconds": sum(bare_s),
    }
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"ingest vs bare encoder, {len(texts):,} BANKING77 texts in {len(parts)} paired parts")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("goal", justify="right")
    table.add_row("bare encoder (LocalMiniLM.embed)", f"{result['encoder']:,.0f} texts/s", "")
    table.add_row("ingest_paths, fresh workspace", f"{result['ingest']:,.0f} records/s", "")
    which = f"median of {result['quiet_pairs']} quiet pairs" if result["quiet_pairs"] >= 3 else "median of pairs (busy)"
    table.add_row(f"ingest / encoder ({which})", f"{result['ratio']:.2f}", ">= 0.90")
    table.add_row("ingest / encoder (totals)", f"{result['ratio_total']:.2f}", "")
    table.add_row("re-ingest, unchanged", f"{result['reingest']:,.0f} records/s", ">= 20,000")
    Console().print(table)
    sp = result["split"]
    print(f"ingest {sp['total']:.1f}s = embed {sp['embed']:.1f}s + Chroma {sp['chroma']:.1f}s + SQLite "
          f"{sp['sqlite']:.1f}s (writer thread) + rest; bare encoder {result['bare_seconds']:.1f}s", file=sys.stderr)

    if not args.no_write and result["quiet_pairs"] < 3:
        print("the machine was busy for most pairs: not writing docs/benchmarks.md; run again later",
              file=sys.stderr)
        return 1
    if not args.no_write:
        write_doc(result, args)
        print(f"updated {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0 if result["ratio"] >= 0.9 and result["reingest"] >= 20_000 else 1


def write_doc(r: dict, args: argparse.Namespace) -> None:
    cmd = ".venv/bin/python bench/ingest.py" + "".join(
        f" {shlex.quote(a)}" for a in sys.argv[1:] if a != "--no-write"
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    sp = r["split"]
    rest = max(0.0, sp["total"] - sp["embed"] - sp["chroma"] - sp["sqlite"])
    section = f"""## Ingest

_Recorded {date.today().isoformat()}._

Command: `{cmd}`

{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; load average at the end {load}.
The machine is shared, so other jobs come and go during a run: the {r['n']:,} short texts (BANKING77
`train.csv`, first rows) are split into {r['parts']} parts, and for each part the bare encoder and
`ingest_paths` (into one fresh workspace that grows part by part) are timed back to back, in alternating
order. The ratio is the median over the {r['quiet_pairs']} pairs measured while other tasks waited for a CPU
less than {QUIET_STALL:.0%} of the time (Linux PSI; range {r['ratio_min']:.2f}-{r['ratio_max']:.2f}; from the summed times of
all pairs: {r['ratio_total']:.2f}). Same cached `LocalMiniLM` instance (batch 64, warm) for both sides.
Re-ingest: best of 3.

| measure | result | goal |
|---|---:|---:|
| bare encoder, `LocalMiniLM.embed(texts)` | {r['encoder']:,.0f} texts/s | |
| `ingest_paths` (read, hash, chunk, embed, Chroma, SQLite) | {r['ingest']:,.0f} records/s | |
| ingest / encoder, median of paired parts | **{r['ratio']:.2f}** | >= 0.90 |
| re-ingest of the {r['parts']} unchanged files (hash compare only) | **{r['reingest']:,.0f} records/s** | >= 20,000 |

Where the ingest's {sp['total']:.1f}s go (bare encoder on the same texts: {r['bare_seconds']:.1f}s): embedding
{sp['embed']:.1f}s, Chroma writes {sp['chroma']:.1f}s and SQLite writes {sp['sqlite']:.1f}s (both in the writer
thread), reading/hashing/chunking and the rest {rest:.1f}s.

Why not more: the encoder keeps both cores busy (CPU use about 1.98 cores), and chromadb's embedded
(Rust) client holds the GIL for the whole of each `add` (about 0.5-0.7 ms of CPU per passage with its
document and metadata), so the writer thread cannot overlap with embedding: torch stalls at its next op
while Chroma writes. Moving the writes to a separate process was measured too (min of 5 runs, 2,000
texts): 0.72 of the encoder against 0.84 for the thread, since the CPU is already saturated. What the
pipeline does to stay close: new records are embedded in batches of 512 sorted by length (the encoder
pads as little as when it sorts all texts itself), identical passages in a batch are embedded once, chromadb is
imported and the collection opened while the first batch embeds, new chunks are `add`ed (cheaper than
`upsert`) whenever the store is consistent, and nothing else runs on the hot path. Disabling Chroma's
full-text index through a collection `Schema` was tried: the embedded store fills it anyway. Against a Chroma
server (CHROMA_HOST) the writes happen in the server process and the HTTP client releases the GIL.
Unchanged records cost a CSV parse, a content hash and one indexed SQLite look-up per 900 ids; neither
the model nor Chroma is opened.
"""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Ingest\b.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
