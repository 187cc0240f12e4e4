"""The context object: one per workspace and process, built once by ui/ (CLI command, web app, scheduler)
and passed down to everything below it.

It owns what used to be opened in seven places: the store (records DB + vector store, opened lazily, so
the CLI's `--help` and the app's first paint never load Chroma or the embedder), the accounts table, the
persona versions, the engine (offline or LLM, chosen once by `agent.engines.make_engine`) and the
process-wide caches (verdict checkers per persona version). Nothing below ui/ constructs a `Store` or
reads settings to choose a backend: it asks this object.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from core.versions import PersonaVersions
from core.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

    from core.settings import Settings
    from core.store import Store


class Services:
    """Settings, store, accounts, embedder, persona versions, engine and caches of one workspace."""

    def __init__(self, settings: Settings, engine: Any, store: Store | None = None):
        # engine: an `agent.engines.base.Engine` (typed loosely: core/ does not import agent/)
        self.settings = settings
        self.engine = engine
        self.workspace = store.workspace if store is not None else Workspace(settings.workspace)
        self.versions = PersonaVersions(self.workspace)
        self._store = store
        self._lock = threading.Lock()
        # process-wide caches, keyed by what invalidates them
        self.checkers: dict[tuple, Any] = {}  # (persona version, engine name) -> agent.verdict.Checker
        self.checkers_lock = threading.Lock()

    @property
    def store(self) -> Store:
        """The one store of this workspace (Chroma clients are costly to open; SQLite is per thread)."""
        with self._lock:
            if self._store is None:
                from core.store import Store

                self._store = Store(self.settings, self.workspace)
            return self._store

    @property
    def embedder(self):
        return self.store.embedder

    def accounts(self) -> tuple[pd.DataFrame | None, dict[str, Any]]:
        return self.store.accounts()

    def current(self):
        """The latest persona version (parsed once, shared: read-only)."""
        return self.versions.latest()
