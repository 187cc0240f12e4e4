"""Mask e-mail addresses and phone numbers in feedback text (`ingest --redact-pii`).

Conservative on purpose: a phone number needs 7-15 digits with phone-like separators, and dates, times,
money amounts and version numbers are left alone.
"""

from __future__ import annotations

import re

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?![\w-])")
_PHONE = re.compile(
    r"(?<![\w$€£/.-])"  # not inside a word, amount, path or decimal
    r"(?:\+|00)?\d[\d\s().-]{5,18}\d"
    r"(?![\w/%])"
)
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")


def _phone(m: re.Match) -> str:
    s = m.group(0)
    digits = sum(c.isdigit() for c in s)
    if not 7 <= digits <= 15:
        return s
    if _DATE_LIKE.match(s.strip()) or re.fullmatch(r"\d+\.\d+", s):
        return s
    if "\n" in s:
        return s
    # a bare run of digits without any separator or + is more likely an order/account number, unless long
    if s.isdigit() and len(s) < 10:
        return s
    return PHONE_MASK


def redact(text: str) -> str:
    """`text` with e-mail addresses replaced by [email] and phone numbers by [phone]."""
    if not text:
        return text
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    return _PHONE.sub(_phone, text)
