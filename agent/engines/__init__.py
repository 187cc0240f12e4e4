"""The engine factory: the one place (besides settings) that reads `llm_enabled`, and the one place that
opens a workspace's services.

A new backend is one module with a class implementing `agent.engines.base.Engine` (constructed from
settings) plus one line in ENGINES; choose it with `make_engine(settings, "name")` or
`open_services(settings, kind="name")`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent.engines.base import Engine
    from core.services import Services
    from core.settings import Settings
    from core.store import Store

# name -> "module:factory"; imported only when chosen (langchain is heavy)
ENGINES: dict[str, str] = {
    "offline": "agent.engines.offline:OfflineEngine",
    "llm": "agent.engines.llm:LLMEngine",
    "scripted": "agent.engines.scripted:ScriptedEngine.from_settings",
}


def engine_name(settings: Settings) -> str:
    return "llm" if settings.llm_enabled else "offline"


def make_engine(settings: Settings, name: str | None = None) -> Engine:
    """The engine `name` (default: the LLM when a key or base URL is configured, else offline)."""
    target = ENGINES[name or engine_name(settings)]
    module, _, attr = target.partition(":")
    factory = import_module(module)
    for part in attr.split("."):
        factory = getattr(factory, part)
    return factory(settings)


def open_services(
    settings: Settings, engine: Engine | None = None, kind: str | None = None, store: Store | None = None
) -> Services:
    """Open one workspace's services: called once by ui/ (a CLI command, the app, the scheduler)."""
    from core.services import Services

    return Services(settings, engine if engine is not None else make_engine(settings, kind), store)


def as_services(where: Services | Settings) -> Services:
    """Services for a call made with bare settings (scripts, notebooks, tests); ui/ passes its own."""
    from core.services import Services

    return where if isinstance(where, Services) else open_services(where)
