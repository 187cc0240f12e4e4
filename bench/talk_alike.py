"""What the talk-alike grouping (agent/talk_alike.py) costs on one column, on synthetic complaint profiles.

Each customer has four 384-dim unit passages (random directions: no value talks like another unless
planted); values are drawn uniformly. Times `_groups` alone (the permutation tests and the grouping), CPU
seconds on one thread. `--code DIR` imports the agent package of another checkout (to compare with main).

    .venv/bin/python bench/talk_alike.py [--code ../main] [--no-record]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

CASES = [(5000, 20, 0.0), (5000, 60, 0.0), (5000, 60, 0.3), (20000, 10, 0.0)]


class _Analysis:
    """The parts of agent.analysis.Analysis that _Profiles reads: four passages per customer."""

    def __init__(self, n: int, seed: int):
        import numpy as np

        rng = np.random.default_rng(seed)
        self.ue = np.repeat(np.arange(n), 4)
        self.unit_theme = np.zeros(len(self.ue), dtype=int)
        v = rng.normal(size=(len(self.ue), 384)).astype(np.float32)
        self.vectors = v / np.linalg.norm(v, axis=1, keepdims=True)

    def unit_entity(self):
        return self.ue


def run(ta, n: int, values: int, plant: float, seed: int = 0) -> tuple[float, list[list[str]]]:
    """CPU seconds of one column's grouping, and the groups; `plant` shifts values v0 and v1 one way."""
    import numpy as np
    import pandas as pd

    a = _Analysis(n, seed)
    rng = np.random.default_rng(seed + 1)
    vals = rng.integers(0, values, n)
    if plant:
        d = rng.normal(size=384)
        d /= np.linalg.norm(d)
        for v in (0, 1):
            a.vectors[np.isin(a.ue, np.flatnonzero(vals == v))] += plant * d
    col = pd.Series([f"v{x}" for x in vals])
    prof = ta._Profiles(a, np.ones(n, dtype=bool))
    t = time.process_time()
    groups = ta._groups("col", col, prof)
    return time.process_time() - t, [g[0] for g in groups]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--code", help="checkout whose agent/ to import (default: this one)")
    ap.add_argument("--no-record", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from common import ROOT, record_section

    sys.path.insert(0, os.path.abspath(args.code) if args.code else str(ROOT))
    from agent import talk_alike as ta

    rows = []
    for n, values, plant in CASES:
        cpu, groups = run(ta, n, values, plant)
        rows.append(f"| {n:,} | {values} | {'v0+v1' if plant else 'none'} | {cpu:.1f} | {groups} |")
        print(rows[-1], flush=True)
    load = os.getloadavg()[0]
    body = (
        "Command: `.venv/bin/python bench/talk_alike.py` (code: "
        f"{args.code or 'this checkout'}; load average {load:.1f}, one thread).\n\n"
        "| customers | values | planted pair | CPU s | groups found |\n|---:|---:|---|---:|---|\n" + "\n".join(rows)
    )
    if not args.no_record:
        record_section("Talk-alike grouping cost", body)


if __name__ == "__main__":
    main()
