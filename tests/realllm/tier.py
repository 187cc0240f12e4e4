"""Should `make test` run the real-model tier (tests/realllm)? Prints one line, exits 0 (run) or 1 (skip).

    run   ANTIPERSONA_REAL_LLM=1 (the full tier asked for)
    run   in CI (`CI` set) when this change touches the LLM code (LLM_PATHS), compared with
          ANTIPERSONA_LLM_BASE, else the merge-base with main (or HEAD~1 when HEAD is on main)
    run   llama-cpp-python is already built (in the venv, or a wheel in pip's cache): installing it costs seconds
    skip  otherwise, saying why and how to run it (building llama.cpp takes ~7-15 minutes on 2 cores)

Stdlib only: the Makefile runs it with the venv's python before pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LLM_PATHS = (
    "core/llm.py", "core/settings.py", "agent/engines/", "agent/chat.py", "agent/chat_tools.py",
    "agent/chat_payloads.py", "agent/persona_llm.py", "agent/verdict_llm.py", "agent/quotes.py", "prompts/",
    "tests/realllm/", "pyproject.toml",
)


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def changed_paths() -> list[str] | None:
    """Paths this change touches (committed since the base, plus uncommitted), or None if git can't say."""
    base = os.environ.get("ANTIPERSONA_LLM_BASE") or ""
    if not base:
        head = _git("rev-parse", "HEAD")
        for ref in ("origin/main", "main"):
            mb = _git("merge-base", "HEAD", ref)
            if mb:
                base = mb if mb != head else "HEAD~1"
                break
        else:
            base = "HEAD~1"
    committed = _git("diff", "--name-only", base, "HEAD")
    if committed is None:
        return None
    dirty = _git("status", "--porcelain") or ""
    return committed.split() + [line[3:] for line in dirty.splitlines() if len(line) > 3]


def llm_changed(paths: list[str]) -> list[str]:
    return [p for p in paths if p.startswith(LLM_PATHS)]


def built() -> str | None:
    if find_spec("llama_cpp") is not None:
        return "llama-cpp-python is installed"
    try:
        out = subprocess.run([sys.executable, "-m", "pip", "cache", "list", "llama_cpp_python*"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return "a llama-cpp-python wheel is in pip's cache" if "llama_cpp_python" in out.stdout else None


def decide() -> tuple[bool, str]:
    want = os.environ.get("ANTIPERSONA_REAL_LLM", "")
    if want == "0":
        return False, "ANTIPERSONA_REAL_LLM=0"
    if want == "1":
        return True, "asked for (ANTIPERSONA_REAL_LLM=1)"
    paths = changed_paths()
    touched = llm_changed(paths or [])
    in_ci = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
    if touched and in_ci:
        return True, f"CI and the LLM code changed ({', '.join(touched[:4])})"
    have = built()
    if have:
        return True, have
    hint = "`make llm-tier` builds llama-cpp-python once (~7-15 min on 2 cores); `make test ANTIPERSONA_REAL_LLM=1` runs it"
    if touched:
        return False, f"the LLM code changed ({', '.join(touched[:4])}) but llama-cpp-python is not built: {hint}"
    return False, f"llama-cpp-python is not built and the LLM code did not change: {hint}"


if __name__ == "__main__":
    run, why = decide()
    print(f"real-LLM tier: {'running' if run else 'SKIPPED'}: {why}")
    sys.exit(0 if run else 1)
