"""The records database's batched look-ups and the chunk-id helpers on the record types (real SQLite)."""

from __future__ import annotations

from core.models import Chunk, Metric, Record, by_effect
from core.records_db import IN_BATCH, RecordDB


def _records(n: int) -> list[Record]:
    return [Record(id=f"r{i}", kind="ticket", text=f"text {i}", source=f"f{i % 3}.csv", line=i + 2) for i in range(n)]


def test_lookups_span_more_ids_than_one_sqlite_statement_takes(tmp_path) -> None:
    db = RecordDB(tmp_path / "records.sqlite")
    recs = _records(2 * IN_BATCH + 17)
    db.upsert(recs, {r.id: 2 for r in recs})
    ids = [r.id for r in recs] + ["missing"]
    assert len(db.get_many(ids)) == len(recs)
    assert db.hashes(ids) == {r.id: r.content_hash() for r in recs}
    stored = db.stored(ids)
    assert stored["r5"] == (recs[5].content_hash(), "f2.csv", 7) and "missing" not in stored
    assert db.chunk_total() == 2 * len(recs)
    db.relocate([("g.csv", 1, "r5")])
    assert db.stored(["r5"])["r5"][1:] == ("g.csv", 1)


def test_accounts_index_forgets_only_customers_no_other_file_lists(tmp_path) -> None:
    db = RecordDB(tmp_path / "records.sqlite")
    db.set_account_hashes("a.csv", {"c1": "h1", "c2": "h2", "c3": "h3"})
    db.set_account_hashes("b.csv", {"c2": "x2"})
    assert db.account_hashes("a.csv") == {"c1": "h1", "c2": "h2", "c3": "h3"}
    assert sorted(db.account_sources()) == ["a.csv", "b.csv"]
    gone, unlisted = db.forget_accounts("a.csv", keep={"c3"})
    assert sorted(gone) == ["c1", "c2"] and unlisted == {"c1"}
    assert db.forget_accounts("a.csv", keep={"c3"}) == ([], set())
    assert db.account_hashes("a.csv") == {"c3": "h3"}


def test_chunk_ids_map_back_to_their_record_even_with_a_hash_in_the_id() -> None:
    rec = Record(id="ticket#12", kind="ticket", text="x")
    cid = rec.chunk_id(3)
    assert cid == "ticket#12#3"
    assert Chunk.record_id_of(cid) == "ticket#12"
    assert Chunk.record_id_of(cid, {"record_id": "other"}) == "other"
    assert Chunk.record_id_of(cid, {}) == "ticket#12"


def test_top_cost_is_the_largest_difference_from_the_baseline_either_way() -> None:
    def m(name: str, value: float) -> Metric:
        return Metric(name=name, label=name, value=value, baseline=1.0, n=10)

    ranked = by_effect([m("small", 1.1), m("lower", 0.2), m("higher", 1.5), m("tie", 1.5)])
    assert [x.name for x in ranked] == ["lower", "higher", "tie", "small"]
    assert by_effect([]) == []
