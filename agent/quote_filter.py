"""Which words make a quote: whole sentences that state the complaint, with the sentence before when the
quote cannot be read without it ("Then I didn't have time to rebook."); never a greeting, an apology, a
thanks or a sign-off, a signature, a heading, an internal note, a person's name, or the same templated text
twice. Offsets stay exact: a quote is always a verbatim span of its record."""

from __future__ import annotations

import re

from agent.text import sentences
from agent.theme_labels import NEVER, person_names

MIN_CHARS = 20
# a sentence that leans on the one before it
_LEANS = re.compile(
    r"^(?:then|so|and|but|also|because|which|that|this|it|they|those|these|he|she|after that|"
    r"as a result|otherwise|still|even then|again)\b",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s|\*\*[^*]{1,60}\*\*\s*:?\s*$|[A-Z][A-Za-z /&-]{1,40}:\s*$|[-*•]\s*\[.?\])"
)
_INTERNAL = re.compile(
    r"\binternal note\b|\b(?:escalated|assigned) to\b|\bagent note\b|\[internal\]|"
    r"^\s*[-*•]?\s*\**(?:reasons?|notes?|summary|outcome|decision|issues?|context|background|risks?|follow[- ]ups?|"
    r"next steps?|action items?|attendees|owner|agenda|status|resolution|csm|ae|todo|to-do)\**\s*:",
    re.IGNORECASE,
)
POLITE = re.compile(
    r"\b(?:hi|hello|hey|dear|sorry|apolog\w*|thanks|thank you|thx|regards|cheers|sincerely|best wishes|"
    r"kind regards|have a (?:good|great|nice)|hope (?:you|this)|good (?:morning|afternoon|evening))\b",
    re.IGNORECASE,
)
# the politeness words the label list (agent/theme_labels.NEVER) holds that are a greeting or a sign-off on
# their own; 'please', 'hope' or 'team' in a complaint ('Please refund the last charge') stay quotable
_BARE_POLITE = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            NEVER
            & {"greetings", "apologise", "apologize", "apologising", "apologizing", "bye", "goodbye", "ty"}
        )
    )
    + r")\b",
    re.IGNORECASE,
)
_SHINGLE = re.compile(r"[a-z]+")


def reason(text: str, names: set[str] = frozenset()) -> str | None:
    """Why `text` is not a quote to show, or None."""
    t = text.strip()
    if len(t) < MIN_CHARS:
        return "too short"
    if _HEADING.search(t) or t.startswith(("#", ">", "|")):
        return "a heading"
    if _INTERNAL.search(t):
        return "an internal note"
    if POLITE.search(t):
        return "a greeting, apology or sign-off"
    if _BARE_POLITE.search(t):
        return "a greeting, apology or sign-off"
    if names and any(re.search(rf"\b{re.escape(n)}\b", t, re.IGNORECASE) for n in names):
        return "names a person"
    if "@" in t:
        return "an e-mail address"
    return None


def span(text: str, start: int, end: int, max_chars: int = 280) -> tuple[int, int] | None:
    """The whole sentences of `text` the span [start, end) touches, on one line, without greetings,
    apologies and sign-offs at either end; the sentence before is added when the first one leans on it.
    None when nothing quotable is left."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    if text.find("\n", start, end) >= 0:
        le = text.find("\n", start)
    if _under_internal_heading(text, ls):
        return None
    sents = [(ls + s, ls + e) for s, e in sentences(text[ls:le], min_chars=1)]
    touched = [i for i, (s, e) in enumerate(sents) if e > start and s < max(end, start + 1)]
    if not touched:
        return None
    names = person_names([text])
    keep = [i for i in touched if reason(text[sents[i][0] : sents[i][1]], names) is None]
    if not keep:
        return None
    i0 = i1 = keep[0]
    while i1 + 1 in keep:  # a contiguous run: a rejected sentence is never inside a quote
        i1 += 1
    while i1 > i0 and sents[i1][1] - sents[i0][0] > max_chars:  # whole sentences, at most max_chars
        i1 -= 1
    if sents[i1][1] - sents[i0][0] > max_chars:
        return None
    if _LEANS.match(text[sents[i0][0] : sents[i0][1]]) and i0 > 0:
        prev = sents[i0 - 1]
        if reason(text[prev[0] : prev[1]], names) is None and sents[i1][1] - prev[0] <= max_chars:
            i0 -= 1
    s, e = sents[i0][0], sents[i1][1]
    return s, e


_HEAD_LINE = re.compile(r"^\s*(?:#{1,6}\s*(.+?)|\**([A-Z][^:\n]{0,40}?)\**\s*:)\s*$", re.MULTILINE)


def _under_internal_heading(text: str, line_start: int) -> bool:
    """Whether the line starting at `line_start` sits under a heading like '### Follow-ups' or 'Next steps:'
    (our own notes in a call record, not the customer's words)."""
    last = None
    for m in _HEAD_LINE.finditer(text, 0, line_start):
        last = m
    if last is None:
        return False
    return _INTERNAL.search(f"{(last.group(1) or last.group(2) or '').strip('*# ')}:") is not None


def shingles(text: str) -> set[str]:
    words = _SHINGLE.findall(text.lower())
    return {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def near_duplicate(text: str, seen: list[set[str]], threshold: float = 0.6) -> bool:
    """The same templated text again (three-word shingles overlapping by `threshold` or more)."""
    sh = shingles(text)
    return any(len(sh & s) / max(1, len(sh | s)) >= threshold for s in seen)
