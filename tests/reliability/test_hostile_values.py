"""Hostile values (issue 19): non-finite numbers and absurd nesting cost their row with `file:line: reason`,
never the file, never the workspace. Real ingest (MiniLM, embedded Chroma) and a real refresh.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from core.models import Metric, PersonaSet
from core.settings import Settings
from ingest.pipeline import ingest_paths
from ingest.readers import read_path


def test_a_non_finite_cell_never_poisons_the_workspace(clone_ws, tmp_path: Path) -> None:
    """1e309 in an accounts column: a file:line problem, the row skipped, and every version reads back."""
    from agent.refresh import refresh
    from core.versions import current

    ws = clone_ws()
    x = tmp_path / "x.csv"
    x.write_text("customer_id,mrr\nC0001,1e309\nC0002,120\n", encoding="utf-8")
    settings = Settings(_env_file=None, workspace=ws)
    report = ingest_paths([x], settings=settings)
    assert any(p.startswith(f"{x}:2: ") and "mrr" in p and "1e309" in p for p in report.problems), report.problems
    res = refresh(settings, force=True)
    assert res.version == 2
    again = current(settings)  # read back from disk, as `personas`, `check` and `export` do
    assert again is not None and again.version == 2
    assert all(math.isfinite(v) for v in again.baseline.values())


def test_models_refuse_non_finite_numbers() -> None:
    """The values layer: no model that is stored can hold inf or NaN, so none can be written."""
    for bad in (math.inf, -math.inf, math.nan):
        with pytest.raises(ValueError):
            Metric(name="mrr", label="MRR", value=bad, baseline=1.0, n=3)
        with pytest.raises(ValueError):
            PersonaSet(version=1, created_at="", engine="offline", data_fingerprint="", personas=[],
                       baseline={"mrr": bad})


DEEP = 5000


@pytest.mark.parametrize(
    ("name", "content", "good", "bad_lines"),
    [
        ("overflow.json", '[{"id":"J1","text":"x","created_at":1e309},\n{"id":"J2","text":"ok"}]', ["J2"], [1]),
        ("constants.json", '[\n{"id":"J1","text":"a","rating":Infinity},\n{"id":"J2","text":"b","n":NaN},\n'
                           '{"id":"J3","text":"fine"}\n]', ["J3"], [2, 3]),
        ("lines.jsonl", '{"id":"L1","text":"a","x":-Infinity}\n{"id":"L2","text":"b","x":1e999}\n'
                        '{"id":"L3","text":"fine"}\n', ["L3"], [1, 2]),
        ("nested500.json", '[\n{"id":"D1","text":"deep","meta":' + "[" * 500 + "1" + "]" * 500 + '},\n'
                           '{"id":"D2","text":"shallow"}\n]', ["D2"], [2]),
        ("nested5000.json", '[\n{"id":"D1","text":"deep","meta":' + "[" * DEEP + "1" + "]" * DEEP + '},\n'
                            '{"id":"D2","text":"shallow"}\n]', ["D2"], [2]),
        ("nested5000.jsonl", '{"id":"D1","text":"deep","meta":' + '{"a":' * DEEP + "1" + "}" * DEEP + '}\n'
                             '{"id":"D2","text":"shallow"}\n', ["D2"], [1]),
    ],
)
def test_one_bad_json_value_costs_only_its_row(tmp_path: Path, name: str, content: str, good: list[str],
                                              bad_lines: list[int]) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    res = read_path(path, name)
    assert res.fatal is None, res.fatal
    assert [r.values["id"] for r in res.rows] == good
    assert sorted(p.line for p in res.problems) == bad_lines, [str(p) for p in res.problems]
    assert all(("finite" in p.reason) or ("nested" in p.reason) for p in res.problems)


def test_bad_json_values_through_ingest(tmp_path: Path) -> None:
    """The issue's file: exit code and counts through the real pipeline; J2 stored, J1 reported."""
    path = tmp_path / "tickets.json"
    path.write_text(json.dumps([{"id": "J1", "text": "x", "created_at": 1e309}], allow_nan=True)[:-1]
                    .replace("Infinity", "1e309") + ',\n{"id":"J2","text":"the export is broken"}]', encoding="utf-8")
    report = ingest_paths([path], settings=Settings(_env_file=None, workspace=tmp_path / "ws"))
    assert report.error is None and report.new == 1, report.to_dict()
    assert report.ingested_anything
    assert len(report.problems) == 1 and report.problems[0].startswith(f"{path}:1: "), report.problems


