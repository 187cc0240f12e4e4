"""What every reader shares: the result types, byte decoding and binary detection.

A reader turns a file's bytes into rows (`Row`: values by column name, with the 1-based physical line where
the row starts) or one `Document` (a call note or transcript), plus a `Problem` for everything it could not
read. Readers never raise for bad input: a problem names the file, the line and the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

DEFAULT_MAX_CELL = 1_000_000  # characters; a bigger cell skips its row


@dataclass(frozen=True)
class Problem:
    """One row or file that was skipped: `file:line: reason` (no line for whole-file problems)."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}" if self.line else f"{self.file}: {self.reason}"


@dataclass
class Row:
    """One data row: column -> value (str for CSV; any JSON value for JSON), its start line and row number."""

    values: dict[str, Any]
    line: int
    number: int  # 1-based data row number (header excluded), used for `<file name>:<number>` ids


@dataclass
class Turn:
    """One speaker turn of a transcript; times as written in the file (e.g. 00:01:02.500)."""

    text: str
    speaker: str | None = None
    start: str | None = None
    end: str | None = None
    line: int | None = None


@dataclass
class Document:
    """A whole file that is one record: a call note (text) or a transcript (turns), with header fields."""

    text: str = ""
    turns: list[Turn] | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    line: int = 1


@dataclass
class ReadResult:
    format: str
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    document: Document | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # information, not skips
    fatal: str | None = None  # the whole file was skipped for this reason
    encoding: str | None = None


class FileSkipped(Exception):  # noqa: N818 - a control-flow signal inside readers, not an error type
    """Raised inside a reader for a whole-file problem; the dispatcher turns it into a ReadResult.fatal."""


# decoding --------------------------------------------------------------------------------------------
_MAGIC = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (an Excel/Word file saved with another extension?)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "gzip-compressed",
    b"SQLite format 3": "an SQLite database",
    b"\xd0\xcf\x11\xe0": "an old Office (OLE) file",
    b"PAR1": "a Parquet file",
}
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SURROGATE = re.compile("[\udc80-\udcff]")
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def binary_reason(data: bytes) -> str | None:
    """Why these bytes are not a text file, or None when they look like text."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return f"binary file ({what}), not text"
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 or UTF-32 with a BOM: decoded below
    if head.startswith(_UTF32_BOMS) or wide_without_bom(head):
        return None  # UTF-16/UTF-32 without a BOM (ASCII or any script): decoded below
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not text"
    if head and len(_CONTROL.findall(head)) / len(head) > 0.05:
        return "binary file (too many control characters), not text"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the bytes look like mostly-ASCII UTF-16 without a BOM, else None.

    Such text has a NUL in every second byte (odd positions for little-endian) and none in the others.
    """
    n = len(head) - len(head) % 2
    if n < 8:
        return None
    even, odd = head[0:n:2], head[1:n:2]
    for enc, zeros, chars in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) == 0:
            try:
                data = head[:n].decode(enc)
            except UnicodeDecodeError:
                return None
            return enc if not _CONTROL.search(data.encode("utf-8", "replace")) else None
    return None


_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def _plausible_text(text: str) -> bool:
    """Decoded text made of letters, digits, punctuation, symbols and spaces (no controls but tab and
    newlines, nothing unassigned, private or a lone surrogate) with line breaks and some ASCII: random bytes
    or 8-bit text decoded as UTF-16/32 almost never pass."""
    if "\n" not in text or sum(c < "\x80" for c in text) < 0.02 * len(text):
        return False  # its line breaks and delimiters are ASCII (an 8-bit file with a stray NUL is not this)
    for c in set(text):
        if c in "\t\r\n":
            continue
        if unicodedata.category(c)[0] == "C":  # Cc, Cf, Cn, Co, Cs
            return False
    return True


