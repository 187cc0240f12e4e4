"""Record types shared by every stage. Plain pydantic models: the offline and LLM engines return the same."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class FiniteModel(BaseModel):
    """Every stored model refuses inf and NaN: JSON cannot carry them, so a version holding one could be
    written but never read back (it would poison every later command)."""

    model_config = ConfigDict(allow_inf_nan=False)


Kind = Literal["ticket", "call", "review", "deal_note"]
KINDS: tuple[str, ...] = ("ticket", "call", "review", "deal_note")


class Record(FiniteModel):
    """One piece of customer feedback as ingested: a ticket, a call note/transcript or a review."""

    id: str
    kind: Kind
    text: str
    customer_id: str | None = None
    created_at: str | None = None
    rating: float | None = None
    source: str = ""
    line: int | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    def content_hash(self) -> str:
        """Hash of everything that is stored; unchanged hash = nothing to re-embed (idempotent re-ingest)."""
        payload = json.dumps(
            [self.kind, self.text, self.customer_id, self.created_at, self.rating, self.metadata],
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]

    def chunk_id(self, index: int) -> str:
        """`<record id>#<n>`: deterministic, so re-ingesting a record replaces its chunks, never adds more."""
        return f"{self.id}#{index}"


class Chunk(FiniteModel):
    """A passage of a record. `record.text[start:end] == text` always holds, so quotes map back."""

    id: str
    record_id: str
    kind: Kind
    text: str
    start: int
    end: int
    speaker: str | None = None
    timestamp: str | None = None

    @staticmethod
    def record_id_of(chunk_id: str, metadata: dict[str, Any] | None = None) -> str:
        """The record a stored chunk belongs to: its metadata says; else read from the id (Record.chunk_id)."""
        rid = (metadata or {}).get("record_id")
        return str(rid) if rid else chunk_id.rpartition("#")[0]


class Quote(FiniteModel):
    """A verbatim excerpt of a stored record. Only `agent.quotes.verify` creates trusted quotes."""

    text: str
    record_id: str
    kind: Kind | None = None
    start: int | None = None
    customer_id: str | None = None


class Metric(FiniteModel):
    """One outcome measured in a group against the baseline, with the counts behind it."""

    name: str
    label: str
    value: float
    baseline: float
    n: int
    low: float | None = None
    high: float | None = None
    higher_is_worse: bool = True
    unit: str = ""  # money: the currency setting, else the revenue column's unit ("MRR"); "" otherwise

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    @property
    def effect(self) -> float:
        """How far the group is from the baseline, either way (0 = no different): ranks a group's costs."""
        return abs((self.ratio or 1) - 1)


def by_effect(metrics: Iterable[Metric]) -> list[Metric]:
    """Largest difference from the baseline first; ties keep their order. `[0]` is a group's top cost."""
    return sorted(metrics, key=lambda m: m.effect, reverse=True)


class Segment(FiniteModel):
    """A group of customers defined by one attribute value or numeric band."""

    id: str
    column: str
    value: str
    size: int
    share: float
    metrics: list[Metric] = Field(default_factory=list)
    cost_score: float = 0.0


class Theme(FiniteModel):
    """A cluster of complaint passages."""

    id: int
    label: str
    keywords: list[str] = Field(default_factory=list)
    size: int = 0
    share: float = 0.0
    records: int = 0
    customers: int = 0
    quotes: list[Quote] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    cost_score: float = 0.0
    merged_from: list[int] = Field(
        default_factory=list, description="theme ids the LLM refinement merged into this one (empty: none)"
    )


class ThemeChoice(FiniteModel):
    """How many themes a version has and why: the count, how it was chosen, the curve behind it."""

    k: int
    method: str = Field(description="merge (chosen from the data), kept (previous K kept), given (--k)")
    reason: str = ""
    curve: dict[str, int] = Field(default_factory=dict, description="merge similarity -> themes")
    unassigned: float = Field(0.0, description="share of complaint passages in no theme")


class ThemeSeries(FiniteModel):
    """One line of the themes-over-time chart: a theme's complaint passages in each period."""

    theme_id: int | None = Field(description="None: the 'other' line (every theme past the top ones)")
    label: str
    counts: list[int] = Field(default_factory=list, description="one count per period of the timeline")
    total: int = 0


class ThemeTimeline(FiniteModel):
    """Complaint passages per theme per period (agent/theme_timeline.py), from the records' created_at
    joined to each passage's theme. No periods (and a `reason`) when the records carry no usable dates."""

    bucket: Literal["", "day", "week", "month", "quarter", "year"] = ""
    periods: list[str] = Field(default_factory=list, description="first day of each period (ISO)")
    labels: list[str] = Field(default_factory=list, description="each period as a person would name it")
    series: list[ThemeSeries] = Field(default_factory=list)
    dated: int = Field(0, description="passages in a theme whose record has a date (the chart's total)")
    undated: int = Field(0, description="passages in a theme whose record has no readable date")
    first: str = ""
    last: str = ""
    other_themes: int = Field(0, description="how many themes the 'other' line adds up")
    reason: str = Field("", description="why there is no chart ('' when there is one)")


class Trait(FiniteModel):
    category: Literal["demographic", "firmographic", "behavioural", "psychographic"]
    text: str


