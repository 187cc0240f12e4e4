"""The kind of a table (`ticket`, `call`, `review` or `accounts`) from its columns, file name and texts."""

from __future__ import annotations

from pathlib import Path

from core.vocab import key, outcome_role
from ingest.columns import ColumnMapping, customer_column, id_column, text_column

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
