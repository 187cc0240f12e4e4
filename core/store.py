"""Storage: feedback records in SQLite, chunk embeddings in Chroma, the accounts table in Parquet.

Why three: quotes are verified against the full original text (SQLite keeps it, with content hashes for
idempotent re-ingest); similarity search and clustering need vectors (Chroma, embedded on disk or a real
Chroma server when CHROMA_HOST is set); cost analytics want a pandas table (Parquet).

Write order for crash safety: chunks go to Chroma first (upsert by deterministic ids), the record row and
its hash are committed to SQLite last. A record whose row is missing or stale is simply re-done next run,
and a re-done upsert replaces rather than duplicates.

The parts: core/records_db.py (SQLite), core/vectors.py and core/vector_swap.py (Chroma),
core/sentence_cache.py (sentence vectors); the accounts table is here. Nothing outside core/ speaks SQL or
Chroma: it calls these methods.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from core.chroma import chroma_client
from core.crashpoints import crash_point
from core.records_db import RecordDB, select_in
from core.sentence_cache import VectorCache
from core.vector_swap import finish_swap, staged_name
from core.vectors import (
    EMBEDDER_KEY,
    EmbedderMismatch,
    VectorStore,
    open_collection,
    stored_family,
)
from core.workspace import CorruptFile, Workspace, atomic_write_json

if TYPE_CHECKING:
    import pandas as pd

    from core.settings import Settings

__all__ = [
    "EMBEDDER_KEY",
    "EmbedderMismatch",
    "RecordDB",
    "Store",
    "VectorCache",
    "VectorStore",
    "chroma_client",
    "finish_swap",
    "load_accounts",
    "load_deals",
    "open_collection",
    "save_accounts",
    "save_deals",
    "select_in",
    "staged_name",
]


# accounts -------------------------------------------------------------------------------------------------
def save_accounts(workspace: Workspace, df: pd.DataFrame, schema: dict[str, Any]) -> None:
    """Replace the accounts table atomically (Parquet written to a temp name, then renamed)."""
    import os

    workspace.ensure()
    tmp = workspace.accounts_table.with_suffix(".parquet.tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, workspace.accounts_table)
    crash_point("accounts.table_written")
    atomic_write_json(workspace.accounts_schema, schema)


def load_accounts(workspace: Workspace) -> tuple[pd.DataFrame | None, dict[str, Any]]:
    import pandas as pd

    if not workspace.accounts_table.exists():
        return None, {}
    again = "It is rebuilt from your accounts file: ingest it again (`antipersona ingest accounts.csv`)."
    try:
        df = pd.read_parquet(workspace.accounts_table)
    except Exception as exc:  # pyarrow raises its own error types for a damaged file
        raise CorruptFile(
            workspace.accounts_table, f"{type(exc).__name__}: {str(exc)[:160]}", again
        ) from None
    try:
        schema = (
            json.loads(workspace.accounts_schema.read_text()) if workspace.accounts_schema.exists() else {}
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise CorruptFile(workspace.accounts_schema, f"not JSON: {str(exc)[:160]}", again) from None
    if not isinstance(schema, dict):
        raise CorruptFile(workspace.accounts_schema, "not a JSON object", again)
    return df, schema


# deals (CRM opportunities) and the price list -------------------------------------------------------------
def save_deals(workspace: Workspace, df: pd.DataFrame, schema: dict[str, Any]) -> None:
    """Replace the deals table atomically (as the accounts table); `schema` holds the stage mappings and the
    price list."""
    import os

    workspace.ensure()
    tmp = workspace.deals_table.with_suffix(".parquet.tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, workspace.deals_table)
    atomic_write_json(workspace.deals_schema, schema)


def load_deals(workspace: Workspace) -> tuple[pd.DataFrame | None, dict[str, Any]]:
    import pandas as pd

    schema: dict[str, Any] = {}
    if workspace.deals_schema.exists():
        try:
            schema = json.loads(workspace.deals_schema.read_text())
        except (ValueError, UnicodeDecodeError) as exc:
            raise CorruptFile(workspace.deals_schema, f"not JSON: {str(exc)[:160]}",
                              "It is rebuilt from your deals export: ingest it again.") from None
    if not workspace.deals_table.exists():
        return None, schema
    try:
        return pd.read_parquet(workspace.deals_table), schema
    except Exception as exc:
        raise CorruptFile(workspace.deals_table, f"{type(exc).__name__}: {str(exc)[:160]}",
                          "It is rebuilt from your deals export: ingest it again.") from None


class Store:
    """Everything stored in one workspace, opened lazily."""

    def __init__(self, settings: Settings, workspace: Workspace | None = None):
        self.settings = settings
        self.workspace = (workspace or Workspace(settings.workspace)).ensure()
        self.records = RecordDB(self.workspace.records_db)
        self._vectors: VectorStore | None = None
        self._embedder = None

    @property
    def embedder(self):
        if self._embedder is None:
            from core.embeddings import get_embedder

            self._embedder = get_embedder(self.settings, recorded=self.recorded_embedder())
        return self._embedder

    def recorded_embedder(self) -> str | None:
        """The vector family this workspace holds: noted in records.sqlite when the collection opens; for a
        workspace from before that note, read once from the collection's own metadata."""
        name = self.records.get_meta(EMBEDDER_KEY)
        if name or not (self.settings.chroma_host or self.workspace.chroma_dir.exists()):
            return name
        name = stored_family(self.settings, self.workspace)
        if name:
            self.records.set_meta(EMBEDDER_KEY, name)
        return name

    def use_embedder(self, embedder) -> None:
        """Write `embedder`'s family from now on (`ingest --reembed`, once the collection is moved)."""
        self._embedder, self._vectors = embedder, None

    def sentence_vectors(self) -> VectorCache:
        """The cache of complaint-sentence vectors (a new connection: use it in one thread)."""
        return VectorCache(self.workspace.root / "sentence_vectors.sqlite", self.embedder.name)

    @property
    def vectors(self) -> VectorStore:
        if self._vectors is None:
            self._vectors = VectorStore(self.settings, self.workspace, self.embedder.name, self.records)
        return self._vectors

    def accounts(self) -> tuple[pd.DataFrame | None, dict[str, Any]]:
        return load_accounts(self.workspace)

    def deals(self) -> tuple[pd.DataFrame | None, dict[str, Any]]:
        return load_deals(self.workspace)
