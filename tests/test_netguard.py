"""The network guard: off-host connections fail at once, loopback works, subprocesses are guarded too."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import netguard
import pytest
from netguard import NetworkBlocked, guarded_env


@contextlib.contextmanager
def echo_server(family: int = socket.AF_INET, host: str = "127.0.0.1") -> Iterator[int]:
    """A one-thread TCP echo server on loopback; yields its port."""
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.bind((host, 0))
    srv.listen()
    srv.settimeout(0.05)
    port = srv.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                with contextlib.suppress(OSError):
                    conn.sendall(conn.recv(1024))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        thread.join(timeout=5)
        srv.close()


def test_guard_is_installed_for_the_session():
    assert netguard.installed()


@pytest.mark.parametrize("address", [("93.184.216.34", 80), ("10.0.0.1", 80), ("8.8.8.8", 53)])
def test_create_connection_to_public_ip_is_blocked(address):
    t0 = time.monotonic()
    with netguard.expect_blocked() as hits, pytest.raises(NetworkBlocked, match="netguard"):
        socket.create_connection(address, timeout=0.5)
    assert time.monotonic() - t0 < 0.2  # refused before any packet, not a timeout
    assert hits and str(address[1]) in hits[0]


def test_raw_socket_connect_is_blocked_before_sending():
    with netguard.expect_blocked() as hits, socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        with pytest.raises(NetworkBlocked):
            s.connect(("93.184.216.34", 80))
        with pytest.raises(NetworkBlocked):
            s.connect_ex(("10.0.0.1", 80))
        with pytest.raises(OSError):
            s.getpeername()  # never connected
    assert len(hits) == 2


def test_hostname_in_connect_and_lookups_are_blocked():
    with netguard.expect_blocked() as hits:
        with socket.socket() as s, pytest.raises(NetworkBlocked):
            s.connect(("example.com", 80))  # connect() would resolve the name itself
        with pytest.raises(socket.gaierror):
            socket.getaddrinfo("example.com", 443)
        with pytest.raises(OSError):
            socket.gethostbyname("api.openai.com")
        with pytest.raises(OSError):
            socket.create_connection(("api.openai.com", 443), timeout=0.5)
    assert len(hits) == 4


def test_udp_and_ipv6_are_blocked():
    with netguard.expect_blocked() as hits:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s, pytest.raises(NetworkBlocked):
            s.sendto(b"x", ("8.8.8.8", 53))
        if socket.has_ipv6:
            with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s, pytest.raises(NetworkBlocked):
                s.connect(("2606:4700:4700::1111", 443, 0, 0))
    assert hits


def test_swallowed_block_is_still_recorded():
    with netguard.expect_blocked() as hits, contextlib.suppress(OSError):
        socket.create_connection(("10.1.2.3", 443), timeout=0.5)
    assert hits == ["create_connection ('10.1.2.3', 443)"]


def test_openai_client_cannot_reach_the_real_api():
    from openai import APIConnectionError, OpenAI

    client = OpenAI(api_key="sk-test", max_retries=0, timeout=2)
    with netguard.expect_blocked() as hits, pytest.raises(APIConnectionError):
        client.models.list()
    assert any("api.openai.com" in h for h in hits)


def test_loopback_connections_work():
    with echo_server() as port:
        for host in ("127.0.0.1", "localhost"):
            with socket.create_connection((host, port), timeout=2) as c:
                c.sendall(b"ping")
                assert c.recv(4) == b"ping"
        with socket.socket() as c:
            c.settimeout(2)
            assert c.connect_ex(("127.0.0.1", port)) == 0
    assert socket.getaddrinfo("localhost", 80)
    assert socket.getaddrinfo("127.0.0.1", 80)


def test_ipv6_loopback_works():
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with echo_server(socket.AF_INET6, "::1") as port, socket.create_connection(("::1", port), timeout=2) as c:
        c.sendall(b"v6")
        assert c.recv(2) == b"v6"


def test_unix_sockets_work(tmp_path):
    a, b = socket.socketpair()
    with a, b:
        a.sendall(b"hi")
        assert b.recv(2) == b"hi"
    path = str(tmp_path / "s.sock")
    with socket.socket(socket.AF_UNIX) as srv, socket.socket(socket.AF_UNIX) as cli:
        srv.bind(path)
        srv.listen()
        cli.connect(path)


def test_uninstall_and_install_are_idempotent():
    patched = socket.create_connection
    try:
        netguard.uninstall()
        netguard.uninstall()
        assert not netguard.installed()
        assert socket.create_connection is not patched
    finally:
        netguard.install()
        netguard.install()
    assert netguard.installed() and socket.create_connection is patched


def test_guarded_env_scrubs_configuration():
    base = {"PATH": "/usr/bin", "OPENAI_API_KEY": "sk-x", "ANTIPERSONA_WORKSPACE": "w", "CHROMA_HOST": "h",
            "HTTPS_PROXY": "http://proxy:3128", "PYTHONPATH": "/elsewhere"}
    env = guarded_env(base, ANTIPERSONA_WORKSPACE="/tmp/ws")
    assert "OPENAI_API_KEY" not in env and "CHROMA_HOST" not in env and "HTTPS_PROXY" not in env
    assert env["ANTIPERSONA_WORKSPACE"] == "/tmp/ws"
    assert env["HF_HUB_OFFLINE"] == "1"
    parts = env["PYTHONPATH"].split(":")
    assert parts[0] == str(netguard.GUARD_SITE) and parts[-1] == "/elsewhere"


def test_subprocess_with_guarded_env_is_guarded():
    code = (
        "import socket, sys\n"
        "import netguard\n"
        "assert netguard.installed()\n"
        "port = int(sys.argv[1])\n"
        "with socket.create_connection(('127.0.0.1', port), timeout=2) as c:\n"
        "    c.sendall(b'ok'); assert c.recv(2) == b'ok'\n"
        "try:\n"
        "    socket.create_connection(('93.184.216.34', 80), timeout=0.5)\n"
        "except netguard.NetworkBlocked:\n"
        "    print('BLOCKED')\n"
        "    sys.exit(0)\n"
        "print('NOT BLOCKED')\n"
        "sys.exit(3)\n"
    )
    with echo_server() as port:
        proc = subprocess.run([sys.executable, "-c", code, str(port)], env=guarded_env(), capture_output=True,
                              text=True, timeout=30)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "BLOCKED" in proc.stdout
    assert "netguard: blocked create_connection" in proc.stderr
