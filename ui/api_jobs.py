"""Background refreshes started through the API: `POST /api/v1/refresh` starts one in a thread and returns
its id; `GET /api/v1/jobs/{id}` reads its state. The refresh itself is `agent.refresh.refresh`, serialised
against the scheduler, the CLI and the app by the workspace's refresh lock."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from core.services import Services

KEEP = 200  # finished jobs remembered (oldest dropped first)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Job:
    id: str
    kind: str
    status: Literal["queued", "running", "done", "failed"] = "queued"
    created: str = field(default_factory=_now)
    started: str | None = None
    finished: str | None = None
    steps: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "created": self.created,
            "started": self.started,
            "finished": self.finished,
            "steps": list(self.steps),
            "result": self.result,
            "error": self.error,
        }


class Jobs:
    """The jobs of one server process (not persisted: a restart forgets them; the versions remain)."""

    def __init__(self, services: Services):
        self.services = services
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def _running(self) -> Job | None:
        return next((j for j in self.jobs.values() if j.status in ("queued", "running")), None)

    def start_refresh(self, force: bool = False, k: int | None = None) -> tuple[Job | None, Job | None]:
        """(the new job, None), or (None, this server's running job or None) when a refresh (this server's,
        the scheduler's or a CLI's) holds the workspace's refresh lock: the caller answers 503."""
        with self.lock:
            running = self._running()
            if running is not None:
                return None, running
            with self.services.workspace.lock("refresh", blocking=False) as free:
                if not free:
                    return None, None
            job = Job(id=uuid.uuid4().hex[:16], kind="refresh")
            self.jobs[job.id] = job
            finished = [j for j in self.jobs.values() if j.finished]
            for old in finished[: max(0, len(finished) - KEEP)]:
                self.jobs.pop(old.id, None)
        threading.Thread(
            target=self._run, args=(job, force, k), name=f"api-refresh-{job.id}", daemon=True
        ).start()
        return job, None

    def _run(self, job: Job, force: bool, k: int | None) -> None:
        from agent.refresh import refresh
        from ui.render import change_lines, refresh_message

        job.status, job.started = "running", _now()
        t0 = time.perf_counter()
        try:
            from ingest.restore import restore_before_refresh

            restore_before_refresh(self.services.store, job.steps.append)  # a lost `chroma/` embedded again
            result = refresh(self.services, force=force, k=k, report=job.steps.append)
            job.result = {
                "version": result.version,
                "skipped": result.skipped,
                "reason": result.reason,
                "message": refresh_message(result, force_hint='send {"force": true}'),
                "changes": change_lines(result.changes) if not result.skipped else [],
                "notes": list(result.personas.notes) if result.personas is not None else [],
                "seconds": round(time.perf_counter() - t0, 2),
            }
            job.status = "done"
        except Exception as exc:  # reported on the job; the previous version stays current
            job.error, job.status = f"{type(exc).__name__}: {exc}", "failed"
        finally:
            job.finished = _now()
