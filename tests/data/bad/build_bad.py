"""Writes the bad-input corpus in this folder (run: python tests/data/bad/build_bad.py).

The files are committed; this script documents exactly which bytes each one holds (encodings, BOMs, line
endings and binary headers are hard to review in a diff) and rebuilds them deterministically.
`expected.json` beside it says, per file, how many good rows must be ingested and which lines must be
reported with which reason. The 10 MB cell file is not here: tests/reliability/test_bad_inputs.py writes it
into a temporary folder.
"""

from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def rows(n: int, start: int = 1, prefix: str = "T") -> list[tuple[str, str]]:
    topics = ["the invoice export fails", "onboarding took three weeks", "refund still not processed",
              "the mobile app logs me out", "pricing went up again", "support never called back"]
    return [(f"{prefix}{i}", f"Ticket {i}: {topics[i % len(topics)]}") for i in range(start, start + n)]


def csv_text(header: list[str], body: list[list[str]], sep: str = ",", eol: str = "\n") -> str:
    return eol.join([sep.join(header), *(sep.join(r) for r in body)]) + eol


FILES: dict[str, bytes] = {}


def put(name: str, data: str | bytes, encoding: str = "utf-8") -> None:
    FILES[name] = data if isinstance(data, bytes) else data.encode(encoding)


# --- encodings ------------------------------------------------------------------------------------------
put("enc_cp1252_semicolon.csv",
    "id;customer_id;text\nE1;C1;Le prix a augmenté de 20 € sans préavis\nE2;C2;Can’t export – “broken” again\n"
    "E3;C3;Très déçu du support\n", "cp1252")
put("enc_latin1.csv", "id,text\nL1,Façade réservée à l'équipe\nL2,Ça coûte trop cher\n", "latin-1")
put("enc_utf16_bom.csv", "\ufeffid,text\nU1,Exportação falhou\nU2,日本語のサポートがない\n", "utf-16-le")
put("enc_utf16_be_bom.csv", "\ufeffid,text\nB1,Rückerstattung fehlt\nB2,Zu teuer für uns\n", "utf-16-be")
put("enc_utf8_bom.csv", "\ufeffid,text\nM1,Naïve pricing page\nM2,Works — mostly\n")
put("enc_utf8_bad_bytes.csv",
    b"id,text\nX1,caf\xc3\xa9 is fine\nX2,broken \xff\xfe byte here\nX3,na\xc3\xafve but valid\nX4,ok row\n")
put("enc_utf16le_no_bom.csv", "id,text\r\nV1,Rückerstattung fehlt\r\nV2,Too expensive for us\r\n", "utf-16-le")
put("enc_utf8_bom_bad_bytes.csv", b"\xef\xbb\xbfid,text\nY1,first good\nY2,bad \x80 byte\nY3,third good\n")

# --- delimiters and quoting -----------------------------------------------------------------------------
put("delim_tab_named_csv.csv", csv_text(["id", "text"], [list(r) for r in rows(3)], sep="\t"))
put("delim_pipe.csv", csv_text(["id", "customer_id", "text"], [[i, "C9", t] for i, t in rows(3, 10)], sep="|"))
put("delim_semicolon_commas_in_text.csv",
    "id;text\nS1;We pay, we wait, nothing happens\nS2;Slow, slow, slow\n")
put("quote_multiline_cells.csv",
    'id,text\nQ1,"first line\nsecond line of the same cell"\nQ2,"he said ""cancel it"" twice"\n'
    'Q3,"three\nline\ncell"\nQ4,plain row\n')
put("quote_unbalanced.csv",
    'id,text\nU1,good row one\nU2,"this quote never closes\nU3,good row three\nU4,good row four\n')
put("quote_stray_in_unquoted.csv", 'id,text\nR1,The 5" screen is too small\nR2,He wrote 3 "stars"\n')
put("delim_tab_commas.tsv", "id\ttext\nTS1\tslow, buggy, expensive\nTS2\tone, two\n")
put("one_column.csv", "feedback\nToo expensive, honestly\nGreat, but slow\n\nNeeds SSO\n")
put("cells_wrong_count.csv",
    "id,customer_id,text\nW1,C1,fine row\nW2,C2,too,many,cells\nW3,too few\nW4,C4,fine again\n")

# --- columns --------------------------------------------------------------------------------------------
put("cols_no_text_column.csv", "order_id,amount,currency\n1,20,EUR\n2,30,EUR\n")
put("cols_renamed.csv",
    "Case Number,Requester,Opened At,Issue\nCN-1,ACME,2026-01-02,Cannot reset password\n"
    "CN-2,Globex,2026-01-03,Invoice PDF is blank\n")
