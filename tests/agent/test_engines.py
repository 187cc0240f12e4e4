"""The Engine seam: the factory picks offline or LLM from settings alone, every engine has the same four
jobs with the same signatures, a scripted engine drives refresh/verdict/chat in-process, and a new engine
is one class plus one line in `agent.engines.ENGINES`."""

from __future__ import annotations

import inspect
import shutil
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from agent.answers import Reply
from agent.engines import ENGINES, make_engine, open_services
from agent.engines.base import Engine
from agent.engines.llm import LLMEngine
from agent.engines.offline import OfflineEngine
from agent.engines.scripted import ScriptedEngine
from agent.refresh import refresh
from agent.verdict import Checker
from ui.render_chat import chat_markdown as respond  # the chat as the user reads it

from .test_router import build_chat_workspace

JOBS = ("label_themes", "write_personas", "extract_prospect", "answer_chat")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_chat_workspace(tmp_path_factory.mktemp("engines") / "ws")


@pytest.fixture
def ws(built, tmp_path):
    """A private copy of the refreshed workspace (tests here write new versions)."""
    root = tmp_path / "ws"
    shutil.copytree(built.workspace, root)
    return built.model_copy(update={"workspace": root})


def test_factory_reads_the_choice_from_settings(ws) -> None:
    assert isinstance(make_engine(ws), OfflineEngine)
    llm = make_engine(ws.model_copy(update={"openai_api_key": SecretStr("k"), "llm_model": "m"}))
    assert isinstance(llm, LLMEngine) and llm.name == "llm:m"
    with pytest.raises(KeyError):
        make_engine(ws, "no-such-engine")


@pytest.mark.parametrize("cls", [OfflineEngine, LLMEngine, ScriptedEngine])
def test_every_engine_has_the_four_jobs_with_one_signature(cls) -> None:
    for job in JOBS:
        assert inspect.signature(getattr(cls, job)) == inspect.signature(getattr(Engine, job)), (cls, job)


def test_scripted_engine_writes_the_version_and_numbers_stay_the_evidence(ws) -> None:
    offline = open_services(ws).current()
    engine = ScriptedEngine(
        labels=["Scripted label"], personas=[lambda p: p.model_copy(update={"name": "Scripted " + p.name})]
    )
    result = refresh(open_services(ws, engine=engine), force=True)
    ps = result.personas
    assert ps.engine == "scripted" and result.version == offline.version + 1
    assert [c[0] for c in engine.calls] == ["label_themes", "refine_themes", "write_personas"]
    assert ps.themes[0].label == "Scripted label"
    # the writer's names; an offline name cites its top complaint theme, here by its (scripted) label
    assert [p.id for p in ps.personas] == [p.id for p in offline.personas]
    for p, o in zip(ps.personas, offline.personas, strict=True):
        assert p.name == "Scripted " + o.name or (p.name.startswith("Scripted ") and "scripted label" in p.name)
    assert [p.share_customers for p in ps.personas] == [p.share_customers for p in offline.personas]
    assert all(p.engine == "scripted" for p in ps.personas)


def test_verdict_reads_attributes_through_the_engine(ws) -> None:
    engine = ScriptedEngine(extractions=[{"plan": "Starter"}])
    checker = Checker.load(open_services(ws, engine=engine), fresh=True)
    v = checker.check("We are looking at your product.")
    assert engine.calls == [("extract_prospect", "We are looking at your product.")]
    assert v.engine == "scripted" and v.attributes.get("plan") == "Starter"
    assert checker.check("again, unscripted").engine == "offline"  # the queue is empty: offline reading


def test_chat_answers_through_the_engine(ws) -> None:
    engine = ScriptedEngine(chat=["scripted answer"])
    svc = open_services(ws, engine=engine)
    assert list(respond("who are our negative personas?", [], svc)) == ["scripted answer"]
    offline = list(respond("who are our negative personas?", [], svc))  # unscripted: the offline router
    assert svc.current().personas[0].name in offline[-1]


class EchoEngine:
    """A third engine as a newcomer would write it (say, another provider's SDK): one class."""

    name = "echo"

    def __init__(self, settings) -> None:
        self.offline = OfflineEngine(settings)

    def label_themes(self, themes):
        for t in themes:
            t.label = t.label.upper()
        return ["echo labels"]

    def refine_themes(self, briefs):
        return None, []

    def write_personas(self, groups, analysis):
        drafts, notes = self.offline.write_personas(groups, analysis)
        return [p.model_copy(update={"name": f"Echo: {p.name}", "engine": self.name}) for p in drafts], notes

    def extract_prospect(self, text, extractor):
        return extractor.extract(text), self.name, []

    def answer_chat(self, message, history, services) -> Iterator[Reply]:
        yield Reply.of(f"echo: {message}")


def test_a_third_engine_is_one_class_and_one_factory_line(ws, monkeypatch) -> None:
    monkeypatch.setitem(ENGINES, "echo", f"{EchoEngine.__module__}:EchoEngine")  # the one line
    svc = open_services(ws, kind="echo")
    assert isinstance(svc.engine, EchoEngine) and isinstance(svc.engine, Engine)
    ps = refresh(svc, force=True).personas
    assert ps.engine == "echo" and "echo labels" in ps.notes
    assert ps.personas and all(p.name.startswith("Echo: ") for p in ps.personas)
    assert all(t.label == t.label.upper() for t in ps.themes)
    assert Checker.load(svc).check("a 6-person agency on Starter").engine == "echo"
    assert list(respond("hi", [], svc)) == ["echo: hi"]


def test_services_hold_one_store_and_cache_checkers(ws) -> None:
    svc = open_services(ws)
    assert svc.store is svc.store and svc.embedder is svc.store.embedder
    assert Checker.load(svc) is Checker.load(svc)  # one checker per persona version and engine
