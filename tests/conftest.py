"""Shared fixtures. Every test runs offline and hermetic:

- `netguard` is installed for the whole session (at import, before any test module loads): any connection
  to a non-loopback address raises `netguard.NetworkBlocked`. A test that left a blocked attempt behind
  fails even if the code under test swallowed the error; provoke one on purpose inside
  `with netguard.expect_blocked():`. Subprocesses: `from netguard import guarded_env`,
  `subprocess.run(..., env=guarded_env())`.
- `_hermetic_env` (autouse) removes OPENAI_*, ANTIPERSONA_*, CHROMA_* and proxy variables and stops
  `Settings` from reading a `.env` file, so a developer's configuration never leaks into a test.

Fixtures:
    settings(**overrides) -> Settings   factory: tmp workspace, no LLM (pass overrides to change that)
    openai_server -> OpenAIServer       scripted OpenAI-compatible server on 127.0.0.1 (tests/fakes/)
    llm_settings -> Settings            settings pointing at `openai_server` (timeout 10 s, 1 SDK retry)
    shared_data -> Path                 ../shared/data, or the test is skipped when it is absent
Constants: SHARED (that path), REPO_ROOT.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:  # `import netguard`, `from fakes.openai_server import ...` in any test
    sys.path.append(_TESTS_DIR)  # (append: never shadow a project package with a tests/ folder)

import netguard  # noqa: E402

netguard.install()

from fakes.openai_server import OpenAIServer  # noqa: E402

from core.settings import Settings  # noqa: E402

REPO_ROOT = netguard.REPO_ROOT
SHARED = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _hermetic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No configuration from the developer's shell or a `.env` file (test_settings re-enables `.env`)."""
    import os

    for key in list(os.environ):
        if key.startswith(netguard.SCRUBBED_PREFIXES) or key in netguard.SCRUBBED_NAMES:
            monkeypatch.delenv(key)
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setitem(Settings.model_config, "env_file", None)


@pytest.fixture(autouse=True)
def _no_network_leaks() -> Iterator[None]:
    """Fail a test whose code tried to reach the network, even if the error was caught and ignored."""
    start = len(netguard.blocked)
    yield
    leaked = netguard.blocked[start:]
    if leaked:
        del netguard.blocked[start:]
        pytest.fail(f"test tried to reach the network (blocked by netguard): {leaked}", pytrace=False)


@pytest.fixture
def settings(tmp_path: Path) -> Callable[..., Settings]:
    """Factory: `settings(**overrides)` -> Settings with workspace tmp_path/"workspace" and no LLM."""

    def make(**overrides: object) -> Settings:
        overrides.setdefault("workspace", tmp_path / "workspace")
        return Settings(_env_file=None, **overrides)

    return make


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    """A fresh scripted OpenAI-compatible server; see tests/fakes/openai_server.py for the scripting API."""
    with OpenAIServer() as server:
        yield server


@pytest.fixture
def llm_settings(settings: Callable[..., Settings], openai_server: OpenAIServer) -> Settings:
    """Settings with the LLM pointed at `openai_server`. Vary with `llm_settings.model_copy(update={...})`."""
    return settings(
        openai_base_url=openai_server.base_url,
        openai_api_key="test-key",
        llm_model=openai_server.model,
        llm_timeout=10.0,
        llm_max_retries=1,
    )


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared data sets beside the repo (../shared/data); skips the test when they are absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def examples_refreshed(tmp_path_factory: pytest.TempPathFactory):
    """The bundled examples ingested and refreshed offline, once per session: (settings, persona set)."""
    from agent.refresh import refresh
    from ingest.pipeline import ingest_paths
    from ui.serve import example_files

    settings = Settings(_env_file=None, workspace=tmp_path_factory.mktemp("examples") / "ws")
    report = ingest_paths(example_files(), settings=settings)
    assert report.ingested_anything
    ps = refresh(settings, force=True).personas
    return settings, ps
