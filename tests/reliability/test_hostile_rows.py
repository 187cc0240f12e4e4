"""Rows that look like data but are not, or are data written oddly (issue 19 #15): a repeated header line, a
text of only zero-width characters, VTT/SRT cues with impossible times, ids differing only by case, ids and
numbers in full-width digits or with a zero-width space inside, a negative revenue. Each is reported at its
`file:line` (a problem when the row is skipped, a note when it is kept), the rest of the file ingests, and
nothing is lost without a word. Through `ingest_paths` into a real workspace (MiniLM, embedded Chroma).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from core.settings import Settings
from core.unicode_clean import canonical_id, visible
from core.vocab import metadata_value, to_number

ZW = "\u200b"
FW = str.maketrans("0123456789CT,", "０１２３４５６７８９ＣＴ，")  # full-width look-alikes


def fw(text: str) -> str:
    return text.translate(FW)


def write_inputs(folder: Path) -> dict[str, Path]:
    files = {
        "tickets.csv": (
            "id,customer_id,text,mrr\n"
            "T1,C0001,The export broke again last week,100\n"
            "id,customer_id,text,mrr\n"  # line 3: the header again
            f"T2,C0002,{ZW}{ZW}\u2060\ufeff,50\n"  # line 4: nothing visible
            "t1,C0001,Another complaint about billing,10\n"  # line 5: T1 but for case
            f"{fw('T4')},C{ZW}0002,Support never answered my ticket,20\n"  # line 6: full-width id, ZW customer
            "T5,C0003,Refund took a month to arrive,-29509\n"  # line 7: negative revenue
        ),
        "accounts.csv": (
            "customer_id,plan,mrr,churned\n"
            "C0001,pro,100,no\n"
            "customer_id,plan,mrr,churned\n"  # line 3
            "c0001,basic,5,yes\n"  # line 4
            f"{fw('C0002')},pro,{fw('1,200')},no\n"  # line 5
            f"C{ZW}0003,basic,-29509,yes\n"  # line 6
            f"C0004,basic,1{ZW}200,no\n"  # line 7
        ),
        "call.vtt": (
            "WEBVTT\n\n"
            "00:00:01.000 --> 00:00:04.000\n<v Ana>Hello there, thanks for joining\n\n"
            "00:00:09.000 --> 00:00:05.000\n<v Bob>We keep losing data on export\n\n"  # line 6: ends first
            "99:99:99.000 --> 99:99:99.500\n<v Bob>And the price went up again\n\n"  # line 9: no such time
            "00:00:12.000 --> 00:00:15.000\n<v Ana>I hear you\n"
        ),
        "call.srt": (
            "1\n00:00:01,000 --> 00:00:04,000\nHello there\n\n"
            "2\n00:00:08,000 --> 00:00:02,000\nThe export is broken\n"  # line 6
        ),
        "blank.md": f"---\ncustomer_id: C0001\n---\n{ZW}{ZW}\n",
    }
    out = {}
    for name, text in files.items():
        out[name] = folder / name
        out[name].write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    from ingest.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("hostile_rows")
    files = write_inputs(root)
    report = ingest_paths(list(files.values()), settings=Settings(_env_file=None, workspace=root / "ws"))
    assert report.error is None, report.to_dict()
    by_file = {Path(f["file"]).name: f for f in report.to_dict()["files"]}
    return root, files, by_file


def test_each_odd_row_is_reported_at_its_line(ingested) -> None:
    _, files, by_file = ingested
    t, a = str(files["tickets.csv"]), str(files["accounts.csv"])
    assert by_file["tickets.csv"]["problems"] == [
        f"{t}:3: repeats the header row (two exports appended?); skipped",
        f"{t}:4: text has only invisible characters (zero-width spaces or the like)",
        f"{t}:5: duplicate id 't1': differs from 'T1' (line 2) only by case",
    ]
    assert f"{t}:7: mrr is negative (-29509): a revenue cannot be; left out" in by_file["tickets.csv"]["notes"]
    assert any(n.startswith(f"{t}: ids with full-width") and n.endswith("lines 6")
               for n in by_file["tickets.csv"]["notes"])
    assert by_file["accounts.csv"]["problems"] == [
        f"{a}:3: repeats the header row (two exports appended?); skipped",
        f"{a}:4: duplicate customer id 'c0001': differs from 'C0001' (line 2) only by case",
    ]
    assert f"{a}:6: mrr is negative (-29509): a revenue cannot be; left blank" in by_file["accounts.csv"]["notes"]
    vtt, srt = str(files["call.vtt"]), str(files["call.srt"])
    assert by_file["call.vtt"]["notes"] == [
        f"{vtt}:6: cue '00:00:09.000 --> 00:00:05.000' ends before it starts; its times are left out, its words kept",
        f"{vtt}:9: cue time '99:99:99.000 --> 99:99:99.500' is not a time (minutes and seconds run to 59); "
        "its times are left out, its words kept",
    ]
    assert by_file["call.srt"]["notes"] == [
        f"{srt}:6: cue '00:00:08.000 --> 00:00:02.000' ends before it starts; its times are left out, its words kept"
    ]
    assert by_file["blank.md"]["problems"] == [f"{files['blank.md']}: only invisible characters (zero-width "
                                               "spaces or the like)"]


def test_the_rest_is_stored_as_a_person_reads_it(ingested) -> None:
    import pandas as pd

    root, _, by_file = ingested
    assert (by_file["tickets.csv"]["new"], by_file["tickets.csv"]["skipped"]) == (3, 3)
    assert (by_file["accounts.csv"]["new"], by_file["accounts.csv"]["skipped"]) == (4, 2)
    con = sqlite3.connect(root / "ws" / "records.sqlite")
    rows = {rid: (cust, json.loads(meta), text) for rid, cust, meta, text in
            con.execute("SELECT id, customer_id, metadata, text FROM records")}
    assert sorted(rows) == ["T1", "T4", "T5", "call.srt", "call.vtt"]  # T4 from full-width digits
    assert rows["T4"][0] == "C0002"  # the zero-width space inside the customer id is gone
    assert rows["T5"][1] == {}  # the negative revenue is left out, the ticket kept
    assert rows["T1"][1] == {"mrr": 100.0}
    # every cue's words are kept, the impossible times are not
    assert "We keep losing data on export" in rows["call.vtt"][2] and "price went up" in rows["call.vtt"][2]
    assert "The export is broken" in rows["call.srt"][2]
    accounts = pd.read_parquet(root / "ws" / "accounts.parquet").set_index("customer_id")
    assert sorted(accounts.index) == ["C0001", "C0002", "C0003", "C0004"]  # one account each, not two
    assert accounts.loc["C0001", "plan"] == "pro"  # the first spelling of C0001 is kept
    assert accounts.loc["C0002", "mrr"] == 1200.0  # full-width digits and comma
    assert accounts.loc["C0004", "mrr"] == 1200.0  # a zero-width space inside the number
    assert pd.isna(accounts.loc["C0003", "mrr"])  # negative revenue blanked, the row kept


def test_numbers_ids_and_texts_read_as_shown() -> None:
    assert to_number(fw("1,200")) == 1200.0 and to_number(f"12{ZW}00") == 1200.0
    assert to_number(f"{ZW}") is None and to_number("-3.5") == -3.5
    assert metadata_value(fw("12")) == 12 and metadata_value("C0001") == "C0001"
    assert canonical_id(fw("C0001")) == canonical_id(f" C{ZW}0001\u2060 ") == "C0001"
    assert canonical_id("c0001") == "c0001"  # case is kept; readers report case-only duplicates
    assert not visible(f"{ZW}\u200c\u200d\u2060\ufeff\u3164 \n") and visible(f"{ZW}a")
