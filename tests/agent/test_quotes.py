"""Quotes are verbatim, always: the one check every writer's quotes pass."""

from agent.quotes import verify, verify_all
from core.models import Quote, Record

RECORDS = {
    "t1": Record(
        id="t1", kind="ticket", text="The Stripe sync failed again. We were double-charged!", customer_id="C1"
    ),
    "r2": Record(id="r2", kind="review", text="Love the dashboards, hate the price.", customer_id="C2"),
}


def test_verbatim_substring_is_verified_with_offset_and_ids():
    q = verify("The Stripe sync failed again.", "t1", RECORDS)
    assert q is not None
    assert (q.record_id, q.kind, q.customer_id) == ("t1", "ticket", "C1")
    assert RECORDS["t1"].text[q.start : q.start + len(q.text)] == q.text


def test_wrapping_quotation_marks_and_spaces_are_trimmed_but_nothing_inside_is_changed():
    assert verify("  “hate the price.”  ", "r2", RECORDS).text == "hate the price."
    assert verify("hate the prices", "r2", RECORDS) is None  # one letter off is not verbatim
    assert verify("Hate the price.", "r2", RECORDS) is None  # case matters


def test_quote_from_another_record_or_unknown_record_is_rejected():
    assert verify("hate the price.", "t1", RECORDS) is None
    assert verify("hate the price.", "nope", RECORDS) is None


def test_verify_all_drops_invented_quotes_and_tops_up_from_evidence():
    proposed = [
        {"record_id": "t1", "text": "We were double-charged!"},
        {"record_id": "t1", "text": "This product ruined my business"},  # invented
    ]
    fallback = [
        Quote(text="Love the dashboards", record_id="r2"),
        Quote(text="made up fallback", record_id="r2"),
    ]
    quotes, notes = verify_all(proposed, RECORDS, fallback=fallback, n_min=3)
    texts = [q.text for q in quotes]
    assert texts == ["We were double-charged!", "Love the dashboards"]
    # the note names the record, never the invented words (notes are shown on the personas page)
    assert len(notes) == 1 and "'t1'" in notes[0] and "ruined my business" not in notes[0]
    for q in quotes:
        assert q.text in RECORDS[q.record_id].text
