"""Theme labels as short phrases a person would write ("Charged after the trial", "No white-label option").

Candidates are the word runs of the customers' own clauses (one to four words, never starting or ending on
a function word), ranked per theme by class-based TF-IDF (frequent in this theme, rare in the others, as
BERTopic's c-TF-IDF) with a bonus for two- and three-word phrases; the label is the best one, the next
ones are picked for diversity (maximal marginal relevance over their words). Greetings, apologies,
sign-offs, person names, e-mail addresses and ids never make a phrase. The keywords stay beside it.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from agent.themes import STOP as _STOP

MAX_TEXTS = 400  # per theme: enough to rank phrases, bounded on 100k-passage workspaces
_CLAUSE = re.compile(
    r"[.!?;:,()\[\]\"“”‘’\n]|\s[-–—]\s|\bbut\b|\band then\b|\b(?:even )?though\b|\balthough\b|\bwhile\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"(?<![\w@.])[A-Za-z][A-Za-z'’-]*[A-Za-z](?![\w@])|(?<![\w@.])[A-Za-z](?![\w@'])")
# words that make a phrase a greeting, an apology, a sign-off or a politeness, never the complaint
_NEVER_WORDS = """hi hello hey dear greetings morning afternoon evening sorry apologies apologise apologize apology
    apologising apologizing thanks thank thx ty regards cheers sincerely best wishes kind warm welcome
    appreciate appreciated bye goodbye hope please pls lol haha sir madam team folks guys dm dms worries"""
NEVER = frozenset(_NEVER_WORDS.split())
# function words a phrase may hold inside ("charged after the trial") but never start or end on
_NEGATION_WORDS = """no not never without cannot can't won't didn't don't doesn't isn't aren't wasn't weren't couldn't
    wouldn't haven't hasn't nobody nothing"""
_NEGATIONS = frozenset(_NEGATION_WORDS.split())
_EDGE_OK_START = _NEGATIONS | {"too"}
# a clause that praises without a negation ("even though the product is good") is never the complaint
_PRAISE_WORDS = """good great love loved loves nice happy excellent awesome amazing fantastic perfect helpful
    enjoy enjoyed pleased wonderful brilliant solid friendly"""
_PRAISE = frozenset(_PRAISE_WORDS.split())
# words a label never ends on (nor starts on, but for the negations above): a phrase cut mid-thought
_WEAK_WORDS = """new every next full currently really just also first last able sure quite bit thing things
    something anything everything nothing time today now back actually still already always even though
    said says say told tells asked mentioned wrote usually often sometimes rarely mostly basically literally
    simply probably maybe"""
_WEAK_EDGE = frozenset(_WEAK_WORDS.split())
_PARTICLES = frozenset({"up", "down", "out", "off", "over"})  # a phrasal verb may end on its particle
# and these verbs on "in" or "on" too: "don't log" out of "we don't log in" says something else
_IN_ON_VERBS = frozenset(
    ["log", "logged", "logging", "sign", "signed", "signing", "check", "checked", "opt", "opted", "turn", "turned"]
)
_LENGTH_BONUS = {1: 0.55, 2: 1.0, 3: 1.1, 4: 0.9}
_GREETING_NAME = re.compile(
    r"\b(?i:hi|hello|hey|dear|thanks|thank you|cheers|regards|best|sincerely|morning|afternoon|evening)"
    r"[ ,!]+([A-Z][a-z]{2,})\b"
)
_NAME_LINE = re.compile(r"^\s*[-–—~^*]?\s*([A-Z][a-z]{2,})(?:\s+([A-Z][a-z]{2,}))?\s*[.!]?\s*$", re.MULTILINE)
_ROLE_LINE = re.compile(
    r"^\s*\**(?:attendees|participants|present|cc|from|to|owner|csm|ae|account executive|rep)\**\s*:\s*(.+)$",
    re.IGNORECASE | re.MULTILINE,
)
_FULL_NAME = re.compile(r"\b([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})(?= \(| from\b| at\b|,? (?:our|the|their) )")


def person_names(texts: list[str]) -> set[str]:
    """Lower-cased words the texts use as people's names: after a greeting or a thanks ('Hi Carla'), alone
    on a line (a signature), in an attendee or owner line, or a first and last name before a role."""
    names: set[str] = set()
    for t in texts:
        if not t:
            continue
        names.update(m.lower() for m in _GREETING_NAME.findall(t))
        if "\n" in t:
            for a, b in _NAME_LINE.findall(t):
                names.update(x.lower() for x in (a, b) if x)
        if ":" in t:
            for line in _ROLE_LINE.findall(t):
                names.update(w.lower() for w in re.findall(r"\b[A-Z][a-z]{2,}\b", line))
        for a, b in _FULL_NAME.findall(t):
            names.update((a.lower(), b.lower()))
    names -= _COMMON
    if names:  # a word also written in lower case somewhere ('Love!' alone on a line) is no name
        lower = set()
        for t in texts:
            lower.update(w for w in re.findall(r"\b[a-z][a-z]{2,}\b", t) if w in names)
        names -= lower
    return names


# capitalised words a greeting or a line may hold that are not names
_COMMON_WORDS = """the and but you your our team support all everyone there guys folks again so very much
    customer service"""
_COMMON = frozenset(_COMMON_WORDS.split())


