"""Which files a list of paths means: files as given, folders walked (sorted, hidden and code files left out).

A missing path or a non-regular file becomes a problem in the report; code and configuration files met in a
walked folder are noted, not read (naming one explicitly reads it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ingest.report import FileReport, IngestReport

IGNORED = re.compile(r"^(readme|license|licence|notice|changelog|copying|authors|contributing)(\.[\w.]+)?$", re.I)
# in a walked folder, files of these types are code or configuration, not exports: noted, not skipped
CODE_SUFFIXES = {
    ".py", ".pyc", ".pyi", ".ipynb", ".js", ".ts", ".sh", ".bat", ".ps1", ".toml", ".yaml", ".yml", ".cfg",
    ".ini", ".lock", ".r", ".sql", ".css", ".html", ".htm", ".log", ".tmp", ".bak", ".swp", ".parquet",
    ".sqlite", ".sqlite3", ".db", ".pkl", ".npy",
}


def expand(paths: Iterable[str | Path], ws_root: Path, report: IngestReport) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    ignored: dict[str, list[str]] = {}

    def add(path: Path, display: str) -> None:
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            out.append((real, display))

    for given in paths:
        p = Path(given).expanduser()
        display = str(given)
        if not p.exists():
            report.files.append(FileReport(file=display, skipped=1, problems=[f"{display}: no such file or directory"]))
            continue
        if not p.is_dir():
            if p.is_file():
                add(p, display)
            else:
                report.files.append(FileReport(file=display, skipped=1, problems=[f"{display}: not a regular file"]))
            continue
        for root, dirs, names in os.walk(p):
            rootp = Path(root)
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".") and d != "__pycache__" and (rootp / d).resolve() != ws_root
            )
            for name in sorted(names):
                f = rootp / name
                if name.startswith("."):
                    continue
                if not f.is_file():
                    continue  # sockets, FIFOs, broken links
                if IGNORED.match(name) or f.suffix.lower() in CODE_SUFFIXES:
                    ignored.setdefault(f.suffix.lower() or name, []).append(str(f))
                    continue
                add(f, str(f))
    if ignored:
        kinds = ", ".join(f"{k} x{len(v)}" if len(v) > 1 else v[0] for k, v in sorted(ignored.items()))
        report.notes.append(f"not data, not read: {kinds} (name a file explicitly to ingest it)")
    return out


def shown_path(source: str) -> str:
    """A stored source path as the user would type it: relative to here when it is below here."""
    try:
        rel = os.path.relpath(source)
    except ValueError:
        return source
    return source if rel.startswith("..") else rel

