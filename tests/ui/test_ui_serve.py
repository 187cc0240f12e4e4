"""`serve`: the auth rule (refuse off loopback without a password), --no-auth, auth on the served app, a bad
schedule refused before start, and the upload size limit enforced by the server."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from ui.serve import check_auth, is_loopback, parse_auth, serve


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.1.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_parse_auth() -> None:
    assert parse_auth(None) is None
    assert parse_auth("ana:s3cret") == ("ana", "s3cret")
    assert parse_auth("ana:pass:with:colons") == ("ana", "pass:with:colons")
    for bad in ("ana", "ana:", ":pw"):
        with pytest.raises(ValueError, match="user:password"):
            parse_auth(bad)


def test_non_loopback_without_auth_refuses_with_a_clear_message(empty_settings, free_port) -> None:
    with pytest.raises(SystemExit) as info:
        serve(empty_settings, host="0.0.0.0", port=free_port, block=False)
    message = str(info.value)
    assert "refusing to serve on 0.0.0.0 without a password" in message
    assert "ANTIPERSONA_AUTH=user:password" in message and "--no-auth" in message
    # nothing was started: the port is still free
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{free_port}/", timeout=2)


def test_loopback_needs_no_auth_and_no_auth_flag_allows_any_host(empty_settings) -> None:
    assert check_auth(empty_settings, "127.0.0.1") is None
    assert check_auth(empty_settings, "localhost") is None
    assert check_auth(empty_settings, "0.0.0.0", no_auth=True) is None
    with_auth = empty_settings.model_copy(update={"auth": SecretStr("ana:s3cret")})
    assert check_auth(with_auth, "0.0.0.0") == ("ana", "s3cret")


def test_no_auth_flag_serves_on_every_interface(empty_settings, free_port, capsys) -> None:
    app, scheduler = serve(empty_settings, host="0.0.0.0", port=free_port, no_auth=True, block=False)
    try:
        assert scheduler is None
        assert httpx.get(f"http://127.0.0.1:{free_port}/config", timeout=10).status_code == 200
        assert f"http://0.0.0.0:{free_port}" in capsys.readouterr().out
    finally:
        app.close()


def test_auth_is_required_by_the_served_app(empty_settings, free_port) -> None:
    settings = empty_settings.model_copy(update={"auth": SecretStr("ana:s3cret")})
    app, _ = serve(settings, host="0.0.0.0", port=free_port, block=False)
    base = f"http://127.0.0.1:{free_port}"
    try:
        assert httpx.get(f"{base}/config", timeout=10).status_code == 401
        with httpx.Client(base_url=base, timeout=10) as client:
            bad = client.post("/login", data={"username": "ana", "password": "wrong"})
            assert bad.status_code >= 400
            ok = client.post("/login", data={"username": "ana", "password": "s3cret"})
            assert ok.status_code == 200
            assert client.get("/config").status_code == 200
    finally:
        app.close()


def test_bad_schedule_refuses_before_starting(empty_settings, free_port) -> None:
    with pytest.raises(SystemExit, match="can't read the interval"):
        serve(empty_settings, port=free_port, refresh_every="soon", block=False)
    with pytest.raises(SystemExit, match="cron"):
        serve(empty_settings, port=free_port, refresh_cron="every monday", block=False)


def test_uploads_are_limited_in_size(empty_settings, free_port) -> None:
    settings = empty_settings.model_copy(update={"max_upload_mb": 1})
    app, _ = serve(settings, port=free_port, block=False)
    try:
        url = f"http://127.0.0.1:{free_port}/gradio_api/upload"
        big = httpx.post(url, files={"files": ("big.csv", b"a,b\n" + b"x" * (2 * 1024 * 1024))}, timeout=30)
        assert big.status_code == 413
        small = httpx.post(url, files={"files": ("small.csv", b"a,b\n1,2\n")}, timeout=30)
        assert small.status_code == 200
    finally:
        app.close()
