"""How good the fit verdict is on labelled prospect texts: decision rates, precision/recall, persona match.

Used by the tests (tests/agent/test_verdict_texts.py asserts the goals) and by bench/verdict_texts.py
(records the numbers in docs/benchmarks.md), so both measure the same thing. A labelled row is
`{"text", "label": negative|fit|unclear, "segment"}`; `personas` maps a segment to the persona ids that
may be named for it (personas whose members are mostly that segment's customers).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from core.models import Verdict


@dataclass
class Report:
    n: int
    rates: dict[str, float]
    accuracy: float
    negative_precision: float
    negative_recall: float
    fit_recall: float
    unclear_recall: float
    persona_match: float
    misses: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"n={self.n} accuracy {self.accuracy:.2f} | negative P {self.negative_precision:.2f} "
            f"R {self.negative_recall:.2f} | fit R {self.fit_recall:.2f} | vague->unclear "
            f"{self.unclear_recall:.2f} | persona match {self.persona_match:.2f} | rates "
            + " ".join(f"{k} {v:.0%}" for k, v in self.rates.items())
        )


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def evaluate(rows: list[dict], verdicts: list[Verdict], personas: dict[str, set[str]]) -> Report:
    pairs = list(zip(rows, verdicts, strict=True))
    said_neg = [r for r, v in pairs if v.verdict == "negative"]
    neg = [(r, v) for r, v in pairs if r["label"] == "negative"]
    fit = [(r, v) for r, v in pairs if r["label"] == "fit"]
    vague = [(r, v) for r, v in pairs if r["label"] == "unclear"]
    expected = [(r, v) for r, v in neg if personas.get(r["segment"])]
    misses = [
        f"{r['segment']}: expected {r['label']}, got {v.verdict} ({v.persona_id}) — {r['text'][:70]}"
        for r, v in pairs
        if v.verdict != r["label"]
    ]
    return Report(
        n=len(pairs),
        rates={k: _ratio(sum(v.verdict == k for v in verdicts), len(verdicts)) for k in ("negative", "unclear", "fit")},
        accuracy=_ratio(sum(r["label"] == v.verdict for r, v in pairs), len(pairs)),
        negative_precision=_ratio(sum(r["label"] == "negative" for r in said_neg), len(said_neg)),
        negative_recall=_ratio(sum(v.verdict == "negative" for _, v in neg), len(neg)),
        fit_recall=_ratio(sum(v.verdict == "fit" for _, v in fit), len(fit)),
        unclear_recall=_ratio(sum(v.verdict == "unclear" for _, v in vague), len(vague)),
        persona_match=_ratio(sum(v.persona_id in personas[r["segment"]] for r, v in expected), len(expected)),
        misses=misses,
    )


def planted_personas(persona_members: dict[str, set[str]], planted: list[dict]) -> dict[str, set[str]]:
    """Each planted segment -> the personas at least half of whose members are that segment's customers."""
    return {
        seg["key"]: {
            pid for pid, mem in persona_members.items() if mem and len(mem & set(seg["customer_ids"])) >= 0.5 * len(mem)
        }
        for seg in planted
    }
