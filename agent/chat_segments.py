"""What one account segment complains about (offline chat): the segment's passages nearest the complaint
themes, counted by their nearest theme, with the top theme's passages as verified quotes."""

from __future__ import annotations

import numpy as np

from agent.answers import TopicAnswer
from agent.chat_tools import (
    THEME_MIN_SIM,
    ChatContext,
    search_passages,
    segment_record_ids,
    verified_hits,
)
from agent.chat_tools import record_id_of_hit as _rid


def segment_complaints(ctx: ChatContext, segment: str, n_passages: int = 5) -> TopicAnswer:
    cents, ps = ctx.centroids, ctx.personas
    if not cents or ps is None:
        return TopicAnswer("", segment, [], search_passages(ctx, "problem", segment=segment, k=n_passages))
    ids = sorted(cents)
    mat = np.vstack([cents[i] for i in ids])
    query = mat.mean(axis=0)
    rids = segment_record_ids(ctx, segment)
    if not rids:
        return TopicAnswer("", segment, [], [], shares=True)
    where = {"record_id": {"$in": sorted(rids)}} if len(rids) <= 2000 else None
    hits = ctx.store.vectors.query(query, k=200, where=where)
    hits = [h for h in hits if _rid(h) in rids]
    vec_of = ctx.store.vectors.embeddings(h["id"] for h in hits)
    theme_of: dict[str, int] = {}
    for h in hits:
        v = vec_of.get(h["id"])
        if v is None:
            continue
        sims = mat @ v
        j = int(np.argmax(sims))
        if sims[j] >= THEME_MIN_SIM:
            theme_of[h["id"]] = ids[j]
    counts: dict[int, int] = {}
    for tid in theme_of.values():
        counts[tid] = counts.get(tid, 0) + 1
    total = max(1, sum(counts.values()))
    by_id = {t.id: t for t in ps.themes}
    ranked = [(by_id[t], n / total) for t, n in sorted(counts.items(), key=lambda x: -x[1]) if t in by_id][:3]
    top = ranked[0][0].id if ranked else None
    quotes = verified_hits(ctx, [h for h in hits if theme_of.get(h["id"]) == top], n_passages)
    return TopicAnswer("", segment, ranked, quotes, shares=True)
