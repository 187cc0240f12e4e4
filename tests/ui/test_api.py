"""The JSON API against the really served app (uvicorn on 127.0.0.1, httpx over TCP): the key check on every
route, each route's answer, its JSON errors (400, 401, 404, 413, 415, 503) and a refresh job to its end;
and the bind rule (no key and no password off loopback: refused; password only: the API stays closed)."""

from __future__ import annotations

import time

import httpx
import pytest
from pydantic import SecretStr

from ui.api_auth import ApiAuth, parse_keys
from ui.serve import check_auth, serve

KEY, KEY2 = "k-" + "a" * 30, "k-" + "b" * 30
GOOD = {"Authorization": f"Bearer {KEY}"}
PROSPECT = "Agency of 8 people on the Starter plan, wants a discount and someone to set it all up for them."

ROUTES = [
    ("POST", "/api/v1/check", {"text": PROSPECT}),
    ("POST", "/api/v1/check/batch", [PROSPECT]),
    ("GET", "/api/v1/personas", None),
    ("GET", "/api/v1/personas/x", None),
    ("GET", "/api/v1/themes", None),
    ("GET", "/api/v1/records/T001", None),
    ("POST", "/api/v1/refresh", {}),
    ("GET", "/api/v1/jobs/x", None),
    ("POST", "/api/v1/feedback", {"verdict_id": "vd-x", "outcome": "won"}),
    ("GET", "/api/v1/no-such-route", None),
]


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """A workspace of its own (the refresh job writes a version), served with two API keys and a 1 MB limit."""
    from tests.ui.conftest import _free_port, build_workspace, wait_for_mapping

    wait_for_mapping()
    settings = build_workspace(tmp_path_factory.mktemp("api") / "workspace").model_copy(
        update={"api_keys": SecretStr(f"{KEY}, {KEY2}"), "max_upload_mb": 1}
    )
    port = _free_port()
    app, _ = serve(settings, host="127.0.0.1", port=port, block=False)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            client.settings = settings
            yield client
    finally:
        app.close()


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_refuses_without_the_right_key(api, method, path, body) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer wrong-key-wrong-key"},
        {"Authorization": f"Basic {KEY}"},
        {"Authorization": KEY},
        {"Authorization": f"Bearer {KEY}x"},
    ):
        r = api.request(method, path, json=body, headers=headers)
        assert r.status_code == 401, (path, headers, r.text)
        assert r.json()["status"] == 401 and "Bearer" in r.json()["error"]
        assert r.headers["www-authenticate"].startswith("Bearer")


def test_either_key_opens_and_docs_are_public(api) -> None:
    for key in (KEY, KEY2):
        assert api.get("/api/v1/personas", headers={"Authorization": f"bearer {key}"}).status_code == 200
    docs = api.get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    schema = api.get("/api/openapi.json").json()
    assert {
        "/v1/check",
        "/v1/check/batch",
        "/v1/personas/{persona_id}",
        "/v1/refresh",
        "/v1/jobs/{job_id}",
    } <= set(schema["paths"])
    assert api.get("/").status_code == 200  # the web app is still served by the same server


def test_check_returns_the_verdict_with_quotes_that_resolve_to_records(api) -> None:
    r = api.post("/api/v1/check", json={"text": PROSPECT}, headers=GOOD)
    assert r.status_code == 200, r.text
    v = r.json()
    assert v["verdict"] in ("negative", "fit", "unclear") and 0 <= v["score"] <= 1
    assert v["personas_version"] >= 1
    assert v["red_flags"], v  # the Starter agency pattern of the workspace
    for flag in v["red_flags"]:
        assert flag["evidence"] in PROSPECT  # the prospect's own words
    for quote in v["evidence"]:
        record = api.get(f"/api/v1/records/{quote['record_id']}", headers=GOOD).json()
        assert quote["text"] in record["text"]  # verbatim


