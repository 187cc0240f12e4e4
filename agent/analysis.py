"""One analysis pass: store → complaint units → themes → costs. Refresh and `themes` both run this.

It reads vectors from the store (nothing is re-embedded except complaint sentences, which are cached),
so its cost grows with the data but not with the embedding model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from agent import complaints as cx
from agent import passages, quote_filter
from agent import themes as th
from agent.costs import Analyzer, Entities, build_entities
from agent.detector import Verdict
from agent.quotes import verify
from agent.text import shorten_span
from agent.theme_labels import label_of, phrase_labels
from core import hygiene
from core.models import Quote, Record, Segment, Theme, ThemeChoice
from core.store import Store

Report = Callable[[str], None]


@dataclass
class Analysis:
    units: list[cx.Unit]
    vectors: np.ndarray
    unit_theme: np.ndarray  # theme id per unit (-1 unassigned)
    themes: list[Theme]
    centroids: dict[int, np.ndarray]
    entities: Entities
    analyzer: Analyzer
    segments: list[Segment]
    masks: dict[str, np.ndarray]
    records: pd.DataFrame  # id, kind, customer_id, rating, … (no text)
    record_theme: dict[str, int]
    record_kind: dict[str, Verdict]  # each record's passage kind and problem score
    n_records: int
    n_chunks: int
    theme_choice: ThemeChoice | None = None  # how many themes and why (None when K was given)
    record_themes: dict[str, list[int]] = field(default_factory=dict)  # every theme a record raised
    store: Store | None = None
    notes: list[str] = field(default_factory=list)

    def entity_index(self) -> dict[str, int]:
        """Entity row of each record (record level) or customer (account level)."""
        df = self.entities.df
        key = "id" if self.entities.level == "record" else "customer_id"
        return {str(v): i for i, v in enumerate(df[key].astype(str))}

    def unit_entity(self) -> np.ndarray:
        idx = self.entity_index()
        key = (lambda u: u.record_id) if self.entities.level == "record" else (lambda u: u.customer_id)
        return np.array([idx.get(str(key(u)), -1) for u in self.units], dtype=int)


def load_chunks(store: Store) -> tuple[list[dict], np.ndarray]:
    """All chunks of stored records in id order, deal notes left out (agent/passages.py reads them a page at
    a time; this holds them all, for callers that want every chunk)."""
    chunks: list[dict] = []
    vecs: list[np.ndarray] = []
    for page, v, _scale in passages.chunk_pages(store):
        chunks.extend(page)
        vecs.append(v)
    return chunks, (np.vstack(vecs) if vecs else np.zeros((0, 0), dtype=np.float32))


def analyse(
    store: Store,
    k: int | None = None,
    previous: list[Theme] | None = None,
    previous_centroids: dict[int, np.ndarray] | None = None,
    quotes_per_theme: int = 5,
    report: Report | None = None,
    seed: int = 0,
) -> Analysis:
    say = report or (lambda _m: None)
    notes: list[str] = []
    say("loading vectors")
    read = passages.read(store, page=store.settings.refresh_page, report=say)
    units, vectors, plain, dim = read.units, read.vectors, read.plain, read.dim
    records = store.records.frame()
    if len(records):
        records = records[records["kind"] != "deal_note"].reset_index(drop=True)
    accounts, schema = store.accounts()

    say(f"clustering {len(units):,} complaint passages")
    prev = previous or []
    prev_c = previous_centroids or {}
    old_ids = [t.id for t in prev if t.id in prev_c]
    warm = np.array([prev_c[i] for i in old_ids], dtype=np.float32) if old_ids else None
    clus = th.cluster(vectors, k=k, seed=seed, previous=warm, stream_over=store.settings.stream_themes_over)
    texts = [hygiene.clean(t) for t in plain]
    keywords = th.ctfidf_keywords(texts, clus.labels, clus.k) if clus.k else []
    phrases = phrase_labels(texts, clus.labels, clus.k) if clus.k else []
    ids = th.match_ids(
        clus.centroids, np.array([prev_c[i] for i in old_ids]) if old_ids else np.zeros((0, dim)), old_ids
    )
    id_of = {j: ids[j] for j in range(clus.k)}
    unit_theme = np.array([id_of[j] if j >= 0 else -1 for j in clus.labels], dtype=int)

    say("measuring cost against the baseline")
    ent = build_entities(accounts, schema, records, store.settings.allow_sensitive)
    analyzer = Analyzer(ent)
    ua = _unit_entities(units, ent)
    complaints = np.zeros(ent.n)
    np.add.at(complaints, ua[ua >= 0], 1)
    if ent.level == "account" and len(units):
        analyzer.add_outcome("complaints", "complaints", complaints)
    roles = {r: c for c, r in reversed(list(ent.outcomes.items()))}  # first column of each role
    if ent.level == "account" and "churn" in roles and "revenue" in roles:
        lost = analyzer.values[roles["churn"]] * analyzer.values[roles["revenue"]]
        analyzer.add_outcome("lost_revenue", "lost_revenue", lost, sources=(roles["churn"], roles["revenue"]))
    segments, masks = analyzer.segments()

    reps = {
        j: th.representatives(vectors, clus.labels, clus.centroids, j, quotes_per_theme * 4)
        for j in range(clus.k)
    }
    record_map = store.records.get_many({units[i].record_id for idx in reps.values() for i in idx})
    themes: list[Theme] = []
    total = max(1, len(units))
    for j in range(clus.k):
        members = np.where(clus.labels == j)[0]
        if len(members) == 0:
            continue
        tid = id_of[j]
        ent_mask = np.zeros(ent.n, dtype=bool)
        rows = ua[members]
        ent_mask[rows[rows >= 0]] = True
        # members raised this theme by definition: their complaint count says nothing about its cost
        metrics, score = analyzer.measure(ent_mask, exclude=("complaints",)) if ent_mask.any() else ([], 0.0)
        quotes = unit_quotes([units[i] for i in reps[j]], record_map, quotes_per_theme)
        themes.append(
            Theme(
                id=tid,
                label=label_of(phrases[j], keywords[j]),
                keywords=keywords[j],
                size=len(members),
                share=len(members) / total,
                records=len({units[i].record_id for i in members}),
                customers=len({units[i].customer_id for i in members if units[i].customer_id}),
                quotes=quotes,
                metrics=metrics,
                cost_score=score,
            )
        )
    themes.sort(key=lambda t: -t.size)
    centroids = {id_of[j]: clus.centroids[j] for j in range(clus.k)}

    record_theme = dominant_theme(units, unit_theme)
    record_themes = all_themes(units, unit_theme)
    notes.extend(ent.notes)
    if not len(units):
        notes.append("no complaint passages found: personas rest on account segments only")
    return Analysis(
        units=units,
        vectors=vectors,
        unit_theme=unit_theme,
        themes=themes,
        centroids=centroids,
        entities=ent,
        analyzer=analyzer,
        segments=segments,
        masks=masks,
        records=records,
        record_theme=record_theme,
        record_kind=read.record_kind,
        n_records=len(records),
        n_chunks=read.n_chunks,
        theme_choice=theme_choice(clus, unit_theme),
        record_themes=record_themes,
        store=store,
        notes=notes,
    )


def _unit_entities(units: list[cx.Unit], ent: Entities) -> np.ndarray:
    key = "id" if ent.level == "record" else "customer_id"
    idx = {str(v): i for i, v in enumerate(ent.df[key].astype(str))}
    if ent.level == "record":
        return np.array([idx.get(u.record_id, -1) for u in units], dtype=int)
    return np.array([idx.get(str(u.customer_id), -1) if u.customer_id else -1 for u in units], dtype=int)


def dominant_theme(units: list[cx.Unit], unit_theme: np.ndarray) -> dict[str, int]:
    """Each record's most frequent theme among its complaint units (ties: the first)."""
    per: dict[str, Counter] = {}
    for u, t in zip(units, unit_theme, strict=True):
        if t >= 0:
            per.setdefault(u.record_id, Counter())[int(t)] += 1
    return {rid: c.most_common(1)[0][0] for rid, c in per.items()}


