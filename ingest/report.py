"""What an ingest did, per file and in total, and how to print it (a rich table, or JSON)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_PROBLEMS_SHOWN = 20
GROUP_OVER = 20  # past this many files the table has one row per folder and kind (--verbose: per file)


@dataclass
class FileReport:
    """One input file: its kind and what happened to its rows. `problems` are `file:line: reason` lines."""

    file: str
    kind: str = "-"
    format: str = "-"
    shape: str | None = None
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    pruned: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        """Rows of this file now in the store (new, updated or unchanged)."""
        return self.new + self.updated + self.unchanged


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    workspace: str = ""
    elapsed: float = 0.0
    embedded_chunks: int = 0
    error: str | None = None  # the run stopped early (embedding backend or vector store failed)
    notes: list[str] = field(default_factory=list)

    # totals ------------------------------------------------------------------------------------------
    def _sum(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def new(self) -> int:
        return self._sum("new")

    @property
    def updated(self) -> int:
        return self._sum("updated")

    @property
    def unchanged(self) -> int:
        return self._sum("unchanged")

    @property
    def skipped(self) -> int:
        return self._sum("skipped")

    @property
    def pruned(self) -> int:
        return self._sum("pruned")

    @property
    def stored(self) -> int:
        return self.new + self.updated + self.unchanged

    @property
    def problems(self) -> list[str]:
        return [p for f in self.files for p in f.problems]

    @property
    def records_per_second(self) -> float:
        return self.stored / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def ingested_anything(self) -> bool:
        """True when the run finished and some good row is stored (new, updated, or already there unchanged)
        or a prune removed something. False when nothing usable was found or the run stopped on an error;
        the CLI exits non-zero then."""
        return self.error is None and (self.stored > 0 or self.pruned > 0)

    def totals(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "pruned": self.pruned,
            "embedded_chunks": self.embedded_chunks,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ingested_anything,
            "workspace": self.workspace,
            "totals": self.totals(),
            "elapsed_seconds": round(self.elapsed, 3),
            "records_per_second": round(self.records_per_second, 1),
            "error": self.error,
            "files": [asdict(f) for f in self.files],
            "problems": self.problems,
            "notes": self.notes,
        }


def relative(path: str, cwd: str | None = None) -> str:
    """`path` relative to the working directory when it is inside it (else as given)."""
    import os

    try:
        rel = os.path.relpath(path, cwd or os.getcwd())
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def grouped_rows(files: list[FileReport], cwd: str | None = None) -> list[tuple[str, str, list[int]]]:
    """(folder/ (n files), kind, [new, updated, unchanged, skipped, pruned]) per folder and kind, in order of
    first appearance; paths relative to the working directory."""
    import os

    groups: dict[tuple[str, str], list] = {}
    for f in files:
        folder = os.path.dirname(relative(f.file, cwd)) or "."
        kind = f.kind if not f.shape else f"{f.kind} ({f.shape})"
        g = groups.setdefault((folder, kind), [0, [0, 0, 0, 0, 0]])
        g[0] += 1
        for i, v in enumerate((f.new, f.updated, f.unchanged, f.skipped, f.pruned)):
            g[1][i] += v
    return [
        (f"{folder}/ ({n:,} file{'' if n == 1 else 's'})", kind, sums)
        for (folder, kind), (n, sums) in groups.items()
    ]


def print_report(report: IngestReport, as_json: bool = False, verbose: bool = False) -> None:
    """A table with totals and the first problems (or the whole report as JSON on stdout): one row per
    file, or past `GROUP_OVER` files one per folder and kind unless `verbose`; paths relative to the
    working directory."""
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return
    from rich.console import Console
    from rich.markup import escape as _escape
    from rich.table import Table

    from core.safe_text import terminal

    def escape(text: str) -> str:  # file names, cells and notes from data: no markup, no terminal controls
        return _escape(terminal(text))

    console = Console()
    table = Table(title="Ingest", title_justify="left", show_footer=len(report.files) > 1)
    columns = [("File", "TOTAL"), ("Kind", ""), ("New", report.new), ("Updated", report.updated),
               ("Unchanged", report.unchanged), ("Skipped", report.skipped), ("Pruned", report.pruned)]
    for i, (name, total) in enumerate(columns):
        table.add_column(name, footer=str(total), justify="right" if i >= 2 else "left",
                         overflow="fold", no_wrap=i > 0)
    grouped = len(report.files) > GROUP_OVER and not verbose
    if grouped:
        for label, kind, sums in grouped_rows(report.files):
            table.add_row(escape(label), kind, *(f"{v:,}" if v else "·" for v in sums))
    else:
        for f in report.files:
            kind = f.kind if not f.shape else f"{f.kind} ({f.shape})"
            table.add_row(escape(relative(f.file)), kind, *(str(v) if v else "·" for v in
                          (f.new, f.updated, f.unchanged, f.skipped, f.pruned)))
    console.print(table)
    if grouped:
        console.print(f"[dim]{len(report.files):,} files grouped by folder and kind; --verbose lists each file[/]")
    problems = [
        relative(f.file) + p[len(f.file) :] if p.startswith(f.file) else p for f in report.files for p in f.problems
    ]
    if problems:
        console.print(f"[bold yellow]Skipped ({len(problems)}):[/]")
        for p in problems[:MAX_PROBLEMS_SHOWN]:
            console.print(f"  {escape(p)}", highlight=False, soft_wrap=True)  # one grep-able line each
        if len(problems) > MAX_PROBLEMS_SHOWN:
            console.print(f"  … {len(problems) - MAX_PROBLEMS_SHOWN} more (use --json for all)")
    for f in report.files:
        for note in f.notes:
            console.print(f"[dim]{escape(relative(f.file))}: {escape(note)}[/]", highlight=False, soft_wrap=True)
    for note in report.notes:
        console.print(f"[dim]{escape(note)}[/]", highlight=False, soft_wrap=True)
    rate = report.records_per_second
    console.print(
        f"{report.stored:,} records stored ({report.new:,} new, {report.updated:,} updated, "
        f"{report.unchanged:,} unchanged), {report.embedded_chunks:,} passages embedded in "
        f"{report.elapsed:.1f}s ({rate:,.0f} records/s).",
        highlight=False,
    )
    if report.error:
        console.print(f"[bold red]error:[/] {escape(report.error)}")
    elif not report.ingested_anything:
        console.print("[bold red]Nothing was ingested.[/]")