class ExclusionCost(FiniteModel):
    """What acting on a persona would cost: the healthy customers inside it that exclusion turns away."""

    members: int
    healthy: int
    share: float = Field(description="healthy / members")
    revenue: float | None = Field(None, description="the healthy members' revenue (recurring, e.g. MRR)")
    revenue_label: str = ""
    healthy_means: str = Field("", description="e.g. 'did not churn'")


class ConfirmedEffect(FiniteModel):
    """A persona's cost effect measured on the confirmation customers, whom the segment search never saw.

    `ratio` is the group's mean over the confirmation baseline, `low`–`high` its 95% interval; `p` is the
    one-sided test against the other confirmation customers (Bonferroni across the metrics tried), `q` the
    Benjamini–Hochberg value across every candidate the search tried (`candidates`)."""

    metric: str
    label: str
    value: float
    baseline: float
    ratio: float
    low: float
    high: float
    customers: int = Field(description="members among the confirmation customers")
    holdout: int = Field(description="confirmation customers (never seen by the search)")
    p: float
    q: float
    candidates: int
    higher_is_worse: bool = True


class Confirmation(FiniteModel):
    """How the personas of a version were confirmed, or why none was (`status` is for the UI to branch on)."""

    status: Literal["confirmed", "none_confirmed", "too_few", "no_outcome", "off"] = "off"
    message: str = ""
    customers: int = 0
    discovery: int = 0
    holdout: int = 0
    candidates: int = 0
    proposed: int = 0
    confirmed: int = 0
    fdr: float = 0.05
    min_ratio: float = 1.3


class Persona(FiniteModel):
    """A negative persona: an archetype of customers who cost more than they bring."""

    id: str
    name: str
    summary: str
    narrative: str
    traits: list[Trait] = Field(default_factory=list)
    warning_signs: list[str] = Field(default_factory=list)
    cost: list[Metric] = Field(default_factory=list)
    why_not_fit: str = ""
    what_would_make_fit: str = ""
    share_customers: float = 0.0
    share_complaints: float = 0.0
    customers: int = 0
    quotes: list[Quote] = Field(default_factory=list)
    segments: list[str] = Field(default_factory=list, description="segment ids, e.g. plan=Starter")
    themes: list[int] = Field(default_factory=list)
    engine: str = "offline"
    notes: list[str] = Field(default_factory=list)
    context: list[str] = Field(
        default_factory=list, description="how sensitive attributes are distributed: context, not traits"
    )
    exclusion: ExclusionCost | None = None
    confirmed: ConfirmedEffect | None = None
    evidence: Literal["customers", "deals", "both"] = Field(
        "customers", description="what the persona rests on: customers' outcomes, the sales pipeline, or both"
    )
    implied: dict[str, float] = Field(
        default_factory=dict, description="deal personas: win_rate, cycle_days... of the group vs baseline_*"
    )
    review: str = Field("", description="why the persona needs review ('' when it does not)")


class PersonaSet(FiniteModel):
    """One version of the personas, as written atomically by a refresh."""

    version: int
    created_at: str
    engine: str
    data_fingerprint: str
    personas: list[Persona]
    themes: list[Theme] = Field(default_factory=list)
    theme_choice: ThemeChoice | None = None
    theme_timeline: ThemeTimeline | None = Field(
        None, description="complaint passages per theme over time (None: built before it existed)"
    )
    segments: list[Segment] = Field(default_factory=list)
    baseline: dict[str, float] = Field(default_factory=dict)
    counts: dict[str, int] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)
    confirmation: Confirmation = Field(default_factory=Confirmation)
    deal_personas: list[Persona] = Field(
        default_factory=list, description="prospects who rarely buy, from the sales pipeline (agent/deal_personas.py)"
    )
    deal_confirmation: Confirmation | None = None
    validation: list[dict] = Field(
        default_factory=list, description="per persona: what happened among its members since it was published"
    )


class RedFlag(FiniteModel):
    trait: str
    evidence: str = Field(description="the prospect's own words that matched")
    weight: float = 0.0
    start: int | None = Field(default=None, description="offset of the evidence in the prospect's text")
    end: int | None = None
    kind: str = Field(default="", description="how it matched: '' (a condition), lexical or semantic (a sign)")


class Verdict(FiniteModel):
    id: str = Field("", description="names this verdict for feedback: same text and persona version, same id")
    verdict: Literal["negative", "fit", "unclear"]
    score: float = Field(ge=0, le=1, description="higher = more likely a negative persona")
    persona_id: str | None = None
    persona_name: str | None = None
    red_flags: list[RedFlag] = Field(default_factory=list)
    counter_signals: list[str] = Field(default_factory=list)
    evidence: list[Quote] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    attributes: dict[str, str] = Field(default_factory=dict)
    engine: str = "offline"
    notes: list[str] = Field(default_factory=list)
    pipeline: dict | None = Field(
        None, description="the sales-pipeline persona the prospect matches: its id, name, win_rate, cycle_days…"
    )


FeedbackOutcome = Literal["won", "lost", "churned", "renewed", "wrong_persona", "note"]


class Feedback(FiniteModel):
    """What staff said happened after a verdict (`antipersona feedback`, the Fit check tab, the API)."""

    id: int
    verdict_id: str
    outcome: FeedbackOutcome
    note: str = ""
    customer_id: str | None = None
    persona_id: str | None = Field(None, description="the persona the verdict matched, if any")
    version: int | None = Field(None, description="the persona version that gave the verdict")
    created_at: str
    source: str = Field("", description="cli | app | api")
