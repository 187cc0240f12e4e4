"""Verdict latency (in-process, warm), the JSON API and the Gradio API under concurrent clients.

1. In-process: `Checker.check` on prospect texts, warm (model and checker loaded), p50/p95.
2. The served app (`antipersona serve` in its own process on 127.0.0.1, with an API key), then in the same
   run, one after the other for the same time each:
   - api: N concurrent clients (one `httpx.Client` each, keep-alive) calling `POST /api/v1/check`;
   - gradio: N concurrent `gradio_client` users calling the app's /check (and /chat with
     --endpoints check,chat).
   p50/p95 per target and endpoint, error count, and the load average before and after (the machine is
   shared: say so). Loopback only, bounded in time and count; it stops by itself.

The workspace is the bundled examples (ingested and refreshed once into a temp folder).

    .venv/bin/python bench/load.py --duration 60                     # API and Gradio /check, 16 clients each
    .venv/bin/python bench/load.py --targets gradio --endpoints check,chat --duration 60
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


KEY = "bench-key-" + "x" * 24


def run_users(clients: int, duration: float, make_user) -> tuple[dict[str, list[float]], list[str]]:
    """`clients` threads, each calling `make_user(n)` once for its call function `call(i) -> endpoint name`,
    then calling it in a loop for `duration` seconds. Latencies per endpoint (ms) and errors."""
    results: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + duration

    def user(n: int) -> None:
        try:
            call = make_user(n)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(f"connect: {type(exc).__name__}: {exc}"[:200])
            return
        i = n
        while time.perf_counter() < stop_at:
            t0 = time.perf_counter()
            try:
                ep = call(i)
                with lock:
                    results.setdefault(ep, []).append((time.perf_counter() - t0) * 1000)
            except Exception as exc:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])
            i += 1

    threads = [threading.Thread(target=user, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def api_user(url: str):
    import httpx

    def make(_n: int):
        client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {KEY}"}, timeout=60)

        def call(i: int) -> str:
            r = client.post("/api/v1/check", json={"text": PROSPECTS[i % len(PROSPECTS)]})
            if r.status_code != 200 or "verdict" not in r.json():
                raise RuntimeError(f"HTTP {r.status_code}: {r.text[:120]}")
            return "POST /api/v1/check"

        return call

    return make


def gradio_user(url: str, endpoints: list[str]):
    from gradio_client import Client

    def make(_n: int):
        client = Client(url, verbose=False)

        def call(i: int) -> str:
            ep = endpoints[i % len(endpoints)]
            if ep == "check":
                client.predict(PROSPECTS[i % len(PROSPECTS)], api_name="/check")
            else:
                client.predict(CHATS[i % len(CHATS)], api_name="/chat")
            return f"Gradio /{ep}"

        return call

    return make


def start_server(workspace: Path) -> tuple[subprocess.Popen, str]:
    """`antipersona serve` in its own process, as in production: clients here must not share its GIL."""
    import os

    port = free_port()
    env = {**os.environ, "ANTIPERSONA_API_KEYS": KEY}
    server = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve", "--port", str(port), "--workspace", str(workspace)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    wait_until = time.perf_counter() + 120
    while time.perf_counter() < wait_until:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    return server, f"http://127.0.0.1:{port}/"


def load() -> str:
    import os

    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of load, per target")
    ap.add_argument("--targets", default="api,gradio", help="api, gradio or both (one after the other)")
    ap.add_argument("--endpoints", default="check", help="Gradio endpoints: check or check,chat")
    ap.add_argument("--in-process", type=int, default=400, help="warm in-process checks to time")
    args = ap.parse_args()

    import core  # noqa: F401
    from agent.refresh import refresh
    from agent.verdict import Checker
    from core.settings import Settings
    from ingest.pipeline import ingest_paths
    from ui.serve import example_files

    targets = args.targets.split(",")
    endpoints = args.endpoints.split(",")
    runs: list[tuple[str, dict[str, list[float]], list[str], str, str]] = []
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

        import httpx
        from gradio_client import Client

        server, url = start_server(settings.workspace)
        try:
            # warm the server's models through both doors
            httpx.post(url + "api/v1/check", json={"text": PROSPECTS[0]}, headers={"Authorization": f"Bearer {KEY}"},
                       timeout=120).raise_for_status()
            Client(url, verbose=False).predict(PROSPECTS[0], api_name="/check")
            for target in targets:
                before = load()
                make = api_user(url) if target == "api" else gradio_user(url, endpoints)
                results, errors = run_users(args.clients, args.duration, make)
                runs.append((target, results, errors, before, load()))
                for ep, vals in results.items():
                    print(f"{ep}: {len(vals)} calls, p50 {pct(vals, 0.5):.0f} ms, p95 {pct(vals, 0.95):.0f} ms")
                print(f"{target} errors: {len(errors)}", *errors[:5], sep="\n  ")
                print(f"load average before/after (1/5/15 min): {before} → {runs[-1][4]}")
        finally:
            server.terminate()
            server.wait(timeout=30)

    rows = []
    for target, results, errors, before, after in runs:
        for ep, vals in results.items():
            rows.append(f"| {ep} | {args.clients} | {args.duration:.0f} | {len(vals):,} | {pct(vals, 0.5):.0f} | "
                        f"{pct(vals, 0.95):.0f} | {len(errors) if len(results) == 1 else '—'} | {before} → {after} |")
        if len(results) != 1:
            rows.append(f"| {target} (all) | | | | | | {len(errors)} | |")
    title = "JSON API and Gradio under load" if "api" in targets else "Load test: check and chat"
    body = (
        f"Command: `.venv/bin/python bench/load.py --clients {args.clients} --duration {args.duration:.0f} "
        f"--targets {args.targets} --endpoints {args.endpoints}`\n\nWorkspace: the bundled examples (offline engine). "
        f"In-process: `Checker.check`, warm, {len(lat)} checks: **p50 {inproc[0]:.1f} ms, p95 {inproc[1]:.1f} ms**.\n\n"
        "`antipersona serve` in its own process on 127.0.0.1 with an API key; the clients in another process, one "
        "target after the other for the same time (API: one keep-alive `httpx.Client` per user; Gradio: "
        "`gradio_client`, queue concurrency 8). Load average: 1/5/15-minute, before → after each target; the "
        "machine's 2 cores are shared with other jobs.\n\n"
        "| endpoint | clients | seconds | calls | p50 (ms) | p95 (ms) | errors | load average |\n"
        "|---|---:|---:|---:|---:|---:|---:|---|\n" + "\n".join(rows)
    )
    record_section(title, body)


if __name__ == "__main__":
    main()