def _phrases(text: str, banned: set[str]) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for clause in _CLAUSE.split(text):
        words = [w.replace("’", "'") for w in _WORD.findall(clause)]
        low = [w.lower() for w in words]
        if any(w in _PRAISE for w in low) and not any(w in _NEGATIONS or w.endswith("n't") for w in low):
            continue
        for i in range(len(words)):
            if i and (low[i - 1] in _NEGATIONS or low[i - 1].endswith("n't")):
                continue  # "log in very often" out of "I don't log in very often" says the opposite
            for n in (1, 2, 3, 4):
                seg = low[i : i + n]
                if len(seg) < n:
                    break
                if any(w in banned or w in NEVER for w in seg):
                    break
                first_bad = seg[0] in _STOP or seg[0] in _WEAK_EDGE
                last = seg[-1]
                particle = n > 1 and seg[-2] not in _STOP and (  # "pricing went up", "can't log in"
                    last in _PARTICLES or (last in ("in", "on") and seg[-2] in _IN_ON_VERBS)
                )
                if (first_bad and seg[0] not in _EDGE_OK_START) or (last in _STOP and not particle):
                    continue
                if last in _WEAK_EDGE:
                    continue
                after = low[i + n] if i + n < len(low) else ""
                if last not in _STOP and (after in _PARTICLES or (after in ("in", "on") and last in _IN_ON_VERBS)):
                    continue  # "pricing went" before "up", "can't log" before "in": cut mid phrasal verb
                if last.endswith("'s"):  # "cancelled a customer's": a possessive waits for its noun
                    continue
                if n == 1 and (len(seg[0]) < 4 or seg[0] in _EDGE_OK_START):
                    continue
                if sum(w not in _STOP for w in seg) + particle < (1 if n < 3 else 2):
                    continue
                out.add(tuple(words[i : i + n]))
    return out


def phrase_labels(
    texts: list[str], labels, k: int, top: int = 3, banned: set[str] = frozenset()
) -> list[list[str]]:
    """Per theme (index 0..k-1), up to `top` representative phrases, best first (the first is the label)."""
    per: list[list[str]] = [[] for _ in range(k)]
    for t, lab in zip(texts, labels, strict=True):
        if 0 <= lab < k and len(per[lab]) < MAX_TEXTS and t:
            per[lab].append(t)
    banned = set(banned) | person_names([t for group in per for t in group])
    counts: list[Counter] = []
    forms: dict[str, Counter] = {}
    for group in per:
        c: Counter = Counter()
        for t in group:
            for ph in _phrases(t, banned):
                key = " ".join(ph).lower()
                c[key] += 1
                forms.setdefault(key, Counter())[" ".join(ph)] += 1
        counts.append(c)
    total: Counter = Counter()
    for c in counts:
        total.update(c)
    avg = sum(total.values()) / max(1, k)
    out: list[list[str]] = []
    for j, c in enumerate(counts):
        n = max(1, len(per[j]))
        need = 2 if n >= 6 else 1
        scored = []
        if not any(cnt >= need for cnt in c.values()):
            need = 1  # a small or scattered theme: its best once-said phrase beats a keyword list
        for key, cnt in c.items():
            if cnt < need:
                continue
            words = key.split()
            score = (cnt / n) * math.log(1 + avg / total[key]) * _LENGTH_BONUS[len(words)]
            scored.append((score, key))
        scored.sort(key=lambda s: (-s[0], s[1]))
        out.append([_surface(forms[key]) for key in _diverse([k for _, k in scored[:60]], top)])
    return out


def _diverse(keys: list[str], top: int, penalty: float = 0.7) -> list[str]:
    """Maximal marginal relevance over word sets: each next phrase shares few words with those picked."""
    picked: list[str] = []
    rest = list(keys)
    while rest and len(picked) < top:
        best, best_val = None, -1e9
        for rank, key in enumerate(rest):
            words = set(key.split())
            overlap = max(
                (len(words & set(p.split())) / len(words | set(p.split())) for p in picked), default=0
            )
            val = -rank / max(1, len(rest)) - penalty * overlap * 2
            if best is None or val > best_val:
                best, best_val = key, val
        picked.append(best)
        rest.remove(best)
    return picked


def _surface(forms: Counter) -> str:
    """The phrase as customers most often wrote it, first letter capitalised. A capital inside the phrase is
    kept ("Sync with Xero", "Canadian tax"): the phrase never starts a sentence there, so it marks a name;
    a phrase written all in capitals ("NOT WORKING") is shouting and is lower-cased."""
    text = forms.most_common(1)[0][0]
    words = text.split()
    shouting = len(words) > 1 and all(w.isupper() for w in words if len(w) > 1)
    first = words[0]
    keep_first = not shouting and ((first.isupper() and len(first) > 1) or any(ch.isupper() for ch in first[1:]))
    words[0] = first if keep_first else first.lower()
    if shouting:
        words = [words[0]] + [w.lower() for w in words[1:]]
    text = " ".join("I" if w == "i" else w for w in words)
    return text[:1].upper() + text[1:]


def label_of(phrases: list[str], keywords: list[str]) -> str:
    """The theme's label: its best phrase, else its top keyword that is no greeting, else 'Other complaints'."""
    if phrases:
        return phrases[0]
    word = next((k for k in keywords if clean_label(k)), "")
    return word[:1].upper() + word[1:] if word else "Other complaints"


def clean_label(label: str) -> bool:
    """Whether a label is free of greetings, apologies, sign-offs, e-mails and ids (used by the tests too)."""
    low = label.lower()
    if "@" in low or re.search(r"\d{3,}|\b[a-z]+\d+[a-z0-9]*\b", low):
        return False
    return not any(w in NEVER for w in re.findall(r"[a-z']+", low))
