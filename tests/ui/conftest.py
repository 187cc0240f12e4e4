"""Fixtures for the web app tests: a small workspace built straight through core.store (no ingest package),
a free port, and a served app.

The workspace: 160 accounts (Starter agencies that churn and pay little; Pro and Enterprise that stay; the
same 40-account pattern four times, since half the customers are kept aside to confirm personas on) and
60 short complaint records, embedded with the local MiniLM, then one forced refresh.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.settings import Settings

_STARTER = [
    "The onboarding was confusing and nobody walked us through the setup.",
    "We still can't figure out how to import our contacts, the setup wizard is unclear.",
    "Please give us a bigger discount, the price is too high for a small agency like ours.",
    "We need someone on a call every week to help us, the documentation is not enough.",
    "Cancel our plan, it's too expensive and we never finished onboarding.",
    "Why is there no discount for small teams? Competitors are cheaper.",
    "Setup took weeks and support kept sending us links to articles instead of helping.",
    "We asked for a refund because onboarding never worked for us.",
    "Can you set it all up for us? We don't have time to learn the tool.",
    "The monthly price doubled our costs, we want a discount or we leave.",
    "Getting started is hard, the onboarding checklist makes no sense to us.",
    "Our client work is blocked because we still cannot configure the workspace.",
]
_OTHER = [
    "The Salesforce integration drops fields when syncing large accounts.",
    "Reporting dashboards load slowly when we filter by region.",
    "We need SSO with Okta before we can roll this out to more teams.",
    "The API rate limit is too low for our nightly sync jobs.",
    "Exporting reports to CSV loses the date format.",
    "Audit logs should include the user's IP address for compliance.",
    "Webhooks sometimes fire twice for the same event.",
    "We would like role-based permissions per project.",
]

_FRAMES = ["", "Hi team, ", "Following up: ", "From our call today: "]


def build_workspace(root: Path) -> Settings:
    """Write the small workspace at `root` and run one forced refresh. Returns its settings."""
    import pandas as pd

    from agent.engines import open_services
    from agent.refresh import refresh
    from core.models import Record
    from core.store import Store, save_accounts

    settings = Settings(
        _env_file=None,
        workspace=root,
        openai_api_key=None,
        openai_base_url=None,
        chroma_host=None,
        auth=None,
    )
    store = Store(settings)
    rows = []
    for k in range(1, 161):  # the 40-account pattern four times: enough customers to confirm a persona
        cid, i = f"C{k:03d}", (k - 1) % 40 + 1
        if i <= 12:
            rows.append((cid, "Starter", 2 + i % 6, "Agency", i % 6 != 0, 29 + (i % 3) * 10))
        elif i <= 28:
            rows.append((cid, "Pro", 20 + i * 2, "SaaS" if i % 2 else "Retail", i in (15, 22), 300 + i * 10))
        else:
            rows.append((cid, "Enterprise", 200 + i * 20, "Finance", i == 33, 2000 + i * 50))
    accounts = pd.DataFrame(rows, columns=["customer_id", "plan", "employees", "industry", "churned", "mrr"])
    save_accounts(
        store.workspace,
        accounts,
        {
            "id_column": "customer_id",
            "outcomes": {"churned": "churn", "mrr": "revenue"},
            "attributes": ["plan", "employees", "industry"],
        },
    )
    records: list[Record] = []
    n = 0
    for i in range(1, 13):  # three complaints per Starter agency
        for j in range(3):
            text = _STARTER[(i * 3 + j) % len(_STARTER)]
            n += 1
            records.append(
                Record(
                    id=f"T{n:03d}",
                    kind="ticket" if j < 2 else "call",
                    text=_FRAMES[(i + j) % len(_FRAMES)] + text,
                    customer_id=f"C{i:03d}",
                    created_at=f"2026-0{1 + j}-{10 + i:02d}",
                    source="tickets.csv",
                    line=n + 1,
                )
            )
    for i in range(13, 37):  # one each for 24 of the others
        n += 1
        records.append(
            Record(
                id=f"T{n:03d}",
                kind="review" if i % 4 == 0 else "ticket",
                text=_FRAMES[i % len(_FRAMES)] + _OTHER[i % len(_OTHER)],
                customer_id=f"C{i:03d}",
                created_at=f"2026-02-{i - 10:02d}",
                rating=4.0 if i % 4 == 0 else None,
                source="tickets.csv",
                line=n + 1,
            )
        )
    vectors = store.embedder.embed([r.text for r in records])
    store.vectors.upsert(
        ids=[f"{r.id}#0" for r in records],
        vectors=vectors,
        documents=[r.text for r in records],
        metadatas=[
            {"record_id": r.id, "kind": r.kind, "customer_id": r.customer_id, "start": 0, "end": len(r.text)}
            for r in records
        ],
    )
    store.records.upsert(records, {r.id: 1 for r in records})
    refresh(open_services(settings, store=store), force=True)
    return settings


def wait_for_mapping(timeout: float = 600) -> None:
    """agent.costs needs ingest.mapping (written by another change); wait for it rather than fail."""
    import importlib

    deadline = time.monotonic() + timeout
    while True:
        importlib.invalidate_caches()
        try:
            importlib.import_module("ingest.mapping")
            return
        except ImportError:
            if time.monotonic() > deadline:
                pytest.skip("ingest.mapping is not available: the workspace cannot be analysed")
            time.sleep(5)


@pytest.fixture(scope="session")
def ui_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The small analysed workspace, built once per test session (read-only for the tests that share it)."""
    wait_for_mapping()
    return build_workspace(tmp_path_factory.mktemp("ui") / "workspace")


@pytest.fixture
def workspace_factory() -> Callable[[Path], Settings]:
    """`workspace_factory(path)` builds another small analysed workspace (for tests that change data)."""
    wait_for_mapping()
    return build_workspace


@pytest.fixture
def empty_settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, workspace=tmp_path / "empty", openai_api_key=None, openai_base_url=None)


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def free_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def served(ui_settings: Settings) -> Iterator[str]:
    """The app served on 127.0.0.1 (no scheduler); yields its URL."""
    from ui.serve import serve

    port = _free_port()
    app, scheduler = serve(ui_settings, host="127.0.0.1", port=port, block=False)
    assert scheduler is None
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()
