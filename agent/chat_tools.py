"""What the chat assistant can look up: plain functions over the workspace, and LangChain tools around them.

The same functions serve the LLM agent (`make_tools`, compact JSON inside a <data> block, because customer
text is untrusted) and the offline router (which formats their results as Markdown). Every passage they
return is re-read from the stored record and checked verbatim (`agent.quotes.verify`), with its record id.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from agent.chat_payloads import persona_brief, persona_full, quote_json, theme_brief, theme_full, verdict_json
from agent.quotes import verify
from agent.text import shorten_span
from core.models import KINDS, Chunk, Kind, Persona, PersonaSet, Quote, Theme
from core.services import Services
from core.settings import Settings
from core.store import Store

MAX_K = 20
PASSAGE_CHARS = 320
THEME_MIN_SIM = 0.2  # a passage belongs to a theme only if it is at least this close to its centroid


@dataclass
class ChatContext:
    """Per-turn view of one workspace: its services and the current persona version, read once."""

    services: Services
    _personas: PersonaSet | None = field(default=None, init=False, repr=False)
    _personas_read: bool = field(default=False, init=False, repr=False)
    _centroids: dict[int, np.ndarray] | None = field(default=None, init=False, repr=False)

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def personas(self) -> PersonaSet | None:
        if not self._personas_read:
            self._personas = self.services.current()
            self._personas_read = True
        return self._personas

    def reload(self) -> None:
        self._personas_read = False
        self._centroids = None

    @property
    def centroids(self) -> dict[int, np.ndarray]:
        if self._centroids is None:
            ps = self.personas
            self._centroids = self.services.versions.centroids(ps.version if ps else None)
        return self._centroids

    def record_counts(self) -> dict[str, int]:
        return self.store.records.counts()

    def has_data(self) -> bool:
        return bool(self.record_counts()) or self.store.accounts()[0] is not None

    def theme(self, theme_id: int) -> Theme | None:
        ps = self.personas
        return next((t for t in ps.themes if t.id == theme_id), None) if ps else None

    def persona(self, key: str) -> Persona | None:
        """A persona by id, or by name (case-insensitive, exact or contained)."""
        ps = self.personas
        if ps is None:
            return None
        low = key.strip().lower()
        for p in ps.personas:
            if p.id.lower() == low or p.name.lower() == low:
                return p
        for p in ps.personas:
            if low and (low in p.name.lower() or p.name.lower() in low):
                return p
        return None


NOTHING_INGESTED = (
    "nothing ingested yet: load tickets, call notes, reviews or an accounts table first "
    "(the Data tab, or `antipersona ingest PATH`), then refresh the personas."
)
NO_PERSONAS = "no personas yet: refresh them first (the Data tab's refresh button, or `antipersona refresh`)."


def verified_quotes(ctx: ChatContext, quotes: list[Quote]) -> list[Quote]:
    """Stored persona/theme quotes, re-checked verbatim against the records as they are now."""
    if not quotes:
        return []
    records = ctx.store.records.get_many(q.record_id for q in quotes)
    return [v for q in quotes if (v := verify(q.text, q.record_id, records)) is not None]


# search --------------------------------------------------------------------------------------------------
def segment_record_ids(ctx: ChatContext, segment: str) -> set[str]:
    """Record ids of the customers in an account segment `column=value` (a category or a band '1–10')."""
    from agent.segments import segment_mask

    col, sep, value = segment.partition("=")
    col, value = col.strip(), value.strip()
    if not sep or not col or not value:
        raise ValueError(f"segment must look like column=value, got {segment!r}")
    accounts, schema = ctx.store.accounts()
    if accounts is None:
        raise ValueError("no accounts table is loaded, so there are no segments to filter on")
    if col not in accounts.columns:
        raise ValueError(f"no account column {col!r}; columns: {', '.join(map(str, accounts.columns))}")
    id_col = schema.get("id_column") or "customer_id"
    if id_col not in accounts.columns:
        raise ValueError(f"the accounts table has no id column {id_col!r}")
    customers = set(accounts.loc[segment_mask(accounts[col], value), id_col].astype(str))
    frame = ctx.store.records.frame()
    keep = frame["customer_id"].astype("string").isin(customers).fillna(False)
    return set(frame.loc[keep, "id"].astype(str))


def search_passages(
    ctx: ChatContext,
    query: str = "",
    kind: str | None = None,
    theme_id: int | None = None,
    segment: str | None = None,
    k: int = 8,
) -> list[Quote]:
    """The passages nearest `query`, filtered; each a verified verbatim Quote of its stored record.

    kind filters in Chroma; segment narrows to the records of customers in that account segment; theme_id
    keeps passages whose nearest theme centroid is that theme (the persona set stores centroids, not
    per-record assignments). With no query but a theme, the theme's centroid is the query.
    """
    k = max(1, min(int(k or 8), MAX_K))
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    store = ctx.store
    if store.vectors.count() == 0:
        return []
    cents = ctx.centroids
    if theme_id is not None and theme_id not in cents:
        known = ", ".join(str(t) for t in sorted(cents)) or "none (refresh the personas first)"
        raise ValueError(f"unknown theme_id {theme_id}; known theme ids: {known}")
    query = (query or "").strip()
    if query:
        vec = store.embedder.embed([query])[0]
    elif theme_id is not None:
        vec = cents[theme_id]
    else:
        raise ValueError("give a query, a theme_id, or both")

    conds: list[dict] = []
    if kind:
        conds.append({"kind": kind})
    post_ids: set[str] | None = None
    if segment:
        ids = segment_record_ids(ctx, segment)
        if not ids:
            return []
        if len(ids) <= 2000:
            conds.append({"record_id": {"$in": sorted(ids)}})
        else:
            post_ids = ids
    where = conds[0] if len(conds) == 1 else ({"$and": conds} if conds else None)
    fetch = k if theme_id is None and post_ids is None else min(400, max(60, k * 10))
    hits = store.vectors.query(vec, k=fetch, where=where)
    if post_ids is not None:
        hits = [h for h in hits if _rid(h) in post_ids]
    if theme_id is not None and hits:
        hits = _in_theme(ctx, hits, theme_id)
    return _verified(ctx, hits, k)


def record_id_of_hit(hit: dict) -> str:
    return Chunk.record_id_of(hit["id"], hit.get("metadata"))


def _rid(hit: dict) -> str:
    return Chunk.record_id_of(hit["id"], hit.get("metadata"))


def _in_theme(ctx: ChatContext, hits: list[dict], theme_id: int) -> list[dict]:
    ids = sorted(ctx.centroids)
    cents = np.vstack([ctx.centroids[i] for i in ids])
    vec_of = ctx.store.vectors.embeddings(h["id"] for h in hits)
    col = ids.index(theme_id)
    keep = []
    for h in hits:
        v = vec_of.get(h["id"])
        if v is None:
            continue
        sims = cents @ v
        if int(np.argmax(sims)) == col and sims[col] >= THEME_MIN_SIM:
            keep.append(h)
    return keep


def verified_hits(ctx: ChatContext, hits: list[dict], k: int) -> list[Quote]:
    """Search hits as verified verbatim quotes, one per record, at most k."""
    return _verified(ctx, hits, k)


def _verified(ctx: ChatContext, hits: list[dict], k: int) -> list[Quote]:
    records = ctx.store.records.get_many(_rid(h) for h in hits)
    out: list[Quote] = []
    seen: set[str] = set()
    for h in hits:
        rid = _rid(h)
        rec = records.get(rid)
        if rec is None or rid in seen:
            continue
        meta = h.get("metadata") or {}
        start = int(meta.get("start", 0) or 0)
        end = int(meta.get("end", start + len(h.get("text") or "")) or 0)
        if rec.text[start:end] != (h.get("text") or rec.text[start:end]):  # stale offsets: find the text
            found = rec.text.find(h.get("text") or "")
            start, end = (found, found + len(h["text"])) if found >= 0 else (0, len(rec.text))
        s, e = shorten_span(rec.text, start, min(end, len(rec.text)), PASSAGE_CHARS)
        q = verify(rec.text[s:e], rid, records)
        if q is None:
            continue
        seen.add(rid)
        out.append(q)
        if len(out) >= k:
            break
    return out


def nearest_themes(
    ctx: ChatContext, text: str, n: int = 3, min_sim: float = 0.25
) -> list[tuple[Theme, float]]:
    """The themes whose centroids are closest to `text` (cosine), best first."""
    ps = ctx.personas
    cents = ctx.centroids
    if ps is None or not cents or not text.strip():
        return []
    vec = ctx.store.embedder.embed([text])[0]
    scored = []
    for t in ps.themes:
        c = cents.get(t.id)
        if c is not None:
            scored.append((t, float(np.dot(c, vec))))
    scored.sort(key=lambda x: -x[1])
    return [(t, s) for t, s in scored[:n] if s >= min_sim]


def check(ctx: ChatContext, text: str):
    from agent.verdict import Checker

    return Checker.load(ctx.services).check(text)


# LangChain tools ---------------------------------------------------------------------------------------------
def _data(payload: Any) -> str:
    """Tool output: compact JSON inside a <data> block (customer text in it is untrusted)."""
    from prompts import data_block

    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
    return data_block(body)


def make_tools(ctx: ChatContext) -> list:
    """The assistant's tools, bound to one workspace. Tool faults come back as text, never as exceptions."""
    from langchain_core.tools import StructuredTool

    def guarded(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs) -> str:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # the model gets the reason and can correct its call
                return f"error: {type(exc).__name__}: {str(exc)[:300]}"

        return run

    def search_feedback(
        query: str,
        kind: Kind | None = None,
        theme_id: int | None = None,
        segment: str | None = None,
        k: int = 8,
    ) -> str:
        """Search customer feedback (tickets, call notes, reviews) by meaning. Filters: kind ("ticket",
        "call" or "review"), theme_id (a complaint theme from list_themes/describe_persona), segment
        ("column=value" of the accounts table, e.g. "plan=Starter" or "employees=1–10"). k: passages (max
        20). Returns verbatim passages with their record_id."""
        if not ctx.has_data():
            return NOTHING_INGESTED
        quotes = search_passages(ctx, query, kind=kind, theme_id=theme_id, segment=segment, k=k)
        return _data({"passages": [quote_json(q) for q in quotes]}) if quotes else "no matching passages"

    def list_personas() -> str:
        """List the current negative personas: id, name, summary, share of customers, top cost."""
        ps = ctx.personas
        if ps is None:
            return NOTHING_INGESTED if not ctx.has_data() else NO_PERSONAS
        return _data(
            {
                "version": ps.version,
                "created_at": ps.created_at,
                "counts": ps.counts,
                "personas": [persona_brief(p) for p in ps.personas],
                "notes": ps.notes,
            }
        )

    def describe_persona(persona_id: str) -> str:
        """Everything about one persona (by id or name): narrative, costs with numbers, traits, warning
        signs, what would make them a fit, themes and verbatim quotes with record ids."""
        if ctx.personas is None:
            return NO_PERSONAS
        p = ctx.persona(persona_id)
        if p is None:
            known = ", ".join(f"{x.id} ({x.name})" for x in ctx.personas.personas) or "none"
            return f"no persona {persona_id!r}; known personas: {known}"
        return _data(persona_full(p, ctx.personas, verified_quotes(ctx, p.quotes)))

    def list_themes() -> str:
        """List the complaint themes: id, label, size, share, keywords."""
        ps = ctx.personas
        if ps is None:
            return NOTHING_INGESTED if not ctx.has_data() else NO_PERSONAS
        return _data({"themes": [theme_brief(t) for t in ps.themes]})

    def describe_theme(theme_id: int) -> str:
        """One complaint theme: label, size, share, keywords, cost metrics against the baseline, and
        verbatim quotes with record ids."""
        if ctx.personas is None:
            return NO_PERSONAS
        t = ctx.theme(int(theme_id))
        if t is None:
            known = ", ".join(f"{x.id} ({x.label})" for x in ctx.personas.themes) or "none"
            return f"no theme {theme_id}; known themes: {known}"
        return _data(theme_full(t, verified_quotes(ctx, t.quotes)))

    def check_prospect(text: str) -> str:
        """Check a sales prospect's description (lead form, call notes, email) against the negative
        personas: verdict (negative / fit / unclear), score (0–1, higher = riskier than that share of our
        customers), matched persona, red flags with the prospect's words, questions to ask."""
        if not text.strip():
            return "error: give the prospect's description"
        v = check(ctx, text)
        v.evidence = verified_quotes(ctx, v.evidence)
        return _data(verdict_json(v))

    def refresh_personas(force: bool = False) -> str:
        """Re-run the analysis and write a new persona version (skipped when no data changed unless
        force). Slow on big data; only use when the user asks for a refresh."""
        from agent.refresh import refresh

        res = refresh(ctx.services, force=bool(force))
        ctx.reload()
        return _data(
            {
                "message": res.message,
                "version": res.version,
                "skipped": res.skipped,
                "reason": res.reason,
                "changes": res.changes,
                "seconds": round(res.seconds, 1),
            }
        )

    fns = [
        search_feedback,
        list_personas,
        describe_persona,
        list_themes,
        describe_theme,
        check_prospect,
        refresh_personas,
    ]
    return [
        StructuredTool.from_function(
            guarded(f),
            name=f.__name__,
            description=" ".join(f.__doc__.split()),
            handle_validation_error=_invalid_arguments,
        )
        for f in fns
    ]


def _invalid_arguments(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        detail = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in errors())
    else:
        detail = str(exc)
    return f"error: invalid arguments: {detail[:300]}"
