"""A scripted in-process engine for unit tests (the idea of simonw's `llm` MockModel): answers come from
queues the test fills, every call is recorded, nothing touches the network. Unscripted calls fall back to
the offline engine, so a test scripts only the job it is about.

    engine = ScriptedEngine(labels=["Billing surprises"], chat=["Hello"])
    services = open_services(settings, engine=engine)

The scripted OpenAI-compatible HTTP server (tests/fakes/openai_server.py) stays for the integration tests
of the real openai/LangChain clients.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from agent.engines.offline import OfflineEngine

if TYPE_CHECKING:
    from agent.analysis import Analysis
    from agent.answers import Reply
    from agent.extract import Extractor, Found
    from agent.personas import Evidence
    from agent.theme_merge import ThemeRefinement
    from core.models import Persona, Theme
    from core.services import Services
    from core.settings import Settings


@dataclass
class ScriptedEngine:
    """labels: theme labels in theme order; personas: one function per call, mapping an offline draft to
    the persona to return (numbers must stay the draft's); extractions: {column: value} per prospect;
    chat: replies, each yielded whole."""

    labels: list[str] = field(default_factory=list)
    personas: list[Callable[[Persona], Persona]] = field(default_factory=list)
    extractions: list[dict[str, str]] = field(default_factory=list)
    chat: list[str] = field(default_factory=list)
    refinements: list[ThemeRefinement] = field(default_factory=list)
    name: str = "scripted"
    calls: list[tuple[str, Any]] = field(default_factory=list)

    @classmethod
    def from_settings(cls, settings: Settings) -> ScriptedEngine:
        return cls()

    def label_themes(self, themes: list[Theme]) -> list[str]:
        self.calls.append(("label_themes", [t.id for t in themes]))
        for theme, label in zip(themes, self.labels, strict=False):
            theme.label = label
        return []

    def refine_themes(self, briefs: list[dict]) -> tuple[ThemeRefinement | None, list[str]]:
        self.calls.append(("refine_themes", [b["id"] for b in briefs]))
        return (self.refinements.pop(0) if self.refinements else None), []

    def write_personas(self, groups: list[Evidence], analysis: Analysis) -> tuple[list[Persona], list[str]]:
        self.calls.append(("write_personas", len(groups)))
        drafts, notes = OfflineEngine().write_personas(groups, analysis)
        if self.personas:
            rewrite = self.personas.pop(0)
            drafts = [rewrite(p).model_copy(update={"engine": self.name}) for p in drafts]
        return drafts, notes

    def extract_prospect(self, text: str, extractor: Extractor) -> tuple[dict[str, Found], str, list[str]]:
        from agent.extract import Found

        self.calls.append(("extract_prospect", text))
        found = extractor.extract(text)
        if not self.extractions:
            return found, "offline", []
        scripted = self.extractions.pop(0)
        return {**found, **{c: Found(c, v, v) for c, v in scripted.items()}}, self.name, []

    def answer_chat(self, message: str, history: list[dict], services: Services) -> Iterator[Reply]:
        self.calls.append(("answer_chat", message))
        if self.chat:
            from agent.answers import Reply

            yield Reply.of(self.chat.pop(0))
            return
        yield from OfflineEngine().answer_chat(message, history, services)
