"""The LLM backend: an OpenAI-compatible chat model via LangChain, or None (the offline engine).

`structured()` is the one door through which any stage asks the LLM for a pydantic model. It bounds
retries (the openai SDK already backs off on 429/5xx/timeouts and honours Retry-After, `llm_max_retries`
times; we add up to `llm_max_retries` more attempts only for output that is not valid JSON or breaks the
schema, so a dead endpoint costs at most llm_max_retries + 1 requests), logs every prompt and reply to the
workspace audit log, and returns None on failure so the caller falls back to the offline engine with a
visible note.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

if TYPE_CHECKING:
    from core.settings import Settings

M = TypeVar("M", bound=BaseModel)
_log_lock = threading.Lock()
_tripped: dict[str, float] = {}  # endpoint -> monotonic time of its last timeout (the circuit breaker)


def _endpoint(settings: Settings) -> str:
    return f"{settings.openai_base_url or 'openai'}|{settings.llm_model}"


def breaker_open(settings: Settings) -> str | None:
    """Why the LLM is skipped right now (it timed out less than `llm_breaker_seconds` ago), or None.

    A hanging endpoint would otherwise be waited on in full by every request of a run (a refresh asks once
    per persona); after one timeout the engine falls back at once, and tries again after the cool-down."""
    import time

    at = _tripped.get(_endpoint(settings))
    if at is None:
        return None
    ago = time.monotonic() - at
    if ago >= settings.llm_breaker_seconds:
        _tripped.pop(_endpoint(settings), None)
        return None
    return f"LLM skipped: it timed out {ago:.0f}s ago (retried after {settings.llm_breaker_seconds:.0f}s)"


def trip_if_unreachable(settings: Settings, exc: BaseException) -> None:
    """Open the breaker on a timeout or a connection failure (not on a bad answer: the endpoint is alive)."""
    import time

    try:
        import openai
    except ImportError:  # pragma: no cover - openai is a dependency
        return
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError, TimeoutError)):
        _tripped[_endpoint(settings)] = time.monotonic()


def settle_httpx() -> None:
    """Finish importing `httpx` in this thread before the openai SDK is used.

    The SDK looks up `sys.modules["httpx"]` without importing it (to accept legacy httpx objects). While
    another thread is importing chromadb (which imports httpx), that look-up returns a half-initialised
    module and a request fails with "partially initialized module 'httpx' has no attribute 'Response'".
    Ingest opens Chroma in its writer thread while the main thread embeds, so it happened there.
    """
    import contextlib

    with contextlib.suppress(ImportError):
        import httpx  # noqa: F401


def client_options(settings: Settings) -> dict[str, Any]:
    """Endpoint, key, timeout and SDK retries: the same for the chat model and the embeddings client."""
    return {
        "api_key": settings.api_key(),
        "base_url": settings.openai_base_url,
        "timeout": settings.llm_timeout,
        "max_retries": settings.llm_max_retries,
    }


def get_chat_model(settings: Settings, streaming: bool = False, interactive: bool = False):
    """ChatOpenAI for the configured endpoint (the engine factory chose the LLM engine, so one is set).
    `interactive`: someone is waiting (chat, fit check): at most one retry, and the requests share
    `llm_interactive_timeout` seconds."""
    settle_httpx()
    from langchain_openai import ChatOpenAI

    from core.llm_compat import CompatibleChatOpenAI, is_openai

    cls = ChatOpenAI if is_openai(settings.openai_base_url) else CompatibleChatOpenAI

    retries = min(settings.llm_max_retries, 1) if interactive else settings.llm_max_retries
    timeout = settings.llm_timeout
    if interactive:
        timeout = min(timeout, settings.llm_interactive_timeout / (retries + 1))
    return cls(
        model=settings.llm_model,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,  # sent as max_tokens to other servers (core/llm_compat.py)
        streaming=streaming,
        **{**client_options(settings), "timeout": timeout, "max_retries": retries},
    )


def audit(
    log_path: Path | None, task: str, request: Any, response: Any = None, error: str | None = None
) -> None:
    """Append one prompt/reply pair to the audit log (JSON lines) so any persona can be traced."""
    if log_path is None:
        return
    entry = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "task": task,
        "request": request,
        "response": response,
        "error": error,
    }
    line = json.dumps(entry, ensure_ascii=False, default=str)
    with _log_lock:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def _as_messages(system: str, user: str):
    from langchain_core.messages import HumanMessage, SystemMessage

    return [SystemMessage(content=system), HumanMessage(content=user)]


def structured(
    settings: Settings,
    schema: type[M],
    system: str,
    user: str,
    task: str,
    log_path: Path | None = None,
    attempts: int | None = None,
    model=None,
    interactive: bool = False,
) -> tuple[M | None, str | None]:
    """Ask for `schema`; returns (object, None) or (None, reason). Never raises for model faults."""
    skipped = breaker_open(settings)
    if skipped:
        return None, skipped
    model = model or get_chat_model(settings, interactive=interactive)
    if model is None:
        return None, "no LLM configured"
    runnable = _structured_runnable(model, schema, settings.llm_structured)
    if settings.llm_structured == "json_object":
        system = f"{system}\n\n{json_instruction(schema)}"
    tries = attempts if attempts is not None else settings.llm_max_retries + 1
    reason = "no attempt"
    for attempt in range(max(1, tries)):
        request = {"model": settings.llm_model, "mode": settings.llm_structured, "system": system, "user": user,
                   "attempt": attempt + 1}
        try:
            out = runnable.invoke(_as_messages(system, user))
        except Exception as exc:  # HTTP/network errors after the SDK's own retries, or unparseable output
            reason = f"{type(exc).__name__}: {str(exc)[:200]}{_mode_hint(settings, exc)}"
            audit(log_path, task, request, response=_rejected_reply(exc), error=reason)
            trip_if_unreachable(settings, exc)
            if _is_final(exc):
                break
            continue
        raw = out.get("raw")
        raw_text = getattr(raw, "content", None) or str(getattr(raw, "additional_kwargs", ""))
        parsed, error = out.get("parsed"), out.get("parsing_error")
        audit(log_path, task, request, response=raw_text, error=str(error) if error else None)
        if parsed is not None and error is None:
            return parsed, None
        reason = f"invalid output: {str(error)[:200]}"
    return None, reason


def _mode_hint(settings: Settings, exc: Exception) -> str:
    """The fix, when a server refuses the structured-output request itself (llama-cpp-python: 500)."""
    text = str(exc).lower()
    if settings.llm_structured == "json_schema" and "response_format" in text and "json_schema" in text:
        return " (this server refuses response_format json_schema: set ANTIPERSONA_LLM_STRUCTURED=json_object)"
    return ""


def json_instruction(schema: type[BaseModel]) -> str:
    """What JSON mode needs said in the prompt (the server may or may not also enforce the schema)."""
    shape = json.dumps(schema.model_json_schema(), separators=(",", ":"))
    return f"Answer with one JSON object and nothing else. It must match this JSON schema:\n{shape}"


def _structured_runnable(model, schema: type[M], mode: str):
    """A runnable giving {"raw", "parsed", "parsing_error"} for the configured structured-output mode.

    json_schema and function_calling are LangChain's own. json_object sends `response_format` type
    json_object with the schema beside it: llama-cpp-python's server compiles that schema into a grammar
    (and answers 500 to json_schema), other servers ignore the extra key and follow the prompt."""
    if mode != "json_object":
        method = "function_calling" if mode == "function_calling" else "json_schema"
        return model.with_structured_output(schema, method=method, include_raw=True)
    from langchain_core.runnables import RunnableLambda

    bound = model.bind(response_format={"type": "json_object", "schema": schema.model_json_schema()})

    def parse(raw) -> dict[str, Any]:
        try:
            return {"raw": raw, "parsed": schema.model_validate_json(_unfenced(raw.content)), "parsing_error": None}
        except Exception as exc:  # ValidationError (bad JSON or a schema break): retried, then the fallback
            return {"raw": raw, "parsed": None, "parsing_error": exc}

    return bound | RunnableLambda(parse)


def _unfenced(content: Any) -> str:
    """The JSON inside a reply: small models wrap it in a ```json fence even in JSON mode."""
    text = content if isinstance(content, str) else json.dumps(content)
    text = text.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()


def _is_final(exc: Exception) -> bool:
    """True for errors another attempt here won't fix.

    HTTP and transport errors (`openai.APIError`: 4xx, 429/5xx, timeouts, connection failures) are final:
    the SDK has already retried the transient ones `llm_max_retries` times with backoff, so retrying again
    would multiply the attempts (and the wait). langchain-openai 1.x re-raises them as subclasses with other
    names (e.g. `OpenAIAuthenticationError`), hence isinstance, not names. A body the SDK could not read as
    a completion (`APIResponseValidationError`) counts as bad output and is retried.
    """
    try:
        import openai
    except ImportError:  # pragma: no cover - openai is a dependency
        return False
    return isinstance(exc, openai.APIError) and not isinstance(exc, openai.APIResponseValidationError)


def _rejected_reply(exc: Exception) -> Any:
    """The model's reply carried by a parse/validation error (the SDK validates structured output), if any.
    A reply cut at `llm_max_tokens` raises the SDK's LengthFinishReasonError, which holds the completion."""
    completion = getattr(exc, "completion", None)
    if completion is not None:
        try:
            return completion.choices[0].message.content
        except (AttributeError, IndexError):
            return None
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
        except Exception:
            return None
        return first.get("input") if isinstance(first, dict) else None
    return getattr(exc, "doc", None)  # json.JSONDecodeError
