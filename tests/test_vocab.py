"""The shared vocabulary (core/vocab.py): outcome roles, yes/no words, value parsing and `human()`."""

from __future__ import annotations

import pytest

from core.vocab import (
    column_list,
    human,
    key,
    metadata_value,
    normalise_outcome,
    outcome_role,
    parse_rating,
    to_churn,
    to_number,
    yes_no,
)


@pytest.mark.parametrize(
    ("column", "role"),
    [
        ("Churn", "churn"),
        ("churned", "churn"),
        ("is_churned", "churn"),
        ("Cancelled", "churn"),
        ("MRR", "revenue"),
        ("arr", "revenue"),
        ("Revenue", "revenue"),
        ("LTV", "revenue"),
        ("lifetime_value", "revenue"),
        ("MonthlyCharges", "revenue"),
        ("TotalCharges", "revenue"),
        ("Total Charges", "revenue"),
        ("acv", "revenue"),
        ("mrr_usd", "revenue"),
        ("discount", "discount"),
        ("discount_pct", "discount"),
        ("Discount Percent", "discount"),
        ("refunds", "refunds"),
        ("refund_count", "refunds"),
        ("tickets", "tickets"),
        ("ticket_count", "tickets"),
        ("Support Tickets", "tickets"),
        ("NPS", "nps"),
        ("nps_score", "nps"),
        ("rating", "rating"),
        ("Stars", "rating"),
        ("recommended", "recommend"),
        ("Recommended IND", "recommend"),
        ("would_recommend", "recommend"),
        # not outcomes
        ("Clothing ID", None),
        ("ticket_id", None),
        ("churn_reason", None),
        ("Churn Score", None),
        ("credit_score", None),
        ("revenue_band", None),
        ("Age", None),
        ("customer_id", None),
        ("Positive Feedback Count", None),
        ("tenure", None),
        ("", None),
    ],
)
def test_outcome_role(column: str, role: str | None) -> None:
    assert outcome_role(column) == role


@pytest.mark.parametrize(
    ("value", "number"),
    [("$1,200", 1200.0), ("35%", 35.0), (" 12.5 ", 12.5), ("(40)", -40.0), ("€3.5", 3.5), ("yes", 1.0),
     ("", None), (" ", None), ("n/a", None), (7, 7.0), ("1e3", 1000.0), ("USD 20", 20.0)],
)
def test_to_number(value, number) -> None:
    assert to_number(value) == number


@pytest.mark.parametrize(
    ("value", "churn"),
    [("Yes", 1.0), ("no", 0.0), ("TRUE", 1.0), ("false", 0.0), ("1", 1.0), ("0", 0.0), ("churned", 1.0),
     ("Active", 0.0), (True, 1.0), (0, 0.0), ("maybe", None), ("", None)],
)
def test_to_churn(value, churn) -> None:
    assert to_churn(value) == churn


def test_metadata_value() -> None:
    assert metadata_value("33") == 33 and metadata_value("4.5") == 4.5
    assert metadata_value("02134") == "02134"  # leading zero: an id, not a number
    assert metadata_value(" ") is None and metadata_value("Dresses") == "Dresses"


@pytest.mark.parametrize(("value", "rating"), [("4", 4.0), ("4.5", 4.5), ("4/5", 4.0), ("3 stars", 3.0),
                                               ("★★★★☆", 4.0), ("", None), ("great", None), (5, 5.0)])
def test_parse_rating(value, rating) -> None:
    assert parse_rating(value) == rating


@pytest.mark.parametrize(
    ("column", "words"),
    [
        ("MonthlyCharges", "monthly charges"),
        ("SSOEnabled", "sso enabled"),
        ("company_size", "company size"),
        ("IndustryName", "industry"),
        ("company name", "company"),
        ("Name", "name"),
        ("seats", "seats"),
        ("Contract  Type", "contract type"),
        ("employee_count", "employee count"),
    ],
)
def test_human(column: str, words: str) -> None:
    assert human(column) == words


@pytest.mark.parametrize(
    ("value", "answer"),
    [("Yes", 1.0), (" y ", 1.0), ("TRUE", 1.0), ("t", 1.0), ("No", 0.0), ("n", 0.0), ("false", 0.0),
     ("F", 0.0), ("1", None), ("maybe", None), ("", None), (None, None)],
)
def test_yes_no(value, answer) -> None:
    assert yes_no(value) == answer


def test_normalise_outcome_reads_churn_words_only_for_churn() -> None:
    assert normalise_outcome("churn", "Churned") == 1.0
    assert normalise_outcome("revenue", "Churned") is None
    assert normalise_outcome("revenue", "$1,200") == 1200.0


def test_key_and_column_list() -> None:
    assert key("Ticket ID") == key("ticket_id") == key("TicketId") == "ticketid"
    columns = [f"c{i}" for i in range(15)]
    assert column_list(columns[:3]) == "c0, c1, c2"
    assert column_list(columns).endswith(f"c11, … ({len(columns)} columns)")
