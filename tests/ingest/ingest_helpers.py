"""Shared helpers for the ingest tests (a uniquely named module: importable from any test here)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
DATA = REPO / "tests" / "data" / "ingest"
EXAMPLES = REPO / "examples"


class FakeEmbedder:
    """Deterministic 16-d vectors from a hash of the text; counts calls; can fail after N calls."""

    name = "fake:hash16"
    dim = 16

    def __init__(self, fail_after: int | None = None):
        self.calls = 0
        self.texts: list[str] = []
        self.fail_after = fail_after

    def embed(self, texts: list[str]) -> np.ndarray:
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise ConnectionError("embedding server went away")
        self.calls += 1
        self.texts.extend(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            digest = hashlib.sha256(t.encode("utf-8")).digest()
            out[i] = np.frombuffer(digest[: self.dim], dtype=np.uint8).astype(np.float32) + 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)