def test_front_matter_non_finite_rating_is_dropped_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "call.md"
    path.write_text("---\nrating: 1e309\ncustomer: C1\n---\nThe onboarding took too long.\n", encoding="utf-8")
    res = read_path(path, "call.md")
    assert res.document is not None and "rating" not in res.document.meta
    assert any("rating" in n and "finite" in n for n in res.notes), res.notes


def test_xlsx_offered_in_the_data_tab_is_read(tmp_path: Path) -> None:
    """openpyxl is a dependency, so an .xlsx upload (offered by the Data tab) is read, not refused (#17)."""
    import tomllib

    from netguard import REPO_ROOT
    from openpyxl import Workbook

    deps = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(d.replace(" ", "").startswith("openpyxl") for d in deps), deps
    wb = Workbook()
    sheet = wb.active
    sheet.append(["id", "text"])
    sheet.append(["X1", "The export to Excel fails every Monday"])
    wb.save(tmp_path / "tickets.xlsx")
    res = read_path(tmp_path / "tickets.xlsx", "tickets.xlsx")
    assert res.fatal is None and [r.values["id"] for r in res.rows] == ["X1"] and res.rows[0].line == 2


@pytest.mark.parametrize("cp1252_rows", [1, 3])
def test_mixed_utf8_and_cp1252_rows_are_each_read_right(tmp_path: Path, cp1252_rows: int) -> None:
    """One export appended to another: UTF-8 rows stay UTF-8, Windows-1252 rows are read as such, and a
    note names the lines (#10); a damaged byte in a UTF-8 row still skips only that row."""
    body = b"id,text\nU1,Caf\xc3\xa9 cr\xc3\xa8me is great\n"
    body += b"".join(b"W%d,Caf\xe9 cr\xe8me was cold %d\n" % (i, i) for i in range(cp1252_rows))
    body += b"D1,broken \xff\xfe byte here\nU2,na\xc3\xafve but valid\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(body)
    res = read_path(path, "mixed.csv")
    texts = {r.values["id"]: r.values["text"] for r in res.rows}
    assert texts["U1"] == "Café crème is great" and texts["U2"] == "naïve but valid"
    assert all(texts[f"W{i}"] == f"Café crème was cold {i}" for i in range(cp1252_rows)), texts
    assert "D1" not in texts and [p.line for p in res.problems] == [3 + cp1252_rows]
    assert any("Windows-1252" in n and "line 3" in n for n in res.notes), res.notes


@pytest.mark.parametrize(
    "encoding", ["utf-16-le", "utf-16-be", "utf-16", "utf-32-le", "utf-32-be", "utf-32"]
)
def test_utf16_and_utf32_in_any_script_are_decoded(tmp_path: Path, encoding: str) -> None:
    """UTF-16 without a BOM holding Chinese is not called binary, and UTF-32 is not "a NUL byte" on every
    row: both are detected and decoded, with or without a BOM (#16)."""
    text = "id,text\nZ1,退款太慢了，客服不回复\nZ2,价格太贵 😞\nA3,plain ascii row\n"
    path = tmp_path / "zh.csv"
    path.write_bytes(text.encode(encoding))
    res = read_path(path, "zh.csv")
    assert res.fatal is None and not res.problems, (res.fatal, res.problems)
    assert {r.values["id"]: r.values["text"] for r in res.rows} == {
        "Z1": "退款太慢了，客服不回复",
        "Z2": "价格太贵 😞",
        "A3": "plain ascii row",
    }


def test_an_8_bit_file_with_a_stray_nul_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"id,text\n" + b"".join(b"R%d,some ordinary text %d\n" % (i, i) for i in range(50)) + b"\x00x")
    assert read_path(path, "nul.csv").fatal == "binary file (contains NUL bytes), not text"