def test_check_errors(api) -> None:
    cases = [
        ({"text": "   "}, 400, "empty"),
        ({"txt": PROSPECT}, 400, "text"),
        ({"text": "x" * 20_001}, 413, "too long"),
    ]
    for body, status, words in cases:
        r = api.post("/api/v1/check", json=body, headers=GOOD)
        assert (r.status_code, r.json()["status"]) == (status, status), r.text
        assert words in r.json()["error"]
    r = api.post("/api/v1/check", content=b"{not json", headers={**GOOD, "content-type": "application/json"})
    assert r.status_code == 400
    big = b'{"text": "' + b"a" * (1024 * 1024 + 10) + b'"}'
    r = api.post("/api/v1/check", content=big, headers={**GOOD, "content-type": "application/json"})
    assert r.status_code == 413 and "1 MB" in r.json()["error"]

    def chunks():  # no Content-Length: the limit is counted while the body streams in
        yield b'{"text": "'
        for _ in range(20):
            yield b"a" * 65536
        yield b'"}'

    r = api.post("/api/v1/check", content=chunks(), headers={**GOOD, "content-type": "application/json"})
    assert r.status_code == 413 and "1 MB" in r.json()["error"], r.text


def test_batch_from_a_json_list_csv_and_multipart(api) -> None:
    fit = "Fintech scale-up, 350 employees, Enterprise plan, needs SSO with Okta and audit logs."
    r = api.post("/api/v1/check/batch", json=[PROSPECT, {"id": "L2", "text": fit}], headers=GOOD)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["count"] == 2 and [x["lead_id"] for x in out["results"]] == [None, "L2"]
    single = api.post("/api/v1/check", json={"text": fit}, headers=GOOD).json()
    assert out["results"][1]["verdict"] == single["verdict"] and out["results"][1]["score"] == pytest.approx(
        single["score"]
    )
    csv = f'id,company,description\nA1,Acme,"{PROSPECT}"\nA2,Big Co,"{fit}"\n'
    r = api.post(
        "/api/v1/check/batch?text_column=description",
        content=csv.encode(),
        headers={**GOOD, "content-type": "text/csv"},
    )
    assert r.status_code == 200, r.text
    assert [x["lead_id"] for x in r.json()["results"]] == ["A1", "A2"]
    assert [x["score"] for x in r.json()["results"]] == [x["score"] for x in out["results"]]
    r = api.post(
        "/api/v1/check/batch",
        files={"file": ("leads.csv", csv.encode(), "text/csv")},
        data={"text_column": "description"},
        headers=GOOD,
    )
    assert r.status_code == 200 and r.json()["count"] == 2, r.text


def test_batch_errors(api) -> None:
    cases = [
        ({"json": {"text": PROSPECT}}, 400),  # not a list
        ({"json": []}, 400),
        ({"json": [PROSPECT, ""]}, 400),
        ({"json": [1, 2]}, 400),
        ({"json": ["a lead"] * 10_001}, 413),
        ({"content": b"x", "headers": {"content-type": "application/xml"}}, 415),
        (
            {
                "content": b"a,b\n1,2\n",
                "headers": {"content-type": "text/csv"},
                "params": {"text_column": "nope"},
            },
            400,
        ),
    ]
    for kwargs, status in cases:
        headers = {**GOOD, **kwargs.pop("headers", {})}
        r = api.post("/api/v1/check/batch", headers=headers, **kwargs)
        assert r.status_code == status, (kwargs, r.text)
        assert r.json()["status"] == status and r.json()["error"]
    r = api.post(
        "/api/v1/check/batch",
        content=b"a,b\n1,2\n",
        params={"text_column": "nope"},
        headers={**GOOD, "content-type": "text/csv"},
    )
    assert "no column 'nope'" in r.json()["error"] and "/tmp" not in r.json()["error"]