def all_themes(units: list[cx.Unit], unit_theme: np.ndarray) -> dict[str, list[int]]:
    """Every theme each record raised, most passages first: a review that hates the fit and the shipping
    counts toward both (record-level counts, costs and exports use this, not only the dominant theme)."""
    per: dict[str, Counter] = {}
    for u, t in zip(units, unit_theme, strict=True):
        if t >= 0:
            per.setdefault(u.record_id, Counter())[int(t)] += 1
    return {rid: [t for t, _ in c.most_common()] for rid, c in per.items()}


def theme_choice(clus: th.Clustering, unit_theme: np.ndarray) -> ThemeChoice | None:
    """What the persona version records about K: the count, the method, the curve behind it, outliers."""
    unassigned = float(np.mean(unit_theme == -1)) if len(unit_theme) else 0.0
    c = clus.choice
    if c is None:
        return ThemeChoice(k=clus.k, method="given", reason=f"{clus.k} themes as asked", unassigned=unassigned)
    return ThemeChoice(
        k=clus.k,
        method=c.method,
        reason=c.reason if clus.k == c.k else f"{c.reason}; {c.k - clus.k} too small to keep, merged",
        curve={f"{t:.2f}": v for t, v in c.curve.items()},
        unassigned=unassigned,
    )


def unit_quotes(
    units: list[cx.Unit], records: dict[str, Record], n: int, max_chars: int = 240
) -> list[Quote]:
    """Verified verbatim quotes from units, one per record, shortened at word boundaries."""
    out: list[Quote] = []
    seen: set[str] = set()
    said: list[set[str]] = []  # the same (templated) text in several records is quoted once
    for u in units:
        if u.record_id in seen or len(out) >= n:
            continue
        rec = records.get(u.record_id)
        if rec is None:
            continue
        s, e = _one_line(rec.text, u.start, u.end)
        whole = quote_filter.span(rec.text, s, e, max_chars + 40)  # whole sentences, no greeting or heading
        if whole is None:
            continue
        s, e = shorten_span(rec.text, *whole, max_chars + 40)
        q = verify(rec.text[s:e], u.record_id, records)
        if q is not None and not quote_filter.near_duplicate(q.text, said):
            seen.add(u.record_id)
            said.append(quote_filter.shingles(q.text))
            out.append(q)
    return out


def _one_line(text: str, start: int, end: int) -> tuple[int, int]:
    """A quote stays on one line (it is shown in a block quote): the first line of the span long enough
    to mean something."""
    if "\n" not in text[start:end]:
        return start, end
    pos = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if len(stripped) >= 12:
            s = pos + line.index(stripped)
            return s, s + len(stripped)
        pos += len(line) + 1
    return start, end
