"""Complaint detector: what each passage *is* (complaint, question, praise, request, other) and how surely
it reports a problem, from the passage's stored embedding plus a few surface cues.

A multinomial logistic regression, trained offline from weak labels the shared data carries (low- vs
high-star reviews, negative vs positive restaurant aspects, bank support messages that report a problem
vs ask or request; see bench/train_detector.py). It ships as a few KB of weights in
agent/models/complaint_detector.npz (numbers only, loaded without pickle) and runs on vectors the store
already holds, so classifying 100k passages costs one matrix product and the cue regexes.

A passage whose problem score reaches the threshold (0.5: more likely than not, bench/train_detector.py) is
a complaint; phrased as a question ("why was my card declined?") it is a problem-reporting `question`.
Below it, the likeliest of question, praise, request and other. The default policy selects complaints
and problem-reporting questions, never praise or plain questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from agent.cues import NAMES, cues, questions

KINDS = ("complaint", "question", "praise", "request", "other")
MODEL_PATH = Path(__file__).resolve().parent / "models" / "complaint_detector.npz"


@dataclass(frozen=True)
class Verdict:
    kind: str  # one of KINDS
    score: float  # probability the passage reports a problem, 0..1
    problem: bool = False  # score reached the detector's threshold (0.5)


@dataclass(frozen=True)
class Policy:
    """Which passages count as complaints for themes and costs."""

    kinds: frozenset[str] = frozenset({"complaint", "question"})
    question_score: float | None = None  # a question counts from this score (None: the detector's threshold)

    @classmethod
    def parse(cls, kinds: str, question_score: float | None = None) -> Policy:
        wanted = frozenset(k.strip().lower() for k in kinds.split(",") if k.strip())
        unknown = wanted - set(KINDS)
        if unknown:
            raise ValueError(f"unknown passage kind(s) {sorted(unknown)}; choose from {', '.join(KINDS)}")
        return cls(kinds=wanted, question_score=question_score)

    def selects(self, v: Verdict) -> bool:
        if v.kind not in self.kinds:
            return False
        if v.kind != "question":
            return True
        return v.problem if self.question_score is None else v.score >= self.question_score


@dataclass
class Detector:
    family: str  # vector family the weights were trained on (core/embeddings.py `name`)
    weights: np.ndarray  # len(KINDS) x (dim + len(NAMES))
    bias: np.ndarray  # len(KINDS)
    cue_mean: np.ndarray
    cue_scale: np.ndarray
    threshold: float = 0.5  # problem score from which a passage is a complaint (or a problem question)
    meta: dict = field(default_factory=dict)

    @property
    def dim(self) -> int:
        return self.weights.shape[1] - len(NAMES)

    def fits(self, family: str, dim: int) -> bool:
        """Usable on these vectors: same vector family (int8 vectors are close enough to fp32) and size."""
        return dim == self.dim and family.removesuffix(":int8") == self.family.removesuffix(":int8")

    def features(
        self, vectors: np.ndarray, texts: list[str], cue_matrix: np.ndarray | None = None
    ) -> np.ndarray:
        v = np.asarray(vectors, dtype=np.float32)
        n = np.linalg.norm(v, axis=1, keepdims=True)
        x = np.empty(
            (len(v), v.shape[1] + len(NAMES)), dtype=np.float32
        )  # filled in place: no stacked copies
        np.divide(v, np.where(n == 0, 1, n), out=x[:, : v.shape[1]])
        c = cues(texts) if cue_matrix is None else cue_matrix
        x[:, v.shape[1] :] = (c - self.cue_mean) / self.cue_scale
        return x

    def proba(
        self, vectors: np.ndarray, texts: list[str], cue_matrix: np.ndarray | None = None
    ) -> np.ndarray:
        """n x len(KINDS) class probabilities."""
        if len(texts) == 0:
            return np.zeros((0, len(KINDS)), dtype=np.float32)
        z = self.features(vectors, texts, cue_matrix) @ self.weights.T + self.bias
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def verdicts(self, vectors: np.ndarray, texts: list[str]) -> list[Verdict]:
        c = cues(texts)  # each distinct text cleaned once; its question flags come from the same cues
        p = self.proba(vectors, texts, c)
        problem = p[:, 0] >= self.threshold
        kind = np.where(problem, np.where(questions(c), 1, 0), 1 + p[:, 1:].argmax(axis=1)) if len(p) else []
        return [
            Verdict(kind=KINDS[k], score=round(float(s), 4), problem=bool(b))
            for k, s, b in zip(np.asarray(kind).tolist(), p[:, 0].tolist(), problem.tolist(), strict=True)
        ]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            family=np.array(self.family),
            kinds=np.array(KINDS),
            cue_names=np.array(NAMES),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            cue_mean=self.cue_mean.astype(np.float32),
            cue_scale=self.cue_scale.astype(np.float32),
            threshold=np.float32(self.threshold),
            meta=np.array(repr(sorted(self.meta.items()))),
        )


def load(path: Path | None = None) -> Detector | None:
    """The shipped detector (or one at `path`); None when absent or built for other kinds/cues."""
    return _load(str(path or MODEL_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> Detector | None:
    if not Path(path).is_file():
        return None
    with np.load(path, allow_pickle=False) as z:
        if tuple(z["kinds"]) != KINDS or tuple(z["cue_names"]) != NAMES:
            return None
        return Detector(
            family=str(z["family"]),
            weights=z["weights"],
            bias=z["bias"],
            cue_mean=z["cue_mean"],
            cue_scale=z["cue_scale"],
            threshold=float(z["threshold"]),
            meta={"trained": str(z["meta"])},
        )
