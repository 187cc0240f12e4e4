"""`antipersona ingest --reembed`: move a workspace's vectors to the current embeddings backend's family.

A collection never mixes vector families (core.store.open_collection refuses). To change family, every
stored passage is embedded again from its stored text into a staged collection `<collection>.reembed`,
keeping ids and metadata (so chunking, quotes and record links are untouched); then the old collection is
dropped and the staged one renamed in its place. Readers keep using the old vectors until that swap.

Crash safety: the staged collection is marked complete only once it matches the old one passage for
passage; a run stopped before that is resumed by the next `--reembed` (passages already staged with the
same text and metadata are not embedded again); a run stopped between the drop and the rename is
finished by the next open of the store (core.store.finish_swap). The workspace's note of its family in
records.sqlite is updated last. Holds the ingest lock, so no ingest of this workspace writes meanwhile
(other workspaces writing to the same Chroma server collection must wait: see docs/scaling.md).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.crashpoints import crash_point

if TYPE_CHECKING:
    from core.settings import Settings
    from core.store import Store

PAGE = 1000


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
    from chromadb.errors import NotFoundError

    from core.embeddings import get_embedder
    from core.store import EMBEDDER_KEY, Store, chroma_client, finish_swap, staged_name

    store = store or Store(settings)
    with store.workspace.lock("ingest"):
        embedder = embedder or get_embedder(settings, recorded=None)  # not held to the workspace's family
        store._embedder, store._vectors = embedder, None  # this store now writes the new family
        client = chroma_client(settings, store.workspace)
        name = settings.collection
        finish_swap(client, name)
        try:
            old = client.get_collection(name)
        except NotFoundError:
            old = None
        before = ((old.metadata or {}).get("embedder") if old is not None else None) or None
        total = old.count() if old is not None else 0
        result = ReembedResult(before, embedder.name, getattr(embedder, "backend", embedder.name), total, 0)
        if old is None or total == 0 or before == embedder.name:
            _drop(client, staged_name(name))
            if old is not None and before != embedder.name:
                old.modify(metadata={"embedder": embedder.name})
            store.records.set_meta(EMBEDDER_KEY, embedder.name)
            return result
        staged = client.get_or_create_collection(
            staged_name(name), configuration={"hnsw": {"space": "cosine"}}, embedding_function=None,
            metadata={"embedder": embedder.name, "reembed_of": name},
        )
        if (staged.metadata or {}).get("embedder") != embedder.name:  # left by a run towards another family
            _drop(client, staged.name)
            staged = client.create_collection(
                staged_name(name), configuration={"hnsw": {"space": "cosine"}}, embedding_function=None,
                metadata={"embedder": embedder.name, "reembed_of": name},
            )
        staged.modify(metadata={"embedder": embedder.name, "reembed_of": name, "complete": False})
        result.embedded = _copy(old, staged, embedder)
        if staged.count() != old.count():
            raise RuntimeError(f"re-embedding stopped short: {staged.count()} of {old.count()} passages staged")
        staged.modify(metadata={"embedder": embedder.name, "reembed_of": name, "complete": True})
        crash_point("reembed.staged")
        client.delete_collection(name)
        crash_point("reembed.old_dropped")
        staged.modify(name=name, metadata={"embedder": embedder.name})
        store.records.set_meta(EMBEDDER_KEY, embedder.name)
        return result


def _drop(client, name: str) -> None:
    from chromadb.errors import NotFoundError

    with contextlib.suppress(NotFoundError):
        client.delete_collection(name)


def _copy(old, staged, embedder) -> int:
    """Stage every passage of `old` with a new vector; returns how many were embedded (not already staged)."""
    from ingest.pipeline import _embed

    seen: set[str] = set()
    embedded = 0
    offset = 0
    while True:
        page = old.get(include=["documents", "metadatas"], limit=PAGE, offset=offset)
        ids = page["ids"]
        if not ids:
            break
        seen.update(ids)
        have = staged.get(ids=ids, include=["documents", "metadatas"])
        done = {i: (d, m) for i, d, m in zip(have["ids"], have["documents"], have["metadatas"], strict=True)}
        need = [k for k, i in enumerate(ids) if done.get(i) != (page["documents"][k], page["metadatas"][k])]
        if need:
            docs = [page["documents"][k] for k in need]
            staged.upsert(ids=[ids[k] for k in need], embeddings=_embed(embedder, docs), documents=docs,
                          metadatas=[page["metadatas"][k] for k in need])
            embedded += len(need)
        offset += len(ids)
        if len(ids) < PAGE:
            break
    stale: list[str] = []  # staged by an earlier, interrupted run for passages since deleted
    offset = 0
    while True:
        got = staged.get(include=[], limit=PAGE * 5, offset=offset)["ids"]
        stale.extend(i for i in got if i not in seen)
        offset += len(got)
        if len(got) < PAGE * 5:
            break
    for i in range(0, len(stale), PAGE):
        staged.delete(ids=stale[i : i + PAGE])
    return embedded