def test_personas_themes_records_and_404s(api) -> None:
    listed = api.get("/api/v1/personas", headers=GOOD).json()
    assert listed["version"] >= 1 and listed["personas"], listed
    first = listed["personas"][0]
    full = api.get(f"/api/v1/personas/{first['id']}", headers=GOOD).json()
    assert full["id"] == first["id"] and full["name"] == first["name"] and "narrative" in full
    for q in full["quotes"]:
        assert q["text"] in api.get(f"/api/v1/records/{q['record_id']}", headers=GOOD).json()["text"]
    themes = api.get("/api/v1/themes", headers=GOOD).json()
    assert themes["themes"] and {"id", "label", "keywords", "size"} <= set(themes["themes"][0])
    tl = themes["timeline"]  # the Themes tab's chart as data: every count adds up, or it says why there is none
    assert tl["reason"] or (tl["periods"] and tl["series"])
    for line in tl["series"]:
        assert len(line["counts"]) == len(tl["periods"]) and sum(line["counts"]) == line["total"]
    assert sum(line["total"] for line in tl["series"]) == tl["dated"]
    record = api.get("/api/v1/records/T001", headers=GOOD).json()
    assert record["id"] == "T001" and record["customer_id"] == "C001"
    for path, words in [
        ("/api/v1/personas/nobody", "no persona 'nobody'"),
        ("/api/v1/records/T999", "no record"),
        ("/api/v1/jobs/abc", "no job"),
        ("/api/v1/nothing", "no such route"),
    ]:
        r = api.get(path, headers=GOOD)
        assert (r.status_code, r.json()["status"]) == (404, 404) and words in r.json()["error"], r.text


