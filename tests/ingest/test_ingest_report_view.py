"""The ingest report a person reads: past ~20 files one row per folder and kind, paths relative to the
working directory, --verbose for the per-file table."""

from __future__ import annotations

from ingest.report import FileReport, IngestReport, print_report


def _report(root) -> IngestReport:
    calls = [
        FileReport(file=str(root / "examples" / "calls" / f"C{i:03d}.md"), kind="call", new=1)
        for i in range(40)
    ]
    tickets = FileReport(file=str(root / "examples" / "tickets.csv"), kind="ticket", new=300, skipped=2)
    tickets.problems = [f"{tickets.file}:7: empty text"]
    return IngestReport(files=[*calls, tickets], elapsed=1.0)


def test_many_files_are_grouped_by_folder_and_kind_with_relative_paths(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    print_report(_report(tmp_path))
    out = capsys.readouterr().out
    assert "examples/calls/ (40 files)" in out and "examples/ (1 file)" in out
    assert str(tmp_path) not in out  # relative to the working directory
    assert "examples/tickets.csv:7: empty text" in out
    assert "C007.md" not in out and "--verbose" in out
    assert len(out.splitlines()) < 25


def test_verbose_lists_every_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    print_report(_report(tmp_path), verbose=True)
    out = capsys.readouterr().out
    assert "examples/calls/C007.md" in out and str(tmp_path) not in out
