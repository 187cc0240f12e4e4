"""Text hygiene for labels, keywords and the complaint detector: the words a customer wrote, without the
plumbing around them.

URLs, e-mail addresses, @handles, #hashtags, ticket ids, bare numbers, HTML entities, signatures and quoted
previous messages say nothing about *what* went wrong, yet they are the most frequent tokens of a support
export ("https", "co", "twittersupport") and became theme labels. `clean` strips them from a copy; the
stored record text, its offsets and every quote stay verbatim.
"""

from __future__ import annotations

import re

_QUOTE_HEADER = re.compile(
    r"^\s*(?:On\s.{0,200}?wrote:|-{2,}\s*(?:Original|Forwarded) Message\s*-{2,}|From:\s.+@.+)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_LINE = re.compile(r"^\s*>.*$", re.MULTILINE)
_SIGNATURE = re.compile(
    r"(?:^--\s*$|^(?:Sent from my \w+.*|Get Outlook for \w+.*)$|"
    r"^(?:Best(?: regards)?|Kind regards|Regards|Cheers|Thanks(?: again)?|Thank you|Sincerely),?\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|co|ly|gl|me)/\S*", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_HASHTAG = re.compile(r"(?<![\w&])#\w+")
_TICKET = re.compile(
    r"\b(?:ticket|case|order|ref(?:erence)?|incident|req(?:uest)?)\s*(?:no\.?|number|id|#)?\s*[:#]?\s*"
    r"(?=[A-Z0-9-]*\d)[A-Z0-9-]{3,}\b|\b[A-Z]{2,10}-?\d{3,}\b",
    re.IGNORECASE,
)
_AGENT_SIGN = re.compile(r"(?:^|\s)[\^*~/-][A-Z]{1,3}\b")  # brand replies signed "^RR", "*JD", "-MM"
_ENTITY = re.compile(r"&(?:[a-z]+|#\d+);", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])[+-]?\d[\d.,:/%-]*(?![\w])")
_SPACE = re.compile(r"[ \t]+")
_DIGIT = re.compile(r"\d")
_DIGITS3 = re.compile(r"\d{3}")  # _TICKET's id form needs three digits in a row, its other form a word:
_TICKET_WORDS = ("ticket", "case", "order", "ref", "incident", "req")
_TLD_SLASH = re.compile(r"\.(?:com|org|net|io|co|ly|gl|me)/", re.IGNORECASE)  # _URL without a scheme or www.
_SIGN_MARK = re.compile(r"[\^*~/-]")


def strip_quoted(text: str) -> str:
    """Drop a quoted previous message: everything from an 'On … wrote:' header on, and '>' lines."""
    m = _QUOTE_HEADER.search(text)
    if m and m.start() > 0:
        text = text[: m.start()]
    return _QUOTED_LINE.sub("", text) if ">" in text else text


def strip_signature(text: str) -> str:
    """Drop a trailing signature block (a '-- ' line, 'Sent from my …', a closing like 'Regards,')."""
    m = _SIGNATURE.search(text)
    if m and m.start() > len(text) * 0.3:  # a closing at the very start is the message, not a signature
        text = text[: m.start()]
    return text


def clean(text: str, numbers: bool = False) -> str:
    """The customer's words only, for labels, keywords and classification (never for quotes).

    numbers=True keeps bare numbers ("waited 3 weeks"): they mean something to an encoder, not in a label.
    """
    text = strip_signature(strip_quoted(text))
    # Each pattern runs only where its required character occurs (a sub only inserts spaces, so checking
    # the text before the subs is safe); non-ASCII text runs every case-insensitive pattern (Unicode folds).
    ascii_ = text.isascii()
    low = text.lower()
    digit = _DIGIT.search(text) is not None
    if not ascii_ or "://" in text or "www." in low or ("/" in text and _TLD_SLASH.search(text)):
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
        text = _HANDLE.sub(" ", text)
    if digit and (not ascii_ or _DIGITS3.search(text) or any(k in low for k in _TICKET_WORDS)):
        text = _TICKET.sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub(" ", text)
    if _SIGN_MARK.search(text):
        text = _AGENT_SIGN.sub(" ", text)
    if "&" in text:
        text = _ENTITY.sub(" ", text)
    if digit and not numbers:
        text = _NUMBER.sub(" ", text)
    lines = (
        (_SPACE.sub(" ", line) if "\t" in line or "  " in line else line).strip()
        for line in text.splitlines()
    )
    return "\n".join(line for line in lines if line)


def changed(raw: str, cleaned: str) -> bool:
    """Whether cleaning removed more than whitespace (then the cleaned text needs its own vector)."""
    return " ".join(raw.split()) != " ".join(cleaned.split())


_LEAK = re.compile(r"https?|www|\.com|t\.co|@|#|^\d+$|^amp$")


def looks_like_plumbing(token: str) -> bool:
    """True for a label word that is a URL fragment, handle, hashtag, e-mail or number (what `clean` removes)."""
    return bool(_LEAK.search(token.strip().lower()))
