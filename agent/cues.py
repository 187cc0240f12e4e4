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


def _may_request(low: str) -> bool:
    """_REQUEST's phrases without their word boundaries: an ASCII text without any has no request phrase."""
    return (
        ("pl" in low and ("please" in low or "pls" in low or "plz" in low))
        or ("you" in low and ("can you" in low or "could you" in low or "would you" in low))
        or ("i want to" in low or "i'd like" in low or "i would like" in low or "i need to" in low)
        or ("how do i" in low or "how can i" in low)
        or ("help me" in low or "send me" in low or "let me" in low)
    )


_ASK_START = re.compile(
    r"^\s*(?:what|why|how|when|where|which|who|is|are|can|could|do|does|did|will|would|should|has|have|may)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z']+")
NAMES = ("problem", "praise", "thanks", "request", "question_mark", "asks", "exclaim", "length", "negation")
_NEGATION = {"not", "no", "never", "cannot", "nobody", "nothing"}
_NT_END = re.compile(r"n't(?![a-z'])")  # a word of _WORD ending in n't
# the word sets _row counts in, and every word it looks at; as bytes for ASCII text
_STRS = (
    *map(frozenset, (PROBLEM, PRAISE, THANKS, _NEGATION)),
    frozenset(PROBLEM | PRAISE | THANKS | _NEGATION),
)
_BYTES = tuple(frozenset(w.encode() for w in s) for s in _STRS)
_NOT_WORD = bytes(c if 97 <= c <= 122 or c == 39 else 32 for c in range(256))  # [a-z'] kept, the rest a space


def is_question(text: str) -> bool:
    """Phrased as a question: a '?' or an interrogative opening."""
    t = clean(text)
    return "?" in t or bool(_ASK_START.match(t))


def cue_row(text: str) -> list[float]:
    """One passage's cues, the reference for `features` (which gives the same numbers faster)."""
    return _row(clean(text))


def _row(t: str) -> list[float]:
    low = t.lower()
    if low.isascii():  # _WORD's words are the runs left when every other byte becomes a space: split in C
        words = low.encode().translate(_NOT_WORD).split()
        problem, praise, thanks, negation, counted = _BYTES
    else:
        words = _WORD.findall(low)
        problem, praise, thanks, negation, counted = _STRS
    n = max(1, len(words))
    norm = max(2.0, math.sqrt(n))
    hits = list(filter(counted.__contains__, words))  # the few words the counts below look at, in one pass
    return [
        sum(map(problem.__contains__, hits)) / norm,
        sum(map(praise.__contains__, hits)) / norm,
        float(not thanks.isdisjoint(hits)),
        min(3, len(_REQUEST.findall(low)) if not low.isascii() or _may_request(low) else 0) / 3,
        float("?" in t),
        float(bool(_ASK_START.match(t))),
        float("!" in t),
        math.log1p(n) / 5,
        (sum(map(negation.__contains__, hits)) + (len(_NT_END.findall(low)) if "n't" in low else 0))
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
