"""Fit verdict on labelled prospect texts for the bundled examples: decision rates and accuracy.

Two sets in tests/data/prospects/: `examples.jsonl` (written for the planted segments, the ideal customers,
the "fast-growing startup" counter-example and vague texts; used while tuning) and `heldout.jsonl`
(written at the same time in other words and never looked at while tuning). The examples are ingested
and refreshed offline into a workspace kept in bench/out (reused while the examples are unchanged).

    .venv/bin/python bench/verdict_texts.py            # prints, and records in docs/benchmarks.md
    .venv/bin/python bench/verdict_texts.py --misses   # also lists every wrong verdict
    .venv/bin/python bench/verdict_texts.py --leads 0  # skip the 10,000-lead batch timing

Also timed: one warm `Checker.check` per text (p50/p95, goal p95 <= 100 ms) and `check_many` over 10,000
leads cycled from both sets (goal <= 60 s; `antipersona check --batch` scores in batches of 256 the same way,
embedding a lead's sentences only when they could change its decision).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, ROOT, record_section  # noqa: E402

DATA = ROOT / "tests" / "data" / "prospects"


def examples_workspace():
    """The examples ingested and refreshed offline (built once, then reused)."""
    import core  # noqa: F401
    from agent.refresh import refresh
    from core.settings import Settings
    from core.versions import current
    from ingest.pipeline import ingest_paths
    from ui.serve import example_files

    settings = Settings(_env_file=None, workspace=OUT / "examples_ws")
    if current(settings) is None:
        ingest_paths(example_files(), settings=settings)
        refresh(settings, force=True)
    return settings


def planted_map(settings) -> dict[str, set[str]]:
    from agent.export import persona_members
    from agent.verdict_eval import planted_personas
    from core.versions import current
    from ui.serve import EXAMPLES

    ps = current(settings)
    members = {p.id: set(persona_members(settings, p.id)[0]["customer_id"]) for p in ps.personas}
    planted = json.loads((EXAMPLES / "planted.json").read_text())["segments"]
    return planted_personas(members, planted)


def main() -> None:
    from agent.verdict import Checker
    from agent.verdict_eval import evaluate, load

    settings = examples_workspace()
    checker = Checker.load(settings, fresh=True)
    personas = planted_map(settings)
    lines = []
    for name in ("examples", "heldout"):
        rows = load(DATA / f"{name}.jsonl")
        t0 = time.perf_counter()
        verdicts = checker.check_many([r["text"] for r in rows])
        ms = (time.perf_counter() - t0) * 1000 / len(rows)
        rep = evaluate(rows, verdicts, personas)
        print(f"{name}: {rep.line()} | {ms:.1f} ms/text")
        if "--misses" in sys.argv:
            print("  " + "\n  ".join(rep.misses))
        lines.append(
            f"| {name} | {rep.n} | {rep.accuracy:.2f} | {rep.rates['negative']:.0%} / {rep.rates['unclear']:.0%} / "
            f"{rep.rates['fit']:.0%} | {rep.negative_precision:.2f} | {rep.negative_recall:.2f} | "
            f"{rep.fit_recall:.2f} | {rep.unclear_recall:.2f} | {rep.persona_match:.2f} |"
        )
    texts = [r["text"] for n in ("examples", "heldout") for r in load(DATA / f"{n}.jsonl")]
    lat = []
    for t in texts * 3:
        t0 = time.perf_counter()
        checker.check(t)
        lat.append((time.perf_counter() - t0) * 1000)
    lat.sort()
    p50, p95 = lat[len(lat) // 2], lat[int(0.95 * (len(lat) - 1))]
    print(f"one check: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(lat)} checks")
    leads = int(sys.argv[sys.argv.index("--leads") + 1]) if "--leads" in sys.argv else 10_000
    batch = ""
    if leads:
        cycle = [texts[i % len(texts)] for i in range(leads)]
        t0 = time.perf_counter()
        for i in range(0, leads, 256):
            checker.check_many(cycle[i : i + 256], explain=False)
        secs = time.perf_counter() - t0
        print(f"batch: {leads:,} leads in {secs:.1f} s")
        batch = f" Batch: {leads:,} leads (the texts above, cycled) through `check_many(explain=False)` in batches of 256, as `check --batch` does: **{secs:.1f} s** (goal ≤ 60 s)."
    body = (
        "Command: `.venv/bin/python bench/verdict_texts.py`\n\n"
        "The bundled examples ingested and refreshed offline; labelled prospect texts from "
        "`tests/data/prospects/` scored by `antipersona check`'s engine. `examples` was written for the planted "
        "segments, the ideal customers, the fast-growing-startup counter-example and vague texts and used while "
        "tuning; `heldout` was written at the same time in other words and not looked at while tuning. Persona "
        "match: a negative text names the persona that overlaps its planted segment most.\n\n"
        "| set | texts | accuracy | negative / unclear / fit | negative precision | negative recall | "
        "fit recall | vague → unclear | persona match |\n|---|---|---|---|---|---|---|---|---|\n"
        + "\n".join(lines)
        + f"\n\nLatency, warm, in-process: one check p50 {p50:.1f} ms, **p95 {p95:.1f} ms** over {len(lat)} checks "
        "(goal p95 ≤ 100 ms)." + batch
    )
    if "--no-record" not in sys.argv:
        record_section("Verdict on labelled prospect texts (examples)", body)


if __name__ == "__main__":
    main()
