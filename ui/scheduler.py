"""Scheduled refresh inside the server process (`serve --refresh-every 24h` / `--refresh-cron "0 6 * * 1"`).

A BackgroundScheduler runs `agent.refresh.refresh` on its own thread, so users keep working while personas
rebuild. One job, `max_instances=1` and `coalesce=True`: a run that is still going when the next one is due
is not doubled, and runs missed while the machine slept collapse into one. Two refreshes from different
places (this job, the Refresh button, the CLI in another process) are serialised by the workspace lock that
`refresh` takes, and each version file is written atomically, so readers never see a torn file.

The scheduled run is not forced: when no data changed since the last version it is skipped cheaply.

Cron expressions use crontab's weekday numbers (0 or 7 = Sunday, 1 = Monday), translated to names because
APScheduler 3 counts 0 = Monday. Times are in the server's local time zone. As in APScheduler (unlike
classic cron), a day-of-month and a day-of-week given together must both match.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

    from core.services import Services
    from core.settings import Settings

log = logging.getLogger("antipersona.scheduler")

JOB_ID = "antipersona-refresh"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")


_MAX_INTERVAL = 366 * 86400


def parse_interval(text: str) -> timedelta:
    """'24h', '30m', '1d', '90s', '2w', '1h30m' -> timedelta. Raises ValueError with the accepted forms."""
    raw = (text or "").strip().lower()
    compact = raw.replace(" ", "")
    parts = _PART.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        raise ValueError(
            f"can't read the interval {text!r}: use a number with a unit s, m, h, d or w, e.g. 30m, 24h, 1d, 1h30m"
        )
    seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if seconds <= 0:
        raise ValueError(f"the interval {text!r} must be longer than zero")
    if seconds > _MAX_INTERVAL:  # also keeps timedelta and APScheduler from overflowing
        raise ValueError(f"the interval {text!r} is longer than a year: use at most 366d (or --refresh-cron)")
    return timedelta(seconds=seconds)


def make_trigger(every: str | None = None, cron: str | None = None):
    """An APScheduler trigger for an interval ('24h') or a 5-field crontab ('0 6 * * 1'); None if neither."""
    if every and cron:
        raise ValueError("give --refresh-every or --refresh-cron, not both")
    if every:
        from apscheduler.triggers.interval import IntervalTrigger

        return IntervalTrigger(seconds=parse_interval(every).total_seconds())
    if cron:
        from apscheduler.triggers.cron import CronTrigger

        try:
            fields = cron.split()
            if len(fields) != 5:
                raise ValueError(f"got {len(fields)} fields, expected 5")
            # Not CronTrigger.from_crontab: APScheduler 3 reads weekday numbers with 0 = Monday, so
            # "0 6 * * 1" would fire on Tuesdays. Weekdays are translated to names first.
            minute, hour, day, month, weekday = fields
            return CronTrigger(
                minute=minute, hour=hour, day=day, month=month, day_of_week=cron_weekdays(weekday)
            )
        except ValueError as exc:
            raise ValueError(
                f"can't read the cron expression {cron!r} ({exc}): use 5 fields, "
                'minute hour day month weekday, e.g. "0 6 * * 1" for Mondays at 06:00'
            ) from exc
    return None


_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def cron_weekdays(field: str) -> str:
    """A crontab day-of-week field (0 or 7 = Sunday, 1 = Monday; names; ranges; steps) as APScheduler names.

    '1' -> 'mon', '1-5' -> 'mon,tue,wed,thu,fri', '0,6' -> 'sun,sat', 'sat-sun' -> 'sat,sun', '*' -> '*'.
    """
    field = field.strip().lower()
    if field in {"*", "?"}:
        return "*"

    def number(token: str) -> int:
        if token in _DAYS:
            return _DAYS.index(token)
        if token.isdigit() and 0 <= int(token) <= 7:
            return int(token) % 7 if int(token) != 7 else 7
        raise ValueError(f"bad day of week {token!r}")

    days: list[int] = []
    for part in field.split(","):
        rng, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"bad step in {part!r}")
        if rng == "*":
            lo, hi = 0, 6
        elif "-" in rng:
            a, _, b = rng.partition("-")
            lo, hi = number(a), number(b)
            if hi < lo:  # e.g. sat-sun (6-0): wrap through the week end
                hi += 7
        else:
            lo = hi = number(rng)
            if step_text:
                hi = 6
        for d in range(lo, hi + 1, step):
            if d % 7 not in days:
                days.append(d % 7)
    return ",".join(_DAYS[d] for d in days)


@dataclass
class RunStatus:
    """What the last scheduled run did (shown in the Data tab)."""

    started: datetime | None = None
    finished: datetime | None = None
    message: str = ""
    error: str | None = None
    runs: int = 0
    alert: threading.Thread | None = None  # the webhook post of a material change, when one was sent


_status: dict[str, RunStatus] = {}
_status_lock = threading.Lock()


def last_run(settings: Settings) -> RunStatus | None:
    with _status_lock:
        return _status.get(str(settings.workspace))


def scheduled_refresh(services: Services) -> RunStatus:
    """The job: an unforced refresh. Never raises (a failed run is logged and shown, the next one tries again)."""
    from agent.refresh import refresh

    key = str(services.settings.workspace)
    with _status_lock:
        status = _status.setdefault(key, RunStatus())
        status.started, status.error, status.alert = datetime.now().astimezone(), None, None
    try:
        from ingest.restore import restore_before_refresh

        restore_before_refresh(services.store, lambda m: log.info("scheduled refresh: %s", m))
        result = refresh(services, force=False)
        message = result.message
        error = None
        log.info("scheduled refresh: %s (%.1fs)", result.message, result.seconds)
        from agent.alerts import notify_refresh

        status.alert = notify_refresh(services.settings, result)  # background, never raises
    except Exception as exc:  # a background job must not die silently or kill the scheduler
        log.exception("scheduled refresh failed")
        message, error = "scheduled refresh failed", f"{type(exc).__name__}: {exc}"
    with _status_lock:
        status.finished = datetime.now().astimezone()
        status.message, status.error = message, error
        status.runs += 1
    return status


def start_scheduler(
    services: Services | Settings, every: str | None = None, cron: str | None = None
) -> BackgroundScheduler | None:
    """Start the background scheduler for the refresh job, or return None when no schedule was asked for.
    Give it the app's services so the process holds one store."""
    trigger = make_trigger(every, cron)
    if trigger is None:
        return None
    from apscheduler.schedulers.background import BackgroundScheduler

    from agent.engines import as_services

    scheduler = BackgroundScheduler(daemon=True)
    scheduler.add_job(
        scheduled_refresh,
        trigger,
        args=[as_services(services)],
        id=JOB_ID,
        name="refresh personas",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
        replace_existing=True,
    )
    scheduler.start()
    return scheduler


def next_run(scheduler: BackgroundScheduler | None) -> datetime | None:
    if scheduler is None:
        return None
    job = scheduler.get_job(JOB_ID)
    return job.next_run_time if job else None


def describe_schedule(scheduler: BackgroundScheduler | None) -> str:
    """E.g. 'next scheduled refresh: 2026-11-03 06:00 (+01:00)' or 'no scheduled refresh'."""
    when = next_run(scheduler)
    if when is None:
        return "no scheduled refresh (start with `serve --refresh-every 24h` or `--refresh-cron`)"
    return f"next scheduled refresh: {when.strftime('%Y-%m-%d %H:%M:%S %Z').strip()}"