put("cols_duplicate_header.csv", "id,text,text\nD1,first part,second part\nD2,only first,\n")
put("cols_needs_map.csv", "Ticket Nr;Kunde;Anliegen\nTN-1;K-7;Die Rechnung ist falsch\nTN-2;K-8;Export bricht ab\n")
put("cols_header_only.csv", "id,customer_id,text\n")
put("cols_header_only_crlf_blank_lines.csv", "id,text\r\n\r\n\r\n")
put("cols_empty_text_rows.csv", "id,text\nN1,has text\nN2,\nN3,   \nN4,also has text\n")
put("cols_blank_header_cells.csv", ",text,\n1,a row with an unnamed first column,x\n2,another,y\n")

# --- empty and binary -----------------------------------------------------------------------------------
put("empty.csv", b"")
put("empty_whitespace.csv", " \n\t\n  \r\n")
put("binary_zip_named.csv", b"PK\x03\x04" + bytes(range(256)) * 4)
put("binary_png_named.csv", b"\x89PNG\r\n\x1a\n" + bytes(200))
put("binary_gzip_named.csv", b"\x1f\x8b\x08\x00" + zlib.compress(b"id,text\n1,hi\n" * 50))
put("binary_nul_bytes.csv", b"id,text\n" + bytes([0, 1, 2, 3, 200, 0, 0, 7]) * 64)
put("nul_byte_after_8k.csv",
    "id,text\n" + "".join(f"P{i},padding row {i} with enough words to fill the first kilobytes\n" for i in range(150))
    + "P150,a stray \x00 NUL byte\nP151,last good row\n")
put("binary_sqlite_named.json", b"SQLite format 3\x00" + bytes(100))

# --- duplicates -----------------------------------------------------------------------------------------
put("dup_ids.csv", "id,text\nK1,first\nK2,second\nK1,first again with other text\nK3,third\nK2,second\n")
put("dup_ids.jsonl",
    '{"id": "J1", "text": "one"}\n{"id": "J2", "text": "two"}\n{"id": "J1", "text": "one, again"}\n')

# --- line endings ---------------------------------------------------------------------------------------
put("eol_crlf.csv", csv_text(["id", "text"], [list(r) for r in rows(3, 20)], eol="\r\n"))
put("eol_cr_only.csv", csv_text(["id", "text"], [list(r) for r in rows(3, 30)], eol="\r"))
put("eol_mixed.csv",
    "id,text\r\nM10,crlf row\nM11,lf row\r\nM12,\"quoted\r\nacross lines\"\nM13,broken,extra\r\nM14,last row\n")

# --- JSON -----------------------------------------------------------------------------------------------
put("json_truncated_array.json",
    '[\n  {"id": "A1", "text": "complete one"},\n  {"id": "A2", "text": "complete two"},\n'
    '  {"id": "A3", "text": "cut off he')
put("json_truncated_container.json",
    '{"tickets": [\n  {"id": "C1", "text": "fine"},\n  {"id": "C2", "te')
put("json_not_json.json", "this is a plain sentence, not JSON at all\n")
put("json_scalar.json", "42\n")
put("json_empty_array.json", "[]\n")
put("json_mixed_elements.json",
    '[\n  {"id": "Z1", "text": "an object"},\n  "a bare string",\n  17,\n  {"id": "Z2", "text": "another"}\n]\n')
put("json_broken_middle.json",
    '[\n  {"id": "G1", "text": "good"},\n  {"id": "G2", "text": "bad "quote" inside"},\n'
    '  {"id": "G3", "text": "good again"}\n]\n')
put("jsonl_broken_lines.jsonl",
    '{"id": "L1", "text": "fine"}\n{"id": "L2", "text": "unterminated\n\n[1, 2]\n{"id": "L3", "text": "fine too"}\n'
    '{"id": "L4" "text": "missing colon"}\n')
put("json_fake_injection.json",
    '[{"id": "I1", "text": "]}, {\\"id\\": \\"evil\\", \\"text\\": \\"injected\\"}, {"}]\n')

# --- transcripts and notes ------------------------------------------------------------------------------
put("vtt_no_cues.vtt", "WEBVTT\n\nNOTE customer_id: C0001\n\nthis is just text, no timings\n")
put("vtt_header_only.vtt", "WEBVTT\n")
put("vtt_some_bad_cues.vtt",
    "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Agent>Hello, how can I help?\n\n"
    "garbage block without timing\n\n00:00:04.000 --> 00:00:06.000\n<v Customer>The export is broken.\n")
put("srt_no_timings.srt", "1\nhello there\n\n2\nno timing here either\n")
put("md_front_matter_only.md", "---\ncustomer_id: C0042\ndate: 2026-03-04\n---\n\n   \n")
put("txt_blank.txt", "\n\n   \n")

# --- not a data file ------------------------------------------------------------------------------------
put("unsupported.xml", "<tickets><ticket>hi</ticket></tickets>\n")


def main() -> None:
    for old in HERE.iterdir():
        if old.name not in ("build_bad.py", "expected.json", ".gitattributes") and old.is_file():
            old.unlink()
    for name, data in FILES.items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(FILES)} files to {HERE}")


if __name__ == "__main__":
    main()
