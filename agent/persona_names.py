"""Persona names a person would write, from a small grammar over what defines the group, its top complaint
theme and its dominant cost: "[cost adjective] [who they are] [with/on …] [citing theme]".

E.g. "Churn-prone agency or freelance customers citing no white-label option", "Discount-driven Enterprise-plan
customers with many onboarding sessions", "Churn-prone senior citizens on month-to-month contracts".

Never a colon, a raw number or more than one comma (`check_name` says why a name fails; the LLM's proposed
names pass through it too), unique within a version (`unique_names`)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from agent.render import role_of

MAX_CHARS = 80
TRUE = {"yes", "true", "1", "1.0", "y"}
FALSE = {"no", "false", "0", "0.0", "n"}
_NUMBER = re.compile(r"\d")
_GROUP_COLS = ("industry", "segment", "vertical", "sector", "business type", "company type", "category")
_SOURCE_COLS = ("channel", "source", "acquisition", "referral", "campaign")
_PLAN_COLS = ("plan", "tier", "contract", "package", "subscription")
_PERSON_FLAGS = ("senior", "student", "veteran", "citizen", "member", "parent")
_TIME_COLS = ("tenure", "month", "day", "week", "year", "duration", "age")
_SIZE_COLS = ("employee", "size", "seat", "user", "headcount", "staff", "team")
_AMOUNT_COLS = ("charge", "price", "mrr", "arr", "revenue", "spend", "amount", "fee", "value", "income")
# the cost adjective per outcome role (the dominant cost reads as who they are, not a figure)
ADJECTIVE = {
    "churn": "Churn-prone",
    "lost_revenue": "Churn-prone",
    "discount": "Discount-driven",
    "tickets": "Support-heavy",
    "complaints": "Often-complaining",
    "refunds": "Refund-seeking",
    "revenue": "Low-revenue",
    "rating": "Unhappy",
    "recommend": "Unhappy",
    "nps": "Unhappy",
}
_BANNED = ("idiot", "stupid", "cheap", "lazy", "difficult", "bad customer", "worst", "toxic", "annoying")


def human(column: str) -> str:
    """'StreamingTV' → 'streaming TV', 'onboarding_sessions' → 'onboarding sessions' (acronyms kept)."""
    s = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", column).replace("_", " ").strip()
    s = " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in s.split())
    return s[: -len(" name")] if s.endswith(" name") else s


def _has(col: str, words: tuple[str, ...]) -> bool:
    return any(w in col for w in words)


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es" if not noun.endswith("s") else noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _values(value: str) -> str:
    """'Agency | Freelance' → 'agency or freelance' (merged values, agent/merge_values.py); case kept for
    names and acronyms (a value with a capital after its first letter)."""
    parts = [v.strip() for v in value.replace(" | ", " or ").split(" or ") if v.strip()]
    parts = [p if any(ch.isupper() for ch in p[1:]) else p.lower() for p in parts]
    return " or ".join(parts)


def band_word(column: str, value: str, series: pd.Series | None) -> str | None:
    """'10–27' onboarding sessions → 'many'; tenure '1–7' → 'short'; None when the band is in the middle or
    the column has no numbers to compare with."""
    nums = [float(x.replace(",", "")) for x in re.findall(r"-?[\d,]*\.?\d+", value)]
    if len(nums) < 2 or series is None:
        return None
    col = pd.to_numeric(series, errors="coerce").dropna()
    if col.empty:
        return None
    lo, hi = min(nums), max(nums)
    q1, q3 = float(np.quantile(col, 0.33)), float(np.quantile(col, 0.67))
    high = lo >= q1 and hi > q3 and lo > float(col.min())
    low = hi <= q3 and lo <= q1 and hi < float(col.max())
    if not (high or low):
        return None
    c = human(column)
    if _has(c, _TIME_COLS):
        return "long" if high else "short"
    if _has(c, _SIZE_COLS):
        return "large" if high else "small"
    if _has(c, _AMOUNT_COLS):
        return "high" if high else "low"
    return "many" if high else "few"


def trait_words(column: str, value: str, series: pd.Series | None = None) -> tuple[str, str]:
    """(kind, words) for one defining condition: kind 'head' (who they are: 'agency customers', 'senior
    citizens', 'promo code sign-ups') or 'with' (a modifier: 'on month-to-month contracts', 'without online
    backup', 'with many onboarding sessions'). Words never hold a colon or a raw number."""
    col, low = human(column), value.strip().lower()
    if low in TRUE:
        if _has(col, _PERSON_FLAGS):
            return "head", _plural(col)
        return "with", f"with {col}"
    if low in FALSE:
        return "with", f"without {col}"
    if low.startswith(("no ", "none")):
        return "with", f"with {low}"
    if "–" in value and _NUMBER.search(value):
        word = band_word(column, value, series)
        noun = col if col.endswith("s") or _has(col, _TIME_COLS + _AMOUNT_COLS) else _plural(col)
        if _has(col, _SIZE_COLS):  # 'small customers', not 'with small employees'
            return "adj", {"large": "large", "small": "small"}.get(word or "", "mid-sized")
        if word in {"long", "short", "high", "low", "large", "small"}:
            noun = col
        return "with", f"with {word} {noun}" if word else f"with mid-range {noun}"
    if _NUMBER.search(value) and not re.search(r"[a-zA-Z]{3}", value):
        return "with", f"by {col}"  # a bare number ('3.0') reads as the column only
    v = re.sub(r"\s*[,:;]\s*", " ", _values(value))
    if _has(col, _GROUP_COLS):
        return "head", f"{v} customers"
    if _has(col, _SOURCE_COLS):
        return "head", f"{v} sign-ups"
    if _has(col, _PLAN_COLS):
        v = re.sub(r"\s*[,:;]\s*", " ", value.replace(" | ", " or ").strip())  # plan names keep their case
        noun = col.split()[-1]
        if noun == "contract":  # a contract term is no product name: 'on a month-to-month contract'
            v = v.lower()
            return "with", f"on {v} contracts" if " or " in v else f"on a {v} contract"
        return "with", f"on {v} {_plural(noun)}" if " or " in v else f"on the {v} {noun}"
    if _has(col, ("payment", "pay method", "billing method")):
        return "with", f"paying by {_values(value)}"
    return "with", f"with {v} {col}"


def _join_mods(mods: list[str]) -> str:
    if len(mods) == 2 and mods[1].startswith("with") and not mods[0].startswith("with"):
        return f"{mods[0]} {mods[1]}"  # 'on the Enterprise plan with many onboarding sessions'
    if len(mods) == 2 and mods[0].startswith("with ") and mods[1].startswith("with "):
        return f"{mods[0]} and {mods[1][5:]}"  # 'with multiple lines and fiber optic internet service'
    return " and ".join(mods)


def _theme_phrase(label: str) -> str:
    label = label.strip().rstrip(".")
    if not label or "/" in label or label.lower() == "miscellaneous":
        return ""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def dominant_role(costs, confirmed) -> str | None:
    if confirmed is not None:
        from agent.costs import LABEL

        for role, lab in LABEL.items():
            if lab == confirmed.label:
                return role
    return role_of(costs[0]) if costs else None


def candidates(conditions, series_of, theme_labels: list[str], role: str | None) -> list[str]:
    """Names for one group, best first: with the top theme, then without it, then with the second theme."""
    heads, mods, adjs = [], [], []
    for column, value in conditions:
        if column == "theme":
            continue
        kind, words = trait_words(column, value, series_of(column))
        {"head": heads, "adj": adjs}.get(kind, mods).append(words)
    head = " and ".join(heads[:2]) if heads else "customers"
    if heads and len(heads) > 1 and all(h.endswith(" customers") for h in heads[:2]):
        head = " ".join(h[: -len(" customers")] for h in heads[:2]) + " customers"
    adjective = " ".join([ADJECTIVE.get(role or "", ""), *adjs[:1]]).strip()
    subject = f"{adjective} {head}" if adjective else head
    subject = subject[:1].upper() + subject[1:]
    if subject == "Customers" and not mods:
        subject = "Costly customers"
    mods.sort(key=lambda m: (not m.startswith("on "), not m.startswith("paying")))  # then "with …"
    mod = _join_mods(mods[:2])
    base = f"{subject} {mod}".strip()
    themes = [p for p in (_theme_phrase(x) for x in theme_labels) if p]
    out = []
    for t in themes[:2]:
        out.append(f"{base}, citing {t}" if mod else f"{base} citing {t}")
    out.append(base)
    if len(mods) > 1:
        out += [f"{subject} {mods[0]}", f"{subject} {mods[1]}"]
    out.append(subject)
    good = [n for n in out if not check_name(n)]
    return good or [re.sub(r"[:,\d]", "", subject)[:MAX_CHARS].strip() or "Costly customers"]


def check_name(name: str, allow_sensitive: bool = True) -> str | None:
    """Why a persona name is not one a person would write, or None: empty, too long, a colon, a raw number
    like 1.0, more than one comma, a slash list, an insult, or (unless opted in) a sensitive trait."""
    n = name.strip()
    if not n:
        return "empty"
    if len(n) > MAX_CHARS or len(n.split()) > 14:
        return "too long"
    if ":" in n:
        return "holds a colon"
    if re.search(r"\d+\.\d+|\b\d+\b", n):
        return "holds a raw number"
    if n.count(",") > 1:
        return "more than one comma"
    if " / " in n or "=" in n:
        return "a condition list"
    if any(w in n.lower() for w in _BANNED):
        return "not respectful"
    if not allow_sensitive:
        from agent import sensitive

        if sensitive.mentions(n, False):
            return "names a sensitive trait"
    return None


def unique_names(options: list[list[str]], taken: set[str] = frozenset()) -> list[str]:
    """One name per persona, each its first option no other persona holds; a clash left over gets the
    lowest free ordinal word ('Churn-prone customers, another group')."""
    used = {t.lower() for t in taken}
    out = []
    for opts in options:
        pick = next((o for o in opts if o.lower() not in used), None)
        if pick is None:
            base = opts[0].split(",")[0]
            for word in ("another", "a third", "a fourth", "a fifth", "a sixth", "a seventh"):
                pick = f"{base}, {word} group"
                if pick.lower() not in used:
                    break
        used.add(pick.lower())
        out.append(pick)
    return out


def distinct(personas: list) -> list:
    """The personas with names unique within the version (case-insensitive): a later persona whose name an
    earlier one holds (say an inherited name, agent/persona_stability.py) takes an ordinal variant."""
    seen: set[str] = set()
    out = []
    for p in personas:
        name = p.name
        if name.lower() in seen:
            name = unique_names([[name]], seen)[0]
        seen.add(name.lower())
        out.append(p if name == p.name else p.model_copy(update={"name": name}))
    return out
