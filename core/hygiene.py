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
# "@" / "#" first, then the look-behind on the character before it: the same matches as (?<![\w@])@\w+, but
# the regex engine can jump from one "@" to the next instead of trying the look-behind at every position
_HANDLE = re.compile(r"@(?<![\w@]@)\w+")
_HASHTAG = re.compile(r"#(?<![\w&]#)\w+")
_TICKET = re.compile(
    r"\b(?:ticket|case|order|ref(?:erence)?|incident|req(?:uest)?)\s*(?:no\.?|number|id|#)?\s*[:#]?\s*"
    r"(?=[A-Z0-9-]*\d)[A-Z0-9-]{3,}\b|\b[A-Z]{2,10}-?\d{3,}\b",
    re.IGNORECASE,
)
_AGENT_SIGN = re.compile(r"(?:^|\s)[\^*~/-][A-Z]{1,3}\b")  # brand replies signed "^RR", "*JD", "-MM"
_ENTITY = re.compile(r"&(?:[a-z]+|#\d+);", re.IGNORECASE)
# (?<![\w.])[+-]?\d[\d.,:/%-]*(?![\w]) with its first character (sign or digit) matched before the look-behind
# (so the engine skips to candidates): a sign must be followed by a digit, as before
_NUMBER = re.compile(r"[+\-\d](?<![\w.][+\-\d])(?:(?<=\d)|(?<=[+-])\d)[\d.,:/%-]*(?![\w])")
_SPACE = re.compile(r"[ \t]+")
_DIGIT = re.compile(r"\d")
_ASCII_DIGIT = re.compile(r"[0-9]")
# On ASCII text _TICKET can only match where these do (lower-cased, no word boundaries, the id's look-ahead
# relaxed): its id form needs a letter, maybe '-', then three digits; its other form starts with a ticket word.
_TICKET_WORDS = ("ticket", "case", "order", "ref", "incident", "req")
_ID_HINT = re.compile(r"\d\d\d(?:(?<=[a-z]\d\d\d)|(?<=[a-z]-\d\d\d))")  # digits first: the engine skips to them
_TICKET_AFTER = re.compile(
    r"(?:ticket|case|order|ref(?:erence)?|incident|req(?:uest)?)\s*(?:no\.?|number|id|#)?\s*[:#]?\s*[a-z0-9-]*\d"
)
_TLD_SLASH = re.compile(r"\.(?:com|org|net|io|co|ly|gl|me)/", re.IGNORECASE)  # _URL without a scheme or www.
# what _AGENT_SIGN needs after its space (a sub only inserts spaces: it never makes a new mark-letter pair)
_SIGN_MARK = re.compile(r"[\^*~/-][A-Z]")
# Each alternative of _QUOTE_HEADER / _SIGNATURE needs one of these (lower case; for ASCII texts only):
_QUOTE_PARTS = ("wrote:", "--", "from:")
_SIGN_PARTS = ("--", "sent from my ", "get outlook for ", "best", "regards", "cheers", "thank", "sincerely")


def _may(text: str, parts: tuple[str, ...]) -> bool:
    """A case-insensitive pattern needing one of `parts` may match (always for non-ASCII: Unicode folds)."""
    if not text.isascii():
        return True
    low = text.lower()
    return any(k in low for k in parts)


def strip_quoted(text: str) -> str:
    """Drop a quoted previous message: everything from an 'On … wrote:' header on, and '>' lines."""
    # one line: a header could only match at 0, which is kept; ASCII: no header without one of its parts
    m = _QUOTE_HEADER.search(text) if "\n" in text and _may(text, _QUOTE_PARTS) else None
    if m and m.start() > 0:
        text = text[: m.start()]
    return _QUOTED_LINE.sub("", text) if ">" in text else text


def strip_signature(text: str) -> str:
    """Drop a trailing signature block (a '-- ' line, 'Sent from my …', a closing like 'Regards,')."""
    m = _SIGNATURE.search(text) if "\n" in text and _may(text, _SIGN_PARTS) else None  # as in strip_quoted
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
    digit = (_DIGIT if not ascii_ else _ASCII_DIGIT).search(text) is not None  # [0-9]: no Unicode table
    if not ascii_ or "://" in text or "www." in low or ("/" in text and _TLD_SLASH.search(text)):
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
        text = _HANDLE.sub(" ", text)
    if digit and (not ascii_ or _may_be_ticket(text.lower())):
        text = _TICKET.sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub(" ", text)
    if _SIGN_MARK.search(text):
        text = _AGENT_SIGN.sub(" ", text)
    if "&" in text:
        text = _ENTITY.sub(" ", text)
    if digit and not numbers:
        text = _NUMBER.sub(" ", text)
    lines = (_squeeze(line) if "\t" in line or "  " in line else line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _squeeze(line: str) -> str:
    """_SPACE.sub(" ", line).strip() with str.replace (runs of spaces and tabs become one space)."""
    line = line.replace("\t", " ")
    while "  " in line:
        line = line.replace("  ", " ")
    return line.strip()


def _may_be_ticket(low: str) -> bool:
    """Whether _TICKET can match this lower-cased ASCII text (False: it cannot; True: run it)."""
    if _ID_HINT.search(low):
        return True
    for w in _TICKET_WORDS:
        i = low.find(w)
        while i >= 0:
            if _TICKET_AFTER.match(low, i):
                return True
            i = low.find(w, i + 1)
    return False


def changed(raw: str, cleaned: str) -> bool:
    """Whether cleaning removed more than whitespace (then the cleaned text needs its own vector)."""
    return " ".join(raw.split()) != " ".join(cleaned.split())


_LEAK = re.compile(r"https?|www|\.com|t\.co|@|#|^\d+$|^amp$")


def looks_like_plumbing(token: str) -> bool:
    """True for a label word that is a URL fragment, handle, hashtag, e-mail or number (what `clean` removes)."""
    return bool(_LEAK.search(token.strip().lower()))
