"""Writes that cannot happen end in one `error:` line, never a traceback (issue 19 #13): an output path that is
a folder or lies under a file (refused before any scoring), a read-only workspace, a disk that fills during
`refresh` (and the next refresh, once space is freed, writes a whole version).

The read-only workspace and the full disk are real: a read-only bind mount and a small tmpfs, made inside a
user + mount namespace (`unshare -Urm`), so no root is needed; the test is skipped where namespaces are off.
"""

from __future__ import annotations

import errno
import json
import shlex
import shutil
import subprocess
import sys

import pytest
from reliability_helpers import CLI, cli_env, run_cli

from core.storage_errors import explain


def one_error_line(res: subprocess.CompletedProcess, code: int) -> str:
    out = res.stdout + res.stderr
    assert res.returncode == code, out[-3000:]
    assert "Traceback" not in out, out[-3000:]
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, res.stderr[-3000:]
    return errors[0]


@pytest.mark.slow
def test_output_paths_that_cannot_be_written_are_refused_first(examples_ws, tmp_path) -> None:
    folder, a_file = tmp_path / "out", tmp_path / "a_file"
    folder.mkdir()
    a_file.write_text("x")
    leads = tmp_path / "leads.csv"
    leads.write_text("text\nan agency that wants the cheapest plan\n")
    ws = ["-w", str(examples_ws)]
    cases = {
        ("check", "--batch", str(leads), "--out", str(folder), *ws): f"{folder} is a folder",
        ("check", "--batch", str(leads), "--out", str(a_file / "x.csv"), *ws): f"{a_file} is a file, not a folder",
        ("export", "--cards", str(a_file), *ws): f"{a_file} is a file: give a folder",
        ("export", "--exclusion-list", str(folder), "--persona", "p", *ws): f"{folder} is a folder",
        ("themes", "--export", str(a_file / "t.csv"), *ws): f"{a_file} is a file, not a folder",
    }
    for args, expected in cases.items():
        res = run_cli(*args, timeout=120)
        line = one_error_line(res, 2)
        assert expected in line, (args, line)
        assert "scored" not in res.stdout  # refused before the scoring, not after it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file", "leads.csv", "out"]
    assert list(folder.iterdir()) == []


