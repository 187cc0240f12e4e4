"""Why a write failed, in one line a user can act on: a full disk, a read-only workspace, an output path that
is a folder or lies under a file (issue 19 #13).

`explain(exc)` reads the errors these raise wherever they surface — OSError from our own writes, sqlite3's
"database or disk is full" / "attempt to write a readonly database", Chroma's wrapped SQLite errors, an
exception chained to one of these — and returns the message, or None for anything else (a real bug keeps
its traceback). `ui.cli.main` prints it instead of a traceback.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL_WORDS = ("database or disk is full", "no space left on device", "disk quota exceeded", "file too large")
_READ_ONLY_WORDS = ("readonly database", "read-only file system", "permission denied")

FULL_REMEDY = (
    "Nothing half-written is kept: a persona version is written whole or not at all, and an interrupted "
    "ingest finishes when it is run again. Free some space and run the command again."
)
READ_ONLY_REMEDY = (
    "This command writes there: make it writable, or copy the workspace and use `-w COPY` "
    "(`personas` only reads it)."
)


class StorageError(Exception):
    """A write that cannot happen, with its explanation as the message (printed without a traceback)."""


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _where(exc: BaseException) -> str:
    name = getattr(exc, "filename", None)
    return f" (writing {name})" if name else ""


def explain(exc: BaseException) -> str | None:
    """The one-line reason for a failed write, or None when `exc` is not one."""
    for e in _chain(exc):
        if isinstance(e, StorageError):
            return str(e)
        if isinstance(e, OSError) and e.errno is not None:
            name = e.filename
            if e.errno in _FULL:
                return f"no space left on the device{_where(e)}. {FULL_REMEDY}"
            if e.errno in _READ_ONLY:
                return f"{name or 'the workspace'} is read-only ({e.strerror}). {READ_ONLY_REMEDY}"
            if isinstance(e, IsADirectoryError) and name:
                return f"{name} is a folder: give a file name to write"
            if isinstance(e, NotADirectoryError | FileExistsError) and name:
                return f"cannot write {name}: it or a folder on its path is a file, not a folder"
        text = str(e).lower()
        if any(w in text for w in _FULL_WORDS):
            return f"no space left on the device ({str(e)[:200]}). {FULL_REMEDY}"
        if any(w in text for w in _READ_ONLY_WORDS):
            return f"the workspace is read-only ({str(e)[:200]}). {READ_ONLY_REMEDY}"
    return None


def probe_write(folder: Path, size: int = 65536) -> OSError | None:
    """Try writing `size` bytes in `folder` (root ignores permission bits, so os.access cannot tell): the
    error it fails with, or None. Tells a read-only or full workspace from a damaged file."""
    try:
        with tempfile.TemporaryFile(dir=folder) as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        return exc
    return None


def check_workspace_writable(folder: Path) -> None:
    """Raise StorageError when `folder` is read-only or full (called when a workspace file will not open)."""
    exc = probe_write(folder) if folder.is_dir() else None
    if exc is None:
        return
    if exc.errno in _FULL:
        raise StorageError(f"no space left on the device holding the workspace {folder}. {FULL_REMEDY}")
    if exc.errno in _READ_ONLY:
        raise StorageError(f"the workspace {folder} is read-only ({exc.strerror}). {READ_ONLY_REMEDY}")
    raise StorageError(f"cannot write in the workspace {folder}: {exc.strerror}")


def output_problem(path: Path, folder: bool = False) -> str | None:
    """Why `path` cannot be written as an output file (or, with `folder`, an output folder), checked before
    any work is done; None when it looks writable."""
    path = Path(path)
    if folder and path.exists() and not path.is_dir():
        return f"{path} is a file: give a folder to write the cards into"
    if not folder and path.is_dir():
        return f"{path} is a folder: give a file name to write (e.g. {path / 'out.csv'})"
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                return f"cannot write {path}: {parent} is a file, not a folder"
            exc = probe_write(parent, size=1)
            return None if exc is None else f"cannot write {path}: {parent} is not writable ({exc.strerror})"
    return None
