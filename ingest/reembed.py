"""`antipersona ingest --reembed`: move a workspace's vectors to the current embeddings backend's family.

A collection never mixes vector families (core.vectors.open_collection refuses). To change family, every
stored passage is embedded again from its stored text into a staged collection `<collection>.reembed`,
keeping ids and metadata (so chunking, quotes and record links are untouched); then the old collection is
dropped and the staged one renamed in its place. Readers keep using the old vectors until that swap.

Crash safety: the staged collection is marked complete only once it matches the old one passage for
passage; a run stopped before that is resumed by the next `--reembed` (passages already staged with the
same text and metadata are not embedded again); a run stopped between the drop and the rename is
finished by the next open of the store (core.vector_swap.finish_swap), which does the collection work.
The workspace's note of its family in records.sqlite is updated last. Holds the ingest lock, so no ingest
of this workspace writes meanwhile (other workspaces writing to the same Chroma server collection must
wait: see docs/scaling.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.settings import Settings
    from core.store import Store


@dataclass
class ReembedResult:
    before: str | None  # the family the collection held
    after: str  # the family it holds now
    backend: str  # the engine that embedded
    passages: int  # stored passages
    embedded: int  # passages embedded by this run (fewer when resuming)

    def message(self) -> str:
        if self.passages == 0:
            return f"nothing stored yet; new passages will be embedded as {self.after} ({self.backend})"
        if self.before == self.after and self.embedded == 0:
            return f"already {self.after}: {self.passages:,} passages, nothing to re-embed"
        return (f"re-embedded {self.embedded:,} of {self.passages:,} passages: {self.before} -> {self.after} "
                f"({self.backend})")


def reembed(settings: Settings, store: Store | None = None, embedder=None) -> ReembedResult:
    """Re-embed every stored passage with `embedder` (default: what the settings choose for a new workspace)."""
    from core.embeddings import get_embedder
    from core.store import EMBEDDER_KEY, Store
    from core.vector_swap import reembed_collection

    store = store or Store(settings)
    with store.workspace.lock("ingest"):
        embedder = embedder or get_embedder(settings, recorded=None)  # not held to the workspace's family
        store.use_embedder(embedder)  # this store now writes the new family
        before, passages, embedded = reembed_collection(settings, store.workspace, embedder)
        store.records.set_meta(EMBEDDER_KEY, embedder.name)
        return ReembedResult(before, embedder.name, getattr(embedder, "backend", embedder.name), passages, embedded)
