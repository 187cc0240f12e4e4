"""Sentence vectors keyed by (embedder, text hash), in the workspace, so refreshes don't re-embed."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np

from core.records_db import select_in


class VectorCache:
    """A small SQLite table of float32 vectors; a different embedder never reads another's (keyed by name)."""

    def __init__(self, path: Path, embedder_name: str):
        try:
            self.con = self._open(path)
        except sqlite3.DatabaseError:  # a cache: a damaged file is rebuilt, silently
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            self.con = self._open(path)
        self.prefix = embedder_name

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        con = sqlite3.connect(path, timeout=60)
        con.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)")
        con.execute("SELECT COUNT(*) FROM vec").fetchone()
        return con

    def _key(self, text: str) -> str:
        return hashlib.sha1(f"{self.prefix}\0{text}".encode()).hexdigest()

    def get_or_embed(self, texts: list[str], embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        found: dict[str, np.ndarray] = {
            k: np.frombuffer(v, dtype=np.float32)
            for k, v in select_in(self.con, "SELECT key, v FROM vec WHERE key IN ({marks})", keys)
        }
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            vecs = embed([texts[i] for i in missing])
            with self.con:
                self.con.executemany(
                    "INSERT OR REPLACE INTO vec VALUES (?, ?)",
                    [(keys[i], vecs[j].astype(np.float32).tobytes()) for j, i in enumerate(missing)],
                )
            for j, i in enumerate(missing):
                found[keys[i]] = vecs[j]
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32)
