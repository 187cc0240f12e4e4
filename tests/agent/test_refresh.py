"""Refresh: versions, skip when unchanged, change report, atomic files, the lock."""

import json
import threading

import pytest

from agent.refresh import refresh
from core.models import PersonaSet
from core.versions import current, load_changes
from core.workspace import Workspace, atomic_write_text

from .builders import store_accounts

pytestmark = pytest.mark.shared


@pytest.fixture
def small_telco(settings, shared_data):
    from .builders import TELCO_OUTCOMES, telco_accounts

    df = telco_accounts(shared_data / "telco_churn" / "accounts.csv")
    attrs = [c for c in df.columns if c not in ("customer_id", *TELCO_OUTCOMES)]
    s = settings()
    store_accounts(s, df.head(2500), TELCO_OUTCOMES, attrs)
    return s, df, attrs


def test_versions_skip_and_change_report(small_telco):
    from .builders import TELCO_OUTCOMES

    s, df, attrs = small_telco
    first = refresh(s)
    assert (first.version, first.skipped) == (1, False)
    again = refresh(s)
    assert again.skipped and again.version == 1 and "no data changed" in again.message
    forced = refresh(s, force=True)
    assert forced.version == 2 and not forced.skipped
    # more data arrives: a new version with a change report against the previous one
    store_accounts(s, df, TELCO_OUTCOMES, attrs)
    third = refresh(s)
    assert third.version == 3
    changes = load_changes(s)
    assert changes["from_version"] == 2 and changes["to_version"] == 3
    assert changes["changed_personas"] or changes["new_personas"] or changes["retired_personas"]
    ws = Workspace(s.workspace)
    assert ws.persona_versions() == [1, 2, 3]
    for v in (1, 2, 3):  # every version file is complete, valid JSON
        PersonaSet.model_validate_json(ws.persona_path(v).read_text())
    assert current(s).version == 3


def test_concurrent_refreshes_are_serialised(small_telco):
    s, _, _ = small_telco
    results = []
    threads = [threading.Thread(target=lambda: results.append(refresh(s, force=True))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.version for r in results) == [1, 2]
    assert Workspace(s.workspace).persona_versions() == [1, 2]


def test_atomic_write_never_leaves_a_torn_file(tmp_path, monkeypatch):
    path = tmp_path / "p.json"
    atomic_write_text(path, json.dumps({"v": 1}))

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(path, json.dumps({"v": 2}))
    assert json.loads(path.read_text()) == {"v": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]  # temp file cleaned up


def test_refresh_with_nothing_ingested_says_so(settings):
    r = refresh(settings())
    assert r.version is None and "nothing ingested" in r.message
