"""The in-server refresh schedule: interval and cron parsing, a 1-second job that really refreshes, and a
scheduled refresh that waits on the workspace lock while another refresh holds it (no torn files)."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ui.scheduler import (
    cron_weekdays,
    describe_schedule,
    last_run,
    make_trigger,
    next_run,
    parse_interval,
    start_scheduler,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", timedelta(hours=24)),
        ("30m", timedelta(minutes=30)),
        ("1d", timedelta(days=1)),
        ("90s", timedelta(seconds=90)),
        ("2w", timedelta(weeks=2)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        (" 12H ", timedelta(hours=12)),
        ("1.5h", timedelta(minutes=90)),
    ],
)
def test_parse_interval(text: str, expected: timedelta) -> None:
    assert parse_interval(text) == expected


@pytest.mark.parametrize("text", ["", "24", "h", "soon", "24 hours", "-1h", "0m", "1h+30m"])
def test_parse_interval_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="interval"):
        parse_interval(text)


def test_make_trigger() -> None:
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    assert make_trigger() is None
    every = make_trigger(every="24h")
    assert isinstance(every, IntervalTrigger) and every.interval == timedelta(hours=24)
    cron = make_trigger(cron="0 6 * * 1")
    assert isinstance(cron, CronTrigger)
    # crontab weekday 1 is Monday (APScheduler 3's own numbering would make it Tuesday)
    after = datetime(2026, 11, 24, 12, tzinfo=UTC)  # a Tuesday
    fire = cron.get_next_fire_time(None, after.astimezone(cron.timezone))
    assert (fire.strftime("%A"), fire.hour, fire.minute) == ("Monday", 6, 0)
    sunday = make_trigger(cron="30 5 * * 0").get_next_fire_time(None, after.astimezone(cron.timezone))
    assert sunday.strftime("%A") == "Sunday"
    with pytest.raises(ValueError, match="cron"):
        make_trigger(cron="0 6 * *")
    with pytest.raises(ValueError, match="not both"):
        make_trigger(every="1h", cron="0 6 * * 1")


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("1", "mon"),
        ("0", "sun"),
        ("7", "sun"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("0,6", "sun,sat"),
        ("sat-sun", "sat,sun"),
        ("5-7", "fri,sat,sun"),
        ("*/2", "sun,tue,thu,sat"),
        ("MON-FRI", "mon,tue,wed,thu,fri"),
        ("*", "*"),
    ],
)
def test_cron_weekdays_use_crontab_numbering(field: str, names: str) -> None:
    assert cron_weekdays(field) == names


@pytest.mark.parametrize("field", ["8", "funday", "1-9", "*/0"])
def test_cron_weekdays_rejects(field: str) -> None:
    with pytest.raises(ValueError):
        cron_weekdays(field)


def test_no_schedule_means_no_scheduler(empty_settings) -> None:
    assert start_scheduler(empty_settings) is None
    assert next_run(None) is None
    assert "no scheduled refresh" in describe_schedule(None)


def _add_record(settings, rid: str, text: str, customer: str) -> None:
    from core.models import Record
    from core.store import Store

    store = Store(settings)
    rec = Record(id=rid, kind="ticket", text=text, customer_id=customer, source="extra.csv", line=2)
    store.vectors.upsert(
        ids=[f"{rid}#0"],
        vectors=store.embedder.embed([text]),
        documents=[text],
        metadatas=[
            {"record_id": rid, "kind": "ticket", "customer_id": customer, "start": 0, "end": len(text)}
        ],
    )
    store.records.upsert([rec], {rid: 1})


def _assert_versions_intact(root: Path) -> list[int]:
    from core.models import PersonaSet

    personas = root / "personas"
    versions = []
    for path in sorted(personas.glob("v*.json")):
        ps = PersonaSet.model_validate_json(path.read_text(encoding="utf-8"))  # whole and valid
        assert path.name == f"v{ps.version:04d}.json"
        json.loads((root / "changes" / path.name).read_text(encoding="utf-8"))
        versions.append(ps.version)
    assert not list(personas.glob(".*.tmp")) and not list((root / "changes").glob(".*.tmp"))
    return versions


def _wait(predicate, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


@pytest.mark.slow
def test_scheduled_refresh_runs_and_waits_on_the_lock(tmp_path, workspace_factory) -> None:
    """Every 1 s: the job fires, blocks while a refresh holds the lock, then writes exactly one new version."""
    from agent.refresh import refresh
    from core.versions import current
    from core.workspace import Workspace
    from ui.scheduler import JOB_ID

    settings = workspace_factory(tmp_path / "sched")
    ws = Workspace(settings.workspace)
    assert _assert_versions_intact(ws.root) == [1]
    _add_record(settings, "X001", "The onboarding call was cancelled twice and we want a refund.", "C003")

    scheduler = None
    try:
        with ws.lock("refresh"):  # a refresh in progress elsewhere (CLI, the Refresh button)
            scheduler = start_scheduler(settings, every="1s")
            assert scheduler is not None and next_run(scheduler) is not None
            job = scheduler.get_job(JOB_ID)
            assert (job.max_instances, job.coalesce) == (1, True)
            assert _wait(lambda: (last_run(settings) or None) is not None, 5), "the job never fired"
            time.sleep(1.5)  # more due times pass: max_instances=1 means no second run piles up
            status = last_run(settings)
            assert status.started is not None and status.finished is None, "it must wait on the lock"
            assert status.runs == 0
            assert ws.persona_versions() == [1]
        assert _wait(lambda: last_run(settings).finished is not None, 30), "the job never finished"
        status = last_run(settings)
        assert status.error is None, status.error
        assert status.message == "wrote personas version 2"
        scheduler.pause()
        time.sleep(0.2)

        # later runs see no new data and skip cheaply (no new version)
        scheduler.resume()
        assert _wait(lambda: last_run(settings).runs >= 2, 10)
        assert "skipped" in last_run(settings).message

        # a forced manual refresh racing the scheduler: serialised, each version whole
        manual = threading.Thread(target=refresh, args=(settings,), kwargs={"force": True})
        manual.start()
        manual.join(30)
        assert not manual.is_alive()
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)
    versions = _assert_versions_intact(ws.root)
    assert versions == list(range(1, len(versions) + 1)) and versions[-1] >= 3
    assert current(settings).version == versions[-1]
