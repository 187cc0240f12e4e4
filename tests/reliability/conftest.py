"""Fixtures for tests/reliability: one MiniLM workspace of the bundled examples, built once per session.

`examples_ws` holds examples/accounts.csv and examples/reviews.csv (300 accounts, 300 reviews) ingested with
the real local embedder into embedded Chroma, and one persona version from the offline engine. Tests that
change a workspace copy it first (`clone_ws`).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from core.settings import Settings
from ui.serve import EXAMPLES

EXAMPLE_FILES = [EXAMPLES / "accounts.csv", EXAMPLES / "reviews.csv"]


@pytest.fixture(scope="session")
def examples_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from agent.refresh import refresh
    from ingest.pipeline import ingest_paths

    ws = tmp_path_factory.mktemp("examples") / "ws"
    settings = Settings(_env_file=None, workspace=ws)
    report = ingest_paths(EXAMPLE_FILES, settings=settings)
    assert report.error is None and report.new == 600, report.to_dict()
    first = refresh(settings)
    assert first.version == 1 and first.personas.personas
    return ws


@pytest.fixture
def clone_ws(examples_ws: Path, tmp_path: Path) -> Callable[..., Path]:
    """`clone_ws(name="ws")` -> a private copy of the examples workspace under tmp_path."""

    def clone(name: str = "ws") -> Path:
        dst = tmp_path / name
        shutil.copytree(examples_ws, dst, ignore=shutil.ignore_patterns(".*.lock", "llm_log.jsonl"))
        return dst

    return clone
