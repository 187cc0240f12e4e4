"""The LLM persona path through the real openai/langchain clients and a scripted server on 127.0.0.1."""

import json

import pytest

from agent.refresh import refresh
from core.store import Store

from .builders import TELCO_OUTCOMES, store_accounts, store_records, telco_accounts
from .feedback_texts import TEXTS, complaint_records

pytestmark = pytest.mark.shared

INVENTED = "This company is a scam and I will sue them"


def _workspace(llm_settings, shared_data):
    df = telco_accounts(shared_data / "telco_churn" / "accounts.csv").head(1500)
    attrs = ["Contract", "PaymentMethod", "InternetService", "SeniorCitizen", "Partner"]
    store_accounts(llm_settings, df, TELCO_OUTCOMES, attrs)
    store_records(llm_settings, complaint_records(df["customer_id"].tolist()))
    return df


def _responder(request):
    """Answer by the schema the client asked for: theme labels, or a persona draft with one invented quote."""
    fmt = request.get("response_format") or {}
    name = (fmt.get("json_schema") or {}).get("name", "")
    user = request.messages[-1]["content"]
    if name == "ThemeLabels":
        ids = [int(x) for x in __import__("re").findall(r'"id": (\d+)', user)]
        return {"labels": [{"id": i, "label": f"LLM Theme {i}"} for i in ids]}
    if name == "ThemeRefinement":
        return {"merges": [], "names": []}
    assert name == "PersonaDraft", name
    data = json.loads(user[user.index("<data>") + 6 : user.index("</data>")])
    cands = data["candidate_quotes"]
    quotes = [{"record_id": cands[0]["record_id"], "text": cands[0]["text"]}] if cands else []
    quotes.append({"record_id": cands[0]["record_id"] if cands else "x", "text": INVENTED})
    return {
        "name": "The Month-to-Month Drifter",
        "summary": "Short-tenure, flexible-contract customers.",
        "narrative": "They join on flexible terms and leave quickly.",
        "traits": [{"category": "behavioural", "text": "month-to-month contract"}],
        "warning_signs": ["Refuses an annual plan"],
        "why_not_fit": "They churn early.",
        "what_would_make_fit": "An onboarding path that proves value in month one.",
        "quotes": quotes,
    }


def test_llm_writes_names_and_prose_but_never_an_invented_quote(llm_settings, openai_server, shared_data):
    _workspace(llm_settings, shared_data)
    openai_server.default = _responder
    ps = refresh(llm_settings, force=True).personas
    assert ps.engine.startswith("llm:")
    reqs = openai_server.chat_requests
    assert reqs and all(r["response_format"]["type"] == "json_schema" for r in reqs)
    # untrusted customer text only travels inside the delimited data block
    for r in reqs:
        system, user = r.messages[0]["content"], r.messages[-1]["content"]
        assert "<data>" in user and "</data>" in user
        inside = user[user.index("<data>") : user.index("</data>")]
        for text in TEXTS:  # customer text appears only inside the data block, never in instructions
            fragment = text[:30]
            assert fragment not in system
            assert user.count(fragment) == inside.count(fragment)
        assert any(t[:30] in inside for t in TEXTS)
    store = Store(llm_settings)
    # the LLM names every persona alike: the first keeps it, the others get a variant (unique in a version)
    names = [p.name for p in ps.personas]
    assert names and names[0] == "The Month-to-Month Drifter" and len(set(names)) == len(names)
    assert all(n.startswith("The Month-to-Month Drifter") for n in names)
    for p in ps.personas:
        assert all(INVENTED not in q.text for q in p.quotes)
        for q in p.quotes:
            assert q.text in store.records.get(q.record_id).text
    assert any("not verbatim" in n for p in ps.personas for n in p.notes)
    assert any(t.label.startswith("LLM Theme") for t in ps.themes)
    # nothing invented in any output: the persona file and the audit log's stored quotes
    stored = (llm_settings.workspace / "personas" / "v0001.json").read_text()
    assert INVENTED not in json.dumps(json.loads(stored)["personas"])
    log = (llm_settings.workspace / "llm_log.jsonl").read_text().splitlines()
    assert len(log) == len(reqs) and all(json.loads(line)["task"] for line in log)


def test_llm_failure_falls_back_to_offline_text_with_a_note(llm_settings, openai_server, shared_data):
    from fakes.openai_server import server_error

    _workspace(llm_settings, shared_data)
    openai_server.default = lambda request: server_error(500)
    ps = refresh(llm_settings.model_copy(update={"llm_max_retries": 0}), force=True).personas
    assert ps.personas
    assert all(p.engine == "offline" for p in ps.personas)
    assert any("LLM" in n and "offline" in n for n in ps.notes)


def test_an_llm_name_a_person_would_not_write_keeps_the_offline_name(
    llm_settings, openai_server, shared_data
):
    """The LLM proposes the name; a condition list with a raw value is checked out and the offline one kept."""
    from agent import persona_names

    _workspace(llm_settings, shared_data)

    def bad_names(request):
        out = _responder(request)
        if "name" in out:
            out["name"] = "Senior citizen: 1.0, Month-to-month contract, no backup"
        return out

    openai_server.default = bad_names
    ps = refresh(llm_settings, force=True).personas
    assert ps.personas and all(p.engine.startswith("llm:") for p in ps.personas)
    for p in ps.personas:
        assert ":" not in p.name and persona_names.check_name(p.name) is None, p.name
    assert any("LLM name" in n and "holds a colon" in n for n in ps.notes)
