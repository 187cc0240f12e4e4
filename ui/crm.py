"""CRM score import files (`check --batch leads.csv --format hubspot|salesforce`): one row per scored lead,
keyed by the CRM's record id when the lead list has one, else by e-mail, with the four antipersona fields a
CRM keeps as custom properties (docs/integrations.md says how to create and map them)."""

from __future__ import annotations

import re

from core.models import Verdict

FORMATS = ("hubspot", "salesforce")
FIELDS = ["antipersona_score", "antipersona_verdict", "antipersona_persona", "antipersona_red_flags"]
# record-id column names each CRM exports (lower-case letters and digits), most specific first
ID_KEYS = {
    "hubspot": ("recordid", "hsobjectid", "contactid", "companyid", "dealid", "id"),
    "salesforce": ("id", "recordid", "leadid", "contactid", "accountid", "salesforceid", "sfdcid", "caseid18"),
}
# the identifier column the CRM's importer matches on
ID_HEADER = {"hubspot": ("Record ID", "Email"), "salesforce": ("Id", "Email")}


def _key(column: str) -> str:
    return re.sub(r"[^a-z0-9]", "", column.lower())


def key_column(columns: list[str], fmt: str) -> tuple[str, str]:
    """(the lead list's column, the header the import file gives it): a record id, else the e-mail."""
    from ingest.columns import email_column

    if fmt not in FORMATS:
        raise ValueError(f"unknown --format {fmt!r}: use hubspot or salesforce (or leave it out for a scored CSV)")
    by_key = {}
    for c in columns:
        by_key.setdefault(_key(c), c)
    rid = next((by_key[k] for k in ID_KEYS[fmt] if k in by_key), None)
    if rid is not None:
        return rid, ID_HEADER[fmt][0]
    email = email_column(columns)
    if email is not None:
        return email, ID_HEADER[fmt][1]
    raise ValueError(
        f"the lead list has no record id or e-mail column to key a {fmt} import on "
        f"(columns: {', '.join(columns)}); add one, e.g. {ID_HEADER[fmt][0]!r} or 'Email'"
    )


def import_rows(
    columns: list[str], table: list[list[str]], verdicts: list[Verdict], fmt: str
) -> tuple[list[str], list[list], int]:
    """(header, rows, leads left out for an empty key). Score 0-100, red flags joined by '; '."""
    col, header = key_column(columns, fmt)
    at = columns.index(col)
    rows: list[list] = []
    skipped = 0
    for row, v in zip(table, verdicts, strict=True):
        key = row[at].strip()
        if not key:
            skipped += 1
            continue
        if header == "Email":
            key = key.lower()
        flags = list(dict.fromkeys(f.trait for f in v.red_flags))
        rows.append([key, round(v.score * 100), v.verdict, v.persona_name or "", "; ".join(flags)])
    return [header, *FIELDS], rows, skipped