def test_refresh_job_runs_to_a_new_version_and_503_while_the_lock_is_held(api) -> None:
    from core.workspace import Workspace

    before = api.get("/api/v1/personas", headers=GOOD).json()["version"]
    with Workspace(api.settings.workspace).lock("refresh"):  # as the scheduler or a CLI refresh would
        r = api.post("/api/v1/refresh", json={"force": True}, headers=GOOD)
        assert r.status_code == 503 and r.headers["retry-after"] and "refresh is running" in r.json()["error"]
    r = api.post("/api/v1/refresh", json={"force": True}, headers=GOOD)
    assert r.status_code == 202, r.text
    job_id = r.json()["job_id"]
    assert r.json()["url"] == f"/api/v1/jobs/{job_id}"
    deadline = time.monotonic() + 300
    while (job := api.get(f"/api/v1/jobs/{job_id}", headers=GOOD).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert job["status"] == "done", job
    assert job["result"]["version"] == before + 1 and not job["result"]["skipped"] and job["steps"]
    assert api.get("/api/v1/personas", headers=GOOD).json()["version"] == before + 1
    bad = api.post("/api/v1/refresh", json={"k": 1}, headers=GOOD)
    assert bad.status_code == 400 and "k" in bad.json()["error"]


def test_feedback_on_a_checked_verdict(api) -> None:
    verdict = api.post("/api/v1/check", json={"text": PROSPECT + " (feedback)"}, headers=GOOD).json()
    assert verdict["id"].startswith("vd-")
    body = {
        "verdict_id": verdict["id"],
        "outcome": "we won them",
        "note": "signed a yearly plan",
        "customer_id": "C9",
    }
    r = api.post("/api/v1/feedback", json=body, headers=GOOD)
    assert r.status_code == 201, r.text
    stored = r.json()
    assert (stored["outcome"], stored["note"], stored["source"], stored["customer_id"]) == (
        "won",
        "signed a yearly plan",
        "api",
        "C9",
    )
    from core.store import Store

    assert [f["id"] for f in Store(api.settings).records.feedback()] == [
        stored["id"]
    ]  # durable, in the workspace
    cases = [
        ({"verdict_id": "vd-000000000000", "outcome": "won"}, 404, "no verdict"),
        ({"verdict_id": verdict["id"], "outcome": "maybe"}, 400, "unknown feedback"),
        ({"verdict_id": verdict["id"], "outcome": "note"}, 400, "needs its text"),
        ({"verdict_id": verdict["id"]}, 400, "outcome"),
    ]
    for body, status, words in cases:
        r = api.post("/api/v1/feedback", json=body, headers=GOOD)
        assert r.status_code == status and words in r.json()["error"], r.text


def test_keys_are_parsed_and_compared_whole() -> None:
    assert parse_keys(f" {KEY} ,, {KEY2} ") == (KEY, KEY2)
    with pytest.raises(ValueError, match="16 characters"):
        parse_keys("short")
    auth = ApiAuth((KEY,))
    assert auth.allows(f"Bearer {KEY}") and not auth.allows(f"Bearer {KEY[:-1]}") and not auth.allows(None)
    assert auth.password_ok("anyone", KEY) and not auth.password_ok("anyone", "nope")
    assert ApiAuth((), open_without_key=True).allows(None)
    assert not ApiAuth((), open_without_key=False).allows(f"Bearer {KEY}")


def test_bind_rule_with_keys_and_passwords(empty_settings) -> None:
    with pytest.raises(ValueError, match="ANTIPERSONA_API_KEYS"):
        check_auth(empty_settings, "0.0.0.0")
    keyed = empty_settings.model_copy(update={"api_keys": SecretStr(KEY)})
    login = check_auth(keyed, "0.0.0.0")  # keys only: the page's sign-in takes a key as the password
    assert callable(login) and login("ana", KEY) and not login("ana", "guess")
    assert check_auth(keyed, "127.0.0.1") is None


def test_password_only_off_loopback_keeps_the_api_closed(empty_settings, free_port) -> None:
    settings = empty_settings.model_copy(update={"auth": SecretStr("ana:s3cret-pass")})
    app, _ = serve(settings, host="0.0.0.0", port=free_port, block=False)
    try:
        r = httpx.get(f"http://127.0.0.1:{free_port}/api/v1/personas", timeout=30)
        assert r.status_code == 401 and "ANTIPERSONA_API_KEYS" in r.json()["error"]
    finally:
        app.close()


def test_loopback_without_keys_is_open(empty_settings, free_port) -> None:
    app, _ = serve(empty_settings, host="127.0.0.1", port=free_port, block=False)
    try:
        r = httpx.get(f"http://127.0.0.1:{free_port}/api/v1/personas", timeout=30)
        assert r.status_code == 200 and r.json()["personas"] == [] and r.json()["version"] is None
        r = httpx.post(f"http://127.0.0.1:{free_port}/api/v1/check", json={"text": PROSPECT}, timeout=60)
        assert r.status_code == 200 and r.json()["personas_version"] is None
    finally:
        app.close()


def test_concurrent_checks_are_coalesced_into_one_run_and_answer_as_alone(ui_settings, monkeypatch) -> None:
    import threading

    from agent.engines import open_services
    from agent.verdict import Checker
    from ui.api_batcher import CheckBatcher

    services = open_services(ui_settings)
    texts = [f"{PROSPECT} Request {i}." for i in range(12)] + [
        "Fintech, 350 employees, Enterprise plan, SSO."
    ]
    alone = [Checker.load(services).check(t) for t in texts]
    real, sizes, release = Checker.check_many, [], threading.Event()

    def watched(self, batch, explain=True):
        sizes.append(len(batch))
        release.wait(30)  # the first run holds until every request is queued
        return real(self, batch, explain)

    monkeypatch.setattr(Checker, "check_many", watched)
    batcher = CheckBatcher(services)
    futures = [batcher.submit(t) for t in texts]
    release.set()
    got = [f.result(60) for f in futures]
    # one run for the first request (or all, if the worker woke late), one for all those queued behind it
    assert sum(sizes) == len(texts) and len(sizes) <= 2 and max(sizes) >= len(texts) - 1, sizes
    for a, b in zip(alone, got, strict=True):
        assert (b.id, b.verdict, b.persona_id) == (a.id, a.verdict, a.persona_id)
        assert b.score == pytest.approx(a.score, abs=1e-6)
        assert [f.evidence for f in b.red_flags] == [f.evidence for f in a.red_flags]
    assert services.store.records.verdict(got[0].id) is not None  # logged, so feedback can name it
