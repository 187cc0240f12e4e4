"""The Engine: the jobs that differ between the offline and the LLM backends.

Everything else (analysis, cost, the verdict score, quote verification, versioning) is the same code for
every engine; an engine only words and reads. Every implementation returns the same models, so the rest of
the program never asks which one it has. Add a backend by writing one module with a class like these and
one line in `agent.engines.ENGINES`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from agent.analysis import Analysis
    from agent.answers import Reply
    from agent.extract import Extractor, Found
    from agent.personas import Evidence
    from agent.theme_merge import ThemeRefinement
    from core.models import Persona, Theme
    from core.services import Services


@runtime_checkable
class Engine(Protocol):
    name: str  # recorded on persona sets and verdicts ("offline", "llm:<model>", …)

    def label_themes(self, themes: list[Theme]) -> list[str]:
        """Relabel `themes` in place (ids, sizes and quotes stay); returns notes for the reader."""
        ...

    def refine_themes(self, briefs: list[dict]) -> tuple[ThemeRefinement | None, list[str]]:
        """Proposed merges and names from each theme's id, label and passages (agent/theme_merge.py decides
        what to apply); None when the engine proposes nothing; plus notes."""
        ...

    def write_personas(self, groups: list[Evidence], analysis: Analysis) -> tuple[list[Persona], list[str]]:
        """One persona per evidence group, in order, numbers from the evidence; plus notes."""
        ...

    def extract_prospect(self, text: str, extractor: Extractor) -> tuple[dict[str, Found], str, list[str]]:
        """Attributes a prospect's text states, in the workspace's schema; the engine that read them; notes."""
        ...

    def answer_chat(self, message: str, history: list[dict], services: Services) -> Iterator[Reply]:
        """The answer so far (streamed): the engine's text and typed answers, rendered by ui/."""
        ...
