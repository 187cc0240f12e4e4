"""The one place a Chroma client is made: on disk in the workspace, or a Chroma server when CHROMA_HOST is set.

Its own module so that the vector store and the re-embedding swap both use it without importing each other."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.settings import Settings
    from core.workspace import Workspace


def chroma_client(settings: Settings, workspace: Workspace):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host,
            port=settings.chroma_port,
            ssl=settings.chroma_ssl,
            settings=chroma_settings,
        )
    workspace.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(workspace.chroma_dir), settings=chroma_settings)
