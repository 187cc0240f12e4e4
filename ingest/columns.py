"""Which column plays which role, from column names alone (docs/conventions.md).

Names are compared by key (`Ticket ID`, `ticket_id` and `TicketId` are one key, core.vocab.key); the key
lists say which names mean what, in order of preference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.vocab import key, tokens

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


def pick(by_key: dict[str, str], keys: Iterable[str]) -> str | None:
    """The column of the first key in `keys` that `by_key` (key -> column) has."""
    return next((by_key[k] for k in keys if k in by_key), None)


class ColumnIndex:
    """A file's columns by key: the first column of each key wins; exact names win over keys."""

    def __init__(self, columns: Iterable[str]):
        self.columns = list(columns)
        self.by_key: dict[str, str] = {}
        for c in self.columns:
            self.by_key.setdefault(key(c), c)

    def first(self, keys: Iterable[str]) -> str | None:
        """The column of the first key in `keys` this file has."""
        return pick(self.by_key, keys)

    def resolve(self, name: str | None) -> str | None:
        """The column a user (or config) named: that exact column, else the one with the same key."""
        if name is None:
            return None
        return name if name in self.columns else self.by_key.get(key(name))


def email_column(columns: list[str]) -> str | None:
    """The first column named like an email address column, or None."""
    found = ColumnIndex(columns).first(EMAIL_KEYS)
    if found:
        return found
    for c in columns:
        words = tokens(c)
        if ("email" in words or "mail" in words) and not {"opt", "optin", "verified", "consent"} & set(words):
            return c
    return None


def _first_by_keys(columns: list[str], keys: tuple[str, ...]) -> str | None:
    return ColumnIndex(columns).first(keys)


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
