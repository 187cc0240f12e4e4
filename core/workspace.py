"""The workspace folder: where things live, atomic writes and the refresh lock.

Layout::

    <workspace>/
      records.sqlite      feedback records (full text, hashes) and the ingested-file registry
      chroma/             embedded Chroma store (unless CHROMA_HOST points at a server)
      accounts.parquet    accounts table; accounts.json its column roles
      config.toml         optional: override outcome/attribute column roles
      personas/vNNNN.json persona versions (never rewritten); changes/vNNNN.json change reports
      llm_log.jsonl       every prompt sent to an LLM and what came back (audit trail)
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.crashpoints import crash_point


class CorruptFile(Exception):  # noqa: N818 - reads as what it is: "CorruptFile: records.sqlite ..."
    """A workspace file that cannot be read: names the file, says why and what to do (never a traceback)."""

    def __init__(self, path: Path, reason: str, remedy: str):
        self.path, self.reason, self.remedy = path, reason, remedy
        super().__init__(f"{path} cannot be read ({reason}). {remedy}")


class Workspace:
    def __init__(self, root: Path | str):
        self.root = Path(root).expanduser().resolve()

    # paths -------------------------------------------------------------------------------------------
    @property
    def records_db(self) -> Path:
        return self.root / "records.sqlite"

    @property
    def chroma_dir(self) -> Path:
        return self.root / "chroma"

    @property
    def accounts_table(self) -> Path:
        return self.root / "accounts.parquet"

    @property
    def accounts_schema(self) -> Path:
        return self.root / "accounts.json"

    @property
    def deals_table(self) -> Path:
        return self.root / "deals.parquet"

    @property
    def deals_schema(self) -> Path:
        return self.root / "deals.json"

    @property
    def config_file(self) -> Path:
        return self.root / "config.toml"

    @property
    def personas_dir(self) -> Path:
        return self.root / "personas"

    @property
    def changes_dir(self) -> Path:
        return self.root / "changes"

    @property
    def llm_log(self) -> Path:
        return self.root / "llm_log.jsonl"

    def ensure(self) -> Workspace:
        for d in (self.root, self.personas_dir, self.changes_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self

    def config(self) -> dict[str, Any]:
        """User overrides from config.toml (empty when absent)."""
        if not self.config_file.exists():
            return {}
        import tomllib

        return tomllib.loads(self.config_file.read_text(encoding="utf-8"))

    # persona versions --------------------------------------------------------------------------------
    def persona_versions(self) -> list[int]:
        if not self.personas_dir.exists():
            return []
        out = []
        for p in self.personas_dir.glob("v*.json"):
            with contextlib.suppress(ValueError):
                out.append(int(p.stem[1:]))
        return sorted(out)

    def persona_path(self, version: int) -> Path:
        return self.personas_dir / f"v{version:04d}.json"

    def change_path(self, version: int) -> Path:
        return self.changes_dir / f"v{version:04d}.json"

    # locking -----------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, name: str = "refresh", blocking: bool = True) -> Iterator[bool]:
        """An exclusive OS lock (released by the kernel if the process dies, so a crash never wedges it)."""
        self.ensure()
        try:
            fh = open(self.root / f".{name}.lock", "a+")  # noqa: SIM115 - held for the context
        except OSError:
            from core.storage_errors import check_workspace_writable

            check_workspace_writable(self.root)  # a read-only or full workspace says so
            raise
        try:
            flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
            try:
                fcntl.flock(fh, flags)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temp file in the same folder + fsync + rename: readers see the old or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        crash_point("atomic_write.before_rename")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False, default=str))
