"""`antipersona ingest` through typer's CliRunner: JSON summary, table, exit codes, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_helpers import DATA, FakeEmbedder
from typer.testing import CliRunner

from ui.cli import app


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, ws_settings, tmp_path: Path):
    """Run `antipersona ingest ...` on a tmp workspace with a fake embedder: returns (exit code, stdout, stderr)."""
    fake = FakeEmbedder()
    monkeypatch.setattr("core.embeddings.get_embedder", lambda settings, recorded=None: fake)
    ws = tmp_path / "ws"
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(app, ["ingest", *args, "--workspace", str(ws)], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    run.fake = fake
    return run


def test_json_summary_and_idempotent_rerun(cli) -> None:
    code, out, _ = cli(str(DATA / "tickets.jsonl"), str(DATA / "reviews_bom.csv"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["ok"] is True and data["error"] is None
    assert data["totals"]["new"] == 4 and data["totals"]["skipped"] == 1
    assert data["problems"] == [f"{DATA}/tickets.jsonl:2: invalid JSON: Unterminated string starting at"]
    files = {Path(f["file"]).name: f for f in data["files"]}
    assert files["reviews_bom.csv"]["kind"] == "review" and files["tickets.jsonl"]["new"] == 2
    calls = cli.fake.calls

    code, out, _ = cli(str(DATA / "tickets.jsonl"), str(DATA / "reviews_bom.csv"), "--json")
    data = json.loads(out)
    assert code == 0 and data["totals"]["unchanged"] == 4 and data["totals"]["new"] == 0
    assert cli.fake.calls == calls


def test_table_output(cli) -> None:
    code, out, _ = cli(str(DATA / "broken" / "rows.csv"))
    assert code == 0
    assert "New" in out and "Unchanged" in out and "Skipped" in out
    assert "data/ingest/broken/rows.csv:5: malformed row: expected 3 cells, found 5\n" in out  # relative to cwd or absolute
    assert "records stored" in out


def test_strict_fails_on_any_skip(cli) -> None:
    code, _, _ = cli(str(DATA / "broken" / "rows.csv"), "--strict", "--json")
    assert code == 1
    code, _, _ = cli(str(DATA / "reviews_bom.csv"), "--strict", "--json")
    assert code == 0


def test_nothing_ingested_exits_non_zero(cli, tmp_path: Path) -> None:
    code, out, err = cli(str(DATA / "broken" / "empty.csv"), str(tmp_path / "missing.csv"))
    assert code == 1
    assert "Traceback" not in out + err
    assert "no such file or directory" in out and "empty file" in out
    assert "Nothing was ingested" in out


def test_many_problems_are_capped(cli, write) -> None:
    p = write("t.csv", "id,text\n" + "".join(f"{i},\n" for i in range(30)) + "ok,fine\n")
    code, out, _ = cli(str(p))
    assert code == 0
    assert "… 10 more" in out


@pytest.mark.parametrize(("args", "message"), [(["--map", "text"], "expected ROLE=COLUMN"),
                                               (["--kind", "emails"], "unknown --kind")])
def test_bad_arguments_exit_2_without_traceback(cli, args, message) -> None:
    code, out, err = cli(str(DATA / "tickets.jsonl"), *args)
    assert code == 2
    assert message in err and "error:" in err
    assert "Traceback" not in out + err


def test_map_and_kind_flags(cli, write) -> None:
    p = write("export.csv", "Key,Who,Notes\nk1,U1,the words\n")
    code, out, _ = cli(str(p), "--kind", "calls", "--map", 'text=Notes,customer_id=Who,id="Key"', "--json")
    data = json.loads(out)
    assert code == 0 and data["files"][0]["kind"] == "call" and data["totals"]["new"] == 1


def test_prune_flag(cli, write) -> None:
    a = write("d/a.csv", "id,text\n1,one\n2,two\n")
    cli(str(a.parent), "--json")
    a.write_text("id,text\n1,one\n")
    code, out, _ = cli(str(a.parent), "--prune", "--json")
    assert code == 0 and json.loads(out)["totals"]["pruned"] == 1


def test_workspace_that_is_a_file(monkeypatch, write, tmp_path: Path) -> None:
    monkeypatch.setattr("core.embeddings.get_embedder", lambda settings, recorded=None: FakeEmbedder())
    blocker = write("ws.txt", "not a folder")
    result = CliRunner().invoke(app, ["ingest", str(DATA / "tickets.jsonl"), "--workspace", str(blocker)])
    assert result.exit_code == 2
    assert "cannot use the workspace" in result.stderr and "Traceback" not in result.output


def test_fifo_is_not_read(cli, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, out, _ = cli(str(fifo), str(DATA / "tickets.jsonl"))
    assert code == 0 and f"{fifo}: not a regular file" in out
