"""`antipersona serve` as a user starts it (a subprocess): off loopback it refuses to start without
ANTIPERSONA_AUTH or --no-auth; with a password every route needs it; uploads are limited in size
(ANTIPERSONA_MAX_UPLOAD_MB, enforced by the server) and in type (the Data tab's ingest). In-process
coverage of the same rules: tests/ui/test_ui_serve.py and tests/ui/test_ui_app.py.
"""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from reliability_helpers import cli_env, finish, run_cli, start_cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_off_loopback_without_a_password_refuses_to_start(host: str, tmp_path) -> None:
    port = free_port()
    t0 = time.monotonic()
    res = run_cli("serve", "--host", host, "--port", str(port), "--workspace", str(tmp_path / "ws"), timeout=60)
    assert res.returncode != 0
    out = res.stdout + res.stderr
    assert f"refusing to serve on {host} without a password" in out
    assert "ANTIPERSONA_AUTH=user:password" in out and "--no-auth" in out
    assert "Traceback" not in out
    assert time.monotonic() - t0 < 30  # refused before loading the app
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)


def test_a_malformed_password_setting_refuses_to_start(tmp_path) -> None:
    res = run_cli("serve", "--host", "0.0.0.0", "--port", str(free_port()), "--workspace", str(tmp_path / "ws"),
                  env=cli_env(ANTIPERSONA_AUTH="no-colon-here"), timeout=60)
    assert res.returncode != 0 and "user:password" in res.stdout + res.stderr
    assert "Traceback" not in res.stdout + res.stderr


def _wait_up(proc, base: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, finish(proc)[2][-3000:]
        try:
            httpx.get(f"{base}/config", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.25)
    raise AssertionError("the server never answered")


def _stop(proc) -> str:
    """Stop the server; returns what it printed."""
    proc.terminate()
    try:
        out, err = proc.communicate(timeout=20)
    except Exception:
        proc.kill()
        out, err = proc.communicate(timeout=20)
    return out + err


@pytest.mark.slow
def test_served_with_a_password_and_upload_limits(tmp_path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = cli_env(ANTIPERSONA_AUTH="ana:s3cret:with:colons", ANTIPERSONA_MAX_UPLOAD_MB="1")
    proc = start_cli("serve", "--host", "0.0.0.0", "--port", str(port), "--workspace", str(tmp_path / "ws"),
                     env=env)
    try:
        _wait_up(proc, base)
        assert httpx.get(f"{base}/config", timeout=10).status_code == 401
        upload = f"{base}/gradio_api/upload"
        small = {"files": ("tickets.csv", b"id,text\n1,the export fails\n")}
        assert httpx.post(upload, files=small, timeout=30).status_code in (401, 403)
        with httpx.Client(base_url=base, timeout=30) as client:
            assert client.post("/login", data={"username": "ana", "password": "wrong"}).status_code >= 400
            assert client.get("/config").status_code == 401
            assert client.post("/login", data={"username": "ana", "password": "s3cret:with:colons"}).status_code == 200
            assert client.get("/config").status_code == 200
            big = {"files": ("big.csv", b"id,text\n" + b"x" * (2 * 1024 * 1024))}
            assert client.post("/gradio_api/upload", files=big).status_code == 413
            assert client.post("/gradio_api/upload", files=small).status_code == 200

            from gradio_client import Client, handle_file

            exe = tmp_path / "payload.exe"
            exe.write_bytes(b"MZ\x90\x00" + bytes(100))
            app = Client(base, auth=("ana", "s3cret:with:colons"), verbose=False)
            with pytest.raises(Exception, match="Not a supported file type|Invalid file type"):
                app.predict([handle_file(str(exe))], "auto", False, api_name="/ingest")
    finally:
        printed = _stop(proc)
    # (Gradio logs the refused upload with its own traceback: a handled error, not a crash)
    assert f"antipersona is running at http://0.0.0.0:{port}" in printed


@pytest.mark.slow
def test_no_auth_flag_serves_off_loopback(tmp_path) -> None:
    port = free_port()
    proc = start_cli("serve", "--host", "0.0.0.0", "--port", str(port), "--no-auth", "--workspace",
                     str(tmp_path / "ws"))
    try:
        _wait_up(proc, f"http://127.0.0.1:{port}")
        assert httpx.get(f"http://127.0.0.1:{port}/config", timeout=10).status_code == 200
    finally:
        _stop(proc)


def _listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp) of the sockets listening on `port`."""
    out = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]  # noqa: SIM115
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, _, hexport = local.rpartition(":")
            if state == "0A" and int(hexport, 16) == port:  # 0A = LISTEN
                out.add(addr)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("host", ["", "  "])
def test_an_empty_host_binds_loopback_whatever_gradio_server_name_says(host: str, tmp_path) -> None:
    """Gradio reads GRADIO_SERVER_NAME for an empty name: the address bound must be the one checked."""
    port = free_port()
    env = cli_env(GRADIO_SERVER_NAME="0.0.0.0")
    proc = start_cli("serve", "--host", host, "--port", str(port), "--workspace", str(tmp_path / "ws"), env=env)
    try:
        _wait_up(proc, f"http://127.0.0.1:{port}")
        assert _listening_addresses(port) == {"0100007F"}, _listening_addresses(port)
    finally:
        out = _stop(proc)
    if "is running at" in out:  # printed after the server answers: the test may stop it before
        assert f"is running at http://127.0.0.1:{port}" in out


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_an_impossible_port_is_a_message(port: str, tmp_path) -> None:
    res = run_cli("serve", "--port", port, "--workspace", str(tmp_path / "ws"), timeout=60)
    out = res.stdout + res.stderr
    assert res.returncode != 0 and "--port" in out and "Traceback" not in out


@pytest.mark.parametrize("every", ["99999999999h", "9" * 400 + "s", "400d"])
def test_an_impossible_refresh_interval_is_a_message(every: str, tmp_path) -> None:
    """`--refresh-every 99999999999h` overflowed inside APScheduler with a traceback (#13)."""
    res = run_cli("serve", "--refresh-every", every, "--workspace", str(tmp_path / "ws"), timeout=60)
    out = res.stdout + res.stderr
    assert res.returncode != 0 and "longer than a year" in out and "Traceback" not in out, out[-2000:]


@pytest.mark.slow
def test_sign_in_is_throttled_per_client_and_logged(tmp_path) -> None:
    """100 wrong passwords in a few seconds, then the right one, used to get in (#18): after 5 failures in a
    minute the client gets 429 (the right password too) and each failure is logged with its address."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = cli_env(ANTIPERSONA_AUTH="ana:s3cret")
    proc = start_cli("serve", "--port", str(port), "--workspace", str(tmp_path / "ws"), env=env)
    try:
        _wait_up(proc, base)
        with httpx.Client(base_url=base, timeout=30) as client:
            codes = [client.post("/login", data={"username": "ana", "password": f"guess{i}"}).status_code
                     for i in range(20)]
            assert all(400 <= c < 429 for c in codes[:5]) and set(codes[5:]) == {429}, codes
            right = client.post("/login", data={"username": "ana", "password": "s3cret"})
            assert right.status_code == 429 and int(right.headers["retry-after"]) > 0
            assert client.get("/config").status_code == 401
    finally:
        printed = _stop(proc)
    assert "failed sign-in from 127.0.0.1" in printed and "sign-in refused for 127.0.0.1" in printed
