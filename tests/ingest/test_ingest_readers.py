"""Readers on hand-made files: encodings, delimiters, quoted newlines, line numbers, broken input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_helpers import DATA

from ingest.readers import read_path
from ingest.readers.base import binary_reason, decode
from ingest.readers.csv_reader import read_csv, sniff_delimiter, split_lines


def read(path: Path):
    return read_path(path, path.name)


# --- decoding -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        ("café".encode(), "utf-8", "café"),
        ("\ufeffcafé".encode(), "utf-8-sig", "café"),
        ("café – “quoted” €".encode("cp1252"), "cp1252", "café – “quoted” €"),
        (b"caf\xe9 \x81", "latin-1", "café \x81"),  # 0x81 is undefined in cp1252
        ("naïve".encode("utf-16"), "utf-16", "naïve"),
    ],
)
def test_decode(data: bytes, encoding: str, text: str) -> None:
    assert decode(data) == (text, encoding)


def test_decode_mostly_utf8_keeps_bad_bytes_visible() -> None:
    text, enc = decode("über café naïve ".encode() + b"\xff")
    assert enc == "utf-8+errors"
    assert text.startswith("über café")


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n...", b"PK\x03\x04rest", b"\x89PNG\r\n", b"id,text\n1,a\x00b\n", bytes(range(32)) * 20],
)
def test_binary_detected(data: bytes) -> None:
    assert binary_reason(data)


def test_text_is_not_binary() -> None:
    assert binary_reason(b"id,text\n1,tab\there\r\n") is None


# --- CSV ----------------------------------------------------------------------------------------------
def test_cp1252_semicolon_quoted_newline() -> None:
    res = read(DATA / "tickets_semicolon_cp1252.csv")
    assert res.fatal is None and res.encoding == "cp1252"
    assert res.columns == ["Ticket ID", "Requester", "Body", "Created at"]
    assert [r.values["Ticket ID"] for r in res.rows] == ["101", "102", "103"]
    assert res.rows[0].values["Body"] == "Das Menü lädt nicht – bitte prüfen"
    assert res.rows[1].values["Body"] == "Two lines:\nthe export crashes, the café price is €12"
    # physical start lines: the quoted newline pushes row 103 to line 5
    assert [r.line for r in res.rows] == [2, 3, 5]
    assert [r.number for r in res.rows] == [1, 2, 3]


def test_bom_is_stripped_from_the_header() -> None:
    res = read(DATA / "reviews_bom.csv")
    assert res.encoding == "utf-8-sig"
    assert res.columns[0] == "review_id"
    assert res.rows[0].values["body"] == "The sync takes hours, naïve design"


@pytest.mark.parametrize(("delim", "ext"), [(",", "csv"), (";", "csv"), ("\t", "tsv"), ("|", "csv")])
def test_delimiter_sniffing(delim: str, ext: str) -> None:
    text = delim.join(["id", "text", "rating"]) + "\n"
    text += delim.join(["1", '"hello, world; really | ok"', "4"]) + "\n"
    text += delim.join(["2", "plain", "5"]) + "\n"
    res = read_csv(text, f"f.{ext}", fmt=ext)
    assert res.columns == ["id", "text", "rating"]
    assert [r.values["text"] for r in res.rows] == ["hello, world; really | ok", "plain"]


def test_single_column_file() -> None:
    assert sniff_delimiter(split_lines("text\nhello there\nanother one\n")) == ","
    res = read_csv("text\nhello, there\n", "f.csv")
    assert res.columns == ["text"]
    assert [r.values["text"] for r in res.rows] == ["hello, there"]


def test_unbalanced_quote_resyncs_and_wrong_width_rows_are_reported() -> None:
    res = read(DATA / "broken" / "rows.csv")
    assert [r.values["id"] for r in res.rows] == ["1", "3", "5", "1", "6", "7"]
    assert [r.line for r in res.rows] == [2, 4, 6, 7, 8, 9]
    reasons = [str(p) for p in res.problems]
    assert reasons[0].startswith("rows.csv:3: malformed row: unbalanced quote")
    assert reasons[1] == "rows.csv:5: malformed row: expected 3 cells, found 5"


def test_big_cell_skips_the_row_only() -> None:
    big = "x" * 2_000
    res = read_csv(f"id,text\n1,ok\n2,{big}\n3,also ok\n", "f.csv", max_cell=1_000)
    assert [r.values["id"] for r in res.rows] == ["1", "3"]
    assert str(res.problems[0]) == "f.csv:3: cell 'text' has 2,000 characters (limit 1,000)"


def test_ten_megabyte_cell(tmp_path: Path) -> None:
    p = tmp_path / "big.csv"
    p.write_text("id,text\n1,fine\n2," + "y" * 10_000_000 + "\n3,fine too\n", encoding="utf-8")
    res = read(p)
    assert [r.values["id"] for r in res.rows] == ["1", "3"]
    assert "10,000,000 characters" in str(res.problems[0]) and str(res.problems[0]).startswith("big.csv:3:")


def test_bad_bytes_in_a_utf8_file_skip_that_row() -> None:
    res = read(DATA / "broken" / "bad_utf8.csv")
    assert [r.values["text"] for r in res.rows] == ["café ok", "naïve fine", "über good"]
    assert [str(p) for p in res.problems] == ["bad_utf8.csv:4: undecodable bytes (not valid UTF-8)"]


def test_blank_lines_and_crlf() -> None:
    res = read_csv("id,text\r\n\r\n1,a\r\n\r\n2,b\r\n", "f.csv")
    assert [(r.values["text"], r.line) for r in res.rows] == [("a", 3), ("b", 5)]


def test_duplicate_and_empty_header_names() -> None:
    res = read_csv("text,text,\n1,2,3\n", "f.csv")
    assert res.columns == ["text", "text.2", "column_3"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.csv", "empty file"),
        ("blank.txt", "empty file"),
        ("binary.csv", "binary file (contains NUL bytes), not text"),
        ("notes.docx", "unsupported file type .docx"),
        ("scan.pdf", "unsupported file type .pdf"),
    ],
)
def test_whole_file_skips(name: str, reason: str) -> None:
    assert read(DATA / "broken" / name).fatal == reason


def test_binary_with_a_data_extension(tmp_path: Path) -> None:
    p = tmp_path / "report.csv"
    p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert read(p).fatal == "binary file (a PDF), not text"


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    assert read(tmp_path / "nope.csv").fatal.startswith("cannot read")


# --- JSON ---------------------------------------------------------------------------------------------
def test_json_array_rows_know_their_lines() -> None:
    res = read(DATA / "reviews_array.json")
    assert [r.values["review_id"] for r in res.rows] == ["A1", "A2"]
    text = (DATA / "reviews_array.json").read_text()
    for r in res.rows:
        line = text.split("\n")[r.line - 1]
        assert line.strip() == "{"
    assert res.rows[0].values["reviewer"] == {"role": "CFO", "company_size": "11-50"}


def test_json_array_with_a_broken_element_keeps_the_others() -> None:
    res = read(DATA / "broken" / "broken_array.json")
    assert [r.values["id"] for r in res.rows] == ["B1", "B3"]
    assert [r.number for r in res.rows] == [1, 3]
    assert str(res.problems[0]).startswith("broken_array.json:3: invalid JSON")


def test_json_container_object_and_truncated_file() -> None:
    res = read(DATA / "broken" / "truncated.json")
    assert [r.values["id"] for r in res.rows] == ["T1"]
    assert res.problems and "invalid JSON" in res.problems[0].reason


def test_json_container_keys(tmp_path: Path) -> None:
    p = tmp_path / "export.json"
    p.write_text(json.dumps({"count": 2, "tickets": [{"id": 1, "subject": "a"}, {"id": 2, "subject": "b"}]}, indent=1))
    res = read(p)
    assert [r.values["id"] for r in res.rows] == [1, 2]
    assert all(r.line > 2 for r in res.rows)


def test_json_scalar_is_a_file_problem(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text("42")
    assert "expected a JSON array or object" in read(p).fatal


def test_jsonl_broken_line() -> None:
    res = read(DATA / "tickets.jsonl")
    assert [(r.values["id"], r.line, r.number) for r in res.rows] == [("J1", 1, 1), ("J3", 4, 3)]
    assert str(res.problems[0]).startswith("tickets.jsonl:2: invalid JSON")


def test_jsonl_non_object_line(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text('{"text": "a"}\n[1, 2]\n')
    res = read(p)
    assert len(res.rows) == 1
    assert str(res.problems[0]) == "x.jsonl:2: expected a JSON object, found list"


def test_ami_style_transcript_json(tmp_path: Path) -> None:
    p = tmp_path / "meeting.json"
    p.write_text(json.dumps({"topic_list": [{"topic": "x"}], "meeting_transcripts": [
        {"speaker": "Project Manager", "content": "Okay , let us start ."},
        {"speaker": "Marketing", "content": "Mm-hmm ."},
    ]}))
    res = read(p)
    assert res.format == "json-transcript"
    assert [(t.speaker, t.text) for t in res.document.turns] == [
        ("Project Manager", "Okay , let us start ."),
        ("Marketing", "Mm-hmm ."),
    ]


# --- text, Markdown, VTT, SRT -------------------------------------------------------------------------
def test_markdown_front_matter() -> None:
    res = read(DATA / "C0042-renewal-call.md")
    doc = res.document
    assert doc.meta == {"customer_id": "C0042", "date": "2026-03-04", "title": "Renewal call"}
    assert doc.text.startswith("# Renewal call with Acme")
    assert doc.line == 7
    assert "---" not in doc.text.split("\n")[0]


def test_text_without_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "note.txt"
    p.write_text("\n\nJust a note.\nSecond line.\n\n")
    doc = read(p).document
    assert (doc.text, doc.meta, doc.line) == ("Just a note.\nSecond line.", {}, 3)


def test_front_matter_only_is_empty(tmp_path: Path) -> None:
    p = tmp_path / "note.md"
    p.write_text("---\ncustomer_id: C1\n---\n\n")
    assert read(p).fatal == "no text after the front matter"


def test_vtt_voice_tags_note_block_and_merged_turns() -> None:
    res = read(DATA / "C0007-support-call.vtt")
    doc = res.document
    assert doc.meta == {"date": "2026-02-01", "title": "Support call"}
    assert [(t.speaker, t.start, t.end) for t in doc.turns] == [
        ("Agent", "00:00:01.000", "00:00:04.000"),
        ("Dana Reyes", "00:00:04.500", "00:00:12.000"),
        ("Agent", "00:00:12.500", "00:00:15.000"),
    ]
    assert doc.turns[1].text == "Our invoices are wrong again, the tax is missing. Third time this quarter."


def test_srt_speaker_prefixes() -> None:
    doc = read(DATA / "CUST-9_onboarding.srt").document
    assert [(t.speaker, t.start) for t in doc.turns] == [("CSM", "00:00:00.500"), ("Customer", "00:00:03.200")]
    assert doc.turns[1].text == "No, it failed twice with a timeout. We need it before month end."


def test_vtt_without_cues_is_skipped() -> None:
    assert read(DATA / "broken" / "cues.vtt").fatal.startswith("no VTT cues found")


def test_vtt_short_timestamps_and_tags(tmp_path: Path) -> None:
    p = tmp_path / "t.vtt"
    p.write_text("WEBVTT\n\n1\n00:01.000 --> 00:02.500 align:start\n<c.yellow>Hello</c> &amp; <i>welcome</i>\n")
    (turn,) = read(p).document.turns
    assert (turn.text, turn.speaker, turn.start) == ("Hello & welcome", None, "00:00:01.000")
