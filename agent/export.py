"""What the exports hold: a persona's members and the exclusion list for ad platforms (hashed e-mails).
The files themselves are written by ui/ (`ui.exports`)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from agent.segments import segment_mask

if TYPE_CHECKING:
    from core.services import Services
    from core.settings import Settings


def normalise_email(email: str) -> str:
    """Ad platforms (Google Customer Match, Meta) hash the trimmed, lower-cased address."""
    return email.strip().lower()


def email_sha256(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()


def persona_members(services: Services | Settings, persona_id: str):
    """Accounts (or records) matching a persona's segment conditions, as a DataFrame."""
    import pandas as pd

    from agent.engines import as_services

    svc = as_services(services)
    ps = svc.current()
    if ps is None:
        raise SystemExit("no personas yet: run `antipersona refresh` first")
    persona = next((p for p in ps.personas if p.id == persona_id), None)
    if persona is None:
        ids = ", ".join(p.id for p in ps.personas)
        raise SystemExit(f"no persona {persona_id!r}; known: {ids}")
    accounts, schema = svc.accounts()
    if accounts is None:
        return pd.DataFrame(columns=["customer_id"]), None, persona
    mask = pd.Series(True, index=accounts.index)
    for seg in persona.segments:
        col, _, value = seg.partition("=")
        if col not in accounts.columns:
            continue
        mask &= segment_mask(accounts[col], value)
    return accounts[mask], schema.get("email_column"), persona


def exclusion_rows(services: Services | Settings, persona_id: str) -> tuple[list[str], list[list]]:
    """(header, rows) of an ad-platform exclusion list: the persona's customers with their hashed e-mail."""
    members, email_col, _persona = persona_members(services, persona_id)
    rows = []
    for _, r in members.iterrows():
        email = (
            str(r[email_col])
            if email_col and email_col in members.columns and isinstance(r[email_col], str)
            else ""
        )
        rows.append([r["customer_id"], email, email_sha256(email) if email else ""])
    return ["customer_id", "email", "email_sha256"], rows
