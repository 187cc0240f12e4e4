"""Accounts tables: id normalisation, outcome roles and values, upsert by customer, config overrides."""

from __future__ import annotations

import pandas as pd
import pytest

from core.store import Store, load_accounts
from ingest.pipeline import ingest_paths

CRM = """Customer Number,Plan,Seats,MRR,Discount,Churned,NPS,Contact Email,Notes
C1,Pro,12,"$1,200",35%,yes,-20,a@x.io,likes us
C2,Starter,2,$99,0%,no,40,b@x.io,
C3,Pro,,"$1,500",10%,Active,,c@x.io,new
"""


def test_accounts_table_roles_and_values(store: Store, write) -> None:
    p = write("crm_accounts.csv", CRM)
    report = ingest_paths([p], store=store)
    f = report.files[0]
    assert (f.kind, f.new, f.skipped) == ("accounts", 3, 0)
    assert store.vectors.count() == 0 and not list(store.records.iter_records())  # not in the vector store
    df, schema = load_accounts(store.workspace)
    assert schema["id_column"] == "customer_id" and schema["email_column"] == "Contact Email"
    assert schema["outcomes"] == {"MRR": "revenue", "Discount": "discount", "Churned": "churn", "NPS": "nps"}
    assert schema["attributes"] == ["Plan", "Seats", "Notes"]
    assert schema["source"] == [str(p.resolve())]
    assert list(df["customer_id"]) == ["C1", "C2", "C3"]
    assert "Customer Number" not in df.columns
    assert df["MRR"].tolist() == [1200.0, 99.0, 1500.0]
    assert df["Discount"].tolist() == [35.0, 0.0, 10.0]
    assert df["Churned"].tolist() == [1.0, 0.0, 0.0]
    assert df["NPS"].iloc[0] == -20.0 and pd.isna(df["NPS"].iloc[2])
    assert pd.api.types.is_float_dtype(df["Seats"]) and pd.isna(df["Seats"].iloc[2])
    assert df["Plan"].tolist() == ["Pro", "Starter", "Pro"]


def test_accounts_upsert_is_idempotent_and_per_customer(store: Store, write) -> None:
    p = write("accounts.csv", CRM)
    ingest_paths([p], store=store)
    mtime = store.workspace.accounts_table.stat().st_mtime_ns
    again = ingest_paths([p], store=store)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert store.workspace.accounts_table.stat().st_mtime_ns == mtime

    p.write_text(CRM.replace("C2,Starter,2,$99", "C2,Pro,5,$499") + "C4,Starter,1,$49,0%,no,10,d@x.io,\n")
    changed = ingest_paths([p], store=store)
    assert (changed.new, changed.updated, changed.unchanged) == (1, 1, 2)
    df, _ = load_accounts(store.workspace)
    assert len(df) == 4 and df.set_index("customer_id").loc["C2", "MRR"] == 499.0


def test_second_accounts_file_adds_columns(store: Store, write) -> None:
    a = write("accounts.csv", CRM)
    b = write("billing.csv", "account_id,refunds,ltv\nC1,3,9000\nC9,0,100\n")
    report = ingest_paths([a, b], store=store)
    assert [f.kind for f in report.files] == ["accounts", "accounts"]
    df, schema = load_accounts(store.workspace)
    d = df.set_index("customer_id")
    assert sorted(d.index) == ["C1", "C2", "C3", "C9"]
    assert d.loc["C1", "refunds"] == 3.0 and d.loc["C1", "MRR"] == 1200.0
    assert pd.isna(d.loc["C2", "refunds"]) and pd.isna(d.loc["C9", "MRR"])
    assert schema["outcomes"]["refunds"] == "refunds" and schema["outcomes"]["ltv"] == "revenue"
    assert len(schema["source"]) == 2


def test_config_overrides(store: Store, write) -> None:
    store.workspace.config_file.write_text(
        '[accounts]\nid = "Contact Email"\noutcomes = { Seats = "tickets", NPS = "none" }\n'
        'attributes = ["Plan"]\nignore = ["Notes"]\n'
    )
    p = write("accounts.csv", CRM)
    ingest_paths([p], store=store)
    df, schema = load_accounts(store.workspace)
    assert list(df["customer_id"]) == ["a@x.io", "b@x.io", "c@x.io"]
    assert schema["outcomes"] == {"Seats": "tickets", "MRR": "revenue", "Discount": "discount", "Churned": "churn"}
    assert schema["attributes"] == ["Plan"]
    assert "Notes" not in df.columns


@pytest.mark.parametrize(
    ("config", "message"),
    [('[accounts]\noutcomes = { MRR = "money" }', "outcome role 'money'"),
     ("[accounts]\nattributes = 3", "list of column names")],
)
def test_bad_config(store: Store, write, config: str, message: str) -> None:
    store.workspace.config_file.write_text(config)
    with pytest.raises(ValueError, match=message):
        ingest_paths([write("accounts.csv", CRM)], store=store)


def test_accounts_bad_rows(store: Store, write) -> None:
    p = write("accounts.csv", "customer_id,plan,mrr\nC1,Pro,10\n,Pro,20\nC1,Starter,30\nC2,Pro,oops\n")
    report = ingest_paths([p], store=store)
    assert report.new == 2
    assert report.problems == [f"{p}:3: no customer id ('customer_id' is empty)",
                               f"{p}:4: duplicate customer id 'C1' (first at line 2)"]
    df, _ = load_accounts(store.workspace)
    assert pd.isna(df.set_index("customer_id").loc["C2", "mrr"])


def test_forced_accounts_without_an_id(store: Store, write) -> None:
    p = write("x.csv", "plan,mrr\nPro,10\n")
    report = ingest_paths([p], store=store, kind="accounts")
    assert report.problems[0].startswith(f"{p}: no customer id column found")
    assert not report.ingested_anything


def test_prune_accounts(store: Store, write) -> None:
    p = write("accounts.csv", CRM)
    ingest_paths([p], store=store)
    p.write_text("\n".join(CRM.splitlines()[:2]) + "\n")  # only C1 left
    report = ingest_paths([p], store=store, prune=True)
    assert report.pruned == 2
    df, _ = load_accounts(store.workspace)
    assert list(df["customer_id"]) == ["C1"]
    p.unlink()
    gone = ingest_paths([write("t.csv", "id,text\n1,hi\n")], store=store, prune=True)
    assert gone.pruned == 1
    df, schema = load_accounts(store.workspace)
    assert len(df) == 0 and schema["source"] == []
