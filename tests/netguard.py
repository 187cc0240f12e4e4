"""Network guard for the test suite: nothing may leave this machine.

`install()` patches the socket module so that any attempt to reach a non-loopback address fails at once,
before a packet is sent, with `NetworkBlocked` (an `OSError`, so code under test takes the same path it
would take on a machine with no network) and a line on stderr. Allowed: 127.0.0.0/8, ::1, ::ffff:127.x,
the unspecified address (0.0.0.0 / ::, which Linux routes to this host), the name `localhost` (and
`*.localhost`), and every non-IP socket family (AF_UNIX, netlink...).

Patched: `socket.socket.connect`, `connect_ex`, `sendto`, `socket.create_connection`, `socket.getaddrinfo`,
`socket.gethostbyname`, `socket.gethostbyname_ex`. Name look-ups are refused for any non-local hostname
(numeric addresses pass: they need no DNS, and a later connect is checked anyway).

Every blocked attempt is also appended to `blocked`, so a library that swallows the error still gets
caught: tests/conftest.py fails any test that left a new entry there. A test that provokes a block on
purpose wraps it in `with netguard.expect_blocked() as hits:`.

Subprocesses: put tests/guard_site on PYTHONPATH (see `guarded_env()`); its sitecustomize.py calls
`install()` at interpreter start-up.

`uninstall()` restores the originals. Both are idempotent and thread-safe enough for tests.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import socket
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
GUARD_SITE = TESTS_DIR / "guard_site"

# Same pins as core/__init__.py; repeated here so a subprocess is offline even before `core` is imported.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "DO_NOT_TRACK": "1",
    "NO_PROXY": "*",
    "no_proxy": "*",
}
# Removed from a guarded environment: configuration that could point code at a real service or proxy.
SCRUBBED_PREFIXES = ("OPENAI_", "ANTIPERSONA_", "CHROMA_")
SCRUBBED_NAMES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NetworkBlocked(ConnectionRefusedError):
    """Raised instead of opening a connection to a non-loopback address."""


class LookupBlocked(NetworkBlocked, socket.gaierror):
    """Raised instead of resolving a non-local hostname (also a `socket.gaierror`)."""


blocked: list[str] = []  # one entry per blocked attempt, e.g. "connect ('93.184.216.34', 80)"
_lock = threading.Lock()
_originals: dict[str, object] = {}


# -- address checks ----------------------------------------------------------------------------------
def _is_local_host(host: object) -> bool:
    """True for loopback/unspecified IP literals and local names; False for anything needing the network."""
    if host is None:
        return True  # getaddrinfo(None, port): the wildcard / loopback address for bind/listen
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip().rstrip(".").lower()
    if name == "":
        return True  # "" means INADDR_ANY to Python's socket module
    if name in _LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def _is_numeric(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _block(what: str, lookup: bool = False) -> None:
    message = f"netguard: blocked {what} (tests may only reach loopback; see tests/netguard.py)"
    with _lock:
        blocked.append(what)
    with contextlib.suppress(Exception):
        sys.stderr.write(message + "\n")
    if lookup:
        raise LookupBlocked(socket.EAI_NONAME, message)
    raise NetworkBlocked(errno.ECONNREFUSED, message)


def _check_address(family: int, address: object, what: str) -> None:
    if family not in (socket.AF_INET, socket.AF_INET6):
        return  # AF_UNIX and friends never leave the machine
    host = address[0] if isinstance(address, tuple) and address else address
    if not _is_local_host(host):
        _block(f"{what} {address!r}")


# -- patched functions -------------------------------------------------------------------------------
def _connect(self, address):
    _check_address(self.family, address, "connect")
    return _originals["connect"](self, address)


def _connect_ex(self, address):
    _check_address(self.family, address, "connect_ex")
    return _originals["connect_ex"](self, address)


def _sendto(self, data, *args):
    address = args[-1] if args else None
    _check_address(self.family, address, "sendto")
    return _originals["sendto"](self, data, *args)


def _create_connection(address, *args, **kwargs):
    host = address[0] if isinstance(address, tuple) and address else address
    if not _is_local_host(host):
        _block(f"create_connection {address!r}")
    return _originals["create_connection"](address, *args, **kwargs)


def _getaddrinfo(host, *args, **kwargs):
    if not (_is_local_host(host) or _is_numeric(host)):
        _block(f"getaddrinfo {host!r}", lookup=True)
    return _originals["getaddrinfo"](host, *args, **kwargs)


def _gethostbyname(host):
    if not (_is_local_host(host) or _is_numeric(host)):
        _block(f"gethostbyname {host!r}", lookup=True)
    return _originals["gethostbyname"](host)


def _gethostbyname_ex(host):
    if not (_is_local_host(host) or _is_numeric(host)):
        _block(f"gethostbyname_ex {host!r}", lookup=True)
    return _originals["gethostbyname_ex"](host)


_SOCKET_METHODS = {"connect": _connect, "connect_ex": _connect_ex, "sendto": _sendto}
_MODULE_FUNCS = {
    "create_connection": _create_connection,
    "getaddrinfo": _getaddrinfo,
    "gethostbyname": _gethostbyname,
    "gethostbyname_ex": _gethostbyname_ex,
}


def install() -> None:
    """Patch the socket module (idempotent)."""
    with _lock:
        if _originals:
            return
        for name, fn in _SOCKET_METHODS.items():
            _originals[name] = getattr(socket.socket, name)
            setattr(socket.socket, name, fn)
        for name, fn in _MODULE_FUNCS.items():
            _originals[name] = getattr(socket, name)
            setattr(socket, name, fn)


def uninstall() -> None:
    """Restore the socket module (idempotent)."""
    with _lock:
        if not _originals:
            return
        for name in _SOCKET_METHODS:
            setattr(socket.socket, name, _originals[name])
        for name in _MODULE_FUNCS:
            setattr(socket, name, _originals[name])
        _originals.clear()


def installed() -> bool:
    return bool(_originals)


@contextlib.contextmanager
def expect_blocked() -> Iterator[list[str]]:
    """For tests that provoke a block on purpose: yields the attempts blocked inside, then forgets them."""
    with _lock:
        start = len(blocked)
    hits: list[str] = []
    try:
        yield hits
    finally:
        with _lock:
            hits.extend(blocked[start:])
            del blocked[start:]


def guarded_env(base: Mapping[str, str] | None = None, **extra: str) -> dict[str, str]:
    """Environment for a subprocess: netguard installed at start-up, offline pins, no LLM/Chroma/proxy config.

    PYTHONPATH gets tests/guard_site (the guard) and the repo root (so `python -m ui.cli` imports the
    project) in front of any existing value. `extra` is applied last, e.g.
    `guarded_env(OPENAI_BASE_URL=server.base_url, ANTIPERSONA_WORKSPACE=str(ws))`.
    """
    env = dict(os.environ if base is None else base)
    for key in list(env):
        if key.startswith(SCRUBBED_PREFIXES) or key in SCRUBBED_NAMES:
            del env[key]
    env.update(OFFLINE_ENV)
    paths = [str(GUARD_SITE), str(REPO_ROOT)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env
