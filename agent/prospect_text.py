"""Numbers in a prospect's text, read in context: which ones are the company's size.

"4-person studio", "12,000 staff", "180 employees", "we're a team of 5" say how big the company is;
"finance team of 8", "12 client accounts", "3 stores", "5 users" do not. The reader finds every number,
looks at the words around it and names what it counts; only `company` counts become the employees
attribute. Spans are offsets into the text, so evidence quotes exactly the words that were read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
    "a dozen": 12, "a hundred": 100, "a few hundred": 300, "a couple of": 2, "a handful of": 5,
}  # fmt: skip
_NUMBER = (
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(?P<suf>k|K|m|M)?\+?"
    r"|(?P<word>" + "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True)) + r")"
)
# units of a company's size
_PEOPLE = r"(?:employees?|staff(?:ers)?|people|persons?|FTEs?|full[- ]time(?:rs| employees)?|headcount|workers|heads)"
# a department or sub-group: its team size is not the company's
_DEPARTMENTS = (
    r"(?:finance|accounting|sales|marketing|engineering|dev|development|product|design|support|success|"
    r"customer success|ops|operations|revops|it|data|analytics|legal|hr|people|billing|growth|leadership|"
    r"management|exec|executive|procurement|security|compliance|admin|back[- ]office|tech|technical)"
)
# nouns a number can count that are not people working at the company
_OTHER_COUNTS = (
    r"(?:clients?|client accounts?|customers?|accounts?|stores?|shops?|locations?|branch(?:es)?|offices?|"
    r"sites?|users?|seats?|licen[cs]es?|products?|skus?|orders?|invoices?|subscriptions?|subscribers?|"
    r"projects?|brands?|markets?|countries|entities|apps?|members?|students?|patients?|beds?|"
    r"vehicles?|trucks?|years?|months?|weeks?|days?|hours?|percent|%)"
)
_CONTEXT = [
    # "4-person studio", "30-strong team", "two-person shop"
    ("company", re.compile(rf"(?:{_NUMBER})(?:[- ](?:person|man|strong)|-(?:people|employee|staff))\b", re.I)),
    # "finance team of 8", "a sales team of 5 people": a department
    ("department", re.compile(rf"\b{_DEPARTMENTS}\s+(?:team|department|dept|staff|org)\s+(?:of\s+)?(?:{_NUMBER})", re.I)),
    ("department", re.compile(rf"(?:{_NUMBER})\s+(?:people\s+|persons?\s+)?(?:in|on)\s+(?:the\s+|our\s+|my\s+)?{_DEPARTMENTS}\b", re.I)),
    ("department", re.compile(rf"(?:{_NUMBER})[- ](?:person|people|strong)\s+{_DEPARTMENTS}\s+(?:team|department)", re.I)),
    # "12 client accounts", "3 stores", "40 users"
    ("other", re.compile(rf"(?:{_NUMBER})\s+(?:[a-z\-]+\s)?{_OTHER_COUNTS}\b", re.I)),
    # "180 employees", "12,000 staff", "about 250 people"
    ("company", re.compile(rf"(?:{_NUMBER})\s+(?:total\s+|global\s+|full[- ]time\s+)?{_PEOPLE}\b", re.I)),
    # "headcount: 250", "employees: 40", "staff of 300", "company size 51-200"
    ("company", re.compile(rf"\b(?:headcount|employees|staff|company size|team size|size)\s*(?:of|is|:|=|at|around|about|~)?\s*(?:about\s|around\s|roughly\s|~)?(?:{_NUMBER})", re.I)),
    # "a team of 5", "team of 12": the company when no department was named before it
    # (a department's "finance team of 8" was claimed above)
    ("company", re.compile(rf"\bteam\s+of\s+(?:{_NUMBER})", re.I)),
    ("company", re.compile(rf"(?:{_NUMBER})\s+of\s+us\b", re.I)),
    ("company", re.compile(rf"\bwe(?:'re| are)\s+(?:only\s+|just\s+|about\s+|around\s+)?(?:{_NUMBER})(?:\s+of us)?\b(?!\s*%)", re.I)),
]
_SOLO = re.compile(r"\b(?:solo (?:founder|consultant|designer|developer|practice)|just me|one-man band|sole trader|"
                   r"sole proprietor|solopreneur|self-employed)\b", re.I)  # fmt: skip


@dataclass(frozen=True)
class Count:
    """A number in the text and what it counts: company | department | other."""

    kind: str
    value: float
    start: int
    end: int


def _value(m: re.Match) -> float | None:
    if m.group("word"):
        return float(_WORD_NUMBERS[m.group("word").lower()])
    try:
        v = float(m.group("num").replace(",", ""))
    except (TypeError, ValueError):
        return None
    return v * {"k": 1e3, "m": 1e6}.get((m.group("suf") or "").lower(), 1)


def counts(text: str) -> list[Count]:
    """Every counted number, each read once: the first rule (most specific) that claims its span wins."""
    out: list[Count] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _CONTEXT:
        for m in pat.finditer(text):
            s, e = m.span()
            num_s = m.start("num") if m.group("num") else m.start("word")
            if any(a <= num_s < b for a, b in taken):
                continue
            v = _value(m)
            if v is None:
                continue
            out.append(Count(kind, v, s, e))
            taken.append((s, e))
    return sorted(out, key=lambda c: c.start)


def company_size(text: str) -> Count | None:
    """The company's headcount as the text states it, or None (a department or client count is not it)."""
    comp = [c for c in counts(text) if c.kind == "company"]
    if comp:
        return max(comp, key=lambda c: c.value)  # "a 4-person studio, 2 of us full-time": the whole company
    m = _SOLO.search(text)
    return Count("company", 1.0, m.start(), m.end()) if m else None


def is_size_column(column: str) -> bool:
    """Columns that hold a company's headcount (employees, headcount, company_size, fte, staff)."""
    low = column.lower()
    return any(w in low for w in ("employee", "headcount", "staff", "fte", "company_size", "company size"))


def prospect_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a prospect text, a line at a time, without markup-only pieces: a pasted line such as
    "<data>" or "Hi team," must not join the next line's sentence and move what it reads like."""
    from agent.text import sentences

    out = []
    for line in re.finditer(r"[^\n]+", text):
        for s, e in sentences(line.group(0), offset=line.start()) or [(line.start(), line.end())]:
            if len(re.sub(r"<[^>]*>|[^A-Za-z]", "", text[s:e])) >= 3:
                out.append((s, e))
    return out
