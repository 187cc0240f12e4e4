"""The shared vocabulary: column-name keys, account outcome roles, yes/no words and cell-value parsing.

Ingest reads files with it and analytics reads the stored accounts with it; both must agree on what
`Churn`, `MRR` or `"$1,200"` mean, so the words live here, once (docs/conventions.md). Pure functions over
names and values: nothing here reads files or settings.

Names compare case-, space- and punctuation-insensitively: `Ticket ID`, `ticket_id` and `TicketId` are the
same `key`. `outcome_role(column)` is the one function that decides whether a column is an account outcome.
"""

from __future__ import annotations

import math
import re
from typing import Any

from core.unicode_clean import plain

# --- names --------------------------------------------------------------------------------------------


def key(name: str) -> str:
    """`Ticket ID` -> `ticketid`: the form every key list is written in."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


_TOKEN = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def tokens(name: str) -> list[str]:
    """`MonthlyCharges` -> [monthly, charges]; `Recommended IND` -> [recommended, ind]."""
    return [t.lower() for t in _TOKEN.findall(str(name))]


def human(column: str) -> str:
    """A column name as words for a sentence: `MonthlyCharges` -> `monthly charges`, `SSOEnabled` ->
    `sso enabled`, `company_size` -> `company size`. A trailing `name` goes (`IndustryName` reads
    `industry`, as a sentence names the thing, not its label) unless it is the whole name."""
    s = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(column))
    s = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", " ", s)
    s = re.sub(r"[_\s]+", " ", s).strip().lower()
    return s[: -len(" name")] if s.endswith(" name") else s


def column_list(columns: list[str], limit: int = 12) -> str:
    """`a, b, c, … (40 columns)` for messages."""
    shown = ", ".join(columns[:limit])
    return shown if len(columns) <= limit else f"{shown}, … ({len(columns)} columns)"


# --- yes / no -----------------------------------------------------------------------------------------
YES_WORDS = frozenset({"yes", "y", "true", "t"})
NO_WORDS = frozenset({"no", "n", "false", "f"})
# the values a yes/no column holds (as text, lower-cased): what makes a column boolean
BOOLEAN_VALUES = frozenset({"yes", "no", "true", "false", "y", "n", "0", "1", "0.0", "1.0"})
CHURN_TRUE = frozenset(
    {"1", "1.0", "yes", "y", "true", "t", "churned", "churn", "cancelled", "canceled", "lost", "left", "inactive",
     "exited"}
)
CHURN_FALSE = frozenset({"0", "0.0", "no", "n", "false", "f", "active", "retained", "stayed", "current", "renewed"})


def yes_no(value: Any) -> float | None:
    """`yes`/`true`/`y`/`t` -> 1.0, `no`/`false`/`n`/`f` -> 0.0 (any case, spaces trimmed); None otherwise."""
    s = str(value).strip().lower() if value is not None else ""
    if s in YES_WORDS:
        return 1.0
    if s in NO_WORDS:
        return 0.0
    return None


# --- outcome roles ------------------------------------------------------------------------------------
OUTCOME_ROLES = ("churn", "revenue", "discount", "refunds", "tickets", "nps", "rating", "recommend")
NON_NEGATIVE = {"revenue", "tickets", "rating"}  # a negative value is a data error (a discount or refund
# may be written with a minus sign, as accounting does, so those are kept)
_OUTCOME_NAMES = {
    "churn": "churn churned ischurned haschurned cancelled canceled iscancelled churnflag churnvalue churnlabel "
    "churnstatus exited attrition attritionflag",
    "revenue": "mrr arr revenue ltv clv cltv lifetimevalue customerlifetimevalue monthlycharges totalcharges acv "
    "tcv contractvalue annualcontractvalue monthlyrevenue annualrevenue totalrevenue monthlyspend totalspend "
    "spend",
    "discount": "discount discountpct discountpercent discountrate discountamount",
    "refunds": "refunds refundcount refund refunded refundamount numrefunds",
    "tickets": "tickets ticketcount supporttickets numtickets numberoftickets ticketsopened supportticketcount "
    "supportcalls numsupportcalls complaints complaintcount",
    "nps": "nps npsscore netpromoterscore",
    "rating": "rating stars starrating overallrating reviewrating reviewstars csat csatscore satisfactionscore "
    "satisfactionrating",
    "recommend": "recommended recommend recommendedind wouldrecommend recommends isrecommended",
}
# column keys that name an outcome exactly
_OUTCOME_EXACT = {k: role for role, names in _OUTCOME_NAMES.items() for k in names.split()}
# a column that has one of these words is a description of the outcome, not its value
_OUTCOME_BLOCK = set(
    ["id", "reason", "reasons", "date", "at", "time", "text", "comment", "comments", "note", "notes", "type", "code", "name", "band", "range", "bucket", "tier", "category", "currency", "predicted", "prediction", "probability", "risk", "label_text", "url", "segment"]
)
# words that make a column an outcome wherever they stand in its name
_OUTCOME_WORDS = {
    "churn": "churn", "churned": "churn",
    "mrr": "revenue", "arr": "revenue", "revenue": "revenue", "ltv": "revenue", "acv": "revenue",
    "charges": "revenue",
    "discount": "discount",
    "refunds": "refunds", "refund": "refunds", "refunded": "refunds",
    "tickets": "tickets",
    "nps": "nps",
    "recommended": "recommend", "recommend": "recommend",
}  # fmt: skip


def outcome_role(column: str) -> str | None:
    """The outcome role a column plays (churn, revenue, discount, refunds, tickets, nps, rating, recommend),
    or None. Pure: decided by the name alone."""
    k = key(column)
    if not k:
        return None
    if k in _OUTCOME_EXACT:
        return _OUTCOME_EXACT[k]
    words = tokens(column)
    if not words or any(w in _OUTCOME_BLOCK for w in words):
        return None
    if "score" in words and not ({"nps", "csat"} & set(words)):
        return None  # churn score, credit score: predictions or unrelated
    for w in words:
        role = _OUTCOME_WORDS.get(w)
        if role:
            return role
    if "ticket" in words and {"count", "num", "number", "total", "opened"} & set(words):
        return "tickets"
    return None


# --- values -------------------------------------------------------------------------------------------
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_MONEY_STRIP = re.compile(r"[\s$€£¥₹,%]|^(usd|eur|gbp)|(usd|eur|gbp)$", re.I)


def to_number(value: Any) -> float | None:
    """`"$1,200"` -> 1200.0, `"35%"` -> 35.0, `"(12)"` -> -12.0, yes/no -> 1/0; None when not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        f = float(value)
        return f if math.isfinite(f) else None
    s = plain(str(value))  # full-width digits, a zero-width space inside: still the number a person reads
    if not s:
        return None
    answer = yes_no(s)
    if answer is not None:
        return answer
    neg = s.startswith("(") and s.endswith(")")
    if neg:
        s = s[1:-1]
    s = _MONEY_STRIP.sub("", s)
    if not _NUMBER.match(s):
        return None
    f = float(s)
    if not math.isfinite(f):  # `1e309`: a number too large to be data; never let inf into an analysis
        return None
    return -f if neg else f


