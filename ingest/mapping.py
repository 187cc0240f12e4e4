"""Column roles by name (docs/conventions.md), `--map` parsing and kind guessing.

The words themselves (name keys, outcome roles, value parsing) are shared with analytics and live in
core/vocab.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.vocab import key, outcome_role, tokens

ID_KEYS = (
    "id",
    "ticketid",
    "reviewid",
    "tweetid",
    "conversationid",
    "callid",
    "noteid",
    "messageid",
    "recordid",
    "caseid",
    "casenumber",
    "ticketnumber",
    "interactionid",
    "feedbackid",
    "responseid",
)
CUSTOMER_KEYS = (
    "customerid",
    "customer",
    "accountid",
    "account",
    "organizationid",
    "organisationid",
    "orgid",
    "companyid",
    "clientid",
    "requesterid",
    "userid",
    "authorid",
    "contactid",
    "custid",
    "customernumber",
    "accountnumber",
    "clientnumber",
)
TEXT_KEYS = (
    "text",
    "body",
    "description",
    "review",
    "reviewtext",
    "content",
    "message",
    "comment",
    "notes",
    "transcript",
    "reviewbody",
    "reviewcontent",
    "comments",
    "feedback",
    "complaint",
    "note",
    "utterance",
    "details",
    "messagetext",
    "tickettext",
    "fulltext",
    "tweet",
    "question",
    "query",
    "issue",
    "remarks",
)
TITLE_KEYS = ("subject", "title", "summary", "reviewtitle", "headline", "tickettitle", "ticketsubject")
DATE_KEYS = (
    "createdat",
    "created",
    "date",
    "timestamp",
    "submittedat",
    "reviewdate",
    "time",
    "createdtime",
    "createddate",
    "datecreated",
    "datetime",
    "postedat",
    "publishedat",
    "openedat",
    "reviewcreatedutc",
    "reviewsubmitdateandtime",
)
RATING_KEYS = (
    "rating",
    "stars",
    "score",
    "starrating",
    "overallrating",
    "reviewstars",
    "reviewrating",
    "reviewscore",
    "starscore",
)
EMAIL_KEYS = (
    "email",
    "contactemail",
    "requesteremail",
    "customeremail",
    "emailaddress",
    "useremail",
    "authoremail",
    "clientemail",
)

# words that make a column something other than the role its other words suggest
_NOT_TEXT = {
    "id",
    "ids",
    "date",
    "time",
    "at",
    "count",
    "length",
    "len",
    "type",
    "status",
    "url",
    "link",
    "lang",
    "language",
    "code",
    "number",
    "num",
    "score",
    "rating",
    "flag",
    "ind",
    "category",
    "sentiment",
    "helpful",
    "votes",
}
_TEXT_WORDS = {
    "text",
    "body",
    "description",
    "review",
    "content",
    "message",
    "comment",
    "comments",
    "notes",
    "transcript",
    "feedback",
    "complaint",
    "utterance",
    "details",
    "tweet",
}


ROLES = ("id", "text", "title", "customer_id", "created_at", "rating", "email", "inbound")
_ROLE_ALIASES = {
    "id": "id",
    "record_id": "id",
    "text": "text",
    "body": "text",
    "title": "title",
    "subject": "title",
    "customer_id": "customer_id",
    "customer": "customer_id",
    "customerid": "customer_id",
    "created_at": "created_at",
    "created": "created_at",
    "date": "created_at",
    "rating": "rating",
    "stars": "rating",
    "email": "email",
    "inbound": "inbound",
}
KINDS_CLI = {
    "auto": "auto",
    "ticket": "ticket",
    "tickets": "ticket",
    "call": "call",
    "calls": "call",
    "review": "review",
    "reviews": "review",
    "account": "accounts",
    "accounts": "accounts",
}


def parse_kind(kind: str | None) -> str:
    """`tickets`/`ticket` -> `ticket`, ... `accounts`, `auto`; ValueError for anything else."""
    k = (kind or "auto").strip().lower()
    if k not in KINDS_CLI:
        raise ValueError(f"unknown --kind '{kind}': use auto, tickets, calls, reviews or accounts")
    return KINDS_CLI[k]


def _split_top(spec: str, sep: str) -> list[str]:
    """Split on `sep` outside double/single quotes."""
    parts, cur, quote = [], [], None
    for ch in spec:
        if quote:
            if ch == quote:
                quote = None
            else:
                cur.append(ch)
        elif ch in "\"'":
            quote = ch
        elif ch == sep:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if quote:
        raise ValueError(f"--map: unclosed quote in '{spec}'")
    parts.append("".join(cur))
    return parts


def parse_map(spec: str | dict[str, Any] | None) -> dict[str, list[str] | str]:
    """`text=Body,customer_id=Requester,id="Ticket ID"` -> {role: column}. `text=Subject+Body` joins
    several text columns (a list). ValueError names the problem for anything malformed."""
    if spec is None:
        return {}
    if isinstance(spec, dict):
        items = list(spec.items())
    else:
        if not str(spec).strip():
            return {}
        items = []
        for part in _split_top(str(spec), ","):
            if not part.strip():
                continue
            if "=" not in part:
                raise ValueError(f"--map: expected ROLE=COLUMN, got '{part.strip()}'")
            role, column = part.split("=", 1)
            items.append((role, column))
    out: dict[str, list[str] | str] = {}
    for role, column in items:
        r = _ROLE_ALIASES.get(str(role).strip().lower().replace("-", "_"))
        if r is None:
            raise ValueError(f"--map: unknown role '{str(role).strip()}' (use {', '.join(ROLES)})")
        if isinstance(column, (list, tuple)):
            cols = [str(c).strip() for c in column]
        else:
            cols = [c.strip() for c in str(column).split("+")] if r == "text" else [str(column).strip()]
        cols = [c.strip("\"'").strip() for c in cols]
        if not cols or any(not c for c in cols):
            raise ValueError(f"--map: empty column name for '{r}'")
        if r in out:
            raise ValueError(f"--map: '{r}' given twice")
        out[r] = cols if r == "text" else cols[0]
    return out


def email_column(columns: list[str]) -> str | None:
    """The first column named like an email address column, or None."""
    by_key = {key(c): c for c in reversed(columns)}
    for k in EMAIL_KEYS:
        if k in by_key:
            return by_key[k]
    for c in columns:
        words = tokens(c)
        if ("email" in words or "mail" in words) and not {"opt", "optin", "verified", "consent"} & set(words):
            return c
    return None


def _first_by_keys(columns: list[str], keys: tuple[str, ...]) -> str | None:
    by_key: dict[str, str] = {}
    for c in columns:
        by_key.setdefault(key(c), c)
    for k in keys:
        if k in by_key:
            return by_key[k]
    return None


def id_column(columns: list[str]) -> str | None:
    return _first_by_keys(columns, ID_KEYS)


def customer_column(columns: list[str]) -> str | None:
    return _first_by_keys(columns, CUSTOMER_KEYS)


def text_column(columns: list[str]) -> str | None:
    found = _first_by_keys(columns, TEXT_KEYS)
    if found:
        return found
    for c in columns:
        if "." in c:
            continue  # nested JSON fields only by their exact names (or a known export shape)
        words = set(tokens(c))
        if words & _TEXT_WORDS and not words & _NOT_TEXT:
            return c
    return None


def title_column(columns: list[str]) -> str | None:
    return _first_by_keys(columns, TITLE_KEYS)


def date_column(columns: list[str]) -> str | None:
    found = _first_by_keys(columns, DATE_KEYS)
    if found:
        return found
    for c in columns:
        words = set(tokens(c))
        if words & {"date", "created", "timestamp"} and not words & {"id", "due", "updated", "closed", "birth"}:
            return c
    return None


def rating_column(columns: list[str]) -> str | None:
    return _first_by_keys(columns, RATING_KEYS)


# --- a file's mapping ---------------------------------------------------------------------------------
@dataclass
class ColumnMapping:
    """Which column plays which role in one file; every other column goes to metadata."""

    text: list[str] = field(default_factory=list)
    title: str | None = None
    id: str | None = None
    customer_id: str | None = None
    created_at: str | None = None
    rating: str | None = None
    email: str | None = None
    inbound: str | None = None
    drop: set[str] = field(default_factory=set)  # columns neither mapped nor kept as metadata

    def used(self) -> set[str]:
        cols = set(self.text) | self.drop
        for c in (self.title, self.id, self.customer_id, self.created_at, self.rating, self.inbound):
            if c:
                cols.add(c)
        return cols

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "title": self.title,
            "id": self.id,
            "customer_id": self.customer_id,
            "created_at": self.created_at,
            "rating": self.rating,
            "email": self.email,
        }


def guess_mapping(columns: list[str]) -> ColumnMapping:
    """Roles guessed from column names alone (the conventions)."""
    text = text_column(columns)
    title = title_column(columns)
    if title == text:
        title = None
    customer = customer_column(columns)
    email = email_column(columns)
    rid = id_column(columns)
    if rid in (customer,):
        rid = None
    return ColumnMapping(
        text=[text] if text else [],
        title=title,
        id=rid,
        customer_id=customer,
        created_at=date_column(columns),
        rating=rating_column(columns),
        email=email,
    )


def apply_overrides(mapping: ColumnMapping, overrides: dict[str, Any], columns: list[str]) -> list[str]:
    """Apply `--map` roles to a guessed mapping; returns the mapped columns missing from this file."""
    missing: list[str] = []
    present = set(columns)
    by_key = {key(c): c for c in reversed(columns)}

    def resolve(col: str) -> str | None:
        if col in present:
            return col
        return by_key.get(key(col))

    for role, value in overrides.items():
        cols = value if isinstance(value, list) else [value]
        resolved = []
        for c in cols:
            r = resolve(c)
            if r is None:
                missing.append(f"{c} ({role})")
            else:
                resolved.append(r)
        if role == "text":
            mapping.text = resolved
            if mapping.title in resolved:
                mapping.title = None
        elif resolved:
            setattr(mapping, role, resolved[0])
    # a column given one role explicitly is not also guessed into another
    explicit = {c for v in overrides.values() for c in (v if isinstance(v, list) else [v])}
    for role in ("title", "id", "customer_id", "created_at", "rating", "email"):
        if role not in overrides and getattr(mapping, role) in explicit:
            setattr(mapping, role, None)
    return missing


# --- kinds --------------------------------------------------------------------------------------------
_CALL_WORDS = ("call", "transcript", "meeting", "interview", "gong", "chorus")
_REVIEW_WORDS = ("review", "g2", "capterra", "trustpilot", "appstore", "app_store", "playstore", "rating")
_TICKET_WORDS = ("ticket", "support", "zendesk", "freshdesk", "intercom", "helpdesk", "case", "chat", "tweet")
_ACCOUNT_WORDS = ("account", "customer", "crm", "churn", "client", "subscription", "billing", "mrr", "compan")


def guess_kind(columns: list[str], mapping: ColumnMapping, path: Path | None = None) -> str:
    """`ticket`, `call`, `review` or `accounts` for a table, from its columns and file name."""
    name = key(path.stem) if path else ""
    if not mapping.text:
        return "accounts"
    text_key = key(mapping.text[0])
    if text_key in ("transcript", "notes", "note") or any(w in name for w in _CALL_WORDS):
        return "call"
    if any(w.replace("_", "") in name for w in _TICKET_WORDS):
        return "ticket"
    if mapping.rating or "review" in text_key or any(w.replace("_", "") in name for w in _REVIEW_WORDS):
        return "review"
    if "note" in name:
        return "call"
    return "ticket"


def looks_like_accounts(columns: list[str], path: Path | None = None) -> bool:
    """A table without a text column that has a customer id column with other columns, or an id column
    with outcome columns or an account-ish file name."""
    if text_column(columns):
        return False
    others = [c for c in columns if c not in (customer_column(columns), id_column(columns))]
    if customer_column(columns) and others:
        return True
    name = key(path.stem) if path else ""
    return bool(id_column(columns) and (any(outcome_role(c) for c in others) or any(w in name for w in _ACCOUNT_WORDS)))


_STRONG_OUTCOMES = {"churn", "revenue", "discount", "refunds", "tickets", "nps"}


def accounts_with_text(columns: list[str], mapping: ColumnMapping, sample_texts: list[str], path: Path | None) -> bool:
    """A CRM export with a free-text column (Notes, Description) is still an accounts table: it has a customer
    id, account outcome columns (churn, revenue, discount...), and short texts or an account-ish file name."""
    if not (mapping.customer_id or mapping.id):
        return False
    strong = [c for c in columns if c not in mapping.text and outcome_role(c) in _STRONG_OUTCOMES]
    if not strong:
        return False
    name = key(path.stem) if path else ""
    feedback_words = _CALL_WORDS + _REVIEW_WORDS + _TICKET_WORDS + ("feedback", "survey", "comment", "note")
    if mapping.rating or any(w.replace("_", "") in name for w in feedback_words):
        return False
    if any(w in name for w in _ACCOUNT_WORDS):
        return True
    if len(strong) < 2:
        return False
    lengths = [len(t) for t in sample_texts]
    return bool(lengths) and sum(lengths) / len(lengths) < 40
