"""Verdict latency (in-process, warm) and the served app under concurrent gradio_client users.

1. In-process: `Checker.check` on prospect texts, warm (model and checker loaded), p50/p95.
2. Through the Gradio API: the real app served on 127.0.0.1, N concurrent `gradio_client` users calling
   /check (and /chat with --endpoints check,chat) for a fixed time; p50/p95 per endpoint, error count.
   Loopback only, bounded in time and count; it stops by itself.

The workspace is the bundled examples (ingested and refreshed once into a temp folder).

    .venv/bin/python bench/load.py                       # verdict latency: 16 clients on /check, 30 s
    .venv/bin/python bench/load.py --endpoints check,chat --duration 60   # the 60 s load test
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, record_section  # noqa: E402

PROSPECTS = [
    "Freelance video studio, 3 people, found you through a promo code; we need white-label reports and a discount.",
    "B2B SaaS company with 180 employees, inbound demo, Business plan, annual contract, fast-growing.",
    "Regional hospital group, 12,000 staff, needs on-prem deployment, SSO/SCIM and a security questionnaire.",
    "Online shop selling shoes, 20 employees, wants inventory sync with Shopify and POS.",
    "Agency of 8 people, Starter plan, asks whether we can brand the dashboards with their client's logo.",
    "Fintech scale-up, 350 employees, Growth plan, wants Stripe and QuickBooks sync and revenue dashboards.",
    "Hi, can you send me pricing?",
    "Consulting firm, 5 employees, social ad signup, no onboarding yet, wants a free extension of the trial.",
]
CHATS = ["Who are our negative personas?", "What do customers say about onboarding?", "theme 1"]


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    ap.add_argument("--endpoints", default="check")
    ap.add_argument("--in-process", type=int, default=400, help="warm in-process checks to time")
    args = ap.parse_args()

    import core  # noqa: F401
    from agent.refresh import refresh
    from agent.verdict import Checker
    from core.settings import Settings
    from ingest.pipeline import ingest_paths
    from ui.serve import example_files

    endpoints = args.endpoints.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, workspace=Path(tmp) / "ws")
        ingest_paths(example_files(), settings=settings)
        refresh(settings, force=True)

        checker = Checker.load(settings)
        for t in PROSPECTS:  # warm
            checker.check(t)
        lat = []
        for i in range(args.in_process):
            t0 = time.perf_counter()
            checker.check(PROSPECTS[i % len(PROSPECTS)])
            lat.append((time.perf_counter() - t0) * 1000)
        inproc = (pct(lat, 0.5), pct(lat, 0.95))
        print(f"in-process verdict: p50 {inproc[0]:.1f} ms, p95 {inproc[1]:.1f} ms over {len(lat)} checks")

        from gradio_client import Client

        # the server runs in its own process, as in production: clients in this process must not share its GIL
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "serve", "--port", str(port), "--workspace", str(settings.workspace)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/"
        wait_until = time.perf_counter() + 120
        while time.perf_counter() < wait_until:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        Client(url, verbose=False).predict(PROSPECTS[0], api_name="/check")  # warm the server's models
        results: dict[str, list[float]] = {e: [] for e in endpoints}
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.perf_counter() + args.duration

        def user(n: int) -> None:
            client = Client(url, verbose=False)
            i = n
            while time.perf_counter() < stop_at:
                ep = endpoints[i % len(endpoints)]
                t0 = time.perf_counter()
                try:
                    if ep == "check":
                        client.predict(PROSPECTS[i % len(PROSPECTS)], api_name="/check")
                    else:
                        client.predict(CHATS[i % len(CHATS)], api_name="/chat")
                    with lock:
                        results[ep].append((time.perf_counter() - t0) * 1000)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    with lock:
                        errors.append(f"{ep}: {type(exc).__name__}: {exc}"[:200])
                i += 1

        threads = [threading.Thread(target=user, args=(n,)) for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        server.terminate()
        server.wait(timeout=30)

    rows = []
    for ep, vals in results.items():
        rows.append(f"| /{ep} | {args.clients} | {args.duration:.0f} | {len(vals):,} | {pct(vals, 0.5):.0f} | "
                    f"{pct(vals, 0.95):.0f} | {sum(e.startswith(ep) for e in errors)} |")
        print(f"/{ep}: {len(vals)} calls, p50 {pct(vals, 0.5):.0f} ms, p95 {pct(vals, 0.95):.0f} ms")
    print(f"errors: {len(errors)}", *errors[:5], sep="\n  ")
    title = "Verdict latency and load" if endpoints == ["check"] else "Load test: check and chat"
    body = (
        f"Command: `.venv/bin/python bench/load.py --clients {args.clients} --duration {args.duration:.0f} "
        f"--endpoints {args.endpoints}`\n\nWorkspace: the bundled examples (offline engine). In-process: "
        f"`Checker.check`, warm, {len(lat)} checks: **p50 {inproc[0]:.1f} ms, p95 {inproc[1]:.1f} ms** (goal p95 ≤ 100 ms).\n\n"
        "Through the Gradio API (`antipersona serve` in its own process on 127.0.0.1; `gradio_client` users in another; queue concurrency 8):\n\n"
        "| endpoint | clients | seconds | calls | p50 (ms) | p95 (ms) | errors |\n|---|---:|---:|---:|---:|---:|---:|\n"
        + "\n".join(rows)
    )
    record_section(title, body)


if __name__ == "__main__":
    main()
