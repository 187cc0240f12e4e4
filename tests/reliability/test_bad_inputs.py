"""Bad inputs: every file of tests/data/bad (plus two 10 MB cells written here) through `ingest_paths` and
through the CLI. For each: no traceback, a `file:line: reason` for every skipped row (`file: reason` for a
skipped file), every good row stored (ids, exact texts, chunks in Chroma), counts right, and the CLI's exit
code rule: 0 when anything was ingested, non-zero when nothing was, non-zero with --strict on any skip.

The expectations live in tests/data/bad/expected.json; tests/data/bad/build_bad.py wrote the files.
"""

from __future__ import annotations

import importlib.util
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fakes.openai_server import OpenAIServer
from netguard import REPO_ROOT
from reliability_helpers import cli_env, json_out, run_cli, workspace_state

from ingest.pipeline import ingest_paths

BAD = REPO_ROOT / "tests" / "data" / "bad"
NOT_DATA = {"build_bad.py", "expected.json", ".gitattributes"}
MANIFEST = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))["files"]
TEN_MB = 10_000_000
# written into tmp by the `corpus` fixture: 10 MB is not committed
GENERATED = {
    "huge_cell_10mb.csv": {
        "why": "a 10 MB cell between two good rows",
        "good": 2,
        "kind": "ticket",
        "ids": ["H1", "H3"],
        "problems": [[3, f"cell 'text' has {TEN_MB:,} characters (limit 1,000,000)"]],
    },
    "huge_field_10mb.jsonl": {
        "why": "a 10 MB JSON string between two good lines",
        "good": 2,
        "kind": "ticket",
        "ids": ["J1", "J3"],
        "problems": [[2, f"field 'text' has {TEN_MB:,} characters (limit 1,000,000)"]],
    },
}
CASES = sorted(MANIFEST) + sorted(GENERATED)


