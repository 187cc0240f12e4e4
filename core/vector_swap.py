"""Moving a collection to another vector family: build a staged copy, then swap it in (`ingest --reembed`).

Every stored passage is embedded again from its stored text into `<collection>.reembed`, keeping ids and
metadata; the staged copy is marked complete only once it matches the old collection passage for passage;
then the old one is dropped and the staged one renamed. A run stopped before completion is resumed (passages
already staged with the same text and metadata are not embedded again); one stopped between the drop and the
rename is finished by the next open (`finish_swap`, called by core.vectors.open_collection).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from core.chroma import chroma_client
from core.crashpoints import crash_point

if TYPE_CHECKING:
    from core.embeddings import Embedder
    from core.settings import Settings
    from core.workspace import Workspace

PAGE = 1000
_HNSW = {"hnsw": {"space": "cosine"}}


def staged_name(collection: str) -> str:
    """Where `ingest --reembed` builds the re-embedded copy before it replaces the collection."""
    return f"{collection}.reembed"


def finish_swap(client, collection: str) -> None:
    """A re-embed stopped after dropping the old collection but before renaming the new one: finish it."""
    from chromadb.errors import NotFoundError

    try:
        client.get_collection(collection)
        return
    except NotFoundError:
        pass
    try:
        staged = client.get_collection(staged_name(collection))
    except NotFoundError:
        return
    meta = staged.metadata or {}
    if meta.get("complete"):
        staged.modify(name=collection, metadata={"embedder": meta.get("embedder")})


def reembed_collection(settings: Settings, workspace: Workspace, embedder: Embedder) -> tuple[str | None, int, int]:
    """Move the workspace's collection to `embedder`'s family: (family before, passages, passages embedded)."""
    from chromadb.errors import NotFoundError

    client = chroma_client(settings, workspace)
    name = settings.collection
    finish_swap(client, name)
    try:
        old = client.get_collection(name)
    except NotFoundError:
        old = None
    before = ((old.metadata or {}).get("embedder") if old is not None else None) or None
    total = old.count() if old is not None else 0
    if old is None or total == 0 or before == embedder.name:
        _drop(client, staged_name(name))
        if old is not None and before != embedder.name:
            old.modify(metadata={"embedder": embedder.name})
        return before, total, 0
    meta = {"embedder": embedder.name, "reembed_of": name}
    staged = client.get_or_create_collection(staged_name(name), configuration=_HNSW, embedding_function=None,
                                             metadata=meta)
    if (staged.metadata or {}).get("embedder") != embedder.name:  # left by a run towards another family
        _drop(client, staged.name)
        staged = client.create_collection(staged_name(name), configuration=_HNSW, embedding_function=None,
                                          metadata=meta)
    staged.modify(metadata={**meta, "complete": False})
    embedded = _copy(old, staged, embedder)
    if staged.count() != old.count():
        raise RuntimeError(f"re-embedding stopped short: {staged.count()} of {old.count()} passages staged")
    staged.modify(metadata={**meta, "complete": True})
    crash_point("reembed.staged")
    client.delete_collection(name)
    crash_point("reembed.old_dropped")
    staged.modify(name=name, metadata={"embedder": embedder.name})
    return before, total, embedded


def _drop(client, name: str) -> None:
    from chromadb.errors import NotFoundError

    with contextlib.suppress(NotFoundError):
        client.delete_collection(name)


def _copy(old, staged, embedder: Embedder) -> int:
    """Stage every passage of `old` with a new vector; returns how many were embedded (not already staged)."""
    from core.embeddings import embed_texts

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
            staged.upsert(ids=[ids[k] for k in need], embeddings=embed_texts(embedder, docs), documents=docs,
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
