"""`--kind` and `--map` parsing, and applying `--map` roles over the guessed ones.

Roles guessed from names are ingest/columns.py; the kind of a table, ingest/kinds.py; the shared words
(name keys, outcome roles, value parsing) core/vocab.py.
"""

from __future__ import annotations

from typing import Any

from ingest.columns import ColumnIndex, ColumnMapping

ROLES = ("id", "text", "title", "customer_id", "created_at", "rating", "email", "inbound", "stage", "amount",
         "account_name", "closed")
DEAL_ROLES = ("stage", "amount", "account_name", "closed")  # deal exports only (ingest/deals.py)
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
    "stage": "stage",
    "amount": "amount",
    "value": "amount",
    "account_name": "account_name",
    "company": "account_name",
    "closed": "closed",
    "close_date": "closed",
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
    "deal": "deals",
    "deals": "deals",
    "opportunities": "deals",
    "prices": "prices",
    "price_list": "prices",
    "pricelist": "prices",
}


def parse_kind(kind: str | None) -> str:
    """`tickets`/`ticket` -> `ticket`, ... `accounts`, `auto`; ValueError for anything else."""
    k = (kind or "auto").strip().lower()
    if k not in KINDS_CLI:
        raise ValueError(f"unknown --kind '{kind}': use auto, tickets, calls, reviews, accounts, deals or prices")
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


def apply_overrides(mapping: ColumnMapping, overrides: dict[str, Any], columns: list[str]) -> list[str]:
    """Apply `--map` roles to a guessed mapping; returns the mapped columns missing from this file."""
    missing: list[str] = []
    resolve = ColumnIndex(columns).resolve
    for role, value in overrides.items():
        if role in DEAL_ROLES:
            continue
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