def _write_generated(folder: Path) -> None:
    big = ("far too long " * (TEN_MB // 13 + 1))[:TEN_MB]
    (folder / "huge_cell_10mb.csv").write_text(f"id,text\nH1,small good row\nH2,{big}\nH3,another good row\n")
    lines = [{"id": "J1", "text": "fine"}, {"id": "J2", "text": big}, {"id": "J3", "text": "fine too"}]
    (folder / "huge_field_10mb.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    gen = tmp_path_factory.mktemp("generated")
    _write_generated(gen)
    out = {name: (BAD / name, exp) for name, exp in MANIFEST.items()}
    out.update({name: (gen / name, exp) for name, exp in GENERATED.items()})
    return out


def assert_problems(got: list[str], display: str, expected: list[list]) -> None:
    """Exactly the expected problems, each `display:line: reason...` (or `display: reason...`), one line each."""
    assert len(got) == len(expected), (got, expected)
    for line, reason in expected:
        prefix = f"{display}:{line}: {reason}" if line else f"{display}: {reason}"
        assert any(p.startswith(prefix) for p in got), f"missing {prefix!r} in {got}"
    for p in got:
        assert "\n" not in p and "Traceback" not in p, p


# --- the corpus itself ----------------------------------------------------------------------------------
def test_corpus_matches_manifest_and_generator() -> None:
    on_disk = {p.name for p in BAD.iterdir() if p.name not in NOT_DATA}
    assert on_disk == set(MANIFEST), on_disk ^ set(MANIFEST)
    assert len(on_disk) >= 30
    spec = importlib.util.spec_from_file_location("build_bad", BAD / "build_bad.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert set(module.FILES) == on_disk
    for name, data in module.FILES.items():  # .gitattributes keeps git from touching line endings
        assert (BAD / name).read_bytes() == data, f"{name} differs from build_bad.py's bytes"
    for name, exp in MANIFEST.items():
        assert exp["why"] and exp["good"] >= 0, name
        assert exp["good"] > 0 or exp["problems"], f"{name}: nothing good and nothing reported"


# --- ingest_paths ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", CASES)
def test_ingest_paths(name: str, corpus, settings) -> None:
    path, exp = corpus[name]
    s = settings()
    report = ingest_paths([path], settings=s, mapping=exp.get("map"))  # the real local embedder and Chroma
    assert report.error is None
    [fr] = report.files
    assert_problems(fr.problems, str(path), exp["problems"])
    assert (fr.new, fr.updated, fr.unchanged, fr.skipped) == (exp["good"], 0, 0, len(exp["problems"]))
    assert report.ingested_anything == (exp["good"] > 0)
    if "kind" in exp:
        assert fr.kind == exp["kind"]
    state = workspace_state(s.workspace)  # every record's chunks are in Chroma and match its text
    assert len(state.records) == exp["good"] and not state.orphans
    if "ids" in exp:
        assert sorted(state.records) == exp["ids"]
    for rid, text in exp.get("texts", {}).items():
        assert state.records[rid][2] == text

    again = ingest_paths([path], settings=s, mapping=exp.get("map"))
    assert (again.new, again.updated, again.unchanged) == (0, 0, exp["good"])
    assert again.skipped == len(exp["problems"])


def test_all_bad_files_in_one_run(corpus, settings) -> None:
    """One run over every file: the totals are the sums (ids shared by two files are kept apart)."""
    paths = [corpus[n][0] for n in CASES]
    s = settings()
    report = ingest_paths(paths, settings=s)
    assert report.error is None and report.ingested_anything
    by_name = {Path(f.file).name: f for f in report.files}
    for name in CASES:
        exp = corpus[name][1]
        fr = by_name[name]
        if "map" in exp:  # without its --map the file has no text column
            assert fr.new == 0 and fr.problems[0].startswith(f"{corpus[name][0]}: no text column found")
            continue
        assert (fr.new, fr.skipped) == (exp["good"], len(exp["problems"])), name
    good = sum(corpus[n][1]["good"] for n in CASES if "map" not in corpus[n][1])
    assert report.new == good and len(workspace_state(s.workspace).records) == good
    assert report.skipped == len(report.problems)


# --- the CLI --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cli_runs(corpus, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    """`antipersona ingest FILE --json` per file in a fresh workspace; then the same with --strict when that
    can tell something new (good rows and skipped ones: exit 0 without, 1 with). A file with no problems
    runs once, with --strict (must exit 0); a file with nothing good once, without (must exit 1).

    Embeddings come from the scripted OpenAI-compatible server (ANTIPERSONA_EMBEDDINGS=openai): the CLI
    path is the same and each run starts in about a second instead of loading torch."""
    root = tmp_path_factory.mktemp("cli")
    with OpenAIServer(max_requests=100_000) as server:
        env = cli_env(ANTIPERSONA_EMBEDDINGS="openai", OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="test")

        def run(name: str) -> list:
            path, exp = corpus[name]
            args = ["ingest", str(path), "--json", "--workspace", str(root / name)]
            if "map" in exp:
                args += ["--map", exp["map"]]
            if exp["good"] and not exp["problems"]:
                return [("strict", run_cli(*args, "--strict", env=env, timeout=120))]
            runs = [("plain", run_cli(*args, env=env, timeout=120))]
            if exp["good"]:
                runs.append(("strict", run_cli(*args, "--strict", env=env, timeout=120)))
            return runs

        with ThreadPoolExecutor(max_workers=2) as pool:
            return dict(zip(CASES, pool.map(run, CASES), strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("name", CASES)
def test_cli(name: str, corpus, cli_runs) -> None:
    path, exp = corpus[name]
    runs = cli_runs[name]
    for _, res in runs:
        assert "Traceback" not in res.stderr and "Traceback" not in res.stdout, res.stderr[-3000:]
    mode, first = runs[0]
    data = json_out(first)
    assert data["error"] is None and data["ok"] == (exp["good"] > 0)
    assert data["totals"]["new"] == exp["good"] and data["totals"]["skipped"] == len(exp["problems"])
    assert_problems(data["problems"], str(path), exp["problems"])
    assert first.returncode == (0 if exp["good"] else 1), first.stderr[-2000:]  # --strict too, when clean
    if len(runs) == 2:  # a re-run with --strict: nothing new, the same problems, exit 1 for the skips
        strict = runs[1][1]
        again = json_out(strict)
        assert again["totals"]["new"] == 0 and again["totals"]["unchanged"] == exp["good"]
        assert again["problems"] == data["problems"]
        assert strict.returncode == 1
    else:
        assert mode == ("strict" if exp["good"] else "plain")
