"""Surface cues of what a passage *does* (reports a problem, asks, praises, requests), as a few numbers
the complaint detector reads beside the sentence embedding.

An embedding knows the topic well and the speech act less so ("my card was declined" and "can I pay by
card?" sit close together); these cues are the opposite. Computed on hygiene-cleaned text, so a URL or a
handle neither asks nor complains.
"""

from __future__ import annotations

import math
import re

import numpy as np

from agent.complaints import FAILURE_WORDS
from core.hygiene import clean

PROBLEM = FAILURE_WORDS | {"fix", "fixed", "rude", "sucks", "ugh"}  # the set the shipped detector was trained on
PRAISE = set(
    [
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
        "glad",
        "cute",
        "soft",
        "favorite",
        "favourite",
        "lovely",
        "delicious",
        "enjoyed",
        "enjoy",
        "superb",
        "brilliant",
        "impressed",
    ]
)
THANKS = {"thanks", "thank", "thx", "ty", "appreciate", "appreciated", "cheers"}
_REQUEST = re.compile(
    r"\b(?:please|pls|plz|can you|could you|would you|i want to|i'd like|i would like|i need to|"
    r"how (?:do|can) i|help me|send me|let me)\b",
    re.IGNORECASE,
)
# every _REQUEST phrase contains one of these (an ASCII text without them has no request phrase)
_REQUEST_PARTS = ("pl", "you", "i want", "i'd", "i would", "i need", "how ", "help me", "send me", "let me")
_ASK_START = re.compile(
    r"^\s*(?:what|why|how|when|where|which|who|is|are|can|could|do|does|did|will|would|should|has|have|may)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z']+")
NAMES = ("problem", "praise", "thanks", "request", "question_mark", "asks", "exclaim", "length", "negation")
_NEGATION = {"not", "no", "never", "cannot", "nobody", "nothing"}
_NT_END = re.compile(r"n't(?![a-z'])")  # a word of _WORD ending in n't


def is_question(text: str) -> bool:
    """Phrased as a question: a '?' or an interrogative opening."""
    t = clean(text)
    return "?" in t or bool(_ASK_START.match(t))


def cue_row(text: str) -> list[float]:
    """One passage's cues, the reference for `features` (which gives the same numbers faster)."""
    return _row(clean(text))


def _row(t: str) -> list[float]:
    low = t.lower()
    words = _WORD.findall(low)
    n = max(1, len(words))
    norm = max(2.0, math.sqrt(n))
    return [
        sum(map(PROBLEM.__contains__, words)) / norm,
        sum(map(PRAISE.__contains__, words)) / norm,
        float(not THANKS.isdisjoint(words)),
        min(
            3, len(_REQUEST.findall(low)) if not low.isascii() or any(k in low for k in _REQUEST_PARTS) else 0
        )
        / 3,
        float("?" in t),
        float(bool(_ASK_START.match(t))),
        float("!" in t),
        math.log1p(n) / 5,
        (sum(map(_NEGATION.__contains__, words)) + len(_NT_END.findall(low)))
        / norm,  # no _NEGATION word ends n't
    ]


QUESTION_MARK, ASKS = NAMES.index("question_mark"), NAMES.index("asks")


def features(texts: list[str]) -> np.ndarray:
    """n x len(NAMES) cue features, each distinct text cleaned and read once (a refresh holds repeats)."""
    index: dict[str, int] = {}
    rows = [index.setdefault(t, len(index)) for t in texts]
    m = np.array([_row(clean(t)) for t in index], dtype=np.float32).reshape(len(index), len(NAMES))
    return m[np.asarray(rows, dtype=np.intp)] if len(index) < len(texts) else m


def questions(cue_matrix: np.ndarray) -> np.ndarray:
    """Per row of `features`: phrased as a question (what `is_question` says of the same text)."""
    return (cue_matrix[:, QUESTION_MARK] > 0) | (cue_matrix[:, ASKS] > 0)


def cues(texts: list[str]) -> np.ndarray:
    """n x len(NAMES) cue features."""
    return features(texts)
