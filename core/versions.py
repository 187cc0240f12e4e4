"""Persona versions: the one module that reads and writes `personas/vNNNN.json`, its change report and the
theme centroids kept beside it.

A version is written once (temp file + fsync + rename) and never rewritten, so a reader sees the old
personas or the new, never a torn file. The persona file is the commit point: centroids and the change
report are written first, so a crash leaves at worst an orphan that the next version overwrites.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from core.crashpoints import crash_point
from core.models import PersonaSet
from core.workspace import Workspace, atomic_write_json, atomic_write_text

if TYPE_CHECKING:
    import numpy as np

    from core.settings import Settings


class PersonaVersions:
    """The persona versions of one workspace. Parsed versions are kept per instance (the key includes
    mtime and size), because the app asks for the current one on every request. Returned objects are
    shared: treat them as read-only."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self._parsed: dict[tuple[str, int, int], PersonaSet] = {}
        self._lock = threading.Lock()

    def numbers(self) -> list[int]:
        return self.workspace.persona_versions()

    def load(self, version: int) -> PersonaSet:
        path = self.workspace.persona_path(version)
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
        with self._lock:
            cached = self._parsed.get(key)
        if cached is None:
            cached = PersonaSet.model_validate_json(path.read_text(encoding="utf-8"))
            with self._lock:
                if len(self._parsed) > 16:
                    self._parsed.clear()
                self._parsed[key] = cached
        return cached

    def latest(self) -> PersonaSet | None:
        """The newest readable version. An unreadable one (damaged, truncated, `{}`) is skipped with a warning
        on stderr and a note on the version served, so one bad file never stops every command."""
        skipped: list[str] = []
        for version in reversed(self.numbers()):
            try:
                ps = self.load(version)
            except (
                OSError,
                ValueError,
                UnicodeDecodeError,
            ) as exc:  # pydantic's ValidationError is a ValueError
                reason = str(exc).splitlines()[0][:120]
                skipped.append(f"{self.workspace.persona_path(version)} is unreadable ({reason})")
                continue
            if not skipped:
                return ps
            note = (
                f"{'; '.join(skipped)}: serving version {version}. Run `antipersona refresh --force` to "
                "write a new version; the unreadable file can be deleted."
            )
            _warn_once(note)
            return ps.model_copy(update={"notes": [note, *ps.notes]})
        if skipped:
            _warn_once(f"{'; '.join(skipped)}: no readable version. Run `antipersona refresh --force`.")
        return None

    def changes(self, version: int | None = None) -> dict:
        """The change report written with `version` (default: the latest); {} when there is none."""
        versions = self.numbers()
        if not versions:
            return {}
        path = self.workspace.change_path(version or versions[-1])
        try:
            data = json.loads(path.read_text()) if path.exists() else {}
        except (OSError, ValueError):  # a report is derived: a damaged one is shown as none
            return {}
        return data if isinstance(data, dict) else {}

    def centroids_path(self, version: int) -> Path:
        return self.workspace.personas_dir / f"v{version:04d}.centroids.npz"

    def centroids(self, version: int | None) -> dict[int, np.ndarray]:
        """Theme centroids saved with `version` (theme id -> unit vector); {} when absent."""
        if version is None:
            return {}
        import numpy as np

        path = self.centroids_path(version)
        if not path.exists():
            return {}
        try:
            with np.load(path) as data:
                return {int(k): data[k] for k in data.files}
        except Exception:  # a cache: damaged centroids only cost stable theme ids for one refresh
            return {}

    def commit(self, ps: PersonaSet, changes: dict, centroids: dict[int, np.ndarray]) -> None:
        """Write version `ps.version`: centroids, then the change report, then the personas (commit point)."""
        if centroids:
            import numpy as np

            np.savez(self.centroids_path(ps.version), **{str(t): v for t, v in centroids.items()})
        atomic_write_json(self.workspace.change_path(ps.version), changes)
        crash_point("refresh.changes_written")
        payload = ps.model_dump_json(indent=2)
        PersonaSet.model_validate_json(payload)  # never commit a version that cannot be read back
        atomic_write_text(self.workspace.persona_path(ps.version), payload)  # the commit point


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    import sys

    if message not in _warned:
        _warned.add(message)
        print(f"warning: {message}", file=sys.stderr, flush=True)


def versions_of(where: Settings | Workspace | PersonaVersions) -> PersonaVersions:
    if isinstance(where, PersonaVersions):
        return where
    ws = where if isinstance(where, Workspace) else Workspace(where.workspace)
    return PersonaVersions(ws)


def current(where: Settings | Workspace) -> PersonaSet | None:
    """The latest persona version of a workspace, read from disk (scripts and tests; the app keeps one
    `PersonaVersions` on its services)."""
    return versions_of(where).latest()


def load_version(ws: Workspace, version: int) -> PersonaSet:
    return PersonaVersions(ws).load(version)


def load_changes(where: Settings | Workspace, version: int | None = None) -> dict:
    return versions_of(where).changes(version)
