"""Local embedding backends: ONNX vectors against torch's, the export's integrity check, the choice of
backend per workspace (never mixing vector families), and re-embedding a workspace into another family.

Real parts only: the bundled MiniLM weights, a real ONNX export (made once in the per-user cache; the
integrity tests copy it into tmp folders before damaging it), real Chroma and SQLite.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from netguard import guarded_env

from core.embeddings import INT8_FAMILY, LOCAL_FAMILY, LocalMiniLM, get_embedder
from core.onnx_encoder import FILES, ExportError, OnnxMiniLM, ensure_export, export_dir, passed, read_manifest
from core.settings import Settings
from core.store import EMBEDDER_KEY, EmbedderMismatch, Store, chroma_client, staged_name
from ingest.pipeline import ingest_paths

TEXTS = [
    "I was charged twice and nobody answers my emails.",
    "Card declined abroad",
    "",
    "The export drops rows with accents: Zoë, Łukasz, Ærø. " * 30,  # past the 256-token limit
    "How do I change my PIN?",
    "We need SSO before our IT team approves the purchase.",
]


@pytest.fixture(scope="module")
def export() -> tuple[Path, dict]:
    """The real export in the default per-user cache (made on first use, then reused)."""
    cache = Settings(_env_file=None).cache_dir
    return ensure_export(cache)


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return LocalMiniLM().embed(TEXTS)


def _copy_cache(export: tuple[Path, dict], tmp_path: Path) -> Path:
    """A private cache holding a copy of the export, safe to damage."""
    folder, _ = export
    cache = tmp_path / "cache"
    shutil.copytree(folder, export_dir(cache))
    return cache


def test_onnx_vectors_match_torch(export, torch_vectors):
    folder, manifest = export
    fp32 = OnnxMiniLM(folder.parents[1], "fp32").embed(TEXTS)
    int8 = OnnxMiniLM(folder.parents[1], "int8").embed(TEXTS)
    for v in (fp32, int8):
        assert v.dtype == np.float32 and v.shape == (len(TEXTS), 384)
        assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    cos32 = (fp32 * torch_vectors).sum(axis=1)
    cos8 = (int8 * torch_vectors).sum(axis=1)
    assert cos32.min() > 0.9999, cos32  # the same vectors: fp32 ONNX shares torch's family
    assert cos8.mean() > 0.97 and cos8.min() > 0.93, cos8
    assert manifest["quality"]["fp32"]["passed"] and manifest["quality"]["fp32"]["min_cos"] > 0.999


def test_local_gives_a_new_workspace_the_fastest_backend_that_passed(export, settings):
    _, manifest = export
    store = Store(settings())
    want = "onnx-int8" if passed(manifest, "int8") else "onnx-fp32"
    assert store.embedder.backend == want
    store.vectors.upsert(["a#0"], store.embedder.embed(["hello"]), ["hello"], [{"record_id": "a"}])
    assert store.vectors.collection.metadata["embedder"] == store.embedder.name
    assert store.records.get_meta(EMBEDDER_KEY) == store.embedder.name


def test_a_torch_workspace_keeps_its_family_under_local(export, settings, torch_vectors):
    """A workspace built before the ONNX backend (torch vectors, no note in records.sqlite) still works."""
    s = settings()
    old = Store(s.model_copy(update={"embeddings": "local-torch"}))
    old.vectors.upsert([f"r{i}#0" for i in range(len(TEXTS))], torch_vectors, TEXTS,
                       [{"record_id": f"r{i}"} for i in range(len(TEXTS))])
    con = old.records.connect()
    with con:
        con.execute("DELETE FROM meta WHERE key = ?", (EMBEDDER_KEY,))  # as written by older versions
    store = Store(s)
    assert store.recorded_embedder() == LOCAL_FAMILY
    assert store.embedder.backend == "onnx-fp32" and store.embedder.name == LOCAL_FAMILY
    hit = store.vectors.query(store.embedder.embed([TEXTS[1]])[0], k=1)[0]
    assert hit["id"] == "r1#0" and hit["distance"] < 1e-3


def _int8_workspace(s: Settings, tmp_path: Path, export) -> Path:
    if not passed(export[1], "int8"):
        pytest.skip("int8 did not pass its quality check on this machine")
    data = tmp_path / "tickets.csv"
    data.write_text("id,text\n" + "".join(f"t{i},\"{t.replace(chr(34), '')}\"\n" for i, t in enumerate(TEXTS) if t),
                    encoding="utf-8")
    report = ingest_paths([data], settings=s.model_copy(update={"embeddings": "local-int8"}))
    assert report.error is None and report.new == len(TEXTS) - 1
    return data


def test_a_backend_of_another_family_is_refused_not_mixed(export, settings, tmp_path):
    s = settings()
    data = _int8_workspace(s, tmp_path, export)
    stored = Store(s)
    assert stored.embedder.backend == "onnx-int8"  # `local` follows the workspace
    n = stored.vectors.count()
    data.write_text(data.read_text() + "t99,a brand new complaint about invoices\n", encoding="utf-8")
    report = ingest_paths([data], settings=s.model_copy(update={"embeddings": "local-torch"}))
    assert report.error and "--reembed" in report.error and "local-int8" in report.error
    store = Store(s.model_copy(update={"embeddings": "local-onnx"}))
    with pytest.raises(EmbedderMismatch):
        store.vectors.collection  # noqa: B018
    assert Store(s).vectors.count() == n  # nothing of the other family was written


def test_reembed_moves_a_workspace_to_the_new_family(export, settings, tmp_path, torch_vectors):
    from ingest.reembed import reembed

    s = settings()
    _int8_workspace(s, tmp_path, export)
    before = Store(s).vectors.collection.get(include=["documents", "metadatas"])
    forced = s.model_copy(update={"embeddings": "local-onnx"})
    done = reembed(forced)
    n = len(before["ids"])
    assert n > len(TEXTS) - 1  # the long text is several passages
    assert (done.before, done.after, done.passages, done.embedded) == (INT8_FAMILY, LOCAL_FAMILY, n, n)
    store = Store(s)  # plain `local` now follows the workspace's new family
    assert store.recorded_embedder() == LOCAL_FAMILY and store.embedder.backend == "onnx-fp32"
    after = store.vectors.collection.get(include=["documents", "metadatas", "embeddings"])
    assert sorted(after["ids"]) == sorted(before["ids"])
    by_id = dict(zip(before["ids"], zip(before["documents"], before["metadatas"], strict=True), strict=True))
    for i, d, m, v in zip(after["ids"], after["documents"], after["metadatas"], after["embeddings"], strict=True):
        assert by_id[i] == (d, m)
        if d in TEXTS:  # passages of the long text are checked by their own torch vector below
            assert float(np.dot(v, torch_vectors[TEXTS.index(d)])) > 0.9999
        else:
            assert float(np.dot(v, LocalMiniLM().embed([d])[0])) > 0.9999
    names = [c.name for c in chroma_client(s, store.workspace).list_collections()]
    assert names == [s.collection] and staged_name(s.collection) not in names
    again = reembed(forced)
    assert again.embedded == 0 and "already" in again.message()


def _cli(*args: str, ws: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ui.cli", *args, "--workspace", str(ws)], capture_output=True,
                          text=True, env=guarded_env(COLUMNS="200", **env), timeout=600)


@pytest.mark.slow
@pytest.mark.parametrize("crash", ["reembed.staged", "reembed.old_dropped"])
def test_an_interrupted_reembed_is_finished(export, settings, tmp_path, crash):
    s = settings()
    _int8_workspace(s, tmp_path, export)
    ids = sorted(Store(s).vectors.collection.get(include=[])["ids"])
    killed = _cli("ingest", "--reembed", ws=s.workspace, ANTIPERSONA_EMBEDDINGS="local-onnx",
                  ANTIPERSONA_CRASH_AT=crash)
    assert killed.returncode == -9, killed.stderr[-2000:]
    if crash == "reembed.old_dropped":  # the old collection is gone: the next open finishes the swap
        store = Store(s.model_copy(update={"embeddings": "local-onnx"}))
        assert sorted(store.vectors.collection.get(include=[])["ids"]) == ids
        assert store.vectors.collection.metadata["embedder"] == LOCAL_FAMILY
    res = _cli("ingest", "--reembed", ws=s.workspace, ANTIPERSONA_EMBEDDINGS="local-onnx")
    assert res.returncode == 0, res.stderr[-2000:]
    assert f"re-embedded 0 of {len(ids)}" in res.stdout or "already" in res.stdout, res.stdout
    store = Store(s)
    assert store.recorded_embedder() == LOCAL_FAMILY
    assert sorted(store.vectors.collection.get(include=[])["ids"]) == ids


@pytest.mark.slow
def test_a_corrupt_export_is_made_again(export, tmp_path, caplog, torch_vectors):
    cache = _copy_cache(export, tmp_path)
    model = export_dir(cache) / FILES["int8"]
    data = bytearray(model.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)  # a damaged block in the middle of the weights
    model.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="antipersona.embeddings"):
        vecs = OnnxMiniLM(cache, "int8").embed(TEXTS)
    assert "does not match its recorded checksum" in caplog.text
    assert read_manifest(export_dir(cache)) is not None
    assert (vecs * torch_vectors).sum(axis=1).mean() > 0.97


def test_a_corrupt_export_that_cannot_be_remade_is_refused(export, tmp_path, monkeypatch, settings):
    import core.onnx_encoder as onnx_encoder

    cache = _copy_cache(export, tmp_path)
    model = export_dir(cache) / FILES["int8"]
    model.write_bytes(model.read_bytes()[:1000])  # truncated
    monkeypatch.setattr(onnx_encoder, "EXPORT_TIMEOUT", 0.01)  # the fresh export cannot finish in time
    with pytest.raises(ExportError, match="does not match its recorded checksum.*refusing"):
        OnnxMiniLM(cache, "int8").load()
    with pytest.raises(ExportError, match="refusing"):
        get_embedder(settings(embeddings="local-int8", cache_dir=cache))
    emb = get_embedder(settings(embeddings="local", cache_dir=cache))  # `local` steps down to fp32
    assert emb.backend == "onnx-fp32"


def test_an_unwritable_cache_falls_back_to_torch_or_is_refused(tmp_path, settings):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert get_embedder(settings(embeddings="local", cache_dir=blocker / "cache")).backend == "torch"
    with pytest.raises(ExportError, match="ANTIPERSONA_CACHE_DIR"):
        get_embedder(settings(embeddings="local-onnx", cache_dir=blocker / "cache"))
