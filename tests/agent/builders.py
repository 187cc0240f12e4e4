"""Build real workspaces for analysis tests straight from tables: real local embeddings, real Chroma,
real SQLite — only the file readers of `ingest/` are skipped (they have their own tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.models import Record
from core.store import Store, save_accounts


def store_records(settings, records: list[Record]) -> Store:
    """Embed each record as one chunk and store it, as the ingest pipeline does for short texts."""
    store = Store(settings)
    if records:
        vecs = store.embedder.embed([r.text for r in records])
        metas = []
        for r in records:
            m = {"record_id": r.id, "kind": r.kind, "start": 0, "end": len(r.text)}
            if r.customer_id:
                m["customer_id"] = r.customer_id
            if r.rating is not None:
                m["rating"] = float(r.rating)
            metas.append(m)
        store.vectors.upsert(
            [f"{r.id}#0" for r in records], np.asarray(vecs), [r.text for r in records], metas
        )
        store.records.upsert(records, {r.id: 1 for r in records})
    return store


def store_accounts(
    settings,
    df: pd.DataFrame,
    outcomes: dict[str, str],
    attributes: list[str],
    email_column: str | None = None,
) -> Store:
    store = Store(settings)
    save_accounts(
        store.workspace,
        df,
        {
            "id_column": "customer_id",
            "outcomes": outcomes,
            "attributes": attributes,
            "email_column": email_column,
        },
    )
    return store


def telco_accounts(path) -> pd.DataFrame:
    df = pd.read_csv(path).rename(columns={"customerID": "customer_id"})
    df["Churn"] = (df["Churn"] == "Yes").astype(float)
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce")
    return df


TELCO_OUTCOMES = {"Churn": "churn", "MonthlyCharges": "revenue", "TotalCharges": "revenue"}


def clothing_records(path, n: int) -> tuple[list[Record], pd.DataFrame]:
    df = pd.read_csv(path).head(n)
    recs = []
    for _, r in df.iterrows():
        text = ". ".join(str(x) for x in (r["Title"], r["Review Text"]) if isinstance(x, str))
        if not text.strip():
            continue
        meta = {
            k: (None if pd.isna(r[k]) else (r[k].item() if hasattr(r[k], "item") else r[k]))
            for k in ("Age", "Recommended IND", "Division Name", "Department Name", "Class Name")
        }
        recs.append(
            Record(
                id=str(r["review_id"]),
                kind="review",
                text=text,
                rating=float(r["Rating"]),
                source="reviews.csv",
                metadata=meta,
            )
        )
    return recs, df


AGENCY_OUTCOMES = {"churned": "churn", "mrr": "revenue"}


def agency_accounts(n: int = 200, agency_churns: bool = True) -> pd.DataFrame:
    """Accounts where Starter agencies churn (or, with agency_churns=False, do not), with contact columns
    (Record ID, Email) for lead and import tests."""
    rows = []
    for i in range(n):
        agency = i % 4 == 0
        churn = (agency and agency_churns and i % 8 != 4) or i % 23 == 0
        rows.append(
            {
                "customer_id": f"C{i:03d}",
                "industry": "Agency" if agency else ["SaaS", "Fintech", "Health"][i % 3],
                "plan": "Starter" if agency or i % 5 == 0 else "Growth",
                "churned": 1.0 if churn else 0.0,
                "mrr": 49.0 if agency else 900.0 + i,
                "email": f"owner{i}@example{i}.test",
            }
        )
    return pd.DataFrame(rows)
