"""Which stored passages count as complaints: the detector's verdict per chunk, the rating where one exists,
and the user's policy (which kinds count).

A star rating is the customer's own verdict, so it wins where it is clear (1-2 stars: a complaint; 4-5
stars: only a clear complaint inside a happy review). Everything else follows the detector. With no
detector for these vectors (another embedding family) the lexicon rule of agent/complaints.py decides, as
before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agent import complaints as cx
from agent import detector as dt


@dataclass
class Selection:
    keep: list[bool]  # per chunk: a complaint passage for themes and costs
    verdicts: list[dt.Verdict]  # per chunk: kind and problem score
    detector: bool  # False: the lexicon fallback decided

    def per_record(self, chunks: list[dict]) -> dict[str, dt.Verdict]:
        """Each record's verdict: that of its most problem-like chunk."""
        out: dict[str, dt.Verdict] = {}
        for c, v in zip(chunks, self.verdicts, strict=True):
            rid = c["record_id"]
            if rid not in out or v.score > out[rid].score:
                out[rid] = v
        return out


def policy_from(settings) -> dt.Policy:
    kinds = getattr(settings, "complaint_kinds", None) or "complaint,question"
    return dt.Policy.parse(kinds, getattr(settings, "question_score", None))


def select(
    chunks: list[dict],
    vectors: np.ndarray,
    family: str,
    policy: dt.Policy | None = None,
    detector: dt.Detector | None = None,
    scale: float | None = None,
) -> Selection:
    """Per-chunk verdicts; `scale` (5 or 10 stars) is the whole store's when chunks come a page at a time."""
    policy = policy or dt.Policy()
    det = detector or dt.load()
    dim = vectors.shape[1] if vectors.ndim == 2 else 0
    if scale is None:
        scale = cx.rating_scale([c.get("rating") for c in chunks if c.get("rating") is not None] or [5.0])
    if det is None or not det.fits(family, dim) or len(vectors) != len(chunks):
        verdicts = [_lexicon_verdict(c, scale) for c in chunks]
        keep = [v.kind == "complaint" for v in verdicts]
        return Selection(keep=keep, verdicts=verdicts, detector=False)
    verdicts = det.verdicts(vectors, [c["text"] for c in chunks])
    keep = [_decide(c, v, policy, scale) for c, v in zip(chunks, verdicts, strict=True)]
    return Selection(keep=keep, verdicts=verdicts, detector=True)


def _decide(chunk: dict, v: dt.Verdict, policy: dt.Policy, scale: float) -> bool:
    rating = chunk.get("rating")
    if rating is None:
        return policy.selects(v)
    stars = float(rating) / scale * 5.0
    if stars <= 2:
        return True
    if stars >= 4:  # a happy review: only a clear complaint inside it
        return cx.negativity(chunk["text"]) > 0.25 or (v.kind == "complaint" and v.score >= 0.8)
    return policy.selects(v) or cx.negativity(chunk["text"]) > 0.0


def _lexicon_verdict(chunk: dict, scale: float) -> dt.Verdict:
    text, rating = chunk["text"], chunk.get("rating")
    neg = cx.negativity(text)
    problem = cx.is_complaint_chunk(chunk["kind"], text, rating, scale)
    score = round(float(min(1.0, max(0.0, 0.5 + neg))), 4)
    return dt.Verdict(kind="complaint" if problem else "other", score=score, problem=problem)
