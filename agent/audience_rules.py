"""Each ad platform's published normalisation of contact data, applied before an audience file is written
(and before SHA-256 when the file is hashed). One function per field and platform; the rules and their
sources are listed in docs/integrations.md, and tests/agent/test_audience_rules.py checks them against the
examples the platforms publish.

Google Customer Match (Data Manager API "Format user data", the Customer Match file template):
  email: trim every space, lower-case; for gmail.com / googlemail.com only, remove the dots before the @ and
  a `+suffix`. Phone: E.164 with the plus sign. First / last name: lower-case, no punctuation, no leading or
  trailing spaces, no prefixes (Mrs.) or suffixes (Jr.). Country: ISO 3166-1 alpha-2. Zip: as written
  (US: 5 digits or ZIP+4). Country and Zip are never hashed.
Meta customer lists (Marketing API customer information parameters, the Business SDK's normaliser):
  email: trim, lower-case. Phone: digits only with the country code, no `+`, no leading zeros. fn / ln:
  lower-case, no punctuation, accents kept (UTF-8). ct: lower-case, no spaces, digits or punctuation.
  st: the 2-letter code for US states, else lower-case with no spaces or punctuation. zip: lower-case,
  no spaces, the part before a dash (US: 5 digits). country: lower-case ISO alpha-2. Every field is hashed.
LinkedIn (Matched Audiences templates): email trimmed and lower-cased (SHA-256 accepted); country ISO
  alpha-2; company fields as written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

_SPACE = re.compile(r"\s+")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
NAME_PREFIXES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "mme", "mlle", "herr", "frau"}
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}
_GMAIL = {"gmail.com", "googlemail.com"}


def sha256_hex(value: str) -> str:
    """SHA-256 of the UTF-8 bytes as lower-case hex; empty stays empty (an absent field is not hashed)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest() if value else ""


def already_hashed(value: str) -> bool:
    return bool(_HEX64.match(value.strip().lower()))


def clean(value: object) -> str:
    """The value as trimmed NFC text; None and NaN are empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN from pandas
            return ""
        if value.is_integer():  # a zip or phone a spreadsheet stored as a number: 94035.0 -> 94035
            return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def _no_punctuation(text: str) -> str:
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "S")))


def email_basic(value: object) -> str:
    """Meta and LinkedIn: trimmed and lower-cased; a value without one @ and a dotted domain is dropped."""
    text = _SPACE.sub("", clean(value)).lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain or "@" in local:
        return ""
    return text


def email_google(value: object) -> str:
    """Google: as `email_basic`, and for gmail.com / googlemail.com the dots and a +suffix of the local part
    are removed (cloudy.sanfrancisco+shopping@gmail.com -> cloudysanfrancisco@gmail.com)."""
    text = email_basic(value)
    local, _, domain = text.rpartition("@")
    if domain in _GMAIL:
        local = local.split("+", 1)[0].replace(".", "")
        text = f"{local}@{domain}" if local else ""
    return text


def phone_e164(value: object, country: str = "") -> str:
    """E.164 (+16505551212): a number with its own + or 00 prefix keeps its country; a national number takes
    the row's country, else the default country setting. Empty when it cannot be a phone number there."""
    import phonenumbers

    text = clean(value)
    if not text or sum(ch.isdigit() for ch in text) < 6:
        return ""
    region = country_code(country) if country else ""
    if text.startswith("00"):
        text = "+" + text[2:]
    number = _parse(text, region or None)
    if number is not None and not phonenumbers.is_possible_number(number):
        number = None
    if number is None and not text.startswith("+"):
        # written with its country code but no + (1-234-567-8910): taken only when that reads as a valid number
        number = _parse("+" + re.sub(r"\D", "", text), None)
        if number is not None and not phonenumbers.is_valid_number(number):
            number = None
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parse(text: str, region: str | None):
    import phonenumbers

    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def phone_meta(value: object, country: str = "") -> str:
    """Meta: digits only, country code first, no + and no leading zeros ((650)555-1212 in the US ->
    16505551212)."""
    return phone_e164(value, country).lstrip("+")


def name(value: object, drop_titles: bool = False) -> str:
    """Lower-case, punctuation removed, accents kept, spaces trimmed and runs of spaces made one (Mary-Ann ->
    maryann). With `drop_titles` (Google) a leading Mrs./Dr. and a trailing Jr./III are left out."""
    words = _SPACE.split(_no_punctuation(clean(value).lower()).strip())
    words = [w for w in words if w]
    if drop_titles:
        while len(words) > 1 and words[0] in NAME_PREFIXES:
            words = words[1:]
        while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
            words = words[:-1]
    return " ".join(words)


@cache
def _country_names() -> dict[str, str]:
    """English country name -> ISO alpha-2, from the regions phonenumbers knows (its public API only)."""
    import phonenumbers
    from phonenumbers import geocoder

    out: dict[str, str] = {}
    for region in phonenumbers.SUPPORTED_REGIONS:
        example = phonenumbers.example_number(region)
        title = geocoder.country_name_for_number(example, "en") if example else ""
        if title:
            out.setdefault(_key(title), region)
    out.update({_key(k): v for k, v in _COUNTRY_ALIASES.items()})
    return out


