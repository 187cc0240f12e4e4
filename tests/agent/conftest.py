"""Workspaces on real shared data, built once per session (embedding is the slow part)."""

from __future__ import annotations

import pandas as pd
import pytest

from core.models import Record
from core.settings import Settings

from .builders import TELCO_OUTCOMES, clothing_records, store_accounts, store_records, telco_accounts


@pytest.fixture(scope="session")
def banking_ws(tmp_path_factory, shared_data):
    """1,500 banking77 messages from 15 intents, stored as tickets; intent kept as hidden truth."""
    df = pd.read_csv(shared_data / "banking77" / "train.csv")
    top = df["category"].value_counts().index[:15]
    df = df[df["category"].isin(top)].groupby("category").head(100).reset_index(drop=True)
    settings = Settings(_env_file=None, workspace=tmp_path_factory.mktemp("banking") / "ws")
    recs = [
        Record(id=f"b{i}", kind="ticket", text=t, source="train.csv", customer_id=f"c{i % 400}")
        for i, t in enumerate(df["text"])
    ]
    store_records(settings, recs)
    return settings, dict(zip([r.id for r in recs], df["category"], strict=True))


@pytest.fixture(scope="session")
def clothing_ws(tmp_path_factory, shared_data):
    settings = Settings(_env_file=None, workspace=tmp_path_factory.mktemp("clothing") / "ws")
    recs, df = clothing_records(shared_data / "clothing_reviews" / "reviews.csv", 1500)
    store_records(settings, recs)
    return settings, recs


@pytest.fixture(scope="session")
def telco_ws(tmp_path_factory, shared_data):
    settings = Settings(_env_file=None, workspace=tmp_path_factory.mktemp("telco") / "ws")
    df = telco_accounts(shared_data / "telco_churn" / "accounts.csv")
    attrs = [c for c in df.columns if c not in ("customer_id", *TELCO_OUTCOMES)]
    store_accounts(settings, df, TELCO_OUTCOMES, attrs)
    return settings, df


@pytest.fixture(scope="session")
def tweets_ws(tmp_path_factory, shared_data):
    """Every tweet of the support-conversation sample (customers and brands: @handles, t.co links)."""
    df = pd.read_csv(shared_data / "twcs_sample" / "sample.csv")
    settings = Settings(_env_file=None, workspace=tmp_path_factory.mktemp("tweets") / "ws")
    recs = [
        Record(id=f"t{r.tweet_id}", kind="ticket", text=str(r.text), customer_id=str(r.author_id))
        for r in df.itertuples()
    ]
    store_records(settings, recs)
    return settings, recs
