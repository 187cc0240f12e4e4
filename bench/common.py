"""Shared bench helpers: where the data is, cached embeddings, recording results in docs/benchmarks.md."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"


def need_shared() -> None:
    if not SHARED.is_dir():
        raise SystemExit(f"shared data not found at {SHARED}")


def cached_vectors(name: str, texts: list[str]):
    """Embed once with the local model and keep the matrix in bench/out (benches exclude embedding)."""
    import numpy as np

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.npy"
    if path.exists():
        vecs = np.load(path)
        if len(vecs) == len(texts):
            return vecs
    import core  # noqa: F401
    from core.embeddings import LocalMiniLM

    vecs = LocalMiniLM().embed(texts)
    np.save(path, vecs)
    return vecs


def record_section(title: str, body: str) -> None:
    """Replace (or append) the `## title` section of docs/benchmarks.md."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\nMeasured on this project's machine kind: 2 cores, no GPU, Python 3.11.\n"
    section = f"## {title}\n\n_Recorded {date.today().isoformat()}._\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    found = pattern.search(text)
    text = pattern.sub(lambda _m: section + "\n", text) if found else text.rstrip() + "\n\n" + section
    DOC.write_text(text.rstrip() + "\n")
