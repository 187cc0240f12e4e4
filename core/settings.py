"""The one place the environment is read. Everything else receives a `Settings`.

Precedence (highest first): explicit values (CLI flags), environment variables, `.env` in the working
directory, defaults. Variables use the `ANTIPERSONA_` prefix; the OpenAI and Chroma ones also accept their
conventional names (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `CHROMA_HOST`, `CHROMA_PORT`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _alias(name: str, *others: str) -> AliasChoices:
    return AliasChoices(name, f"ANTIPERSONA_{name}", *others)


def _user_cache() -> Path:
    """$XDG_CACHE_HOME/antipersona, else ~/.cache/antipersona (the install folder may be read-only)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if base.strip() else Path.home() / ".cache") / "antipersona"


class Settings(BaseSettings):
    """Runtime configuration. `llm_enabled` is False unless a key or a base URL is given."""

    model_config = SettingsConfigDict(
        env_prefix="ANTIPERSONA_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    workspace: Path = Field(
        Path("antipersona-data"), description="Where the store, accounts and personas live."
    )
    embeddings: Literal["local", "local-torch", "local-onnx", "local-int8", "openai"] = Field(
        "local",
        description="Embedding backend. local: the fastest local backend that passed its quality check (a "
        "workspace keeps the vectors it was built with); local-torch | local-onnx | local-int8 force one; "
        "openai: an OpenAI-compatible /v1/embeddings endpoint.",
    )
    embedding_model: str = Field(
        "text-embedding-3-small", description="Model name for the openai embeddings backend."
    )
    embedding_batch_size: int = Field(64, ge=1, le=4096)
    embedding_threads: int = Field(
        0, ge=0, le=256, description="CPU threads of the ONNX encoder (0: one per core)."
    )
    cache_dir: Path = Field(
        default_factory=lambda: _user_cache(),
        description="Per-user cache: the ONNX export of the bundled model (shared by every workspace).",
    )

    openai_api_key: SecretStr | None = Field(None, validation_alias=_alias("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=_alias("OPENAI_BASE_URL"))
    llm_model: str = Field("gpt-4o-mini", validation_alias=_alias("LLM_MODEL", "OPENAI_MODEL"))
    llm_timeout: float = Field(60.0, gt=0, description="Seconds before one LLM request is abandoned.")
    llm_max_retries: int = Field(2, ge=0, le=10)
    llm_interactive_timeout: float = Field(
        15.0, gt=0, description="Seconds the LLM may take in all while someone waits (chat, fit check)."
    )
    llm_breaker_seconds: float = Field(
        300.0, ge=0, description="After an LLM timeout, use the offline engine at once for this long."
    )
    llm_temperature: float = Field(0.2, ge=0, le=2)
    llm_structured: Literal["json_schema", "json_object", "function_calling"] = Field(
        "json_schema",
        description="How structured answers are asked for. json_schema: response_format json_schema (OpenAI, "
        "vLLM, Ollama, llama.cpp's llama-server); json_object: response_format json_object carrying the "
        "schema, which llama-cpp-python's server turns into a grammar (it rejects json_schema); "
        "function_calling: one forced tool call (servers with tool calling but no JSON mode).",
    )
    llm_max_tokens: int = Field(
        2000, ge=16, description="Most tokens one LLM answer may hold (local servers default to the whole context)."
    )

    chroma_host: str | None = Field(None, validation_alias=_alias("CHROMA_HOST"))
    chroma_port: int = Field(8000, validation_alias=_alias("CHROMA_PORT"))
    chroma_ssl: bool = Field(False, validation_alias=_alias("CHROMA_SSL"))
    collection: str = Field("feedback", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]$")

    currency: str = Field(
        "",
        max_length=8,
        description="Money shown in this currency ('EUR', '$'); else the revenue column's unit.",
    )
    allow_sensitive: str = Field(
        "",
        description="Comma-separated columns a persona may be defined by although they name a sensitive trait "
        "(gender, age, ethnicity, religion, health, family status, nationality, sexual orientation). Empty by "
        "default: negative personas must not become stereotypes. Opt in only with a documented reason.",
    )
    max_persona_share: float = Field(
        0.25, gt=0, le=1, description="Largest share of all customers one persona may hold."
    )

    refresh_page: int = Field(
        5000,
        ge=1,
        description="Passages a refresh reads from the vector store at a time (memory holds one page).",
    )
    stream_themes_over: int = Field(
        50_000,
        ge=0,
        description="Above this many complaint passages, themes are fitted by mini-batches and assigned by "
        "batches (agent/themes_stream.py) instead of all at once.",
    )

    theme_refine: bool = Field(
        True,
        description="With an LLM configured, let it merge near-duplicate themes and rename them from their "
        "representative passages (only existing themes with alike centroids; never new members).",
    )

    complaint_kinds: str = Field(
        "complaint,question",
        description="Passage kinds that count as complaints for themes and costs (of complaint, question, "
        "praise, request, other); a question counts only when it reports a problem (question_score).",
    )
    question_score: float | None = Field(
        None, ge=0, le=1, description="Problem score from which a question counts (unset: the detector's own)."
    )

    # integrations (docs/integrations.md): audience files, webhook alerts
    default_country: str = Field(
        "", description="ISO country (e.g. US) for phone numbers written without a country code."
    )
    webhook_url: SecretStr | None = Field(
        None, description="Slack-compatible incoming webhook: material persona changes, negative leads."
    )
    webhook_quotes: bool = Field(False, description="Let alerts carry customer text (quotes, lead words).")
    webhook_retries: int = Field(3, ge=0, le=10, description="Retries of a failed alert, with backoff.")
    webhook_timeout: float = Field(5.0, gt=0, le=120, description="Seconds one alert request may take.")

    auth: SecretStr | None = Field(None, description="user:password required by `serve` off loopback.")
    api_keys: SecretStr | None = Field(
        None,
        description="Comma-separated keys for the JSON API and the MCP server (`Authorization: Bearer KEY`); "
        "when set, every /api/v1 route and /mcp refuses a request without one.",
    )
    max_upload_mb: int = Field(50, ge=1)

    # honest discovery (agent/confirm.py, docs/method.md)
    persona_fdr: float = Field(
        0.05, gt=0, lt=1, description="False-discovery rate across every candidate the persona search tried."
    )
    persona_min_ratio: float = Field(
        1.3,
        gt=1,
        description="Smallest practically meaningful effect: a confirmed cost at least this many times the "
        "baseline (or at most its inverse, e.g. 0.77, for outcomes where lower is worse).",
    )
    persona_holdout: float = Field(
        0.5, gt=0.1, lt=0.9, description="Share of customers kept out of the search to confirm on."
    )
    persona_split_seed: int = Field(
        0, description="Seed of the discovery/confirmation split (a hash of it and the customer id)."
    )
    persona_min_customers: int = Field(
        80, ge=10, description="Fewer customers than this: no persona can be confirmed, none is published."
    )

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)

    @property
    def engine(self) -> str:
        """Human name of the engine that writes labels, personas and chat."""
        return f"llm:{self.llm_model}" if self.llm_enabled else "offline"

    def api_key(self) -> str:
        """Key to send; local OpenAI-compatible servers (Ollama, vLLM) accept any non-empty string."""
        return self.openai_api_key.get_secret_value() if self.openai_api_key else "not-needed"


def load_settings(**overrides: object) -> Settings:
    """Settings from env/.env with explicit overrides (None values ignored, so unset CLI flags don't win)."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