def test_a_failed_write_anywhere_is_a_message(monkeypatch, capsys) -> None:
    """The catch-all in `ui.cli.main`: a write error raised deep inside a command (here ENOSPC from the
    scoring) is one line, exit 1; any other exception keeps its traceback."""
    import ui.cli
    import ui.views

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device", "/data/leads.scored.csv")

    monkeypatch.setattr(ui.views, "run_check", full)
    monkeypatch.setattr(ui.cli, "_services", lambda _w: None)
    monkeypatch.setattr(sys, "argv", ["antipersona", "check", "a prospect"])
    with pytest.raises(SystemExit) as ended:
        ui.cli.main()
    assert ended.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no space left on the device (writing /data/leads.scored.csv)")
    assert "Free some space and run the command again" in err

    monkeypatch.setattr(ui.views, "run_check", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        ui.cli.main()


def test_explain_reads_the_errors_of_each_layer() -> None:
    import sqlite3

    assert "no space left" in explain(sqlite3.OperationalError("database or disk is full"))
    assert "read-only" in explain(sqlite3.OperationalError("attempt to write a readonly database"))
    wrapped = RuntimeError("Query error: error returned from database: (code: 13) database or disk is full")
    assert "no space left" in explain(wrapped)
    try:
        try:
            raise OSError(errno.EROFS, "Read-only file system", "/ws/personas/v0002.json")
        except OSError as inner:
            raise ValueError("while writing") from inner
    except ValueError as outer:
        assert explain(outer).startswith("/ws/personas/v0002.json is read-only")
    assert explain(IsADirectoryError(errno.EISDIR, "Is a directory", "/x/out")).startswith("/x/out is a folder")
    assert explain(ValueError("a bug")) is None


def _namespaces() -> bool:
    if shutil.which("unshare") is None:
        return False
    res = subprocess.run(["unshare", "-Urm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt 2>/dev/null || "
                          "mount -t tmpfs -o size=1m tmpfs /tmp"], capture_output=True)
    return res.returncode == 0


needs_ns = pytest.mark.skipif(not _namespaces(), reason="user + mount namespaces (unshare -Urm) unavailable")


def in_namespace(script: str, timeout: float = 400) -> subprocess.CompletedProcess:
    cli = " ".join(shlex.quote(c) for c in CLI)
    prelude = f'ap() {{ {cli} "$@"; }}\nset -u\n'
    return subprocess.run(["unshare", "-Urm", "sh", "-c", prelude + script], capture_output=True, text=True,
                          env=cli_env(), timeout=timeout)


def sections(stdout: str) -> dict[str, str]:
    """`=== name` markers the scripts print -> what followed each."""
    out, name = {}, None
    for line in stdout.splitlines():
        if line.startswith("=== "):
            name = line[4:]
            out[name] = ""
        elif name:
            out[name] += line + "\n"
    return out


@pytest.mark.slow
@needs_ns
def test_a_read_only_workspace_is_a_message(clone_ws) -> None:
    ws = clone_ws()
    before = sorted(p.name for p in ws.rglob("*"))
    feed = shlex.quote(str(ws.parent / "more.csv"))
    (ws.parent / "more.csv").write_text("id,customer_id,text\nN1,C0001,The export keeps timing out\n")
    w = shlex.quote(str(ws))
    res = in_namespace(
        f"mount --bind {w} {w} && mount -o remount,ro,bind {w} || exit 97\n"
        + "".join(f'echo "=== {c}"; ap {c} -w {w} 2>&1; echo "rc=$?"\n'
                  for c in (f"ingest {feed}", "refresh --force", "themes", "personas --format json"))
    )
    assert res.returncode != 97, res.stderr
    got = sections(res.stdout)
    for command in (f"ingest {feed}", "refresh --force", "themes"):
        out = got[command]
        assert "Traceback" not in out and out.strip().endswith("rc=1"), (command, out[-3000:])
        error = [line for line in out.splitlines() if line.startswith("error:")]
        assert len(error) == 1 and "read-only" in error[0] and "-w COPY" in error[0], (command, out[-3000:])
        assert "cannot be read" not in out  # not mistaken for a damaged file
    assert got["personas --format json"].strip().endswith("rc=0")  # reading still works
    assert json.loads(got["personas --format json"].rsplit("rc=", 1)[0])["personas"]
    assert sorted(p.name for p in ws.rglob("*")) == before


@pytest.mark.slow
@needs_ns
def test_a_disk_that_fills_during_refresh_is_a_message_and_recovers(clone_ws) -> None:
    ws = clone_ws()
    fs = ws.parent / "fs"
    fs.mkdir()
    q = shlex.quote
    inner = fs / "ws"
    res = in_namespace(
        f"mount -t tmpfs -o size=8m tmpfs {q(str(fs))} || exit 97\n"
        f"cp -a {q(str(ws))} {q(str(inner))}\n"
        f"avail=$(df --output=avail -B1 {q(str(fs))} | tail -1)\n"
        # leave 64 KB: the workspace opens, the new version's files do not fit
        f"head -c $((avail - 65536)) /dev/zero > {q(str(fs / 'ballast'))} 2>/dev/null\n"
        f'echo "=== full"; ap refresh --force -w {q(str(inner))} 2>&1; echo "rc=$?"\n'
        f"rm {q(str(fs / 'ballast'))}\n"
        f'echo "=== freed"; ap refresh --force -w {q(str(inner))} 2>&1; echo "rc=$?"\n'
        f'echo "=== files"; cd {q(str(inner))} && find personas changes -type f | sort\n'
        f"for v in personas/v*.json; do python3 -c 'import json,sys; json.load(open(sys.argv[1]))' $v "
        f'|| echo "UNREADABLE $v"; done\n'
    )
    assert res.returncode != 97, res.stderr
    got = sections(res.stdout)
    full = got["full"]
    assert "Traceback" not in full and full.strip().endswith("rc=1"), full[-3000:]
    assert "error: no space left on the device" in full and "Free some space" in full, full[-3000:]
    assert got["freed"].strip().endswith("rc=0"), got["freed"][-3000:]
    files = got["files"].split()
    assert "personas/v0002.json" in files and "personas/v0003.json" not in files, files  # no torn version
    assert not [f for f in files if f.endswith(".tmp")] and "UNREADABLE" not in got["files"], files
