"""The MCP server, served with the app (`serve(mcp=True)`), driven by the `mcp` package's own client over
streamable HTTP: the tools are listed, each one answers from the workspace, a bad call is a tool error,
and the same API key rule applies (no key: 401)."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from pydantic import SecretStr

from ui.serve import serve

KEY = "mcp-key-" + "c" * 24
PROSPECT = "Agency of 8 people on the Starter plan, wants a discount and someone to set it all up for them."


@pytest.fixture(scope="module")
def served_mcp(tmp_path_factory):
    """A workspace of its own (the test records sales feedback in it), served with a key and --mcp."""
    from tests.ui.conftest import _free_port, build_workspace, wait_for_mapping

    wait_for_mapping()
    settings = build_workspace(tmp_path_factory.mktemp("mcp") / "workspace")
    port = _free_port()
    app, _ = serve(settings.model_copy(update={"api_keys": SecretStr(KEY)}), port=port, block=False, mcp=True)
    try:
        yield f"http://127.0.0.1:{port}/mcp", settings
    finally:
        app.close()


@pytest.fixture(scope="module")
def mcp_url(served_mcp):
    return served_mcp[0]


async def _session(url: str, key: str | None, calls):
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    headers = {"Authorization": f"Bearer {key}"} if key else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=120) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        return await calls(client)


def _run(url, key, calls):
    return asyncio.run(_session(url, key, calls))


def test_round_trip_through_every_tool(served_mcp) -> None:
    from agent.feedback import record_feedback

    mcp_url, settings = served_mcp

    async def calls(client):
        tools = {t.name for t in (await client.list_tools()).tools}
        verdict = await client.call_tool("check_prospect", {"text": PROSPECT})
        # the verdict was logged: sales can give feedback on it, and search_feedback finds that
        record_feedback(settings, verdict.structured_content["id"], "lost", "wanted 40% off the onboarding")
        listed = await client.call_tool("list_personas", {})
        first = listed.structured_content["personas"][0]["id"]
        persona = await client.call_tool("get_persona", {"persona_id": first})
        found = await client.call_tool("search_feedback", {"query": "onboarding is confusing", "k": 3})
        missing = await client.call_tool("get_persona", {"persona_id": "nobody-at-all"})
        empty = await client.call_tool("check_prospect", {"text": "  "})
        return tools, verdict, listed, persona, found, missing, empty

    tools, verdict, listed, persona, found, missing, empty = _run(mcp_url, KEY, calls)
    assert tools == {"check_prospect", "list_personas", "get_persona", "search_feedback"}
    v = verdict.structured_content
    assert not verdict.is_error and v["verdict"] in ("negative", "fit", "unclear") and v["red_flags"]
    assert all(f["evidence"] in PROSPECT for f in v["red_flags"])
    assert listed.structured_content["version"] >= 1
    p = persona.structured_content
    assert p["id"] == listed.structured_content["personas"][0]["id"] and p["narrative"]
    results = found.structured_content["results"]
    assert 1 <= len(results) <= 3 and all(r["record_id"].startswith("T") for r in results)
    sales = found.structured_content["sales_feedback"]
    assert [(f["outcome"], f["note"]) for f in sales] == [("lost", "wanted 40% off the onboarding")]
    from core.store import Store

    records = Store(settings).records.get_many(r["record_id"] for r in results)
    assert all(r["text"] in records[r["record_id"]].text for r in results)  # verbatim
    assert missing.is_error and "no persona 'nobody-at-all'" in missing.content[0].text
    assert empty.is_error and "empty" in empty.content[0].text


def test_the_same_key_rule(mcp_url) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong-wrong-wrong-wrong"}):
        r = httpx.post(
            mcp_url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers=headers, timeout=30
        )
        assert r.status_code == 401 and "ANTIPERSONA_API_KEYS" in r.json()["error"]
    with pytest.raises(BaseException):  # noqa: B017 - the client's own error type for an HTTP 401
        _run(mcp_url, None, lambda client: client.list_tools())


def test_stdio_round_trip_through_the_cli(served_mcp) -> None:
    """`antipersona mcp` started as a subprocess, as an assistant starts a local server; the client speaks
    over its stdin/stdout (any stray print on stdout would break the protocol)."""
    import os
    import sys
    from pathlib import Path

    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    settings = served_mcp[1]
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "ui.cli", "mcp", "--workspace", str(settings.workspace)],
        cwd=str(Path(__file__).resolve().parents[2]),
        env={**os.environ, "ANTIPERSONA_API_KEYS": ""},
    )

    async def run():
        async with Client(params) as client:
            tools = {t.name for t in (await client.list_tools()).tools}
            verdict = await client.call_tool("check_prospect", {"text": PROSPECT})
            return tools, verdict

    tools, verdict = asyncio.run(run())
    assert tools == {"check_prospect", "list_personas", "get_persona", "search_feedback"}
    assert not verdict.is_error and verdict.structured_content["red_flags"]
