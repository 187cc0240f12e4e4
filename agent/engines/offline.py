"""The offline engine: keyword labels, template prose from the statistics, rule-based extraction and the
rule-based chat router. Deterministic, no network."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent.analysis import Analysis
    from agent.answers import Reply
    from agent.extract import Extractor, Found
    from agent.personas import Evidence
    from agent.theme_merge import ThemeRefinement
    from core.models import Persona, Theme
    from core.services import Services
    from core.settings import Settings


class OfflineEngine:
    name = "offline"

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def label_themes(self, themes: list[Theme]) -> list[str]:
        return []  # the keyword labels from clustering stay

    def refine_themes(self, briefs: list[dict]) -> tuple[ThemeRefinement | None, list[str]]:
        return None, []  # no model to read the passages: the clustering's themes stay

    def write_personas(self, groups: list[Evidence], analysis: Analysis) -> tuple[list[Persona], list[str]]:
        from agent.persona_offline import write_personas

        return write_personas(groups, analysis)

    def extract_prospect(self, text: str, extractor: Extractor) -> tuple[dict[str, Found], str, list[str]]:
        return extractor.extract(text), self.name, []

    def answer_chat(self, message: str, history: list[dict], services: Services) -> Iterator[Reply]:
        from agent.router import route

        yield route(message, services)
