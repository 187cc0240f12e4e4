"""`antipersona doctor`: check a workspace and its surroundings, one plain line per check (issue 19 #5).

Checks the workspace folder (there, writable), the settings and config.toml, records.sqlite (SQLite's
quick_check), the accounts table, every persona version, the caches, the vector store (opens, holds the
passages the records need), the embeddings model (loads and embeds a sentence), the LLM endpoint when one
is configured (lists its models, within a short timeout) and the free disk space. Each line is
`PASS|FAIL|SKIP|FIXED  name: detail`; the exit code is 1 when any check fails.

Never creates or changes anything unless `repair` is set; then it deletes what is derived and damaged
(the sentence cache, a version's centroids, a change report, temp files a killed write left) — each is
rebuilt by the next refresh —, moves unreadable persona versions to `personas/damaged/`, and embeds the
passages a lost vector store no longer holds from the records' stored text (ingest/restore.py). A damaged
records.sqlite, accounts table or Chroma database is named with what to do; it is not repaired here.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.settings import Settings
    from core.workspace import Workspace

MIN_FREE_BYTES = 200 * 2**20  # an ingest of a few thousand records and a refresh fit in this


@dataclass
class Check:
    status: str  # PASS | FAIL | SKIP | FIXED
    name: str
    detail: str

    def line(self) -> str:
        return f"{self.status:<5} {self.name}: {self.detail}"


def _sqlite_problem(path: Path) -> str | None:
    """SQLite's own verdict on a file, read-only (never creates it): None when it is sound."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            result = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if result == "ok" else str(result)[:200]


def _run(name: str, fn: Callable[[], Check | list[Check]]) -> list[Check]:
    try:
        out = fn()
    except Exception as exc:  # a check that breaks is that check's failure, never the doctor's
        from core.storage_errors import explain

        return [Check("FAIL", name, explain(exc) or f"{type(exc).__name__}: {str(exc)[:300]}")]
    return out if isinstance(out, list) else [out]


def check_workspace(ws: Workspace) -> Check:
    from core.storage_errors import explain, probe_write

    if not ws.root.is_dir():
        return Check("FAIL", "workspace", f"{ws.root} does not exist: `antipersona ingest PATH` creates it")
    exc = probe_write(ws.root)
    if exc is not None:
        return Check("FAIL", "workspace", f"{ws.root}: {explain(exc) or exc.strerror}")
    return Check("PASS", "workspace", f"{ws.root} (writable)")


def check_settings(settings: Settings, ws: Workspace) -> Check:
    try:
        cfg = ws.config()
    except Exception as exc:
        return Check("FAIL", "settings", f"{ws.config_file} is not valid TOML ({str(exc)[:160]}): fix or remove it")
    extra = f"; config.toml overrides {', '.join(sorted(cfg))}" if cfg else ""
    return Check("PASS", "settings", f"embeddings {settings.embeddings}, engine {settings.engine}{extra}")


def check_records(ws: Workspace) -> Check:
    if not ws.records_db.exists():
        return Check("SKIP", "records.sqlite", "nothing ingested yet")
    bad = _sqlite_problem(ws.records_db)
    if bad:
        return Check("FAIL", "records.sqlite", f"{ws.records_db} cannot be read ({bad}): restore it from a backup, "
                     "or move it away and ingest your files again")
    con = sqlite3.connect(f"file:{ws.records_db}?mode=ro", uri=True)
    try:
        n, chunks = con.execute("SELECT COUNT(*), COALESCE(SUM(chunks), 0) FROM records").fetchone()
    finally:
        con.close()
    return Check("PASS", "records.sqlite", f"{n:,} records, {chunks:,} passages expected")


def check_accounts(ws: Workspace) -> Check:
    from core.store import load_accounts

    df, schema = load_accounts(ws)  # CorruptFile names the file and what to do
    if df is None:
        return Check("SKIP", "accounts", "no accounts table ingested")
    return Check("PASS", "accounts", f"{len(df):,} customers, {len(schema.get('outcomes', {}) or {})} outcome columns")


def check_versions(ws: Workspace, repair: bool) -> Check:
    from core.versions import PersonaVersions

    versions = PersonaVersions(ws)
    numbers = versions.numbers()
    if not numbers:
        return Check("SKIP", "persona versions", "none yet: `antipersona refresh` writes the first")
    bad, bad_paths = [], []
    for v in numbers:
        try:
            versions.load(v)
        except (OSError, ValueError) as exc:
            bad.append(f"{ws.persona_path(v).name} ({str(exc).splitlines()[0][:80]})")
            bad_paths.append(ws.persona_path(v))
    if bad and repair:
        aside = ws.personas_dir / "damaged"
        aside.mkdir(exist_ok=True)
        for path in bad_paths:
            path.replace(aside / path.name)
        return Check("FIXED", "persona versions", f"moved {', '.join(p.name for p in bad_paths)} to {aside} "
                     "(unreadable, kept for inspection); run `antipersona refresh --force` for a new version")
    if bad:
        return Check("FAIL", "persona versions", f"unreadable: {'; '.join(bad)}. The newest readable version is "
                     "served; `antipersona doctor --repair` moves them aside, `antipersona refresh --force` writes a new one")
    return Check("PASS", "persona versions", f"{len(numbers)} readable (v{numbers[0]:04d}…v{numbers[-1]:04d})")


