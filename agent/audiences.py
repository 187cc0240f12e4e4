"""Ad-platform audiences of a persona: its customers (and, on request, the leads a batch scored as this
persona) as the upload file Google Customer Match, Meta or LinkedIn documents, normalised by that platform's
rules (agent/audience_rules.py) and SHA-256 hashed when asked. The file itself is written by ui/exports.py.

Only contact fields are written, and only the columns each platform's template names: no persona segment,
outcome or attribute column, and never a column whose name marks a sensitive trait (agent/sensitive.py),
whatever ANTIPERSONA_ALLOW_SENSITIVE says: an exclusion list must not carry gender, age, health...
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agent import audience_rules as r
from agent.sensitive import category

if TYPE_CHECKING:
    import pandas as pd

    from core.models import Persona

HEADERS = {
    "google": ["Email", "Phone", "First Name", "Last Name", "Country", "Zip"],
    "meta": ["email", "phone", "fn", "ln", "zip", "ct", "st", "country"],
    "linkedin": ["email", "firstname", "lastname", "jobtitle", "employeecompany", "country", "googleaid"],
    "linkedin-companies": [
        "companyname", "companywebsite", "companyemaildomain", "linkedincompanypageurl", "stocksymbol",
        "industry", "city", "state", "companycountry", "zipcode",
    ],
}  # fmt: skip
PLATFORMS = tuple(HEADERS)
# Fewest rows each platform accepts or serves (docs/integrations.md gives the sources); matching loses more.
MINIMUM = {"google": 1000, "meta": 100, "linkedin": 300, "linkedin-companies": 300}
LABEL = {
    "google": "Google Customer Match list",
    "meta": "Meta customer list",
    "linkedin": "LinkedIn contact list",
    "linkedin-companies": "LinkedIn company list",
}

# field -> column-name keys (lower-case letters and digits only), most specific first
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "email": ("email", "emailaddress", "contactemail", "workemail", "mail", "owneremail"),
    "phone": ("phone", "phonenumber", "mobile", "mobilephone", "telephone", "tel", "cell", "contactphone"),
    "first": ("firstname", "givenname", "fname", "first", "forename"),
    "last": ("lastname", "familyname", "surname", "lname", "last"),
    "full": ("fullname", "contactname"),
    "country": ("country", "countrycode", "billingcountry", "mailingcountry", "companycountry"),
    "zip": ("zip", "zipcode", "postalcode", "postcode", "billingpostalcode", "mailingpostalcode"),
    "city": ("city", "town", "billingcity", "mailingcity"),
    "state": ("state", "province", "statecode", "billingstate", "mailingstate"),
    "company": ("company", "companyname", "accountname", "organization", "organisation", "employer",
                "businessname", "employeecompany"),
    "website": ("website", "companywebsite", "domain", "companydomain", "url", "web", "homepage"),
    "title": ("jobtitle", "title", "position", "role"),
    "industry": ("industry",),
    "ticker": ("stocksymbol", "ticker", "tickersymbol"),
    "linkedin": ("linkedincompanypageurl", "linkedinurl", "linkedin", "companylinkedinurl"),
}  # fmt: skip


def _key(column: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(column).lower())


@dataclass
class Audience:
    platform: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    customers: int = 0  # persona members read
    leads: int = 0  # negative leads of this persona read
    skipped: int = 0  # rows with nothing the platform can match on
    phones_dropped: int = 0  # phone numbers that could not be read as E.164


def contact_fields(
    columns: list[str], email_column: str | None = None, frame: pd.DataFrame | None = None
) -> tuple[dict[str, str], list[str]]:
    """(field -> column, sensitive columns refused). A column named like a sensitive trait, or (given the
    table) holding one (Male/Female values; a `Title` of salutations, Mr/Mrs), is never used."""
    by_key: dict[str, str] = {}
    refused: list[str] = []
    for c in columns:
        by_key.setdefault(_key(c), c)
    found: dict[str, str] = {}
    if email_column and email_column in columns:
        found["email"] = email_column
    for name, keys in FIELD_KEYS.items():
        if name in found:
            continue
        col = next((by_key[k] for k in keys if k in by_key), None)
        if col is None:
            continue
        values = frame[col] if frame is not None and col in frame.columns and name not in ("email", "phone") else None
        if category(col, values) or (name == "title" and values is not None and _salutations(values)):
            refused.append(col)
            continue
        found[name] = col
    if "first" in found or "last" in found:
        found.pop("full", None)
    return found, refused


def _salutations(values: pd.Series) -> bool:
    """A 'title' column of salutations (Mr, Mrs, Ms...) says gender, not a job."""
    s = values.dropna().astype(str).str.strip().str.lower().str.rstrip(".")
    s = s[s != ""]
    return bool(len(s)) and s.isin(r.NAME_PREFIXES).mean() >= 0.5


def negative_leads(leads: pd.DataFrame, persona: Persona) -> pd.DataFrame:
    """The leads a batch scored negative for this persona (the scored CSV of `check --batch`, or a CRM import
    file with antipersona_verdict / antipersona_persona)."""
    cols = {_key(c): c for c in leads.columns}
    verdict = cols.get("antipersonaverdict") or cols.get("verdict")
    who = cols.get("antipersonapersona") or cols.get("persona")
    if verdict is None or who is None:
        raise ValueError(
            "the leads file has no verdict and persona columns: score it first with "
            "`antipersona check --batch leads.csv --out scored.csv`"
        )
    names = {persona.name.strip().lower(), persona.id.strip().lower()}
    keep = leads[verdict].astype(str).str.strip().str.lower().eq("negative") & leads[who].astype(
        str
    ).str.strip().str.lower().isin(names)
    return leads[keep]


def _value(row, fields: dict[str, str], name: str) -> object:
    col = fields.get(name)
    return None if col is None else row.get(col)


def _split_full(row, fields: dict[str, str]) -> tuple[object, object]:
    first, last = _value(row, fields, "first"), _value(row, fields, "last")
    full = _value(row, fields, "full")
    if first is None and last is None and isinstance(full, str) and full.strip():
        parts = full.strip().split()
        return parts[0], " ".join(parts[1:]) if len(parts) > 1 else None
    return first, last


def _google(row, f, hashed: bool, default_country: str) -> list[str] | None:
    country = r.country_code(_value(row, f, "country")) or r.country_code(default_country)
    first, last = _split_full(row, f)
    email = r.email_google(_value(row, f, "email"))
    phone = r.phone_e164(_value(row, f, "phone"), country)
    fn, ln = r.name(first, drop_titles=True), r.name(last, drop_titles=True)
    zip_ = r.zip_google(_value(row, f, "zip"), country)
    if not (email or phone or (fn and ln and country and zip_)):
        return None
    h = r.sha256_hex if hashed else str
    return [h(email), h(phone), h(fn), h(ln), country, zip_]


def _meta(row, f, hashed: bool, default_country: str) -> list[str] | None:
    code = r.country_code(_value(row, f, "country")) or r.country_code(default_country)
    first, last = _split_full(row, f)
    out = [
        r.email_basic(_value(row, f, "email")),
        r.phone_meta(_value(row, f, "phone"), code),
        r.name(first),
        r.name(last),
        r.zip_meta(_value(row, f, "zip"), code),
        r.city_meta(_value(row, f, "city")),
        r.state_meta(_value(row, f, "state"), code),
        code.lower(),
    ]
    if not (out[0] or out[1] or (out[2] and out[3])):
        return None
    return [r.sha256_hex(v) for v in out] if hashed else out


def _linkedin(row, f, hashed: bool, default_country: str) -> list[str] | None:
    first, last = _split_full(row, f)
    email = r.email_basic(_value(row, f, "email"))
    first_s, last_s = r.clean(first)[:35], r.clean(last)[:35]
    company = r.clean(_value(row, f, "company"))[:50]
    if hashed:  # LinkedIn takes hashed e-mails only: the names stay out of a hashed file
        first_s = last_s = ""
    if not (email or (first_s and last_s and company)):
        return None
    country = r.country_code(_value(row, f, "country")) or r.country_code(default_country)
    title = r.clean(_value(row, f, "title"))[:50]
    return [r.sha256_hex(email) if hashed else email, first_s, last_s, title, company, country, ""]


def _linkedin_company(row, f, hashed: bool, default_country: str) -> list[str] | None:
    name = r.clean(_value(row, f, "company"))
    website = r.domain(_value(row, f, "website"))
    mail_domain = r.domain(_value(row, f, "email")) if _value(row, f, "email") else ""
    if mail_domain in r.FREE_MAIL:
        mail_domain = ""
    if not (name or website or mail_domain):
        return None
    country = r.country_code(_value(row, f, "country")) or r.country_code(default_country)
    return [
        name,
        website,
        mail_domain,
        r.clean(_value(row, f, "linkedin")),
        r.clean(_value(row, f, "ticker")).upper(),
        r.clean(_value(row, f, "industry")),
        r.clean(_value(row, f, "city")),
        r.clean(_value(row, f, "state")),
        country,
        r.clean(_value(row, f, "zip")),
    ]


ROW: dict[str, Callable] = {
    "google": _google,
    "meta": _meta,
    "linkedin": _linkedin,
    "linkedin-companies": _linkedin_company,
}


def build(
    platform: str,
    frames: list[tuple[pd.DataFrame, dict[str, str]]],
    hashed: bool = False,
    default_country: str = "",
) -> Audience:
    """The platform's rows from (table, field -> column) pairs: normalised, deduplicated, counted."""
    if platform not in HEADERS:
        raise ValueError(f"unknown audience {platform!r}: use one of {', '.join(PLATFORMS)}")
    aud = Audience(platform=platform, header=list(HEADERS[platform]))
    make = ROW[platform]
    seen: set[tuple] = set()
    for df, fields in frames:
        for rec in df.to_dict("records"):
            row = make(rec, fields, hashed, default_country)
            if platform in ("google", "meta") and r.clean(_value(rec, fields, "phone")):
                aud.phones_dropped += row is None or not row[1]
            if row is None:
                aud.skipped += 1
                continue
            key = tuple(row[:3]) if platform == "linkedin-companies" else tuple(row)
            if key in seen:
                continue
            seen.add(key)
            aud.rows.append(row)
    return aud


