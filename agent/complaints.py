"""Pick the complaint-bearing passages and split multi-complaint passages into sentences.

Offline detector, no model download: a transparent score from the record's rating (when it has one), a
negativity lexicon, and the record kind (a support ticket is a problem report unless it is only thanks).
Long passages are split into sentences and only the negative sentences are kept, so a review that praises
the fit and complains about the zip lands in the zip theme, not in a blur of both (BERTopic's
one-topic-per-document problem). Sentence vectors are computed once and cached by text hash
(core/sentence_cache.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.text import sentences

FAILURE_WORDS = frozenset(  # what a problem report says; shared with the detector's cues (agent/cues.py)
    {
        "again", "angry", "annoyed", "annoying", "aren't", "awful", "bad", "blocked", "broke", "broken",
        "bug", "buggy", "bugs", "can't", "canceled", "cancelled", "cannot", "cant", "charged", "complain",
        "complaint", "confusing", "crash", "crashed", "crashes", "declined", "delay", "delayed", "denied",
        "didn't", "didnt", "disappointed", "disappointing", "doesn't", "doesnt", "don't", "dont", "down",
        "duplicate", "error", "errors", "expensive", "fail", "failed", "failing", "fails", "failure",
        "frustrated", "frustrating", "hasn't", "hate", "haven't", "havent", "horrible", "ignored", "isn't",
        "isnt", "issue", "issues", "late", "locked", "lost", "missing", "never", "no", "nobody", "not",
        "outage", "overcharged", "overpriced", "poor", "problem", "problems", "refund", "rejected",
        "ridiculous", "slow", "still", "stuck", "terrible", "timeout", "twice", "unable", "unacceptable",
        "unanswered", "unhappy", "useless", "waiting", "wasn't", "wasnt", "won't", "wont", "worse", "worst",
        "wrong",
    }
)
NEGATIVE = FAILURE_WORDS | {
    "big", "break", "but", "cancel", "cancelling", "cheap", "competitor", "complicated", "confused", "cost",
    "costly", "difficult", "disappointment", "discount", "downgrade", "escalate", "hard", "hole", "however",
    "itchy", "lack", "lacking", "lacks", "lag", "large", "leaving", "long", "need", "needs", "odd", "price",
    "pricey", "pricing", "refunds", "require", "requires", "return", "returned", "returning", "ripped",
    "scratchy", "sheer", "short", "should", "shrunk", "slower", "small", "switch", "switching", "thin",
    "tight", "timed", "too", "torn", "unflattering", "unfortunately", "unreliable", "wait", "weird", "why",
    "wish",
}
POSITIVE = {
    "love",
    "loved",
    "loves",
    "great",
    "excellent",
    "perfect",
    "amazing",
    "awesome",
    "fantastic",
    "happy",
    "thanks",
    "thank",
    "helpful",
    "easy",
    "recommend",
    "recommended",
    "best",
    "beautiful",
    "gorgeous",
    "comfortable",
    "flattering",
    "nice",
    "good",
    "wonderful",
    "pleased",
    "smooth",
    "fast",
    "quick",
    "well",
    "works",
    "glad",
    "appreciate",
    "appreciated",
    "cute",
    "soft",
    "fits",
    "favorite",
    "favourite",
    "lovely",
}
_WORD = re.compile(r"[a-z']+")


def negativity(text: str) -> float:
    """Negative minus positive cue density, roughly in [-1, 1]; > 0 reads as a complaint."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    neg = sum(w in NEGATIVE for w in words)
    pos = sum(w in POSITIVE for w in words)
    return (neg - pos) / max(4.0, len(words) ** 0.5 * 2)


def rating_scale(ratings: list[float]) -> float:
    """Guess the rating scale (5 or 10) from the values seen."""
    top = max((r for r in ratings if r is not None), default=5.0)
    return 10.0 if top > 5 else 5.0


@dataclass(slots=True)
class Unit:
    """A complaint passage: a chunk, or a sentence of one, with exact offsets in its record."""

    record_id: str
    chunk_id: str
    kind: str
    customer_id: str | None
    text: str
    start: int
    end: int


def is_complaint_chunk(kind: str, text: str, rating: float | None, scale: float = 5.0) -> bool:
    neg = negativity(text)
    if rating is not None:
        r = rating / scale * 5.0
        if r <= 2:
            return True
        if r >= 4:
            return neg > 0.25  # a mostly happy review can still carry one clear complaint
        return neg > 0.0
    if kind == "ticket":
        return neg > -0.3  # a ticket is a problem report unless it is only thanks
    return neg > 0.05


def select_units(
    chunks: list[dict],
    split_over: int = 160,
    keep: list[bool] | None = None,
    scale: float | None = None,
) -> tuple[list[Unit], list[int | None]]:
    """Complaint units from chunk dicts (id, record_id, kind, customer_id, text, start, rating).

    `keep` says which chunks are complaints (agent/selection.py); without it the lexicon rule decides.

    Returns the units and, for each unit, the index of the chunk whose vector it can reuse (None when the
    unit is a sentence that needs its own vector).
    """
    if scale is None:  # chunks read a page at a time pass the whole store's scale
        scale = rating_scale([c.get("rating") for c in chunks if c.get("rating") is not None] or [5.0])
    units: list[Unit] = []
    reuse: list[int | None] = []
    for i, c in enumerate(chunks):
        text = c["text"]
        if not (keep[i] if keep is not None else is_complaint_chunk(c["kind"], text, c.get("rating"), scale)):
            continue
        spans = sentences(text) if len(text) > split_over else [(0, len(text))]
        if len(spans) <= 1:
            units.append(_unit(c, 0, len(text)))
            reuse.append(i)
            continue
        rating = c.get("rating")
        low = rating is not None and rating / scale * 5.0 <= 2
        picked = [(s, e) for s, e in spans if negativity(text[s:e]) > (0.0 if not low else -0.05)]
        if not picked:
            picked = [max(spans, key=lambda se: negativity(text[se[0] : se[1]]))]
        for s, e in picked:
            units.append(_unit(c, s, e))
            reuse.append(None)
    return units, reuse


def _unit(c: dict, s: int, e: int) -> Unit:
    base = int(c.get("start") or 0)
    return Unit(
        record_id=c["record_id"],
        chunk_id=c["id"],
        kind=c["kind"],
        customer_id=c.get("customer_id"),
        text=c["text"][s:e],
        start=base + s,
        end=base + e,
    )
