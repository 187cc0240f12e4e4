"""Fit verdict for a prospect: likely negative persona, good fit, or unclear — with the why.

The score is calibrated on the workspace's own accounts: a logistic regression over the same segment
indicators the personas are built from predicts the costly outcome (churn; else a low rating or not
recommending), attributes the text does not mention are set to the population average, and the score is
the prospect's percentile among the workspace's customers. So 0.9 means "riskier than 90% of our customers".
Red flags are the persona conditions, warning signs (agent/signs.py) and costly segments the text matched,
each quoting only the prospect's words that matched (with their offsets). The decision commits when the
evidence is there (agent/persona_match.py): a persona's conditions or signs -> negative; the healthiest
segments and no sign -> fit; unclear only when the text lacks what separates them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from agent import sensitive
from agent.costs import Analyzer, build_entities
from agent.deal_match import deal_flags
from agent.extract import Extractor, Found, human
from agent.ideal import Ideal, ideal_profile
from agent.persona_match import FIT_BELOW, NEGATIVE_AT, decide, match, semantic_could_decide, sign_flags
from agent.persona_offline import condition_phrase, knowable
from agent.persona_profile import Profiles
from agent.prospect_text import prospect_sentences
from agent.render import describe, is_worse, significant
from agent.signs import SignIndex
from core.models import Persona, PersonaSet, RedFlag, Verdict, by_effect

if TYPE_CHECKING:
    from agent.engines.base import Engine
    from core.services import Services
    from core.settings import Settings
    from core.store import Store

__all__ = ["FIT_BELOW", "NEGATIVE_AT", "Checker"]
_GROWTH = re.compile(
    r"\b(fast[- ]growing|growing (?:fast|quickly)|hyper[- ]?growth|series [a-d]\b|raised (?:a |our )?\$?\d|"
    r"doubl(?:ed|ing)|hiring|scaling|annual (?:contract|plan|billing)|multi[- ]year|long[- ]term partner)",
    re.I,
)


@dataclass
class SegmentFeature:
    sid: str
    column: str
    value: str
    mask: np.ndarray
    lo: float | None = None
    hi: float | None = None


@dataclass
class Checker:
    settings: Settings
    personas: PersonaSet | None
    extractor: Extractor | None
    features: list[SegmentFeature]
    col_means: dict[str, np.ndarray]
    model: object | None
    train_scores: np.ndarray
    segment_cost: dict[str, tuple[float, str]]
    theme_centroids: dict[int, np.ndarray]
    store: Store
    engine: Engine
    target: str | None = None
    notes: list[str] = field(default_factory=list)
    signs: SignIndex | None = None
    profiles: Profiles | None = None
    ideal: Ideal | None = None
    population: np.ndarray = field(init=False)  # each segment indicator's mean: an unknown attribute's value

    def __post_init__(self) -> None:
        self.population = np.array([f.mask.mean() for f in self.features], dtype=np.float32)

    # construction -------------------------------------------------------------------------------------
    @classmethod
    def load(cls, services: Services | Settings, fresh: bool = False) -> Checker:
        """One checker per persona version and engine, kept on the services (models load once)."""
        from agent.engines import as_services

        svc = as_services(services)
        ps = svc.current()
        key = (ps.version if ps else None, svc.engine.name, svc.settings.allow_sensitive)
        with svc.checkers_lock:
            if not fresh and key in svc.checkers:
                return svc.checkers[key]
        settings, store, engine = svc.settings, svc.store, svc.engine
        accounts, schema = store.accounts()
        records = store.records.frame()
        notes: list[str] = []
        if (accounts is None or not len(accounts)) and not len(records):
            checker = cls(
                settings,
                ps,
                None,
                [],
                {},
                None,
                np.zeros(0),
                {},
                {},
                store,
                engine,
                notes=["nothing ingested yet: the verdict has no data to compare with"],
            )
        else:
            ent = build_entities(accounts, schema, records, store.settings.allow_sensitive)
            an = Analyzer(ent)
            feats = []
            for sid, col, label, mask in an.segment_masks():
                lo = hi = None
                for b_lo, b_hi, b_label in ent.bands.get(col, []):
                    if b_label == label:
                        lo, hi = b_lo, b_hi
                feats.append(SegmentFeature(sid, col, label, mask, lo, hi))
            x = np.column_stack([f.mask for f in feats]).astype(np.float32) if feats else np.zeros((ent.n, 0))
            col_means = {}
            for j, f in enumerate(feats):
                col_means.setdefault(f.column, [])
                col_means[f.column].append(j)
            col_means = {c: np.array(idx) for c, idx in col_means.items()}
            y, target = _target(an)
            model, train_scores = None, np.zeros(0)
            if y is not None and x.shape[1] and 0 < y.sum() < len(y):
                from sklearn.linear_model import LogisticRegression

                model = LogisticRegression(C=0.5, max_iter=2000).fit(x, y)
                train_scores = np.sort(model.predict_proba(x)[:, 1])
            else:
                notes.append(
                    "no outcome to calibrate on (churn, rating or recommend): scores rest on personas only"
                )
            if ps is not None and not ps.personas and ps.confirmation.status != "off":
                notes.append(f"{ps.confirmation.message}: the score rests on the outcome model alone")
            segs, _ = an.segments()
            seg_cost = {}
            for s in segs:
                worst = by_effect(m for m in s.metrics if significant(m) and is_worse(m))
                best = by_effect(m for m in s.metrics if significant(m) and not is_worse(m))
                pick = worst[0] if s.cost_score > 0 and worst else (best[0] if best else None)
                seg_cost[s.id] = (s.cost_score, describe(pick) if pick else "")
            profiles = Profiles.build(ent.df, ent.attributes, ps.personas) if ps else None
            checker = cls(
                settings,
                ps,
                Extractor(ent.df, ent.attributes),
                feats,
                col_means,
                model,
                train_scores,
                seg_cost,
                svc.versions.centroids(ps.version if ps else None),
                store,
                engine,
                target=target,
                notes=notes,
                signs=_signs(ps, ent, records, store, profiles),
                profiles=profiles,
                ideal=ideal_profile(an) if model is not None else None,
            )
        with svc.checkers_lock:
            svc.checkers[key] = checker
        return checker

    # scoring --------------------------------------------------------------------------------------------
    def features_for(self, found: dict[str, Found]) -> tuple[np.ndarray, dict[str, SegmentFeature]]:
        x = np.zeros(len(self.features), dtype=np.float32)
        matched: dict[str, SegmentFeature] = {}
        for col, idx in self.col_means.items():
            f = found.get(col)
            hit = self._match(col, idx, f) if f else None
            if hit is None:
                x[idx] = self.population[idx]  # unknown: population average
            else:
                x[idx] = 0.0
                x[hit] = 1.0
                matched[col] = self.features[hit]
        return x, matched

    def _match(self, col: str, idx: np.ndarray, f: Found) -> int | None:
        if f.numeric is not None:
            bands = [j for j in idx if self.features[j].lo is not None]
            if not bands:
                return None
            for j in bands:
                if self.features[j].lo <= f.numeric <= self.features[j].hi:
                    return int(j)
            # outside every band: the nearest one
            return int(
                min(
                    bands,
                    key=lambda j: min(
                        abs(f.numeric - self.features[j].lo), abs(f.numeric - self.features[j].hi)
                    ),
                )
            )
        for j in idx:
            if self.features[j].value.strip().lower() == f.value.strip().lower():
                return int(j)
        return None

    def risk(self, x: np.ndarray) -> float:
        if self.model is None or not len(self.train_scores):
            return 0.5
        p = float(self.model.predict_proba(x.reshape(1, -1))[0, 1])
        return float(np.searchsorted(self.train_scores, p, side="right") / len(self.train_scores))

    def extract(self, text: str) -> tuple[dict[str, Found], str, list[str]]:
        if self.extractor is None:
            return {}, "offline", []
        return self.engine.extract_prospect(text, self.extractor)

    def check(self, text: str) -> Verdict:
        return self.check_many([text])[0]

    def check_many(self, texts: list[str], explain: bool = True) -> list[Verdict]:
        """Verdicts for many texts. `explain=False` (lead lists) embeds a text's sentences only when their
        similarity to a persona's signs could change the decision; the verdict is the same either way,
        only a "sounds like" red flag that decides nothing may be left out."""
        # words about people's traits (age, gender, family…) never move a verdict; blanked in place, so
        # every offset still points into the prospect's own text
        texts = [sensitive.redact(t, self.settings.allow_sensitive) for t in texts]
        if not explain and self.signs and self.signs.anchors and self.engine.name == "offline":
            need = [i for i, t in enumerate(texts) if semantic_could_decide(self._matches(t)[0])]
            sents: list[tuple[list[tuple[int, int]], np.ndarray]] = [([], np.zeros((0, 1)))] * len(texts)
            for i, sv in zip(need, self._sentences([texts[i] for i in need]), strict=True):
                sents[i] = sv
        else:
            sents = self._sentences(texts)
        return [self._verdict(t, sp, v) for t, (sp, v) in zip(texts, sents, strict=True)]

    def _matches(self, text: str, hits: list | None = None):
        """Persona matches from the text's attributes and lexical signs (plus `hits`), with what they use."""
        found, engine, notes = self.extract(text)
        x, matched = self.features_for(found)
        personas = self.personas.personas if self.personas else []
        hits = (self.signs.lexical(text) if self.signs else []) + (hits or [])
        costly = {c for c, feat in matched.items() if self.segment_cost.get(feat.sid, (0.0, ""))[0] > 0.2}
        return match(personas, matched, found, hits, costly, self.profiles), found, engine, notes, x, matched

    def _sentences(self, texts: list[str]) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Per text: its sentence spans and their unit vectors (one embedding call for the batch)."""
        empty = np.zeros((0, 1), dtype=np.float32)
        needed = bool(self.signs and self.signs.anchors)
        if not needed or not texts:
            return [([], empty) for _ in texts]
        spans = [prospect_sentences(t)[:20] for t in texts]
        pieces = [t[s:e] for t, sp in zip(texts, spans, strict=True) for s, e in sp]
        if not pieces:
            return [([], empty) for _ in texts]
        vecs = np.asarray(self.store.embedder.embed(pieces), dtype=np.float32)
        out, at = [], 0
        for sp in spans:
            out.append((sp, vecs[at : at + len(sp)]))
            at += len(sp)
        return out

    def _verdict(self, text: str, spans: list[tuple[int, int]], vecs: np.ndarray) -> Verdict:
        semantic = self.signs.semantic(spans, vecs) if self.signs and spans else []
        matches, found, engine, notes, x, matched = self._matches(text, semantic)
        notes = self.notes + notes
        score = self.risk(x)
        themes = {t.id: t for t in self.personas.themes} if self.personas else {}
        best = next((m for m in matches if m.any_evidence and not m.contra), None) or next(
            (m for m in matches if m.any_evidence and m.commits), None
        )
        red_flags = (best.flags + sign_flags(best, text)) if best else []
        listed = {f.trait for f in red_flags}
        counters: list[str] = []
        good: list[str] = []
        for col, feat in matched.items():
            cost, why = self.segment_cost.get(feat.sid, (0.0, ""))
            phrase = condition_phrase(col, feat.value)
            f = found[col]
            if cost > 0.2 and phrase not in listed:
                red_flags.append(
                    RedFlag(
                        trait=f"{phrase} ({why})" if why else phrase,
                        evidence=f.evidence,
                        weight=round(min(1.0, cost), 2),
                        start=f.start,
                        end=f.end,
                    )
                )
            elif cost < -0.1:
                good.append(phrase)
                counters.append(f"{phrase}" + (f" — {why}" if why else ""))
        growth = _GROWTH.search(text)
        if growth:
            counters.append(f"growth signal: “{growth.group(0)}”")
            score = max(0.0, score - 0.1)
        ideal = self._ideal_hits(matched)
        verdict = decide(best, score, red_flags, len(ideal or good) + bool(growth), found)
        if verdict == "fit":
            if best is not None and best.any_evidence:
                notes.append(f"partly resembles “{best.persona.name}”, but not on what defines it")
            best = None
            red_flags = [f for f in red_flags if f.weight < 1.0]
            if ideal:
                counters.insert(
                    0,
                    "looks like our best customers: " + ", ".join(ideal) + f" (the {self.ideal.size} customers"
                    f" like this: {_best_metric(self.ideal)})",
                )
            elif good:
                counters.insert(0, "looks like our better-than-average customers: " + ", ".join(good))
        if not found and not red_flags:
            notes.append("the text names none of the attributes we measure: the questions ask for them")
        persona = best.persona if best and verdict != "fit" else None
        pipeline_flags, pipeline = deal_flags(self.personas.deal_personas if self.personas else [], found, text)
        red_flags = pipeline_flags + red_flags
        return Verdict(
            id=verdict_id(self.personas.version if self.personas else None, text),
            verdict=verdict,
            score=round(float(score), 4),
            persona_id=persona.id if persona else None,
            persona_name=persona.name if persona else None,
            red_flags=red_flags[:6],
            counter_signals=counters[:5],
            evidence=(persona.quotes[:3] if persona else []),
            questions=self._questions(persona, found, themes),
            attributes={c: f.value for c, f in found.items()},
            engine=engine,
            notes=notes,
            pipeline=pipeline,
        )

    def _ideal_hits(self, matched: dict[str, SegmentFeature]) -> list[str]:
        """The ideal-customer profile's conditions the prospect's stated facts meet."""
        if self.ideal is None:
            return []
        return [
            condition_phrase(col, feat.value)
            for col, feat in matched.items()
            if feat.value in self.ideal.conditions.get(col, [])
        ]

    def _questions(self, persona: Persona | None, found: dict[str, Found], themes) -> list[str]:
        qs: list[str] = []
        cols = [s.partition("=")[0] for s in persona.segments] if persona else []
        cols += [c for c in self.col_means if c not in cols]
        for col in cols:  # only what a prospect can answer before a deal: never tenure, onboarding or age
            if col in found or len(qs) >= 2 or not knowable(col):
                continue
            name = human(col)
            is_numeric = any(self.features[j].lo is not None for j in self.col_means.get(col, []))
            qs.append(_question(name, is_numeric))
        if persona and persona.themes:
            t = themes.get(persona.themes[0])
            if t is not None:
                qs.append(
                    # the label is our theme name, not the prospect's words: no quotation marks
                    f"Similar customers' top complaint: {t.label}. How much would that matter to you, "
                    "and what would you expect from us there?"
                )
        qs.append("What would success look like for you in the first 90 days?")
        return qs[:4]


def _question(name: str, is_numeric: bool) -> str:
    """A discovery question for one column, worded for a prospect: they have no plan or contract yet."""
    low = name.lower()
    if is_numeric and low.endswith("s"):
        return f"How many {name} do you have?"
    if any(w in low for w in ("plan", "tier", "package", "contract", "subscription")):
        return f"Which {name} are you looking at?"
    if any(w in low for w in ("channel", "source", "referral", "campaign")):
        return "How did you hear about us?"
    return f"What is your {name}?"


def verdict_id(version: int | None, text: str) -> str:
    """`vd-` and 12 hex digits of (persona version, text): the same prospect checked again is the same verdict."""
    import hashlib

    return "vd-" + hashlib.sha256(f"{version}\0{text}".encode()).hexdigest()[:12]


def _signs(ps: PersonaSet | None, ent, records, store: Store, profiles: Profiles | None) -> SignIndex | None:
    """Each persona's warning signs: from its own signs and themes, and what its members' feedback overuses."""
    if ps is None:
        return None
    member_texts: dict[str, list[str]] = {}
    all_texts: list[str] = []
    if profiles is not None and len(records) and ent.level == "account":
        by_customer: dict[str, list[str]] = {}
        for r in itertools.islice(store.records.iter_records(), 50_000):  # a sample is enough for a rate
            if r.customer_id and r.kind != "deal_note":
                by_customer.setdefault(str(r.customer_id), []).append(r.text)
        all_texts = [t for ts in by_customer.values() for t in ts]
        ids = ent.df[ent.customer_column].astype(str).to_numpy()
        for pid, mask in profiles.members.items():
            member_texts[pid] = [t for cid in ids[mask] for t in by_customer.get(cid, [])]
    return SignIndex.build(ps.personas, ps.themes, store.embedder.embed, member_texts, all_texts)


def _best_metric(ideal: Ideal) -> str:
    """The group's clearest advantage, churn first (what a negative persona is mostly about)."""
    from agent.render import role_of

    good = [m for m in ideal.metrics if significant(m) and not is_worse(m)]
    good.sort(key=lambda m: (role_of(m) != "churn", -abs((m.ratio or 1) - 1)))
    return describe(good[0]) if good else "no measurable difference yet"


def _target(an: Analyzer) -> tuple[np.ndarray | None, str | None]:
    """The costly outcome to calibrate on: churn, else a low rating, else not recommending."""
    by_role = {}
    for col, role in an.roles.items():
        by_role.setdefault(role, col)
    if "churn" in by_role:
        v = an.values[by_role["churn"]]
        return (np.nan_to_num(v) >= 0.5).astype(int), "churn"
    if "rating" in by_role:
        v = an.values[by_role["rating"]]
        top = np.nanmax(v) if np.isfinite(v).any() else 5
        return (np.nan_to_num(v, nan=top) <= (2 if top <= 5 else 4)).astype(int), "low rating"
    if "recommend" in by_role:
        v = an.values[by_role["recommend"]]
        return (np.nan_to_num(v, nan=1) < 0.5).astype(int), "not recommending"
    return None, None
