"""What the chat returns: typed answers, rendered to Markdown by ui/ (`ui.render_chat`).

The offline router answers with one of these; the LLM engine streams a `Reply` whose parts are the
model's own text, notes, and (on a fallback) the offline answer. Quotes in them are already verified.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.models import Persona, PersonaSet, Quote, Theme, Verdict


@dataclass
class Help:
    personas: PersonaSet | None
    has_data: bool
    short: bool = False


@dataclass
class RefreshHelp:
    personas: PersonaSet | None


@dataclass
class ProspectHelp:
    pass


@dataclass
class NothingIngested:
    """No data yet; `then` answers what was asked anyway (e.g. a verdict with nothing to compare with)."""

    then: object | None = None


@dataclass
class NoPersonas:
    pass


@dataclass
class VerdictAnswer:
    verdict: Verdict


@dataclass
class PersonaList:
    personas: PersonaSet
    first_quote: dict[str, Quote] = field(default_factory=dict)  # persona id -> its verified first quote


@dataclass
class PersonaAnswer:
    persona: Persona  # its quotes verified


@dataclass
class ThemeList:
    personas: PersonaSet


@dataclass
class ThemeAnswer:
    theme: Theme
    quotes: list[Quote]


@dataclass
class UnknownTheme:
    theme_id: int
    known: list[Theme]


@dataclass
class TopicAnswer:
    topic: str
    segment: str | None
    themes: list[tuple[Theme, float]]
    passages: list[Quote]
    no_personas: bool = False
    shares: bool = False  # themes carry the segment's share of passages (what a segment complains about)


@dataclass
class Counts:
    records: dict[str, int]  # kind -> records
    personas: PersonaSet | None


@dataclass
class Changes:
    version: int
    report: dict  # agent/changes.py's report against the version before


@dataclass
class FitPath:
    personas: list[Persona]  # what would make each a fit


@dataclass
class Failed:
    error: str


Answer = (
    Help | RefreshHelp | ProspectHelp | NothingIngested | NoPersonas | VerdictAnswer | PersonaList | PersonaAnswer
    | ThemeList | ThemeAnswer | UnknownTheme | TopicAnswer | Counts | Changes | FitPath | Failed
)


@dataclass
class Reply:
    """One chat turn so far: parts in order, each Markdown text (the model's words, a note) or an Answer."""

    parts: list[str | Answer] = field(default_factory=list)

    @classmethod
    def of(cls, *parts: str | Answer | None) -> Reply:
        return cls([p for p in parts if p is not None and p != ""])
