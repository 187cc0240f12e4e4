"""Concurrent fit checks through the API, coalesced: requests that arrive while a check runs wait in a queue
and the next run takes all of them (up to `max_batch`) in one `Checker.check_many` call — one sentence-
encoder run for the lot instead of sixteen competing for two cores. `check(text)` is `check_many([text])`
in agent/verdict.py, so a verdict is the same alone or in a batch. An idle server runs a request at once
(no waiting window)."""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.models import Verdict
    from core.services import Services


class CheckBatcher:
    def __init__(self, services: Services, max_batch: int = 32):
        self.services = services
        self.max_batch = max_batch
        self.queue: queue.SimpleQueue[tuple[str, Future]] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, text: str) -> Future[Verdict]:
        """A future for the verdict on `text` (logged for feedback once checked)."""
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="api-checks", daemon=True)
                self._worker.start()
        future: Future[Verdict] = Future()
        self.queue.put((text, future))
        return future

    def _run(self) -> None:
        from agent.feedback import log_verdict
        from agent.verdict import Checker

        while True:
            batch = [self.queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            try:
                verdicts = Checker.load(self.services).check_many([t for t, _ in batch])
            except Exception as exc:  # every waiting request gets the error (a 500 with its message)
                for _, future in batch:
                    future.set_exception(exc)
                continue
            for (text, future), verdict in zip(batch, verdicts, strict=True):
                try:
                    log_verdict(self.services, verdict, text)
                    future.set_result(verdict)
                except Exception as exc:  # noqa: BLE001 - a failed log is this request's error, not the batch's
                    future.set_exception(exc)
