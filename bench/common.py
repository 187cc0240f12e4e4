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


def keyed_vectors(name: str, keys: list[str], texts: list[str]):
    """Vectors of `texts` named by stable `keys`, kept in bench/out/{name}.npz: a key already there is never
    embedded again, so a new selection of rows embeds only its new ones."""
    import numpy as np

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.npz"
    have: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            have = dict(zip(z["keys"].tolist(), z["vecs"], strict=True))
    todo = [(k, t) for k, t in dict(zip(keys, texts, strict=True)).items() if k not in have]
    if todo:
        import core  # noqa: F401
        from core.embeddings import LocalMiniLM

        model = LocalMiniLM()
        for s in range(0, len(todo), 2000):  # saved every 2,000 rows: an interrupted run keeps its work
            part = todo[s : s + 2000]
            have.update(zip([k for k, _ in part], model.embed([t for _, t in part]), strict=True))
            np.savez(path, keys=np.array(list(have)), vecs=np.vstack(list(have.values())))
    return np.vstack([have[k] for k in keys])
