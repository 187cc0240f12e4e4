"""Fixtures for the ingest tests: a tmp workspace, a counting fake embedder, the shared data sets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_helpers import SHARED_DATA, FakeEmbedder

from core.settings import Settings
from core.store import Store


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