def wide_without_bom(head: bytes) -> str | None:
    """"utf-32-le/be" or "utf-16-le/be" for text in those encodings without a BOM, in any script (Chinese in
    UTF-16 has no NUL in every second byte, yet its commas and line breaks do), else None."""
    if b"\x00" not in head:
        return None
    ascii16 = utf16_without_bom(head)
    if ascii16:
        return ascii16
    for enc, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        n = len(head) - len(head) % unit
        if n < 4 * unit:
            continue
        try:
            text = head[:n].decode(enc)
        except UnicodeDecodeError:
            if enc.startswith("utf-16"):  # the cut may split a surrogate pair: drop one unit
                try:
                    text = head[: n - 2].decode(enc)
                except UnicodeDecodeError:
                    continue
            else:
                continue
        if _plausible_text(text):
            return enc
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding). UTF-8 (with or without BOM), UTF-32 and UTF-16 (with a BOM or without, in
    any script), else cp1252, else latin-1.

    A file that is UTF-8 except for a few bad bytes decodes with those bytes as lone surrogates
    (encoding "utf-8+errors"); `has_bad_bytes` finds them so the rows holding them can be skipped. A file
    mixing UTF-8 rows with Windows-1252 rows (accented letters inside words) is decoded line by line
    ("utf-8+cp1252"; `cp1252_lines` says which).
    """
    if data.startswith(_UTF32_BOMS):
        try:
            return data.decode("utf-32"), "utf-32"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    wide = wide_without_bom(data[:8192])
    if wide:
        unit = 4 if wide.startswith("utf-32") else 2
        try:
            return data[: len(data) - len(data) % unit].decode(wide), wide
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        data_nobom, bom = data[3:], True
    else:
        data_nobom, bom = data, False
    try:
        return data_nobom.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    invalid = len(data_nobom.decode("utf-8", errors="surrogateescape")) - len(
        data_nobom.decode("utf-8", errors="ignore")
    )
    valid_multibyte = len(_UTF8_MULTIBYTE.findall(data_nobom))
    if valid_multibyte and cp1252_lines(data_nobom):  # UTF-8 rows and Windows-1252 rows in one file
        lines = data_nobom.split(b"\n")
        return "\n".join(_decode_line(b) for b in lines), "utf-8+cp1252"
    # a valid multi-byte sequence is rare in cp1252 text, so a tie means UTF-8 with damage, not cp1252
    if bom or valid_multibyte >= invalid:
        # mostly UTF-8 with a few corrupt bytes: keep them visible (as surrogates) to skip their rows
        return data_nobom.decode("utf-8", errors="surrogateescape"), "utf-8+errors"
    if not any(b in _CP1252_UNDEFINED for b in set(data_nobom)):
        return data_nobom.decode("cp1252"), "cp1252"
    return data_nobom.decode("latin-1"), "latin-1"


# a Windows-1252 accented letter (À-ý without × ÷) next to an ASCII letter: "Caf\xe9", "cr\xe8me"
_CP1252_LETTER = re.compile(rb"(?<=[A-Za-z])[\xc0-\xd6\xd8-\xf6\xf8-\xfd]|[\xc0-\xd6\xd8-\xf6\xf8-\xfd](?=[A-Za-z])")


def _line_is_cp1252(line: bytes) -> bool:
    """Not UTF-8, and every byte UTF-8 rejects is an accented letter inside a word (not damage)."""
    try:
        line.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(line):
        return False
    high = [i for i, b in enumerate(line) if b >= 0x80]
    letters = {m.start() for m in _CP1252_LETTER.finditer(line)}
    return bool(high) and all(i in letters for i in high)


def cp1252_lines(data: bytes) -> list[int]:
    """1-based lines of a mostly-UTF-8 file that are Windows-1252 instead (decoded as such, and reported)."""
    return [n for n, line in enumerate(data.split(b"\n"), start=1) if _line_is_cp1252(line)]


def _decode_line(line: bytes) -> str:
    if _line_is_cp1252(line):
        return line.decode("cp1252")
    return line.decode("utf-8", errors="surrogateescape")  # damage stays visible: its row is skipped


def has_bad_bytes(text: str) -> bool:
    return bool(_SURROGATE.search(text))


def scrub_bad_bytes(text: str) -> str:
    """Replace undecodable bytes (lone surrogates) with U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def line_starts(text: str) -> list[int]:
    """Offsets where each physical line starts (for offset -> line number with bisect)."""
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts
