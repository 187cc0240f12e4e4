"""The LLM engine: an OpenAI-compatible model (via LangChain) names themes, writes persona prose, reads
prospect attributes and chats with tools. It never supplies a number or an unverified quote, and every
fault falls back to the offline engine's output with a visible note."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from agent.engines.offline import OfflineEngine
from core.workspace import Workspace

if TYPE_CHECKING:
    from agent.analysis import Analysis
    from agent.answers import Reply
    from agent.extract import Extractor, Found
    from agent.personas import Evidence
    from agent.theme_merge import ThemeRefinement
    from core.models import Persona, Theme
    from core.services import Services
    from core.settings import Settings


class LLMEngine:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.name = f"llm:{settings.llm_model}"
        self.log = Workspace(settings.workspace).llm_log  # every prompt and reply, for tracing
        self.offline = OfflineEngine(settings)  # drafts and fallbacks

    def label_themes(self, themes: list[Theme]) -> list[str]:
        from agent.persona_llm import label_themes

        note = label_themes(self.settings, self.log, themes)
        return [note] if note else []

    def refine_themes(self, briefs: list[dict]) -> tuple[ThemeRefinement | None, list[str]]:
        import prompts
        from agent.theme_merge import ThemeRefinement
        from core.llm import structured

        if len(briefs) < 2:
            return None, []
        system, user = prompts.render_pair("theme_refine", count=len(briefs), data=prompts.data_block(briefs))
        out, reason = structured(
            self.settings, ThemeRefinement, system, user, task="theme_refine", log_path=self.log
        )
        if out is None:
            return None, [f"LLM theme refinement unavailable ({reason}); themes kept as clustered"]
        return out, []

    def write_personas(self, groups: list[Evidence], analysis: Analysis) -> tuple[list[Persona], list[str]]:
        from agent.persona_llm import rewrite_personas

        drafts, notes = self.offline.write_personas(groups, analysis)
        if not drafts:
            return drafts, notes
        personas, llm_notes = rewrite_personas(self.settings, self.log, drafts, groups, analysis)
        return personas, notes + llm_notes

    def extract_prospect(self, text: str, extractor: Extractor) -> tuple[dict[str, Found], str, list[str]]:
        from agent.verdict_llm import llm_extract

        found = extractor.extract(text)
        llm_found, note = llm_extract(self.settings, self.log, text, extractor)
        if llm_found is not None:
            return {**found, **llm_found}, self.name, []
        return found, self.offline.name, [note or "LLM extraction unavailable; offline extraction used"]

    def answer_chat(self, message: str, history: list[dict], services: Services) -> Iterator[Reply]:
        from agent.chat import agent_respond

        yield from agent_respond(message, history, services)
