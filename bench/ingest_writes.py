"""Keeping the encoder busy while Chroma writes: ingest variants against the bare ONNX encoder, rotated.

    .venv/bin/python bench/ingest_writes.py [--n 10000] [--parts 10] [--no-write]

Each part (1,000 BANKING77 texts) is run through every variant back to back, in rotating order; every
ingest variant grows its own workspace. Variants:
- bare: the encoder alone (`local` backend, as configured), the reference;
- default: `ingest_paths` as shipped (writer thread; `add` for new passages; 512-record batches; ONNX
  worker threads do not spin);
- spin: ONNX Runtime's default of spinning worker threads;
- batch-2048: four times larger (fewer) batches and Chroma writes;
- upsert: `upsert` instead of `add` for new passages (what a recovering run does);
- threads-1: one ONNX intra-op thread, leaving the other core to the writer.
How much the writer thread overlaps the encoder is in bench/ingest.py's time split (ingest time against
embedding + Chroma + SQLite time).
Ratios to bare are per part (medians). Writes "Chroma writes during ingest" in docs/benchmarks.md unless
--no-write.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED, need_shared, record_section  # noqa: E402

VARIANTS = ["bare", "default", "spin", "batch-2048", "upsert", "threads-1"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--parts", type=int, default=10)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    need_shared()
    import core  # noqa: F401
    import ingest.pipeline as pl
    import ingest.writer as wr
    from core.embeddings import get_embedder
    from core.onnx_encoder import OnnxMiniLM, session
    from core.settings import Settings
    from core.store import Store

    with open(SHARED / "banking77" / "train.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[: args.n]
    tmp = Path(tempfile.mkdtemp(prefix="bench-writes-"))
    size = -(-len(rows) // args.parts)
    parts = []
    for k in range(0, len(rows), size):
        src = tmp / f"part{k // size:02d}.csv"
        with open(src, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["text", "category"])
            w.writeheader()
            w.writerows(rows[k : k + size])
        parts.append((src, [r["text"] for r in rows[k : k + size]]))

    base = Settings(_env_file=None, workspace=tmp / "unused")
    default = get_embedder(base)
    if not isinstance(getattr(default, "encoder", None), OnnxMiniLM):
        raise SystemExit(f"the local backend here is {default.backend}, not ONNX: nothing to compare")
    enc: OnnxMiniLM = default.encoder.load()

    def variant_embedder(threads: int, spin: bool):
        from core.embeddings import OnnxEmbedder
        from core.onnx_encoder import verified_model

        e = OnnxEmbedder(enc.cache_root, enc.variant, enc.batch_size, threads)
        e.encoder._tokens = enc._tokens
        e.encoder._session = session(verified_model(enc.cache_root, enc.variant)[0], threads, spin=spin)
        return e

    embedders = {"default": default, "spin": variant_embedder(0, True), "threads-1": variant_embedder(1, False)}
    for e in embedders.values():
        e.embed(parts[0][1][:128])

    took: dict[str, list[float]] = {v: [] for v in VARIANTS}
    for i, (src, texts) in enumerate(parts):
        order = VARIANTS[i % len(VARIANTS):] + VARIANTS[: i % len(VARIANTS)]
        for v in order:
            t = time.perf_counter()
            if v == "bare":
                default.embed(texts)
            else:
                store = Store(base.model_copy(update={"workspace": tmp / f"ws-{v}"}))
                store.use_embedder(embedders.get(v, default))
                saved_add = wr.Writer._add
                try:
                    if v == "upsert":
                        wr.Writer._add = lambda self, batch, ids, vecs, docs, metas: self.store.vectors.upsert(
                            ids, vecs, docs, metas)
                    report = pl.ingest_paths([src], store=store, batch_size=2048 if v == "batch-2048" else 512)
                finally:
                    wr.Writer._add = saved_add
                if report.error or report.new != len(texts):
                    raise SystemExit(f"{v}: {report.error} {report.totals()}")
            took[v].append(time.perf_counter() - t)
        print(f"part {i + 1}: " + ", ".join(f"{v} {len(texts) / took[v][-1]:,.0f}/s" for v in VARIANTS)
              + f"; load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)

    lines = ["| variant | records/s | ingest / bare encoder, median of parts (range) |", "|---|---:|---:|"]
    for v in VARIANTS:
        r = [took["bare"][k] / took[v][k] for k in range(len(parts))]
        lines.append(f"| {v} | {len(rows) / sum(took[v]):,.0f} | {statistics.median(r):.2f} "
                     f"({min(r):.2f}-{max(r):.2f}) |")
    print("\n".join(lines))
    if not args.no_write:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        body = (f"Command: `.venv/bin/python bench/ingest_writes.py --n {args.n} --parts {args.parts}`\n\n"
                f"Backend `{default.backend}`; {len(rows):,} BANKING77 texts in {len(parts)} parts, every variant "
                f"run on each part back to back in rotating order (load average at the end {load}). "
                "Variants are described in the script's docstring.\n\n" + "\n".join(lines))
        record_section("Chroma writes during ingest", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
