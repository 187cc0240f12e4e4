"""The structure rules of docs/architecture.md, read from the code's own imports (ast), so a violation
fails here: agent/ and core/ never import ingest/; core/ never imports agent/ or ui/; no production module
over MAX_LINES; `llm_enabled` read only in settings and the engine factory; `Store(` constructed only in
core/; no `from x import _private` across modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "agent", "ingest", "ui", "prompts")
MAX_LINES = 450
LLM_ENABLED_FILES = {"core/settings.py", "agent/engines/__init__.py"}
# Known debts, being split in issue 9 part B: each entry must still be a violation (so it is removed when
# fixed), and nothing else may be one.
KNOWN = {
    "size": set(),
    "store": {"ingest/pipeline.py", "ingest/reembed.py"},
    "private": set(),
}


def check_known(rule: str, found: set[str]) -> None:
    assert found - KNOWN[rule] == set(), f"new {rule} violations: {sorted(found - KNOWN[rule])}"
    assert KNOWN[rule] - found == set(), f"fixed, remove from KNOWN[{rule!r}]: {sorted(KNOWN[rule] - found)}"


def production_files() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, imported names, line) for every import in the file, nested and lazy ones included."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.module, [a.name for a in node.names], node.lineno))
    return out


def layer_violations(files: list[Path], forbidden: dict[str, tuple[str, ...]]) -> list[str]:
    bad = []
    for path in files:
        top = rel(path).split("/")[0]
        for module, _, line in imports(path):
            if module.split(".")[0] in forbidden.get(top, ()):
                bad.append(f"{rel(path)}:{line} imports {module}")
    return bad


FORBIDDEN = {"core": ("agent", "ingest", "ui"), "agent": ("ingest", "ui"), "ingest": ("agent", "ui")}


def test_layers_import_only_downwards() -> None:
    assert layer_violations(production_files(), FORBIDDEN) == []


def test_no_module_is_over_the_size_limit() -> None:
    big = {rel(p): n for p in production_files() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    check_known("size", set(big))


def attribute_reads(path: Path, attr: str) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == attr] + [
        n.lineno for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == attr
    ]


def test_llm_enabled_is_read_only_by_settings_and_the_engine_factory() -> None:
    readers = {rel(p) for p in production_files() if attribute_reads(p, "llm_enabled")}
    assert readers <= LLM_ENABLED_FILES, readers - LLM_ENABLED_FILES


def store_constructions(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name | ast.Attribute)
        and (n.func.id if isinstance(n.func, ast.Name) else n.func.attr) == "Store"
    ]


def test_store_is_constructed_only_in_core() -> None:
    outside = {rel(p) for p in production_files() if not rel(p).startswith("core/") and store_constructions(p)}
    check_known("store", outside)


def private_imports(path: Path) -> list[str]:
    return [
        f"{rel(path)}:{line} imports {name} from {module}"
        for module, names, line in imports(path)
        if module.split(".")[0] in PACKAGES
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]


def test_no_private_name_is_imported_across_modules() -> None:
    check_known("private", {rel(p) for p in production_files() if private_imports(p)})


# the checks themselves must catch a violation: run them on planted files ----------------------------------
@pytest.fixture
def planted(tmp_path, monkeypatch):
    def plant(relpath: str, source: str) -> Path:
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
        return path

    monkeypatch.setitem(globals(), "ROOT", tmp_path)  # rel() names planted files from here
    return plant


def test_the_checks_catch_planted_violations(planted) -> None:
    lazy = planted("agent/bad.py", "def f():\n    from ingest.readers import read_path\n    return read_path\n")
    assert layer_violations([lazy], FORBIDDEN) == ["agent/bad.py:2 imports ingest.readers"]
    up = planted("core/up.py", "import agent.verdict\n")
    assert layer_violations([up], FORBIDDEN) == ["core/up.py:1 imports agent.verdict"]
    store = planted("agent/store_user.py", "from core import store\nx = store.Store(settings)\n")
    assert store_constructions(store) == [2]
    private = planted("ui/p.py", "from agent.refresh import _previous_centroids, current\n")
    assert private_imports(private) == ["ui/p.py:1 imports _previous_centroids from agent.refresh"]
    reads = planted("agent/x.py", "def f(s):\n    return s.llm_enabled\n")
    assert attribute_reads(reads, "llm_enabled") == [2]