def _damaged_caches(ws: Workspace) -> list[Path]:
    import numpy as np

    out = []
    cache = ws.root / "sentence_vectors.sqlite"
    if cache.exists() and _sqlite_problem(cache):
        out.append(cache)
    for path in sorted(ws.personas_dir.glob("v*.centroids.npz")):
        try:
            with np.load(path) as data:
                [data[k] for k in data.files]
        except Exception:
            out.append(path)
    for path in sorted(ws.changes_dir.glob("v*.json")):
        try:
            if not isinstance(json.loads(path.read_text(encoding="utf-8")), dict):
                out.append(path)
        except (OSError, ValueError):
            out.append(path)
    out += sorted(p for d in (ws.root, ws.personas_dir, ws.changes_dir) if d.is_dir() for p in d.glob(".*.tmp"))
    return out


def check_caches(ws: Workspace, repair: bool) -> Check:
    damaged = _damaged_caches(ws)
    if not damaged:
        return Check("PASS", "caches", "sentence vectors, centroids and change reports readable")
    names = ", ".join(p.name for p in damaged)
    if not repair:
        return Check("FAIL", "caches", f"damaged or left over: {names}. They are derived: `antipersona doctor "
                     "--repair` deletes them and the next refresh rebuilds them")
    for p in damaged:
        for suffix in ("", "-wal", "-shm", "-journal") if p.suffix == ".sqlite" else ("",):
            Path(f"{p}{suffix}").unlink(missing_ok=True)
    return Check("FIXED", "caches", f"deleted {names}; the next refresh rebuilds them")


def check_vectors(settings: Settings, ws: Workspace, repair: bool) -> list[Check]:
    from agent.engines import open_services
    from core.embeddings import get_embedder

    if not ws.records_db.exists():
        return [Check("SKIP", "vector store", "nothing ingested yet")]
    store = open_services(settings).store
    out = []
    emb = get_embedder(settings, recorded=store.recorded_embedder())
    vecs = emb.embed(["does the embeddings model load?"])
    out.append(Check("PASS", "embeddings model", f"{getattr(emb, 'backend', emb.name)} makes {emb.name} vectors "
                     f"({len(vecs[0])} dimensions)"))
    store.use_embedder(emb)
    have, need = store.vectors.count(), store.records.chunk_total()
    if have < need and repair:
        from ingest.restore import restore_passages

        n = restore_passages(store)
        out.append(Check("FIXED", "vector store", f"had {have:,} of the {need:,} passages the records need: embedded "
                         f"the passages of {n:,} records again from their stored text"))
    elif have < need:
        out.append(Check("FAIL", "vector store", f"{have:,} of the {need:,} passages the records need (deleted or "
                         "restored `chroma/`?): `antipersona doctor --repair` embeds the missing ones again"))
    else:
        out.append(Check("PASS", "vector store", f"{have:,} passages, as the records need"))
    return out


def check_llm(settings: Settings) -> Check:
    if settings.engine == "offline":
        return Check("SKIP", "LLM endpoint", "not configured: the offline engine writes everything")
    from openai import OpenAI

    where = settings.openai_base_url or "the OpenAI API"
    try:
        client = OpenAI(api_key=settings.api_key(), base_url=settings.openai_base_url, timeout=10, max_retries=0)
        models = [m.id for m in client.models.list()]
    except Exception as exc:
        return Check("FAIL", "LLM endpoint", f"{where} does not answer ({type(exc).__name__}: {str(exc)[:160]}); "
                     "the offline engine is used meanwhile")
    listed = "listed" if settings.llm_model in models else f"not among its {len(models)} models"
    return Check("PASS", "LLM endpoint", f"{where} answers; model {settings.llm_model} {listed}")


def check_disk(ws: Workspace) -> Check:
    folder = ws.root if ws.root.exists() else next(p for p in ws.root.parents if p.exists())
    free = shutil.disk_usage(folder).free
    text = f"{free / 2**30:.1f} GB free on the device holding {folder}"
    if free < MIN_FREE_BYTES:
        return Check("FAIL", "disk space", f"{text}: below {MIN_FREE_BYTES // 2**20} MB, ingest and refresh may fail")
    return Check("PASS", "disk space", text)


def diagnose(settings: Settings, repair: bool = False) -> list[Check]:
    """Every check, in order; later checks of the workspace's files are skipped when it does not exist."""
    from core.workspace import Workspace

    ws = Workspace(settings.workspace)  # not .ensure(): the doctor creates nothing
    checks = _run("workspace", lambda: check_workspace(ws))
    checks += _run("settings", lambda: check_settings(settings, ws))
    if ws.root.is_dir():
        checks += _run("records.sqlite", lambda: check_records(ws))
        checks += _run("accounts", lambda: check_accounts(ws))
        checks += _run("persona versions", lambda: check_versions(ws, repair))
        checks += _run("caches", lambda: check_caches(ws, repair))
        if not any(c.status == "FAIL" and c.name in ("records.sqlite", "workspace") for c in checks):
            checks += _run("vector store", lambda: check_vectors(settings, ws, repair))
    checks += _run("LLM endpoint", lambda: check_llm(settings))
    checks += _run("disk space", lambda: check_disk(ws))
    return checks


def print_diagnosis(settings: Settings, repair: bool = False) -> int:
    """Print one line per check and a summary; the exit code (1 when any check failed)."""
    from core.safe_text import terminal

    checks = diagnose(settings, repair=repair)
    for c in checks:
        print(terminal(c.line()), flush=True)
    failed = [c for c in checks if c.status == "FAIL"]
    print(f"{len(failed)} of {len(checks)} checks failed" if failed else f"all {len(checks)} checks passed")
    return 1 if failed else 0
