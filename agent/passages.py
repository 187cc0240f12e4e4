"""Complaint passages read from the store a page at a time: the refresh never holds every chunk.

One pass over the chunks' metadata (no vectors) lists the chunks of stored records in id order (Chroma's own
order varies; a stable order keeps refreshes reproducible) and the rating scale; then the vectors and texts
come back `page` chunks at a time, each page goes through complaint selection (agent/selection.py) and
only its complaint passages are kept: their text, offsets and vector. Memory holds one page of chunks plus
the complaint passages, not every chunk twice over (as Chroma's lists, then as one matrix, then reordered).

Chunks whose record has no SQLite row are left out: ingest writes Chroma first and the row last, so they
belong to a run still going (ingest and refresh take different locks) or killed. Deal notes explain lost
deals (agent/deals.py): they are not what customers said.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from agent import complaints as cx
from agent import selection as sel
from agent.detector import Verdict
from core import hygiene
from core.models import Chunk

PAGE = 5000  # chunks per page (vectors, texts and metadata of one page are held at a time)
EMBED_BATCH = 10_000  # complaint sentences looked up / embedded per call
REPORT_EVERY = 100_000  # a progress line per this many passages read


@dataclass
class Passages:
    units: list[cx.Unit]
    vectors: np.ndarray  # one row per unit
    plain: list[str]  # each unit's text as clustering sees it (core.hygiene)
    record_kind: dict[str, Verdict]  # each record's most problem-like passage
    n_chunks: int
    dim: int


def chunk_plan(store) -> tuple[list[str], float]:
    """The chunk ids to read, in id order, and the rating scale over them (one metadata pass)."""
    known = store.records.hashes()
    wanted: list[str] = []
    ratings: list[float] = []
    for ids, metas in store.vectors.metadata_pages():
        for cid, m in zip(ids, metas, strict=True):
            if m.get("kind") == "deal_note" or Chunk.record_id_of(cid, m) not in known:
                continue
            wanted.append(cid)
            if m.get("rating") is not None:
                ratings.append(m["rating"])
    del known
    wanted.sort()
    return wanted, cx.rating_scale(ratings or [5.0])


def chunk_pages(store, page: int = PAGE) -> Iterator[tuple[list[dict], np.ndarray, float]]:
    """(chunk dicts, their vectors, rating scale) a page at a time, in chunk id order."""
    ids, scale = chunk_plan(store)
    for pids, vecs, metas, docs in store.vectors.pages(ids, include_documents=True, page=page):
        chunks = [
            {
                "id": cid,
                "record_id": Chunk.record_id_of(cid, m),
                "kind": m.get("kind", "ticket"),
                "customer_id": m.get("customer_id"),
                "text": d or "",
                "start": int(m.get("start", 0) or 0),
                "rating": m.get("rating"),
            }
            for cid, m, d in zip(pids, metas, docs, strict=True)
        ]
        yield chunks, vecs, scale


def read(store, page: int = PAGE, report: Callable[[str], None] | None = None) -> Passages:
    """Complaint passages of the whole store, selected page by page."""
    say = report or (lambda _m: None)
    policy = sel.policy_from(store.settings)
    units: list[cx.Unit] = []
    plain: list[str] = []
    blocks: list[np.ndarray] = []  # per page: its units' vectors (zeros where a sentence needs its own)
    need: list[int] = []
    kinds: dict[str, Verdict] = {}
    n_chunks, dim = 0, 0
    for chunks, vecs, scale in chunk_pages(store, page):
        n_chunks += len(chunks)
        dim = dim or (vecs.shape[1] if vecs.ndim == 2 and vecs.size else 0)
        picked = sel.select(chunks, vecs, store.embedder.name, policy, scale=scale)
        for rid, v in picked.per_record(chunks).items():
            if rid not in kinds or v.score > kinds[rid].score:
                kinds[rid] = v
        page_units, reuse = cx.select_units(chunks, keep=picked.keep, scale=scale)
        block = np.zeros((len(page_units), dim or 384), dtype=np.float32)
        for i, (u, r) in enumerate(zip(page_units, reuse, strict=True)):
            # clustering, labels and keywords see the customer's words only (quotes keep the verbatim text)
            p = hygiene.clean(u.text, numbers=True) or u.text
            if r is None or hygiene.changed(u.text, p):
                need.append(len(units) + i)
            else:
                block[i] = vecs[r]
            plain.append(p)
        units.extend(page_units)
        blocks.append(block)
        if n_chunks // REPORT_EVERY != (n_chunks - len(chunks)) // REPORT_EVERY:
            say(f"selecting complaints: {n_chunks:,} passages read, {len(units):,} complaints")
    dim = dim or 384
    vectors = np.empty((len(units), dim), dtype=np.float32)
    at = 0
    while blocks:  # copy page by page, freeing each, so the unit matrix is never held twice
        b = blocks.pop(0)
        vectors[at : at + len(b)] = b
        at += len(b)
    if need:
        say(f"embedding {len(need):,} complaint sentences (cached)")
        cache = store.sentence_vectors()
        for s in range(0, len(need), EMBED_BATCH):
            idx = need[s : s + EMBED_BATCH]
            vectors[idx] = cache.get_or_embed([plain[i] for i in idx], store.embedder.embed)
    return Passages(units=units, vectors=vectors, plain=plain, record_kind=kinds, n_chunks=n_chunks, dim=dim)