_COUNTRY_ALIASES = {
    "USA": "US", "United States of America": "US", "America": "US", "U.S.": "US", "U.S.A.": "US",
    "UK": "GB", "Great Britain": "GB", "England": "GB", "Scotland": "GB", "Wales": "GB",
    "Northern Ireland": "GB", "Deutschland": "DE", "Holland": "NL", "The Netherlands": "NL",
    "South Korea": "KR", "Korea": "KR", "Russia": "RU", "Czechia": "CZ", "UAE": "AE",
}  # fmt: skip
_ALPHA3 = {
    "USA": "US", "GBR": "GB", "DEU": "DE", "FRA": "FR", "CAN": "CA", "AUS": "AU", "NLD": "NL", "ESP": "ES",
    "ITA": "IT", "IRL": "IE", "SWE": "SE", "NOR": "NO", "DNK": "DK", "FIN": "FI", "CHE": "CH", "AUT": "AT",
    "BEL": "BE", "POL": "PL", "PRT": "PT", "IND": "IN", "JPN": "JP", "CHN": "CN", "BRA": "BR", "MEX": "MX",
    "SGP": "SG", "NZL": "NZ", "ZAF": "ZA", "ISR": "IL", "KOR": "KR", "ARE": "AE",
}  # fmt: skip


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def country_code(value: object) -> str:
    """ISO 3166-1 alpha-2 in capitals (US) from a code, a common alpha-3 or an English name; empty if
    unknown."""
    import phonenumbers

    text = clean(value)
    if not text:
        return ""
    upper = text.upper()
    if len(upper) == 2 and upper.isalpha() and upper != "UK":
        return upper if upper in phonenumbers.SUPPORTED_REGIONS else ""
    if len(upper) == 3 and upper in _ALPHA3:
        return _ALPHA3[upper]
    return _country_names().get(_key(text), "")


def zip_google(value: object, country: str = "") -> str:
    """Google: the postal code as written, trimmed; US codes as 5 digits or ZIP+4 (a 4-digit US code lost
    its leading zero to a spreadsheet and gets it back)."""
    text = _SPACE.sub(" ", clean(value))
    if country_code(country) == "US" and re.fullmatch(r"\d{3,5}(-\d{4})?(\.0)?", text):
        base, _, plus4 = text.removesuffix(".0").partition("-")
        return base.zfill(5) + (f"-{plus4}" if plus4 else "")
    return text


def zip_meta(value: object, country: str = "") -> str:
    """Meta: lower-case, no spaces, the part before a dash; US: the first 5 digits."""
    text = _SPACE.sub("", clean(value).lower()).removesuffix(".0").split("-")[0]
    if country_code(country) == "US" and text.isdigit():
        return text.zfill(5)[:5]
    return text


def city_meta(value: object) -> str:
    """Meta: lower-case, no spaces, digits or punctuation (Menlo Park -> menlopark)."""
    return re.sub(r"[\d\s]", "", _no_punctuation(clean(value).lower()))


def state_meta(value: object, country: str = "") -> str:
    """Meta: the 2-letter ANSI code for a US state, lower-case (California -> ca); elsewhere lower-case
    without spaces or punctuation."""
    text = city_meta(value)
    if not text:
        return ""
    code = _US_STATES.get(text)
    if code and country_code(country) in ("", "US"):
        return code
    return text


_US_STATES = {
    re.sub(r"[^a-z]", "", n.lower()): c.lower()
    for n, c in (
        ("Alabama", "AL"), ("Alaska", "AK"), ("Arizona", "AZ"), ("Arkansas", "AR"), ("California", "CA"),
        ("Colorado", "CO"), ("Connecticut", "CT"), ("Delaware", "DE"), ("District of Columbia", "DC"),
        ("Florida", "FL"), ("Georgia", "GA"), ("Hawaii", "HI"), ("Idaho", "ID"), ("Illinois", "IL"),
        ("Indiana", "IN"), ("Iowa", "IA"), ("Kansas", "KS"), ("Kentucky", "KY"), ("Louisiana", "LA"),
        ("Maine", "ME"), ("Maryland", "MD"), ("Massachusetts", "MA"), ("Michigan", "MI"),
        ("Minnesota", "MN"), ("Mississippi", "MS"), ("Missouri", "MO"), ("Montana", "MT"),
        ("Nebraska", "NE"), ("Nevada", "NV"), ("New Hampshire", "NH"), ("New Jersey", "NJ"),
        ("New Mexico", "NM"), ("New York", "NY"), ("North Carolina", "NC"), ("North Dakota", "ND"),
        ("Ohio", "OH"), ("Oklahoma", "OK"), ("Oregon", "OR"), ("Pennsylvania", "PA"),
        ("Rhode Island", "RI"), ("South Carolina", "SC"), ("South Dakota", "SD"), ("Tennessee", "TN"),
        ("Texas", "TX"), ("Utah", "UT"), ("Vermont", "VT"), ("Virginia", "VA"), ("Washington", "WA"),
        ("West Virginia", "WV"), ("Wisconsin", "WI"), ("Wyoming", "WY"), ("Puerto Rico", "PR"),
    )
}  # fmt: skip


def domain(value: object) -> str:
    """A website or e-mail as a bare domain (https://www.Acme.com/about -> acme.com)."""
    text = clean(value).lower()
    if "@" in text:
        text = text.rpartition("@")[2]
    text = re.sub(r"^[a-z]+://", "", text).split("/")[0].split("?")[0].split(":")[0]
    return text.removeprefix("www.").strip(".")


FREE_MAIL = {
    "gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com", "aol.com",
    "icloud.com", "me.com", "msn.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "web.de",
    "yandex.ru", "mail.ru", "qq.com", "163.com", "hotmail.co.uk", "yahoo.co.uk",
}  # fmt: skip