def to_churn(value: Any) -> float | None:
    """yes/no/true/false/1/0/churned/active... -> 1.0/0.0; None when unknown."""
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        return 1.0 if value else 0.0
    s = str(value).strip().lower()
    if s in CHURN_TRUE:
        return 1.0
    if s in CHURN_FALSE:
        return 0.0
    f = to_number(s)
    return None if f is None else (1.0 if f else 0.0)


def normalise_outcome(role: str, value: Any) -> float | None:
    """A cell of an outcome column as the number analytics measures (churn as 1/0, the rest as numbers)."""
    return to_churn(value) if role == "churn" else to_number(value)


_PLAIN_INT = re.compile(r"^-?(0|[1-9]\d{0,15})$")
_PLAIN_FLOAT = re.compile(r"^-?(0|[1-9]\d{0,15})\.\d+$")


def metadata_value(value: Any) -> Any:
    """A cell as metadata: plain numbers become int/float (not ids with leading zeros), blanks None."""
    if not isinstance(value, str):
        return value
    s = value.strip()
    if not s:
        return None
    p = plain(s) if not s.isascii() else s  # `１２` or `1\u200b2` is the number 12
    if _PLAIN_INT.match(p):
        return int(p)
    if _PLAIN_FLOAT.match(p):
        return float(p)
    return s


_STARS = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:/\s*([0-9]+)|stars?|of\s+[0-9]+|★)?", re.I)


def parse_rating(value: Any) -> float | None:
    """`4`, `4.5`, `4/5`, `4 stars`, `★★★★☆` -> 4.0 ...; None when unreadable."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    s = plain(str(value))
    if not s:
        return None
    if "★" in s:
        return float(s.count("★"))
    m = _STARS.match(s)
    if not m:
        return None
    return float(m.group(1).replace(",", "."))


_COMPANY_SUFFIXES = {
    "inc", "incorporated", "ltd", "limited", "llc", "gmbh", "corp", "corporation", "co", "company", "plc",
    "sa", "sas", "sarl", "bv", "nv", "ag", "srl", "spa", "pty", "oy", "ab", "as", "kg", "ug", "lp", "llp",
}


def company_key(name: Any) -> str:
    """`"Acme, Inc."`, `"ACME Inc"` and `"acme"` -> `acme`: case, punctuation and legal suffixes (Inc, Ltd,
    GmbH, LLC...) dropped, so a deal names the same company its account row does."""
    if name is None:
        return ""
    words = re.sub(r"[^\w\s]", " ", str(name).lower().replace(".", "").replace("&", " and ")).split()
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)
