"""Read the workspace's attributes out of free text (a prospect description, lead-form answers, notes).

Offline and explainable: every value found comes with the exact words that matched. Categorical values are
matched by name ("agency", "Fiber optic", "Month-to-month"); yes/no columns by their name with a negation
check ("no partner", "without phone service"); numeric columns by a number next to the column's name or a
common synonym ("$85 a month"); a company's headcount only from phrases about the company
(agent/prospect_text.py: "finance team of 8" and "3 stores" are not employees). Industry columns also
match the words people use for the table's values (core/industries.py: "regional bank" -> Banking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from agent.prospect_text import company_size, is_size_column
from core.industries import is_industry_column, shadowed, synonyms

_BOOL_VALUES = {"yes", "no", "true", "false", "0", "1", "y", "n", "0.0", "1.0"}
_SKIP_VALUES = {"other", "none", "unknown", "n/a", "na", "general", "no internet service", "no phone service"}
# a negation word shortly before a match, in the same clause (a line break ends one: lead forms put one
# answer per line, "SSO needed: no" must not negate the "Industry: Agency" below it)
_NEGATION = re.compile(
    r"\b(no|not|without|doesn't|does not|don't|do not|never|non|lacks?|n't)\b[^.;,!?\n]{0,30}\Z", re.I
)
_ANSWER = re.compile(r"[ \t]*(?:needed|required|wanted)?[ \t]*[:=][ \t]*(yes|no|true|false|y|n|1|0)\b", re.I)
_NUM = r"\$?\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(k|K|m|M)?"
_MONEY = ["per month", "a month", "/month", "/mo", "monthly", "mrr", "budget", "spend", "usd", "dollars"]
# column-name fragment -> words people use for it
SYNONYMS = {
    "employee": [
        "-person",
        "-people",
        "-strong",
        "employees",
        "employee",
        "staff",
        "people",
        "headcount",
        "team of",
        "person team",
        "fte",
        "ftes",
    ],
    "size": ["employees", "staff", "people", "headcount", "team of"],
    "seat": ["seats", "users", "licenses", "licences"],
    "mrr": _MONEY,
    "revenue": _MONEY,
    "charge": _MONEY,
    "price": _MONEY,
    "spend": _MONEY,
    "tenure": ["months as a customer", "months with us", "months tenure"],
    "age": ["years old", "year old", "aged", "age"],
}


@dataclass
class Found:
    column: str
    value: str  # raw value as in the data (category) or number as text
    evidence: str  # the prospect's own words that matched (text[start:end] when the span is known)
    numeric: float | None = None
    start: int | None = None
    end: int | None = None


def human(column: str) -> str:
    s = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", column)
    s = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", " ", s)
    return s.replace("_", " ").strip().lower()


def _is_bool(values: list[str]) -> bool:
    return bool(values) and {v.strip().lower() for v in values} <= _BOOL_VALUES


def _truthy(values: list[str]) -> tuple[str, str]:
    low = {v.strip().lower(): v for v in values}
    yes = next((low[k] for k in ("yes", "true", "1", "1.0", "y") if k in low), values[0])
    no = next((low[k] for k in ("no", "false", "0", "0.0", "n") if k in low), values[-1])
    return yes, no


def _sentence_around(text: str, start: int, end: int) -> str:
    s = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), text.rfind(";", 0, start)) + 1
    e_candidates = [i for i in (text.find(".", end), text.find("\n", end), text.find(";", end)) if i != -1]
    e = min(e_candidates) if e_candidates else len(text)
    return text[s:e].strip()


class Extractor:
    """Built once per workspace from its attribute columns; `extract(text)` is cheap."""

    def __init__(self, df: pd.DataFrame, attributes: list[str]):
        self.categorical: dict[str, list[tuple[re.Pattern, str]]] = {}
        self.boolean: dict[str, tuple[re.Pattern, str, str]] = {}
        self.numeric: dict[str, list[re.Pattern]] = {}
        self.ranges: dict[str, tuple[float, float]] = {}  # numeric column -> (min, max) seen in the data
        for col in attributes:
            s = df[col].dropna()
            if pd.api.types.is_numeric_dtype(s) and s.nunique() > 8:
                self.numeric[col] = self._numeric_patterns(col)
                self.ranges[col] = (float(s.min()), float(s.max()))
                continue
            values = [str(v) for v in s.astype(str).unique()]
            # "Yes / No / No internet service": a yes/no column with a not-applicable value
            applicable = [v for v in values if v.strip().lower() not in _SKIP_VALUES]
            if _is_bool(values) or (len(applicable) == 2 and _is_bool(applicable) and len(values) <= 3):
                values = applicable
                yes, no = _truthy(values)
                name = human(col)
                self.boolean[col] = (re.compile(rf"\b{re.escape(name)}s?\b", re.I), yes, no)
                continue
            extra = synonyms(values) if is_industry_column(col) else {}
            pats = []
            for v in values:
                vl = v.strip().lower()
                if len(vl) < 2 or vl in _SKIP_VALUES or vl in _BOOL_VALUES or len(vl.split()) > 6:
                    # (a "value" of more than six words is free text typed into a field, not a category)
                    continue
                bare = re.sub(r"\s*\([^)]*\)", "", vl).strip()  # "bank transfer (automatic)" -> "bank transfer"
                variants = {
                    re.escape(vl),
                    re.escape(vl).replace(r"\-", r"[\s\-]?"),
                    re.escape(vl.rstrip("s")),
                }
                if len(bare) > 2 and bare not in _SKIP_VALUES:
                    variants.add(re.escape(bare).replace(r"\-", r"[\s\-]?"))
                variants |= {re.escape(t).replace(r"\-", r"[\s\-]?").replace(r"\ ", r"\s+") for t in extra.get(v, [])}
                # (?<!\w)/(?!\w), not \b: a value may end in ")" ("Credit card (automatic).")
                alt = "|".join(sorted(variants, key=len, reverse=True))
                pats.append((re.compile(r"(?<!\w)(" + alt + r")s?(?!\w)", re.I), v))
            none = next((v for v in values if v.strip().lower() in {"no", "none"}), None)
            if none is not None:  # InternetService "No": "no internet service", "without internet"
                name = human(col)
                names = {re.escape(name), re.escape(re.sub(r"\s+(service|services|plan|option)$", "", name))}
                alt = "|".join(sorted(names, key=len, reverse=True))
                pats.append((re.compile(rf"(?<!\w)((?:no|without)\s+(?:{alt}))s?(?!\w)", re.I), none))
            # longer values first: "Month-to-month" before "month"
            self.categorical[col] = sorted(pats, key=lambda p: -len(p[1]))

    @staticmethod
    def _numeric_patterns(col: str) -> list[re.Pattern]:
        name = human(col)
        words = [name] + [w for key, ws in SYNONYMS.items() if key in name for w in ws]
        words = sorted({w for w in words if w}, key=len, reverse=True)
        alt = "|".join(re.escape(w) for w in words)
        return [
            re.compile(
                rf"(?:{alt})\s*(?:of|is|at|around|about|~|:|=)?\s*(?:roughly\s|about\s|around\s)?{_NUM}", re.I
            ),
            re.compile(rf"{_NUM}\s*(?:\+\s*)?(?:[a-z\-]+\s){{0,2}}?(?:{alt})\b", re.I),
        ]

    def extract(self, text: str) -> dict[str, Found]:
        found: dict[str, Found] = {}
        for col, pats in self.categorical.items():
            hit = _best_category(text, pats)
            if hit:
                value, s, e = hit
                found[col] = Found(col, value, text[s:e], start=s, end=e)
        for col, (pat, yes, no) in self.boolean.items():
            m = pat.search(text)
            if m:
                s, e = m.span()
                # "SSO: no" / "needs SSO: yes" (lead forms, batch rows) answer after the name
                answer = _ANSWER.match(text, m.end())
                if answer:
                    negated = answer.group(1).lower() in {"no", "false", "0", "n"}
                    e = answer.end()
                else:
                    neg = _NEGATION.search(text[max(0, m.start() - 40) : m.start()])
                    negated = bool(neg)
                    if neg:
                        s = max(0, m.start() - 40) + neg.start()
                found[col] = Found(col, no if negated else yes, text[s:e].strip(), start=s, end=e)
        for col, pats in self.numeric.items():
            if is_size_column(col):
                c = company_size(text)
                if c is not None:
                    found[col] = Found(col, f"{c.value:g}", text[c.start : c.end], c.value, c.start, c.end)
                continue
            for pat in pats:
                m = pat.search(text)
                if not m:
                    continue
                num, suffix = m.group(1), (m.group(2) or "").lower()
                try:
                    val = float(num.replace(",", ""))
                except ValueError:
                    continue
                val *= {"k": 1e3, "m": 1e6}.get(suffix, 1)
                s, e = m.span()
                found[col] = Found(col, f"{val:g}", text[s:e].strip(), numeric=val, start=s, end=e)
                break
        return found


def _best_category(text: str, pats: list[tuple[re.Pattern, str]]) -> tuple[str, int, int] | None:
    """The value whose words match longest ("online store" is E-commerce before "store" is Retail), not
    negated ("not an agency") and not shadowed ("government agency" is no agency)."""
    best: tuple[int, int, str, int, int] | None = None
    for pat, value in pats:
        for m in pat.finditer(text):
            if _NEGATION.search(text[max(0, m.start() - 40) : m.start()]) or shadowed(m.group(1), text, m.start()):
                continue
            rank = (m.end() - m.start(), -m.start())
            if best is None or rank > best[:2]:
                best = (*rank, value, m.start(), m.end())
            break
    return (best[2], best[3], best[4]) if best else None
