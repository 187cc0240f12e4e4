"""Invisible and look-alike characters in identifiers, numbers and texts (issue 19 #15).

A spreadsheet or a copy from a web page can leave a zero-width space inside `C0001`, or write it in
full-width digits (`Ｃ０００１`); to a person these are the same id and the same number, so they are read
as such: `plain` applies NFKC (full-width -> ASCII) and removes format characters (zero-width space,
joiner, word joiner, soft hyphen, BOM, bidi marks). `visible` tells a text that shows something from one of
only such characters (and blank fillers), which is no text at all.
"""

from __future__ import annotations

import unicodedata

# letters that render as nothing though their category says letter or symbol
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def _invisible(ch: str) -> bool:
    return ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) in ("Cf", "Mn", "Me", "Cc")


def visible(text: str) -> bool:
    """True when `text` has at least one character a reader would see."""
    return any(not _invisible(ch) for ch in text)


def plain(text: str) -> str:
    """NFKC with format characters (zero-width space and the like) removed, stripped."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def canonical_id(value: object) -> str:
    """An identifier as a person reads it: `Ｃ０００１`, `C\u200b0001` and ` C0001 ` are all `C0001`.
    Case is kept (ids may be case-sensitive); ids differing only by case are reported by their readers."""
    return "" if value is None else plain(str(value))
