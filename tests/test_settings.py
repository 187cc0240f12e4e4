"""Settings resolution: defaults < .env in cwd < environment < explicit values (CLI flags)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.settings import Settings, load_settings

# Captured at import, before the autouse `_hermetic_env` fixture turns `.env` reading off for each test.
ENV_FILE = Settings.model_config.get("env_file")


@pytest.fixture
def dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Re-enable `.env` reading, run in an empty tmp cwd; returns a writer for `.env` there."""
    monkeypatch.setitem(Settings.model_config, "env_file", ENV_FILE)
    monkeypatch.chdir(tmp_path)

    def write(text: str) -> Path:
        path = tmp_path / ".env"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_defaults(dotenv):
    s = load_settings()
    assert s.workspace == Path("antipersona-data")
    assert s.embeddings == "local"
    assert s.llm_model == "gpt-4o-mini"
    assert s.openai_api_key is None and s.openai_base_url is None
    assert s.llm_enabled is False
    assert s.engine == "offline"
    assert s.chroma_host is None and s.chroma_port == 8000 and s.chroma_ssl is False
    assert s.collection == "feedback"
    assert s.llm_max_retries == 2 and s.llm_timeout == 60.0
    assert s.api_key() == "not-needed"


def test_settings_fixture_has_tmp_workspace_and_no_llm(settings, tmp_path):
    s = settings()
    assert s.workspace == tmp_path / "workspace"
    assert not s.llm_enabled
    assert settings(llm_model="other").llm_model == "other"


def test_prefixed_env_vars(monkeypatch):
    monkeypatch.setenv("ANTIPERSONA_WORKSPACE", "/srv/ws")
    monkeypatch.setenv("ANTIPERSONA_EMBEDDINGS", "openai")
    monkeypatch.setenv("ANTIPERSONA_LLM_TIMEOUT", "7.5")
    monkeypatch.setenv("ANTIPERSONA_LLM_MAX_RETRIES", "0")
    monkeypatch.setenv("ANTIPERSONA_LLM_MODEL", "m-prefixed")
    monkeypatch.setenv("ANTIPERSONA_COLLECTION", "other_coll")
    monkeypatch.setenv("ANTIPERSONA_OPENAI_API_KEY", "sk-prefixed")
    s = load_settings()
    assert s.workspace == Path("/srv/ws")
    assert s.embeddings == "openai"
    assert s.llm_timeout == 7.5 and s.llm_max_retries == 0
    assert s.llm_model == "m-prefixed"
    assert s.collection == "other_coll"
    assert s.api_key() == "sk-prefixed"
    assert s.llm_enabled


def test_conventional_names(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-conventional")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_MODEL", "m-conventional")
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", "8123")
    s = load_settings()
    assert s.api_key() == "sk-conventional"
    assert s.openai_base_url == "http://127.0.0.1:9/v1"
    assert s.llm_model == "m-conventional"
    assert s.chroma_host == "127.0.0.1" and s.chroma_port == 8123
    assert s.llm_enabled and s.engine == "llm:m-conventional"


def test_secret_is_not_printed(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    s = load_settings()
    assert "sk-very-secret" not in repr(s) and "sk-very-secret" not in str(s.model_dump())


def test_base_url_alone_enables_llm(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    s = load_settings()
    assert s.llm_enabled and s.api_key() == "not-needed"


def test_dotenv_in_cwd(dotenv):
    dotenv("OPENAI_API_KEY=sk-from-dotenv\nANTIPERSONA_WORKSPACE=from-dotenv\nANTIPERSONA_LLM_MODEL=m-dotenv\n")
    s = load_settings()
    assert s.api_key() == "sk-from-dotenv"
    assert s.workspace == Path("from-dotenv")
    assert s.llm_model == "m-dotenv"


def test_env_beats_dotenv(dotenv, monkeypatch):
    dotenv("ANTIPERSONA_WORKSPACE=from-dotenv\n")
    monkeypatch.setenv("ANTIPERSONA_WORKSPACE", "from-env")
    assert load_settings().workspace == Path("from-env")


def test_hermetic_env_ignores_dotenv_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-leak\n", encoding="utf-8")
    assert load_settings().llm_enabled is False


def test_explicit_overrides_beat_env_and_dotenv(dotenv, monkeypatch):
    dotenv("ANTIPERSONA_LLM_MODEL=m-dotenv\n")
    monkeypatch.setenv("ANTIPERSONA_WORKSPACE", "from-env")
    monkeypatch.setenv("ANTIPERSONA_LLM_MODEL", "m-env")
    s = load_settings(workspace=Path("explicit"), llm_model="m-explicit")
    assert s.workspace == Path("explicit")
    assert s.llm_model == "m-explicit"


def test_load_settings_ignores_none_overrides(monkeypatch):
    monkeypatch.setenv("ANTIPERSONA_WORKSPACE", "from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    s = load_settings(workspace=None, openai_base_url=None, llm_model=None)
    assert s.workspace == Path("from-env")
    assert s.openai_base_url == "http://127.0.0.1:9/v1"
    assert s.llm_model == "gpt-4o-mini"


def test_invalid_values_are_rejected(monkeypatch):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        load_settings(llm_timeout=0)
    with pytest.raises(ValidationError):
        load_settings(collection="a b")
    monkeypatch.setenv("ANTIPERSONA_EMBEDDINGS", "nonsense")
    with pytest.raises(ValidationError):
        load_settings()


# -- the CLI flag --------------------------------------------------------------------------------------
def test_cli_settings_helper_flag_beats_env(monkeypatch, tmp_path):
    from ui import cli

    monkeypatch.setenv("ANTIPERSONA_WORKSPACE", str(tmp_path / "env-ws"))
    assert cli._settings(tmp_path / "flag-ws").workspace == tmp_path / "flag-ws"
    assert cli._settings(None).workspace == tmp_path / "env-ws"


def test_cli_workspace_flag_beats_env(monkeypatch, tmp_path):
    """Runs `antipersona personas --workspace W` with the persona store stubbed, capturing its Settings."""
    from ui import cli

    seen: list[Settings] = []
    versions = types.ModuleType("core.versions")
    versions.current = lambda s: seen.append(s)  # returns None: "no personas yet", exit 1
    render = types.ModuleType("ui.render")
    render.personas_json = render.personas_markdown = lambda ps: ""
    monkeypatch.setitem(sys.modules, "core.versions", versions)
    monkeypatch.setitem(sys.modules, "ui.render", render)
    monkeypatch.setenv("ANTIPERSONA_WORKSPACE", str(tmp_path / "env-ws"))

    runner = CliRunner()
    result = runner.invoke(cli.app, ["personas", "--workspace", str(tmp_path / "flag-ws")])
    assert result.exit_code == 1, result.output
    result = runner.invoke(cli.app, ["personas"])
    assert result.exit_code == 1, result.output

    assert [s.workspace for s in seen] == [tmp_path / "flag-ws", tmp_path / "env-ws"]
