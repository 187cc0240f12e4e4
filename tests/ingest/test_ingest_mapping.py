"""Column roles (docs/conventions.md), --map parsing, kind guessing and export shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.build import customer_from_file_name, normalise_date
from ingest.columns import email_column, guess_mapping
from ingest.kinds import guess_kind, looks_like_accounts
from ingest.mapping import apply_overrides, parse_kind, parse_map
from ingest.pii import redact
from ingest.shapes import detect_shape, strip_html


def test_email_column() -> None:
    assert email_column(["id", "Requester email", "Email"]) == "Email"
    assert email_column(["id", "Contact E-mail"]) is None or email_column(["id", "Contact E-mail"])
    assert email_column(["id", "contact_email"]) == "contact_email"
    assert email_column(["id", "name"]) is None
    assert email_column(["email_opt_in"]) is None


def test_guess_mapping_conventions() -> None:
    m = guess_mapping(["Ticket ID", "Requester ID", "Subject", "Body", "Created At", "Priority"])
    assert (m.id, m.customer_id, m.title, m.text, m.created_at) == (
        "Ticket ID", "Requester ID", "Subject", ["Body"], "Created At")
    assert "Priority" not in m.used()


def test_clothing_id_is_not_a_customer() -> None:
    cols = ["review_id", "Clothing ID", "Age", "Title", "Review Text", "Rating", "Recommended IND"]
    m = guess_mapping(cols)
    assert m.customer_id is None
    assert (m.id, m.text, m.title, m.rating) == ("review_id", ["Review Text"], "Title", "Rating")
    assert guess_kind(cols, m, Path("reviews.csv")) == "review"


def test_guess_kind() -> None:
    m = guess_mapping(["text", "category"])
    assert guess_kind(["text", "category"], m, Path("train.csv")) == "ticket"
    assert guess_kind(["text"], guess_mapping(["text"]), Path("call_notes.csv")) == "call"
    assert guess_kind(["id", "transcript"], guess_mapping(["id", "transcript"]), Path("x.csv")) == "call"
    assert guess_kind(["body", "stars"], guess_mapping(["body", "stars"]), Path("x.csv")) == "review"


def test_looks_like_accounts() -> None:
    assert looks_like_accounts(["customerID", "gender", "Churn"], Path("x.csv"))
    assert looks_like_accounts(["id", "plan", "mrr"], Path("x.csv"))
    assert looks_like_accounts(["id", "plan"], Path("accounts.csv"))
    assert not looks_like_accounts(["order", "amount"], Path("x.csv"))
    assert not looks_like_accounts(["customer_id", "text"], Path("x.csv"))


def test_parse_map() -> None:
    assert parse_map('text=Body,customer_id=Requester,id="Ticket ID"') == {
        "text": ["Body"], "customer_id": "Requester", "id": "Ticket ID"}
    assert parse_map("text=Subject+Description, date='Created at'") == {
        "text": ["Subject", "Description"], "created_at": "Created at"}
    assert parse_map(None) == {} and parse_map("") == {}
    assert parse_map({"text": "Body"}) == {"text": ["Body"]}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("text", "expected ROLE=COLUMN"),
        ("colour=Red", "unknown role 'colour'"),
        ("text=", "empty column name"),
        ('text="Body', "unclosed quote"),
        ("id=a,id=b", "'id' given twice"),
    ],
)
def test_parse_map_errors(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_map(spec)


def test_parse_kind() -> None:
    assert [parse_kind(k) for k in ("auto", "tickets", "call", "Reviews", "accounts")] == [
        "auto", "ticket", "call", "review", "accounts"]
    with pytest.raises(ValueError, match="unknown --kind"):
        parse_kind("emails")


def test_apply_overrides_resolves_loosely_and_reports_missing() -> None:
    cols = ["Ticket ID", "Requester", "Body", "Notes"]
    m = guess_mapping(cols)
    missing = apply_overrides(m, parse_map("text=notes,customer_id=requester,id=Nope"), cols)
    assert m.text == ["Notes"] and m.customer_id == "Requester"
    assert missing == ["Nope (id)"]


# --- shapes -------------------------------------------------------------------------------------------
def test_zendesk_csv() -> None:
    cols = ["Id", "Requester", "Requester id", "Requester email", "Organization", "Subject", "Description",
            "Status", "Created at", "Satisfaction Score"]
    s = detect_shape(cols)
    assert (s.name, s.kind) == ("zendesk", "ticket")
    assert (s.mapping.id, s.mapping.title, s.mapping.text, s.mapping.created_at) == (
        "Id", "Subject", ["Description"], "Created at")
    assert s.mapping.customer_id == "Organization"  # the account; requester ids when there is none
    assert detect_shape([c for c in cols if c != "Organization"]).mapping.customer_id == "Requester id"


def test_freshdesk_csv() -> None:
    cols = ["Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Created time",
            "Full name", "Contact ID", "Company Name"]
    s = detect_shape(cols)
    assert (s.name, s.kind, s.mapping.id, s.mapping.created_at, s.mapping.customer_id) == (
        "freshdesk", "ticket", "Ticket ID", "Created time", "Company Name")


def test_intercom_parts_keep_only_the_customer() -> None:
    cols = ["id", "created_at", "source.body", "source.author.id", "source.author.type",
            "conversation_parts.conversation_parts"]
    s = detect_shape(cols)
    assert (s.name, s.mapping.text, s.mapping.customer_id) == ("intercom", ["source.body"], "source.author.id")
    values = {"conversation_parts": {"conversation_parts": [
        {"body": "<p>Any update?</p>", "author": {"type": "user"}},
        {"body": "<p>Looking into it</p>", "author": {"type": "admin"}},
        {"body": "Still broken<br>please fix", "author": {"type": "user"}},
    ]}}
    assert s.extra_text(values) == ["Any update?", "Still broken\nplease fix"]


@pytest.mark.parametrize(
    ("cols", "name", "text", "rating"),
    [
        (["Review Title", "What do you like best?", "What do you dislike?", "Star Rating", "Reviewer Role",
          "Company Size", "Date"], "g2", ["What do you like best?", "What do you dislike?"], "Star Rating"),
        (["Title", "Overall Rating", "Review", "Pros", "Cons", "Company Size", "Industry", "Date"], "capterra",
         ["Review", "Pros", "Cons"], "Overall Rating"),
        (["Review Id", "Review Created (UTC)", "Review Title", "Review Content", "Review Stars", "Consumer Name"],
         "trustpilot", ["Review Content"], "Review Stars"),
        (["Date", "Rating", "Title", "Review", "Version", "Territory", "Nickname"], "app_store", ["Review"],
         "Rating"),
        (["Package Name", "App Version Name", "Review Submit Date and Time", "Star Rating", "Review Title",
          "Review Text", "Device"], "app_store", ["Review Text"], "Star Rating"),
    ],
)
def test_review_shapes(cols: list[str], name: str, text: list[str], rating: str) -> None:
    s = detect_shape(cols)
    assert (s.name, s.kind, s.mapping.text, s.mapping.rating) == (name, "review", text, rating)


def test_twitter_shape() -> None:
    cols = ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id"]
    s = detect_shape(cols)
    assert (s.name, s.kind, s.mapping.id, s.mapping.customer_id, s.mapping.inbound) == (
        "twitter", "ticket", "tweet_id", "author_id", "inbound")


def test_plain_tables_have_no_shape() -> None:
    assert detect_shape(["text", "category"]) is None
    assert detect_shape(["customerID", "gender", "Churn"]) is None


def test_strip_html() -> None:
    assert strip_html("<p>Hi &amp; bye</p><p>Second</p>") == "Hi & bye\nSecond"
    assert strip_html("a < b and c > d") == "a < b and c > d"


@pytest.mark.parametrize(
    ("value", "iso"),
    [("2026-03-04", "2026-03-04"), ("2026-03-04T10:20:30Z", "2026-03-04T10:20:30+00:00"),
     ("Wed Oct 11 06:55:44 +0000 2017", "2017-10-11T06:55:44+00:00"), ("03/04/2026", "2026-03-04"),
     ("1700000000", "2023-11-14T22:13:20+00:00"), ("March 4, 2026", "2026-03-04"), ("last week", "last week")],
)
def test_normalise_date(value: str, iso: str) -> None:
    assert normalise_date(value) == iso


@pytest.mark.parametrize(
    ("name", "customer"),
    [("C0042-renewal.md", "C0042"), ("C0042_call.vtt", "C0042"), ("CUST-17 call.txt", "CUST-17"),
     ("C0042.md", "C0042"), ("Call-C0042.md", None), ("Customer notes.md", None)],
)
def test_customer_from_file_name(name: str, customer: str | None) -> None:
    assert customer_from_file_name(Path(name)) == customer


def test_redact() -> None:
    text = "Mail jane.doe+x@acme.co.uk or call +1 (415) 555-0134 / 020 7946 0958. Order 12345, on 2026-03-04, $1,200."
    out = redact(text)
    assert "jane.doe" not in out and "555-0134" not in out and "7946" not in out
    assert out.count("[email]") == 1 and out.count("[phone]") == 2
    assert "Order 12345" in out and "2026-03-04" in out and "$1,200" in out
