"""Ingest progress on stderr: files read, then records embedded with records/s (rich, imported only if shown)."""

from __future__ import annotations

import threading


class Progress:
    """A rich progress bar on stderr (files read, then records embedded with records/s), or nothing."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._p = None
        self._read = self._embed = None
        self._lock = threading.Lock()

    def _ensure(self):
        if self._p is None and self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                ProgressColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.text import Text

            class Rate(ProgressColumn):
                def render(self, task):
                    elapsed = task.elapsed or 0
                    rate = task.completed / elapsed if elapsed > 0 else 0
                    return Text(f"{rate:,.0f} records/s" if task.fields.get("rate") else "", style="cyan")

            self._p = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                Rate(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._p.start()
        return self._p

    def start_reading(self, n: int) -> None:
        p = self._ensure()
        if p is not None and n:
            self._read = p.add_task("reading files", total=n, rate=False)

    def file_done(self) -> None:
        if self._p is not None and self._read is not None:
            self._p.advance(self._read)

    def start_embedding(self, n: int) -> None:
        p = self._ensure()
        if p is not None:
            self._embed = p.add_task("embedding records", total=n, rate=True)

    def stored(self, n: int) -> None:
        if self._p is not None and self._embed is not None:
            with self._lock:
                self._p.advance(self._embed, n)

    def stop(self) -> None:
        if self._p is not None:
            self._p.stop()
            self._p = None
