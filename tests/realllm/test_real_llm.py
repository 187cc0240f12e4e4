"""The LLM path against a real model (issue 17): llama-cpp-python's server with SmolLM2-135M-Instruct.

Everything goes through the app's own settings (OPENAI_BASE_URL, ANTIPERSONA_LLM_MODEL, ...; see conftest),
and every assertion is one that must hold whatever the model says: quotes verbatim, numbers equal to the
offline engine's, invalid output replaced by the offline text with a note, calls and runs within bounds,
every prompt and reply in the audit log. A recording proxy sits between the app and the server
(tests/realllm/proxy.py).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from agent.chat import RECURSION_LIMIT
from agent.refresh import refresh
from core.settings import Settings
from core.store import Store

pytestmark = pytest.mark.slow

# a quotation in prose (the forms agent.quotes checks), written out here so the test doesn't trust it
QUOTED = re.compile(r'"([^"\n]{3,600})"|“([^“”\n]{3,600})”|«([^«»\n]{3,600})»|‘([^‘’\n]{3,600})’')
PROSPECT = ("We're a 12-person design agency that resells your reports to our clients under our own brand. "
            "We'd need a 40% discount to make it work, and we usually switch tools every few months.")


MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def quotations(text: str) -> list[str]:
    text = MD_ESCAPE.sub(r"\1", text)  # rendered Markdown escapes punctuation: compare the words
    spans = (next(g for g in m.groups() if g is not None) for m in QUOTED.finditer(text))
    return [s.strip("\"'“”‘’«» .…") for s in spans if len(s.split()) >= 3]


def audit_log(settings: Settings) -> list[dict]:
    path = settings.workspace / "llm_log.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def clone(examples_refreshed, tmp_path: Path) -> Path:
    src, _ps = examples_refreshed
    dst = tmp_path / "ws"
    shutil.copytree(src.workspace, dst, ignore=shutil.ignore_patterns(".*.lock", "llm_log.jsonl"))
    return dst


@pytest.fixture(scope="module")
def offline_again(examples_refreshed, tmp_path_factory):
    """The offline engine's second refresh of the examples: what an LLM refresh of the clone must equal
    (a second version differs from the first by design: themes and personas are kept stable across them)."""
    ws = clone(examples_refreshed, tmp_path_factory.mktemp("offline"))
    return refresh(Settings(_env_file=None, workspace=ws), force=True).personas


def numbers(ps) -> dict:
    """Everything in a persona set that must come from the data, not the writer."""
    return {
        "themes": [(t.id, t.size, t.share, t.records, t.customers, t.keywords, [m.model_dump() for m in t.metrics])
                   for t in ps.themes],
        "personas": [
            (p.id, p.segments, p.customers, p.share_customers, p.share_complaints, p.themes,
             [m.model_dump() for m in p.cost], p.confirmed.model_dump() if p.confirmed else None,
             p.exclusion.model_dump() if p.exclusion else None)
            for p in ps.personas
        ],
        "segments": [s.model_dump() for s in ps.segments],
        "baseline": ps.baseline,
        "counts": ps.counts,
    }


def assert_grounded(text: str, store: Store, allowed: str = "") -> None:
    for q in quotations(text):
        assert q in allowed or store.records.find_text(q) is not None, f"invented quotation shown: {q!r}"


def assert_audited(settings: Settings, calls) -> None:
    """Every structured prompt that went over the wire is in the audit log, and every reply the app received
    (a 200 within its timeout; the SDK's own retries of a timeout share one entry)."""
    log = [e for e in audit_log(settings) if e["task"] != "chat"]
    sent = [c for c in calls if not c.request.get("tools")]
    prompts = {(c.request["messages"][0]["content"], c.request["messages"][1]["content"]) for c in sent}
    assert prompts == {(e["request"]["system"], e["request"]["user"]) for e in log}
    assert 0 < len(log) <= len(sent)
    logged = [e["response"] for e in log]
    for c in sent:
        if c.status == 200 and c.seconds < settings.llm_timeout - 1:
            assert c.content() in logged, c.content()[:200]
    assert all(e["error"] or e["response"] for e in log)


def test_refresh_with_llm_labels_and_narratives(examples_refreshed, offline_again, real_env, real_proxy, tmp_path):
    offline = offline_again
    settings = real_env(workspace=clone(examples_refreshed, tmp_path), ANTIPERSONA_LLM_TIMEOUT="240")
    assert settings.llm_enabled and settings.llm_structured == "json_object"
    t0 = time.monotonic()
    ps = refresh(settings, force=True).personas
    took = time.monotonic() - t0
    calls = real_proxy.chat_calls()
    # one label call, one theme-refinement call and one per persona, each repeated at most llm_max_retries
    # times for bad output; after a timeout the breaker skips the rest (each then falls back with a note)
    most = (2 + len(ps.personas)) * (settings.llm_max_retries + 1)
    assert 1 <= len(calls) <= most, (len(calls), most)
    # bounded: no call is waited on past llm_timeout (the SDK retries a timeout llm_max_retries times)
    assert took < len(calls) * settings.llm_timeout + 120, took
    assert all(c.request["response_format"]["type"] == "json_object" for c in calls)
    assert all(c.request.get("max_tokens") or c.request.get("max_completion_tokens") for c in calls)
    # the writer never changes a number, a group or a theme
    assert numbers(ps) == numbers(offline)
    store = Store(settings)
    for p in ps.personas:
        for q in p.quotes:  # stored quotes: verbatim in the record they name
            record = store.records.get(q.record_id)
            assert record is not None and q.text in record.text, (p.id, q)
        for text in (p.name, p.summary, p.narrative, p.why_not_fit, p.what_would_make_fit,
                     *p.warning_signs, *(t.text for t in p.traits)):
            assert_grounded(text, store)
        # an LLM persona, or the offline text with a note saying so
        assert p.engine == settings.engine or "offline text: LLM unavailable" in p.notes, (p.engine, p.notes)
    stored = json.loads((settings.workspace / "personas" / f"v{ps.version:04d}.json").read_text())
    for p in stored["personas"]:
        for q in p["quotes"]:
            record = store.records.get(q["record_id"])
            assert record is not None and q["text"] in record.text, (p["id"], q)
    # what the app shows: the personas page as rendered
    from ui.render import personas_markdown

    assert_grounded(personas_markdown(ps), store)
    assert_audited(settings, calls)
    print(f"\nrefresh with {settings.llm_model}: {took:.1f}s, themes {len(ps.themes)}, "
          f"personas {len(ps.personas)}, notes {ps.notes}")
    print(f"refresh with {settings.llm_model}: {took:.1f}s, {len(calls)} calls, "
          f"per call {[round(c.seconds, 1) for c in calls]}, llm personas "
          f"{sum(p.engine == settings.engine for p in ps.personas)}/{len(ps.personas)}")


def _proposed_quotes(settings: Settings) -> list[tuple[str, str]]:
    """(record id, text) of every quote the model proposed in a persona draft that parsed."""
    out = []
    for e in audit_log(settings):
        if e["task"].startswith("persona:") and not e["error"]:
            for q in json.loads(e["response"]).get("quotes") or []:
                out.append((str(q.get("record_id", "")), str(q.get("text", "")).strip().strip("\"'“”‘’«» ")))
    return out


def test_persona_quotes_the_model_proposes_are_checked(examples_refreshed, real_env, real_proxy, tmp_path,
                                                       monkeypatch):
    """Only the persona writer asks the model here (theme labels and refinement stay offline: one call less
    each, and the label prompt is the slowest): SmolLM2 proposes quotes that are in no record (a sentence of
    the evidence, a record id it made up); none is stored or shown."""
    from agent.engines.llm import LLMEngine
    from ui.render import personas_markdown

    monkeypatch.setattr(LLMEngine, "label_themes", lambda self, themes: [])
    monkeypatch.setattr(LLMEngine, "refine_themes", lambda self, briefs: (None, []))
    ws = clone(examples_refreshed, tmp_path)
    shutil.rmtree(ws / "personas")  # a first refresh: no earlier version's quotes are kept in place of the model's
    settings = real_env(workspace=ws, ANTIPERSONA_LLM_TIMEOUT="300")
    t0 = time.monotonic()
    ps = refresh(settings, force=True).personas
    took = time.monotonic() - t0
    store = Store(settings)
    proposed = _proposed_quotes(settings)
    invented = [(rid, text) for rid, text in proposed
                if (r := store.records.get(rid)) is None or text not in r.text]
    assert invented, f"every quote the model proposed is verbatim: nothing to check ({proposed})"
    for p in ps.personas:
        for q in p.quotes:
            record = store.records.get(q.record_id)
            assert record is not None and q.text in record.text, (p.id, q)
        for text in (p.name, p.summary, p.narrative, p.why_not_fit, p.what_would_make_fit,
                     *p.warning_signs, *(t.text for t in p.traits)):
            assert_grounded(text, store)
    assert_grounded(personas_markdown(ps), store)
    assert any("not verbatim and were replaced" in n for p in ps.personas for n in p.notes)
    print(f"\npersona quotes: {took:.1f}s, {len(real_proxy.chat_calls())} calls, llm personas "
          f"{sum(p.engine == settings.engine for p in ps.personas)}/{len(ps.personas)}, proposed {len(proposed)}, "
          f"not verbatim {len(invented)}: {invented[:3]}")


def test_invalid_output_falls_back_with_a_note(examples_refreshed, offline_again, real_env, real_proxy, tmp_path):
    """A reply cut at 24 tokens is broken JSON from the real server: each writer keeps the offline text and
    says so, and every number stays the offline engine's."""
    offline = offline_again
    settings = real_env(workspace=clone(examples_refreshed, tmp_path), ANTIPERSONA_LLM_MAX_TOKENS="24",
                        ANTIPERSONA_LLM_TIMEOUT="240")
    ps = refresh(settings, force=True).personas
    calls = real_proxy.chat_calls()
    assert calls
    assert numbers(ps) == numbers(offline)
    assert [t.label for t in ps.themes] == [t.label for t in offline.themes]
    assert any(n.startswith("LLM theme labels unavailable") for n in ps.notes)
    for p, before in zip(ps.personas, offline.personas, strict=True):
        assert p.engine == "offline" and "offline text: LLM unavailable" in p.notes
        assert (p.name, p.narrative, p.quotes) == (before.name, before.narrative, before.quotes)
    # each persona writer's cut reply is logged as an error; a cut label reply may still parse (labels nothing:
    # the note above) and "merge nothing" is a complete theme-refinement answer, so those two may not be errors
    writers = [e for e in audit_log(settings) if e.get("task") not in ("theme_label", "theme_refine")]
    assert writers and all(e["error"] for e in writers)
    assert_audited(settings, calls)


def test_json_schema_mode_is_refused_by_llama_cpp_python_and_falls_back(examples_refreshed, real_env,
                                                                        real_proxy, tmp_path):
    """What LangChain sends by default: llama-cpp-python's server answers 500; the fit check says how to fix it."""
    from agent.verdict import Checker

    settings = real_env(workspace=clone(examples_refreshed, tmp_path), ANTIPERSONA_LLM_STRUCTURED="json_schema")
    v = Checker.load(settings).check(PROSPECT)
    calls = real_proxy.chat_calls()
    assert calls and all(c.status == 500 for c in calls) and len(calls) <= settings.llm_max_retries + 1
    assert v.engine == "offline"
    note = next(n for n in v.notes if n.startswith("LLM extraction unavailable"))
    assert "ANTIPERSONA_LLM_STRUCTURED=json_object" in note


def test_fit_check_with_llm_extraction(examples_refreshed, real_env, real_proxy, tmp_path):
    from agent.verdict import Checker

    ws = clone(examples_refreshed, tmp_path)
    offline = Checker.load(Settings(_env_file=None, workspace=ws)).check(PROSPECT)
    settings = real_env(workspace=ws)
    checker = Checker.load(settings)
    t0 = time.monotonic()
    v = checker.check(PROSPECT)
    took = time.monotonic() - t0
    assert took < settings.llm_interactive_timeout + 5, took
    calls = real_proxy.chat_calls()
    assert 1 <= len(calls) <= 2 and calls[0].request["response_format"]["type"] == "json_object"
    if v.engine == "offline":
        assert any(n.startswith("LLM extraction unavailable") for n in v.notes)
    # whatever the model read, an attribute is in the schema, and each shown value stands on the prospect's words
    for flag in v.red_flags:
        assert flag.evidence in PROSPECT or Store(settings).records.find_text(flag.evidence) is not None
    for q in v.evidence:
        assert q.text in Store(settings).records.get(q.record_id).text
    assert set(v.attributes) >= set(offline.attributes)  # the offline extraction underlies the LLM's
    assert_audited(settings, calls)


def _chat(settings, message):
    from agent.engines import open_services
    from ui.render_chat import chat_markdown

    services = open_services(settings)
    t0 = time.monotonic()
    shown = list(chat_markdown(message, [], services))
    return shown, time.monotonic() - t0, services


def test_chat_turn_that_calls_a_tool(examples_refreshed, real_env, real_proxy, tmp_path):
    """SmolLM2 never calls a tool unasked: the proxy forces the first model step into a real tool call (the
    server grammar-constrains it), then the model answers from the tool's result."""
    settings = real_env(workspace=clone(examples_refreshed, tmp_path))
    real_proxy.forcing("search_feedback", limit=1)
    message = "What do customers complain about most? Quote them."
    shown, took, services = _chat(settings, message)
    calls = real_proxy.chat_calls()
    assert calls[0].forced and '"tool_calls"' in calls[0].reply
    assert all(c.status == 200 for c in calls), [c.reply[:300] for c in calls if c.status != 200]
    assert "LLM unavailable" not in shown[-1]  # the model answered after the tool: no fallback
    assert len(calls) >= 2 and any(m.get("role") == "tool" for m in calls[1].request["messages"])
    assert len(calls) <= RECURSION_LIMIT // 2
    assert all(c.seconds < settings.llm_interactive_timeout for c in calls)
    final = shown[-1]
    assert final.strip()
    assert_grounded(final, services.store, allowed=message)
    [entry] = [e for e in audit_log(settings) if e["task"] == "chat"]
    assert [c["name"] for c in entry["request"]["tool_calls"]] == ["search_feedback"]
    assert entry["request"]["tool_results"] and entry["request"]["message"] == message
    answer = calls[-1].content()
    assert (entry["response"] or "").strip() and (answer.strip()[:40] in entry["response"] or entry["error"])
    print(f"\nchat turn: {took:.1f}s, {len(calls)} model calls, per call {[round(c.seconds, 1) for c in calls]}")


def test_chat_tool_loop_is_bounded(examples_refreshed, real_env, real_proxy, tmp_path):
    """A model that keeps calling tools (forced here on every step, up to 12) is stopped by the app's bound."""
    settings = real_env(workspace=clone(examples_refreshed, tmp_path), ANTIPERSONA_LLM_TIMEOUT="300",
                        ANTIPERSONA_LLM_INTERACTIVE_TIMEOUT="600")
    real_proxy.forcing("describe_persona", limit=12)  # a short tool result: each step stays cheap
    shown, took, services = _chat(settings, "Describe the agency persona.")
    calls = real_proxy.chat_calls()
    assert len(calls) <= RECURSION_LIMIT // 2, f"{len(calls)} model calls: the tool loop was not bounded"
    assert "Stopped" in shown[-1] and "offline answer" in shown[-1]
    [entry] = [e for e in audit_log(settings) if e["task"] == "chat"]
    assert "Recursion" in (entry["error"] or "") and len(entry["request"]["tool_calls"]) == len(calls)
    assert_grounded(shown[-1], services.store)


# the answer must open with a quotation of eight words or more: the model chooses the words (no tool result
# in its context to copy from), so what it puts in a customer's mouth is its own
QUOTE_GRAMMAR = r'''
root ::= "One customer wrote: \"" word " " word " " word " " word " " word " " word " " word " " word more "\""
more ::= (" " word)*
word ::= [a-zA-Z,']+
'''


def test_chat_quotation_the_model_writes_is_checked(examples_refreshed, real_env, real_proxy, tmp_path):
    """A quotation the real model writes in a chat answer is shown only if some record holds it verbatim:
    the model's own words are removed (they stay in the audit log)."""
    from agent.quotes import REMOVED

    settings = real_env(workspace=clone(examples_refreshed, tmp_path))
    real_proxy.constraining(QUOTE_GRAMMAR, limit=1)
    message = "What do customers complain about most?"
    shown, took, services = _chat(settings, message)
    calls = real_proxy.chat_calls()
    assert len(calls) == 1 and calls[0].forced and calls[0].status == 200, [c.reply[:300] for c in calls]
    written = quotations(calls[0].content())
    invented = [q for q in written if q not in message and services.store.records.find_text(q) is None]
    assert invented, f"the model's quotation is in a record, nothing to check: {written}"
    final = shown[-1]
    assert all(q not in final for q in invented) and REMOVED in final, final
    assert_grounded(final, services.store, allowed=message)
    [entry] = [e for e in audit_log(settings) if e["task"] == "chat"]
    assert invented[0] in (entry["response"] or "")  # the model's words are kept for the audit, not shown
    print(f"\nchat quotation: {took:.1f}s, the model wrote {written}, shown {final!r}")