def check(aud: Audience, default_country: str, hashed: bool) -> None:
    """The warnings a user needs before uploading: too few rows, rows left out, fields missing."""
    need = MINIMUM[aud.platform]
    if len(aud.rows) < need:
        aud.warnings.append(
            f"only {len(aud.rows):,} rows: a {LABEL[aud.platform]} needs at least {need:,} rows "
            f"(and not every row will match), so the platform may refuse or not serve it"
        )
    if aud.skipped:
        aud.warnings.append(f"{aud.skipped:,} people left out: nothing the platform can match on")
    if aud.phones_dropped:
        fix = "" if default_country else ": set ANTIPERSONA_DEFAULT_COUNTRY (e.g. US) or add a country column"
        aud.warnings.append(
            f"{aud.phones_dropped:,} phone numbers left out: not a phone number in E.164 terms (without a "
            f"country code, the row's country or the default country is needed){fix}"
        )
    if aud.platform == "linkedin" and hashed:
        aud.warnings.append("hashed LinkedIn list: only e-mails are hashed there, so names were left out")
    if aud.platform == "linkedin-companies" and hashed:
        aud.warnings.append("a company list holds no personal data: --hashed changes nothing there")


def persona_audience(
    services,
    persona_id: str,
    platform: str,
    leads: pd.DataFrame | None = None,
    hashed: bool = False,
) -> Audience:
    """The audience file's rows for a persona's customers, plus the leads scored negative for it."""
    from agent.engines import as_services
    from agent.export import persona_members

    svc = as_services(services)
    default_country = svc.settings.default_country
    members, email_col, persona = persona_members(svc, persona_id)
    frames = []
    seen: set[str] = set()
    refused: list[str] = []
    fields, bad = contact_fields(list(members.columns), email_col, members)
    frames.append((members, fields))
    seen |= set(fields)
    refused += bad
    lead_rows = None
    if leads is not None:
        lead_rows = negative_leads(leads, persona)
        lf, bad = contact_fields(list(lead_rows.columns), frame=lead_rows)
        frames.append((lead_rows, lf))
        seen |= set(lf)
        refused += bad
    aud = build(platform, frames, hashed=hashed, default_country=default_country)
    aud.customers = len(members)
    aud.leads = 0 if lead_rows is None else len(lead_rows)
    if not seen & {"email", "phone", "first", "last", "full", "company", "website"}:
        aud.warnings.append(
            "no contact columns found (email, phone, name, company, website): ingest an accounts table "
            "with them, or pass --include-leads scored.csv"
        )
    if refused:
        aud.warnings.append(f"never exported (a sensitive trait): {', '.join(sorted(set(refused)))}")
    check(aud, default_country, hashed)
    return aud
