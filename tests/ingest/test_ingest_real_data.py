"""Real files: BANKING77 tickets (real MiniLM), clothing reviews, AMI meetings (JSON and a VTT made from one),
telco accounts, Twitter support threads and the bundled examples. Skipped cleanly without ../shared/data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import EXAMPLES

from core.store import Store, load_accounts
from ingest.chunking import MAX_CHARS
from ingest.pipeline import ingest_paths


def head_csv(src: Path, dst: Path, n: int) -> Path:
    with open(src, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[: n + 1]
    with open(dst, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return dst


def all_chunks(store: Store) -> list[dict]:
    ids, _, metas, docs = store.vectors.all(include_documents=True)
    return [{"id": i, "text": d, **m} for i, m, d in zip(ids, metas, docs, strict=True)]


@pytest.mark.slow
@pytest.mark.shared
def test_banking77_sample_with_real_minilm(shared: Path, make_store, tmp_path: Path) -> None:
    from core.embeddings import LocalMiniLM

    src = head_csv(shared / "banking77" / "train.csv", tmp_path / "banking77.csv", 2000)
    encoder = LocalMiniLM()
    store = make_store(encoder)
    report = ingest_paths([src], store=store)
    assert report.error is None
    f = report.files[0]
    assert (f.kind, f.new, f.skipped) == ("ticket", 2000, 0)
    assert store.vectors.count() == 2000
    rec = store.records.get("banking77.csv:1")
    assert rec.text == "I am still waiting on my card?" and rec.metadata == {"category": "card_arrival"}

    hits = store.vectors.query(encoder.embed(["my new card still has not arrived"])[0], k=5)
    cats = [store.records.get(h["metadata"]["record_id"]).metadata["category"] for h in hits]
    assert cats.count("card_arrival") >= 3

    again = ingest_paths([src], store=make_store(encoder))
    assert (again.unchanged, again.new, again.updated, again.embedded_chunks) == (2000, 0, 0, 0)


@pytest.mark.shared
def test_clothing_reviews_keep_attributes(shared: Path, store: Store, tmp_path: Path) -> None:
    src = head_csv(shared / "clothing_reviews" / "reviews.csv", tmp_path / "reviews.csv", 400)
    report = ingest_paths([src], store=store)
    f = report.files[0]
    raw = pd.read_csv(src)
    empty = int((raw["Review Text"].isna() & raw["Title"].isna()).sum())
    assert (f.kind, f.new, f.skipped) == ("review", len(raw) - empty, empty)
    assert all(p.endswith(": empty text") for p in f.problems)

    rec = store.records.get("2")
    row = raw[raw["review_id"] == 2].iloc[0]
    assert rec.kind == "review" and rec.customer_id is None  # Clothing ID is a product, not a customer
    assert rec.rating == float(row["Rating"])
    assert rec.text.startswith(row["Title"] + "\n" + row["Review Text"][:40])
    assert rec.metadata["Clothing ID"] == int(row["Clothing ID"])
    assert rec.metadata["Age"] == int(row["Age"])
    assert rec.metadata["Recommended IND"] == float(row["Recommended IND"])
    assert rec.metadata["Department Name"] == row["Department Name"]
    assert "Rating" not in rec.metadata and "Title" not in rec.metadata

    long = [c for c in all_chunks(store) if c["record_id"] == "2"]
    assert len(long) >= 1 and all(rec.text[c["start"] : c["end"]] == c["text"] for c in long)

    # the analytics read these rows as entities with their own outcomes and attributes
    from agent.costs import build_entities

    ent = build_entities(None, {}, store.records.frame())
    assert ent.level == "record"
    assert ent.outcomes.get("rating") == "rating" and ent.outcomes.get("Recommended IND") == "recommend"
    assert "Clothing ID" not in ent.attributes  # a product id, not a trait
    assert "Age" not in ent.attributes and ent.sensitive.get("Age") == "age"  # sensitive: context only


@pytest.mark.shared
def test_ami_meeting_json(shared: Path, store: Store) -> None:
    src = shared / "ami_meetings" / "train" / "ES2002a.json"
    report = ingest_paths([src], store=store)
    assert (report.files[0].kind, report.files[0].shape, report.new) == ("call", "transcript", 1)
    turns = json.loads(src.read_text())["meeting_transcripts"]
    rec = store.records.get("ES2002a.json")
    lines = rec.text.split("\n")
    assert len(lines) == len(turns) == rec.metadata["turns"]
    assert lines[0] == f"{turns[0]['speaker']}: {' '.join(turns[0]['content'].split())}"
    chunks = all_chunks(store)
    assert len(chunks) > 20
    for c in chunks:
        assert rec.text[c["start"] : c["end"]] == c["text"]
        assert c["speaker"] in {t["speaker"] for t in turns}
        assert c["text"].startswith(c["speaker"] + ": ") or c["start"] > 0
        assert len(c["text"]) <= MAX_CHARS or " " not in c["text"]
    # each chunk starts at a turn boundary unless it splits a long turn
    starts = {0} | {i + 1 for i, ch in enumerate(rec.text) if ch == "\n"}
    assert sum(c["start"] in starts for c in chunks) / len(chunks) > 0.5


@pytest.fixture
def ami_vtt(shared: Path, tmp_path: Path) -> tuple[Path, list[dict]]:
    """A WebVTT transcript made from an AMI meeting: one cue per turn, 4 s apart, voice tags for speakers."""
    turns = json.loads((shared / "ami_meetings" / "train" / "ES2002b.json").read_text())["meeting_transcripts"]

    def ts(s: float) -> str:
        return f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{s % 60:06.3f}"

    cues = ["WEBVTT", "", "NOTE", "customer_id: C0777", "date: 2026-01-15", "title: Design review", ""]
    for i, t in enumerate(turns):
        cues += [str(i + 1), f"{ts(i * 4)} --> {ts(i * 4 + 3.5)}", f"<v {t['speaker']}>{t['content']}</v>", ""]
    path = tmp_path / "ES2002b-design-review.vtt"
    path.write_text("\n".join(cues), encoding="utf-8")
    return path, turns


@pytest.mark.shared
def test_vtt_made_from_an_ami_meeting(ami_vtt, store: Store) -> None:
    path, turns = ami_vtt
    report = ingest_paths([path], store=store)
    assert report.new == 1 and report.skipped == 0
    rec = store.records.get(path.name)
    assert (rec.kind, rec.customer_id, rec.created_at) == ("call", "C0777", "2026-01-15")
    merged = sum(1 for i, t in enumerate(turns) if i == 0 or t["speaker"] != turns[i - 1]["speaker"])
    assert rec.metadata["turns"] == merged == len(rec.text.split("\n"))
    chunks = sorted(all_chunks(store), key=lambda c: c["start"])
    assert chunks[0]["timestamp"] == "00:00:00.000" and chunks[0]["speaker"] == turns[0]["speaker"]
    stamps = [c["timestamp"] for c in chunks]
    assert stamps == sorted(stamps) and len(set(stamps)) > 10
    for c in chunks:
        assert rec.text[c["start"] : c["end"]] == c["text"]


@pytest.mark.shared
def test_telco_accounts(shared: Path, store: Store) -> None:
    src = shared / "telco_churn" / "accounts.csv"
    report = ingest_paths([src], store=store)
    f = report.files[0]
    raw = pd.read_csv(src)
    assert (f.kind, f.new, f.skipped) == ("accounts", len(raw), 0)
    df, schema = load_accounts(store.workspace)
    assert schema["outcomes"] == {"MonthlyCharges": "revenue", "TotalCharges": "revenue", "Churn": "churn"}
    assert "customerID" not in df.columns and df["customer_id"].tolist() == raw["customerID"].tolist()
    assert df["Churn"].mean() == pytest.approx((raw["Churn"] == "Yes").mean())
    assert set(df["Churn"].unique()) == {0.0, 1.0}
    assert df["TotalCharges"].isna().sum() == (raw["TotalCharges"].astype(str).str.strip() == "").sum()
    assert {"Contract", "tenure", "SeniorCitizen", "PaymentMethod"} <= set(schema["attributes"])
    assert pd.api.types.is_float_dtype(df["tenure"])
    assert store.vectors.count() == 0

    from agent.costs import build_entities

    ent = build_entities(df, schema, store.records.frame())
    assert ent.level == "account" and "Contract" in ent.attributes and ent.outcomes["Churn"] == "churn"

    again = ingest_paths([src], store=store)
    assert again.unchanged == len(raw) and again.new == 0


@pytest.mark.shared
def test_twitter_threads_keep_customer_messages(shared: Path, store: Store) -> None:
    src = shared / "twcs_sample" / "sample.csv"
    raw = pd.read_csv(src)
    report = ingest_paths([src], store=store)
    f = report.files[0]
    assert (f.kind, f.shape) == ("ticket", "twitter")
    inbound = raw[raw["inbound"]]
    assert f.new == len(inbound)
    assert f.skipped == len(f.problems) and all("brand reply (inbound=False)" in p for p in f.problems)
    records = list(store.records.iter_records())
    assert {r.customer_id for r in records} <= set(inbound["author_id"].astype(str))
    replied = [r for r in records if "brand_reply" in r.metadata]
    assert replied and all(r.metadata["brand"] for r in replied)
    assert f.skipped + len(replied) >= len(raw) - len(inbound) - 5


def test_examples_folder(store: Store) -> None:
    if not EXAMPLES.is_dir() or not any(EXAMPLES.glob("*.csv")):
        pytest.skip("examples/ not written yet")
    report = ingest_paths([EXAMPLES], store=store)
    assert report.error is None and report.ingested_anything
    by_name = {Path(f.file).name: f for f in report.files}
    for name, kind in (("tickets.csv", "ticket"), ("reviews.csv", "review"), ("accounts.csv", "accounts")):
        if name in by_name:
            f = by_name[name]
            assert (f.kind, f.skipped) == (kind, 0), f.problems[:3]
            assert f.new > 0
    calls = [f for f in report.files if "/calls/" in f.file]
    assert all(f.kind == "call" and f.new == 1 and not f.problems for f in calls)
    df, schema = load_accounts(store.workspace)
    if df is not None:
        recs = store.records.frame()
        feedback = recs[recs["kind"] != "deal_note"]  # a lost deal's note is often a prospect's, not a customer's
        linked = feedback["customer_id"].dropna().isin(set(df["customer_id"])).mean()
        assert linked > 0.9, "feedback joins the accounts table by customer id"
    again = ingest_paths([EXAMPLES], store=store)
    assert again.new == again.updated == again.embedded_chunks == 0
