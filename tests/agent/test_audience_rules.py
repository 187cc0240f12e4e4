"""Audience normalisation checked against the examples each ad platform publishes (inputs, normalised forms
and, where given, the expected SHA-256), with the page each example comes from."""

from __future__ import annotations

import pytest

from agent import audience_rules as r

# --- Meta ---------------------------------------------------------------------------------------------
# https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters
# (the customer-information table: Input / Normalized format / Expected SHA256 output)
META_PAGE = "https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters"
META_EXAMPLES = [
    ("email", "John_Smith@gmail.com", "john_smith@gmail.com",
     "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"),
    ("phone", "(650)555-1212", "16505551212",
     "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"),
    ("fn", "Mary", "mary", "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec"),
    ("fn", "정", "정", "8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14"),
    ("fn", "Valéry", "valéry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c"),
]  # fmt: skip


def _meta(field: str, raw: str) -> str:
    return {
        "email": r.email_basic,
        "phone": lambda v: r.phone_meta(v, "US"),  # the page's example is "US phone number (650)555-1212"
        "fn": r.name,
    }[field](raw)


@pytest.mark.parametrize(("field", "raw", "normal", "sha"), META_EXAMPLES)
def test_meta_published_examples(field: str, raw: str, normal: str, sha: str) -> None:
    assert _meta(field, raw) == normal, META_PAGE
    assert r.sha256_hex(_meta(field, raw)) == sha, META_PAGE


def test_meta_location_fields_follow_the_business_sdk() -> None:
    # Rules: the same page (ct, st, zp, country rows) and Meta's own normaliser,
    # https://github.com/facebook/facebook-python-business-sdk/blob/main/facebook_business/adobjects/serverside/normalize.py
    assert r.city_meta("Menlo Park") == "menlopark"
    assert r.state_meta("California") == "ca" and r.state_meta("CA") == "ca"
    assert r.sha256_hex(r.state_meta("California")) == (
        "6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126"
    )
    assert r.zip_meta("94035-1234", "US") == "94035" and r.zip_meta(" SW1A 1AA ", "GB") == "sw1a1aa"
    assert r.country_code("United States").lower() == "us"
    assert r.sha256_hex("us") == "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621"


def test_meta_help_center_phone_examples() -> None:
    # https://www.facebook.com/business/help/2082575038703844 (phone column: with or without punctuation,
    # always with the country code)
    assert r.phone_meta("1-234-567-8910") == "12345678910"
    assert r.phone_meta("+44 844 412 4653") == "448444124653"
    # Meta documents no Gmail dot rule: the address stays as written
    assert r.email_basic(" Your.Name@Gmail.com ") == "your.name@gmail.com"


# --- Google -------------------------------------------------------------------------------------------
# https://developers.google.com/data-manager/api/devguides/concepts/formatting ("Format user data")
GOOGLE_PAGE = "https://developers.google.com/data-manager/api/devguides/concepts/formatting"


def test_google_published_email_and_phone_examples() -> None:
    assert r.email_google("cloudy.sanfrancisco+shopping@gmail.com") == "cloudysanfrancisco@gmail.com", GOOGLE_PAGE
    assert r.email_google("user.name+NYC@Example.com") == "user.name+nyc@example.com", GOOGLE_PAGE
    assert r.email_google(" Jane.Doe@GoogleMail.com ") == "janedoe@googlemail.com"
    assert r.phone_e164("(800)555-0100", "US") == "+18005550100", GOOGLE_PAGE


def test_google_customer_match_template_rows() -> None:
    # The Customer Match CSV template linked from https://support.google.com/google-ads/answer/7659867
    # (rows: test@gmail.com,john,smith,us,94016 ... 1-800-888-8888 / zoë,pérez,sg,WC2H 8LG / 1(800)888-8888)
    assert r.phone_e164("1-800-888-8888", "US") == "+18008888888"
    assert r.phone_e164("1(800)888-8888", "US") == "+18008888888"
    assert r.phone_e164("18008888899", "US") == "+18008888899"
    assert (r.name("zoë"), r.name("pérez")) == ("zoë", "pérez")
    assert r.country_code("us") == "US" and r.country_code("sg") == "SG"
    assert r.zip_google("WC2H 8LG", "GB") == "WC2H 8LG" and r.zip_google("94016", "US") == "94016"
    # AddressInfo: lower-case, no punctuation; "Don't include prefixes such as Mrs." / "suffixes such as Jr."
    assert r.name("Mrs. Mary-Ann", drop_titles=True) == "maryann"
    assert r.name("John Smith Jr.", drop_titles=True) == "john smith"


def test_phone_without_country_is_dropped_and_zero_prefixes_kept_right() -> None:
    assert r.phone_e164("650 555 1212") == ""  # no country code, no default country: cannot be E.164
    assert r.phone_e164("0044 20 7031 3000") == "+442070313000"
    assert r.phone_e164("020 7031 3000", "GB") == "+442070313000"
    assert r.phone_e164("n/a", "US") == "" and r.phone_e164(None, "US") == ""
    assert r.phone_e164(6505551212.0, "US") == "+16505551212"  # a spreadsheet's number cell
    assert r.zip_google(2139.0, "US") == "02139" and r.zip_meta(float("nan"), "US") == ""


def test_country_codes_from_names_and_alpha3() -> None:
    assert r.country_code("Germany") == "DE" and r.country_code("DEU") == "DE"
    assert r.country_code("United Kingdom") == "GB" and r.country_code("UK") == "GB"
    assert r.country_code("Atlantis") == "" and r.country_code("XX") == ""


def test_hashing_is_lowercase_hex_and_empty_stays_empty() -> None:
    h = r.sha256_hex("jane.doe@example.com")
    assert len(h) == 64 and h == h.lower() and r.already_hashed(h)
    assert r.sha256_hex("") == ""
    assert r.email_basic("not an email") == "" and r.email_basic("a@b") == ""
