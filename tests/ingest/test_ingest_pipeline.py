"""`ingest_paths` end to end on a real SQLite + embedded Chroma workspace (fake embedder unless stated)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from ingest_helpers import DATA, FakeEmbedder

from core.store import Store
from ingest.pipeline import ingest_paths

GOOD = [
    DATA / "tickets_semicolon_cp1252.csv",
    DATA / "reviews_bom.csv",
    DATA / "tickets.jsonl",
    DATA / "reviews_array.json",
    DATA / "C0042-renewal-call.md",
    DATA / "C0007-support-call.vtt",
    DATA / "CUST-9_onboarding.srt",
]


def chroma_chunks(store: Store, record_id: str | None = None) -> dict[str, dict]:
    col = store.vectors.collection
    res = col.get(where={"record_id": record_id} if record_id else None, include=["documents", "metadatas"])
    return {i: {"text": d, **m} for i, d, m in zip(res["ids"], res["documents"], res["metadatas"], strict=True)}


def test_good_files_and_fields(store: Store) -> None:
    report = ingest_paths(GOOD, store=store)
    assert report.error is None and report.ingested_anything
    by_file = {Path(f.file).name: f for f in report.files}
    assert by_file["tickets_semicolon_cp1252.csv"].new == 3
    assert by_file["tickets.jsonl"].new == 2 and by_file["tickets.jsonl"].skipped == 1
    assert by_file["reviews_bom.csv"].kind == "review"
    assert by_file["C0007-support-call.vtt"].kind == "call"

    t = store.records.get("102")
    # "Requester" is not a customer-id name by the conventions (--map customer_id=Requester makes it one)
    assert (t.kind, t.customer_id, t.created_at, t.line) == ("ticket", None, "2026-03-05", 3)
    assert t.metadata == {"Requester": "ACME-2"}
    assert t.text == "Two lines:\nthe export crashes, the café price is €12"
    assert store.records.get("101").created_at == "2026-03-04"

    r = store.records.get("R1")
    assert (r.kind, r.rating, r.created_at) == ("review", 2.0, "2026-01-02")
    assert r.text == "Too slow\nThe sync takes hours, naïve design"
    assert r.metadata == {"reviewer_role": "Controller", "company_size": "51-200"}

    a = store.records.get("A1")
    assert a.metadata == {"reviewer.role": "CFO", "reviewer.company_size": "11-50"} and a.rating == 1.0

    note = store.records.get("C0042-renewal-call.md")
    assert (note.kind, note.customer_id, note.created_at) == ("call", "C0042", "2026-03-04")
    assert note.metadata["title"] == "Renewal call"

    vtt = store.records.get("C0007-support-call.vtt")
    assert vtt.customer_id == "C0007" and vtt.metadata["speakers"] == "Agent, Dana Reyes"
    srt = store.records.get("CUST-9_onboarding.srt")
    assert srt.customer_id == "CUST-9" and srt.text.startswith("CSM: Welcome aboard!")

    chunks = chroma_chunks(store)
    assert len(chunks) == report.embedded_chunks
    for cid, m in chunks.items():
        rec = store.records.get(m["record_id"])
        assert rec.text[m["start"] : m["end"]] == m["text"]
        assert cid.startswith(rec.id + "#")
        assert None not in m.values()
        assert m["kind"] == rec.kind and m["source"] == rec.source
    vtt_chunks = chroma_chunks(store, "C0007-support-call.vtt")
    assert next(iter(vtt_chunks.values()))["speaker"] == "Agent"
    assert next(iter(vtt_chunks.values()))["timestamp"] == "00:00:01.000"
    md_chunks = chroma_chunks(store, "C0042-renewal-call.md")
    assert len(md_chunks) > 1 and all(m["customer_id"] == "C0042" for m in md_chunks.values())
    counts = store.records.connect().execute("SELECT id, chunks FROM records").fetchall()
    assert sum(n for _, n in counts) == len(chunks)


def test_second_ingest_embeds_nothing_and_changes_nothing(make_store, fake: FakeEmbedder, tmp_path: Path) -> None:
    store = make_store(fake)
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("customer_id,plan,mrr,churned\nACME-1,Pro,$1200,no\nACME-2,Starter,99,yes\n")
    first = ingest_paths([*GOOD, accounts], store=store)
    calls, n_chunks = fake.calls, store.vectors.count()
    fingerprint = store.records.fingerprint()
    parquet_mtime = store.workspace.accounts_table.stat().st_mtime_ns

    second = ingest_paths([*GOOD, accounts], store=make_store(fake))
    assert fake.calls == calls, "nothing re-embedded"
    assert (second.new, second.updated, second.embedded_chunks) == (0, 0, 0)
    assert second.unchanged == first.new == first.stored
    assert second.skipped == first.skipped
    assert second.ingested_anything
    assert store.vectors.count() == n_chunks
    assert store.records.fingerprint() == fingerprint
    assert store.workspace.accounts_table.stat().st_mtime_ns == parquet_mtime


def test_changed_record_is_re_embedded_and_replaced(store: Store, fake: FakeEmbedder, write) -> None:
    long_text = " ".join(f"Sentence {i} about a billing export problem that keeps coming back." for i in range(30))
    p = write("t.csv", f'id,text\n1,short one\n2,"{long_text}"\n3,third\n')
    ingest_paths([p], store=store)
    assert len(chroma_chunks(store, "2")) > 2
    before = store.vectors.count()

    p.write_text("id,text\n1,short one\n2,now a short replacement text\n3,third\n")
    fake.texts.clear()
    report = ingest_paths([p], store=store)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 2)
    assert fake.texts == ["now a short replacement text"]
    chunks = chroma_chunks(store, "2")
    assert list(chunks) == ["2#0"] and chunks["2#0"]["text"] == "now a short replacement text"
    assert store.vectors.count() == before - (before - 3)  # one chunk per record now
    assert store.records.get("2").text == "now a short replacement text"


def test_prune_rows_and_files(store: Store, write) -> None:
    a = write("d/a.csv", "id,text\na1,one\na2,two\na3,three\n")
    b = write("d/b.csv", "id,text\nb1,four\n")
    ingest_paths([a.parent], store=store)
    assert store.vectors.count() == 4

    a.write_text("id,text\na1,one\na3,three\n")
    b.unlink()
    kept = ingest_paths([a.parent], store=store)
    assert kept.pruned == 0 and store.records.get("a2") and store.records.get("b1")

    pruned = ingest_paths([a.parent], store=store, prune=True)
    assert pruned.pruned == 2
    assert store.records.get("a2") is None and store.records.get("b1") is None
    assert set(chroma_chunks(store)) == {"a1#0", "a3#0"}
    gone = [f for f in pruned.files if f.kind == "(file gone)"]
    assert len(gone) == 1 and gone[0].pruned == 1 and gone[0].file.endswith("b.csv")


def test_prune_a_file_named_elsewhere(store: Store, write) -> None:
    a, b = write("a.csv", "id,text\na1,one\n"), write("b.csv", "id,text\nb1,two\n")
    ingest_paths([a, b], store=store)
    b.unlink()
    report = ingest_paths([a], store=store, prune=True)
    assert report.pruned == 1 and store.records.get("b1") is None


def test_interrupted_ingest_completes_without_duplicates(make_store, write) -> None:
    rows = "".join(f"r{i},message number {i} about something\n" for i in range(50))
    p = write("t.csv", "id,text\n" + rows)
    failing = FakeEmbedder(fail_after=2)
    first = ingest_paths([p], store=make_store(failing), batch_size=10)
    assert first.error and "embedding failed" in first.error and "ConnectionError" in first.error
    assert not first.ingested_anything
    assert first.new == 20
    store = make_store(FakeEmbedder())
    assert len(list(store.records.iter_records())) == 20

    second = ingest_paths([p], store=store, batch_size=10)
    assert second.error is None
    assert (second.new, second.unchanged) == (30, 20)
    assert len(list(store.records.iter_records())) == 50
    assert store.vectors.count() == 50
    assert set(chroma_chunks(store)) == {f"r{i}#0" for i in range(50)}


def test_crash_between_chroma_and_sqlite_leaves_no_orphans(make_store, write, monkeypatch) -> None:
    long_text = " ".join(f"Sentence {i} about a recurring invoice problem." for i in range(40))
    p = write("t.csv", f'id,text\n1,"{long_text}"\n2,two\n')
    store = make_store()

    def boom(self, records, counts):
        raise OSError("disk full")

    monkeypatch.setattr(type(store.records), "upsert", boom)
    first = ingest_paths([p], store=store)
    assert first.error and "storing failed" in first.error and first.new == 0
    monkeypatch.undo()
    assert len(chroma_chunks(store, "1")) > 1  # vectors written, rows not

    p.write_text("id,text\n1,now short\n2,two\n")  # fewer chunks than the half-written version
    second = ingest_paths([p], store=make_store())
    assert second.error is None and second.new == 2
    assert list(chroma_chunks(store, "1")) == ["1#0"]
    assert store.vectors.count() == 2


def test_bad_files_skip_with_reasons_and_good_rows_ingest(store: Store) -> None:
    report = ingest_paths([DATA / "broken", DATA / "tickets.jsonl", DATA / "nope.csv"], store=store)
    assert report.error is None and report.ingested_anything
    problems = report.problems
    broken = str(DATA / "broken")
    expected = [
        f"{broken}/binary.csv: binary file (contains NUL bytes), not text",
        f"{broken}/blank.txt: empty file",
        f"{broken}/empty.csv: empty file",
        f"{broken}/notes.docx: unsupported file type .docx",
        f"{broken}/scan.pdf: unsupported file type .pdf",
        f"{broken}/bad_utf8.csv:4: undecodable bytes (not valid UTF-8)",
        f"{broken}/rows.csv:5: malformed row: expected 3 cells, found 5",
        f"{broken}/rows.csv:7: duplicate id '1' (first at line 2)",
        f"{broken}/rows.csv:8: empty text",
        f"{DATA}/tickets.jsonl:2: invalid JSON: Unterminated string starting at",
        f"{DATA}/nope.csv: no such file or directory",
    ]
    for e in expected:
        assert any(p.startswith(e) for p in problems), (e, problems)
    assert any(p.startswith(f"{broken}/rows.csv:3: malformed row: unbalanced quote") for p in problems)
    assert any(p.startswith(f"{broken}/no_text.csv: no text column found (columns: order, amount)") for p in problems)
    assert any(p.startswith(f"{broken}/broken_array.json:3: invalid JSON") for p in problems)
    assert any(p.startswith(f"{broken}/cues.vtt: no VTT cues found") for p in problems)
    assert report.skipped == len(problems)
    by_file = {Path(f.file).name: f for f in report.files}
    assert by_file["rows.csv"].new == 4  # 1, 3, 5, 7
    assert by_file["bad_utf8.csv"].new == 3
    assert by_file["broken_array.json"].new == 2
    assert by_file["truncated.json"].new == 1
    assert store.records.get("7").text == "good row seven"
    assert store.records.get("rows.csv:1").text == "good row one"  # "1" is also an id in bad_utf8.csv
    assert any("stored as 'rows.csv:<id>'" in n for n in by_file["rows.csv"].notes)


def test_nothing_good_is_not_ingested(store: Store) -> None:
    report = ingest_paths([DATA / "broken" / "empty.csv", DATA / "broken" / "scan.pdf"], store=store)
    assert not report.ingested_anything and report.skipped == 2 and report.error is None


def test_cross_file_duplicates(store: Store, write) -> None:
    a = write("jan.csv", "ticket_id,text\n1,export broken\n2,refund please\n")
    b = write("feb.csv", "ticket_id,text\n2,refund please\n3,new one\n")
    report = ingest_paths([a, b], store=store)
    feb = report.files[1]
    assert (feb.new, feb.skipped) == (1, 1)
    assert feb.problems == [f"{b}:2: duplicate of id '2' in {a}:3 (same content)"]
    b.write_text("ticket_id,text\n2,something else entirely\n3,new one\n")
    again = ingest_paths([a, b], store=store)
    assert store.records.get("feb.csv:2").text == "something else entirely"
    assert store.records.get("2").text == "refund please"
    assert again.files[1].new == 1 and again.files[1].unchanged == 1


def test_walks_folders_and_ignores_docs_code_and_the_workspace(make_store, ws_settings, write, tmp_path) -> None:
    root = tmp_path / "in"
    write("README.md", "# About this data\n")
    write("LICENSE", "MIT\n")
    write("gen.py", "print(1)\n")
    write(".hidden.csv", "id,text\n1,x\n")
    write("sub/deeper/t.csv", "id,text\nx1,hello there\n")
    ws = root / "antipersona-data"
    from core.settings import Settings

    store = Store(Settings(_env_file=None, workspace=ws))
    store._embedder = FakeEmbedder()
    write("antipersona-data/stray.csv", "id,text\n9,inside the workspace\n")
    report = ingest_paths([root], store=store)
    assert [Path(f.file).name for f in report.files] == ["t.csv"]
    assert any("not data, not read" in n and ".py" in n for n in report.notes)
    assert report.skipped == 0


def test_same_file_twice_is_read_once(store: Store) -> None:
    report = ingest_paths([DATA / "tickets.jsonl", DATA / "tickets.jsonl", DATA], store=store)
    assert [f.file for f in report.files].count(str(DATA / "tickets.jsonl")) == 1


def test_kind_and_map_overrides(store: Store, write) -> None:
    p = write("export.csv", "Key,Who,Notes,Body\nk1,U1,the real text,not this\n")
    report = ingest_paths([p], store=store, kind="reviews", mapping="text=Notes,customer_id=Who,id=Key")
    assert report.files[0].kind == "review"
    r = store.records.get("k1")
    assert (r.kind, r.text, r.customer_id, r.metadata) == ("review", "the real text", "U1", {"Body": "not this"})


def test_mapped_column_missing_skips_the_file(store: Store, write) -> None:
    p = write("x.csv", "id,text\n1,a\n")
    report = ingest_paths([p], store=store, mapping="text=Body")
    assert report.problems == [f"{p}: mapped column not found: Body (text) (columns: id, text)"]
    assert not report.ingested_anything


@pytest.mark.parametrize(("kwargs", "message"), [({"kind": "emails"}, "unknown --kind"),
                                                 ({"mapping": "oops"}, "expected ROLE=COLUMN")])
def test_bad_arguments_raise_value_error(store: Store, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        ingest_paths([DATA / "tickets.jsonl"], store=store, **kwargs)


def test_text_file_as_accounts_is_a_problem(store: Store) -> None:
    report = ingest_paths([DATA / "C0042-renewal-call.md"], store=store, kind="accounts")
    assert report.problems == [f"{DATA}/C0042-renewal-call.md: a text or transcript file cannot be an accounts table"]


def test_redact_pii(store: Store, write) -> None:
    p = write("t.csv", "id,text,contact\n1,Call me on +44 20 7946 0958 or mail bob@acme.io,bob@acme.io\n")
    ingest_paths([p], store=store, redact_pii=True)
    r = store.records.get("1")
    assert r.text == "Call me on [phone] or mail [email]"
    assert r.metadata == {"contact": "[email]"}
    assert "bob@" not in json.dumps(chroma_chunks(store))


def test_huge_cell_and_record_limits(store: Store, write) -> None:
    p = write("t.csv", "id,text\n1,fine\n2," + "z" * 3000 + "\n")
    report = ingest_paths([p], store=store, max_cell=1000)
    assert report.new == 1 and report.problems == [f"{p}:3: cell 'text' has 3,000 characters (limit 1,000)"]


def test_feedback_rows_carry_attributes_and_outcomes(store: Store, write) -> None:
    p = write("reviews.csv", "review_id,Age,Rating,Recommended IND,Plan,Churned,Review Text\n"
                             "1,34,2,0,Pro,yes,Too pricey for what it does\n")
    ingest_paths([p], store=store)
    r = store.records.get("1")
    assert r.kind == "review" and r.rating == 2.0
    assert r.metadata == {"Age": 34, "Recommended IND": 0.0, "Plan": "Pro", "Churned": 1.0}


def test_broken_config_is_an_argument_error(store: Store) -> None:
    store.workspace.config_file.write_text("[accounts\nid = 1")
    with pytest.raises(ValueError, match="config.toml"):
        ingest_paths([DATA / "tickets.jsonl"], store=store)


def test_unreadable_file_is_skipped(store: Store, write) -> None:
    p = write("locked.csv", "id,text\n1,x\n")
    os.chmod(p, 0)
    try:
        if os.access(p, os.R_OK):
            pytest.skip("running as a user who can read anything")
        report = ingest_paths([p], store=store)
        assert report.problems[0].startswith(f"{p}: cannot read")
    finally:
        os.chmod(p, 0o644)


def test_moved_file_takes_its_records_along(store: Store, write, tmp_path) -> None:
    p = write("old/t.csv", "id,text\nm1,hello\n")
    ingest_paths([p], store=store)
    new = tmp_path / "in" / "new" / "t.csv"
    new.parent.mkdir()
    shutil.move(p, new)
    report = ingest_paths([new], store=store, prune=True)
    assert (report.unchanged, report.pruned) == (1, 0)
    assert store.records.get("m1").source == str(new.resolve())


@pytest.mark.slow
def test_real_minilm_idempotent(make_store, write) -> None:
    from core.embeddings import LocalMiniLM

    class Counting(LocalMiniLM):
        calls = 0

        def embed(self, texts):
            Counting.calls += 1
            return super().embed(texts)

    p = write("t.csv", "id,text\n" + "".join(f"{i},my card payment number {i} was declined\n" for i in range(30)))
    enc = Counting()
    first = ingest_paths([p], store=make_store(enc))
    assert first.new == 30 and Counting.calls == 1
    store = make_store(enc)
    assert store.vectors.all()[1].shape == (30, 384)
    second = ingest_paths([p], store=store)
    assert second.unchanged == 30 and Counting.calls == 1
    hits = store.vectors.query(enc.embed(["my card payment number 7 was declined"])[0], k=1)
    assert hits[0]["metadata"]["record_id"] == "7"


def test_excel_without_a_reader_is_a_problem(store: Store, write) -> None:
    p = write("export.xlsx", b"PK\x03\x04 not really a workbook")
    report = ingest_paths([p], store=store)
    (problem,) = report.problems
    assert problem.startswith(f"{p}: ")
    assert "openpyxl" in problem or "cannot read the workbook" in problem


def test_embedder_mismatch_is_reported_not_raised(make_store, write) -> None:
    p = write("t.csv", "id,text\n1,hello\n")
    ingest_paths([p], store=make_store())

    class Other(FakeEmbedder):
        name = "other:model"

    q = write("u.csv", "id,text\n2,world\n")
    report = ingest_paths([q], store=make_store(Other()))
    assert report.error and "holds fake:hash16 vectors" in report.error and "--reembed" in report.error
    assert not report.ingested_anything


def test_records_lost_but_vectors_kept_are_not_duplicated(store: Store, write) -> None:
    long_text = " ".join(f"Sentence {i} about a recurring invoice problem." for i in range(40))
    p = write("t.csv", f'id,text\n1,"{long_text}"\n2,two\n')
    ingest_paths([p], store=store)
    store.records.delete(["1", "2"])  # e.g. records.sqlite restored from an old backup
    p.write_text("id,text\n1,now short\n2,two\n")
    report = ingest_paths([p], store=store)
    assert report.new == 2 and store.vectors.count() == 2
    assert list(chroma_chunks(store, "1")) == ["1#0"]


def test_openai_compatible_embeddings(openai_server, tmp_path: Path, write) -> None:
    """embeddings=openai sends the passages to the configured endpoint, in batches, and stores its vectors."""
    from core.settings import Settings

    settings = Settings(_env_file=None, workspace=tmp_path / "ws", embeddings="openai",
                        openai_base_url=openai_server.base_url, openai_api_key="test-key",
                        embedding_model="fake-embed", embedding_batch_size=4, llm_timeout=10, llm_max_retries=0)
    p = write("t.csv", "id,text\n" + "".join(f"{i},ticket number {i} about refunds\n" for i in range(10)))
    report = ingest_paths([p], settings=settings)
    assert report.error is None and report.new == 10
    sent = [t for r in openai_server.embedding_requests for t in r["input"]]
    assert sorted(sent) == sorted(f"ticket number {i} about refunds" for i in range(10))
    assert len(openai_server.embedding_requests) == 3  # batches of 4
    store = Store(settings)
    assert store.vectors.collection.metadata["embedder"] == "openai:fake-embed"
    again = ingest_paths([p], settings=settings)
    assert again.unchanged == 10 and len(openai_server.embedding_requests) == 3
