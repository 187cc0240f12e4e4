"""Fixtures for the ingest tests: a tmp workspace, a counting fake embedder, the shared data sets."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from core.store import Store

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


@pytest.fixture
def ws_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings for a fresh workspace under tmp_path, no LLM, no Chroma server, no .env."""
    import os

    for k in list(os.environ):
        if k.startswith(("OPENAI_", "ANTIPERSONA_", "CHROMA_")):
            monkeypatch.delenv(k)
    return Settings(_env_file=None, workspace=tmp_path / "ws")


@pytest.fixture
def fake() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def make_store(ws_settings: Settings) -> Callable[..., Store]:
    """`make_store(embedder=None)`: a Store on the tmp workspace with the given (default fake) embedder."""

    def make(embedder=None) -> Store:
        store = Store(ws_settings)
        store._embedder = embedder if embedder is not None else FakeEmbedder()
        return store

    return make


@pytest.fixture
def store(make_store, fake) -> Store:
    return make_store(fake)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """`write("dir/name.csv", text_or_bytes)` -> the path (under tmp_path/"in")."""

    def w(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        p = tmp_path / "in" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_bytes(content.encode(encoding))
        return p

    return w


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA
