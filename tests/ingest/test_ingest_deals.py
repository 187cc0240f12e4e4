"""Deal exports: each CRM's shape recognised by its real column names, stages mapped to won/lost/open (shown
in the report, overridable by --map and config.toml), a price list, deal notes as text records."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.store import load_deals
from core.vocab import company_key
from ingest.pipeline import ingest_paths

DATA = Path(__file__).resolve().parents[1] / "data" / "deals"


def _deals(store, name: str, **kw):
    rep = ingest_paths(DATA / name, store=store, **kw)
    fr = rep.files[0]
    df, schema = load_deals(store.workspace)
    return fr, df.set_index("deal_id"), schema


def test_salesforce_opportunities_use_iswon_and_isclosed(store) -> None:
    fr, df, _ = _deals(store, "salesforce_opportunities.csv")
    assert fr.kind == "deals", fr.problems
    assert df["status"].to_dict() == {
        "0065g00000A1aAAA": "won", "0065g00000A1aAAB": "lost", "0065g00000A1aAAC": "open", "0065g00000A1aAAD": "open",
    }
    assert df.loc["0065g00000A1aAAA", "cycle_days"] == 75 and df.loc["0065g00000A1aAAB", "account_id"] == "0015g00000X2"
    assert df.loc["0065g00000A1aAAB", "loss_reason"] == "Price"
    assert df.loc["0065g00000A1aAAA", "attr:LeadSource"] == "Web"
    note = " ".join(fr.notes)
    assert "1 won, 1 lost, 2 open" in note and "Closed Won → won" in note and "Verbal Commit → open" in note
    rec = store.records.get("deal:0065g00000A1aAAB")
    assert rec.kind == "deal_note" and "Loss reason: Price" in rec.text and "cheaper tool" in rec.text


def test_hubspot_deals_map_their_stage_labels(store) -> None:
    fr, df, _ = _deals(store, "hubspot_deals.csv")
    assert fr.kind == "deals", fr.problems
    assert df["status"].to_dict() == {"9001": "won", "9002": "lost", "9003": "open", "9004": "open"}
    assert df.loc["9001", "company_key"] == "acme" and df.loc["9004", "company_key"] == "stark industries"
    assert df.loc["9002", "amount"] == 3000 and df.loc["9001", "cycle_days"] == 39
    assert "No budget" in store.records.get("deal:9002").text


def test_pipedrive_status_wins_over_its_pipeline_stage(store) -> None:
    fr, df, _ = _deals(store, "pipedrive_deals.csv")
    assert fr.kind == "deals", fr.problems
    assert df["status"].to_dict() == {"17": "won", "18": "lost", "19": "open"}
    assert df.loc["18", "cycle_days"] == 68 and df.loc["17", "cycle_days"] == 29
    assert df.loc["18", "loss_reason"] == "Chose a competitor" and df.loc["17", "account_name"] == "Acme Inc"


def test_plain_export_and_stage_overrides_from_map_and_config(store) -> None:
    fr, df, schema = _deals(store, "plain_pipeline.csv")
    assert fr.kind == "deals", fr.problems
    assert df["status"].to_dict() == {"D-1": "won", "D-2": "lost", "D-3": "open", "D-4": "open"}
    assert df.loc["D-1", "attr:Industry"] == "Software" and df.loc["D-1", "company_key"] == "acme"
    fr, df, schema = _deals(store, "plain_pipeline.csv", mapping='stage="Prospecting:lost"')
    assert df.loc["D-4", "status"] == "lost" and "Prospecting → lost" in " ".join(fr.notes)
    store.workspace.config_file.write_text('[deals]\nstages = { "Engaging" = "won" }\n')
    fr, df, schema = _deals(store, "plain_pipeline.csv")
    assert df.loc["D-3", "status"] == "won"
    assert schema["stage_maps"][str(DATA / "plain_pipeline.csv")]["Engaging"] == "won"
    store.workspace.config_file.write_text('[deals]\nstages = { "Engaging" = "maybe" }\n')
    with pytest.raises(ValueError, match="won, lost or open"):
        ingest_paths(DATA / "plain_pipeline.csv", store=store)


def test_kind_deals_forces_a_table_and_a_price_list_is_kept(store, write) -> None:
    path = write("export.csv", "Ref,Org,Phase,Worth\nX1,Acme,Won,10\nX2,Globex,Lost,20\n")
    rep = ingest_paths(path, store=store, kind="deals", mapping="id=Ref,stage=Phase,amount=Worth,account_name=Org")
    assert rep.files[0].kind == "deals", rep.files[0].problems
    df, _ = load_deals(store.workspace)
    assert sorted(df["status"]) == ["lost", "won"] and sorted(df["amount"]) == [10, 20]
    rep = ingest_paths(DATA / "price_list.csv", store=store)
    assert rep.files[0].kind == "prices"
    _, schema = load_deals(store.workspace)
    assert schema["prices"] == {"starter": 3000.0, "pro": 9000.0, "enterprise": 30000.0}
    df, _ = load_deals(store.workspace)
    assert len(df) == 2  # the price list kept the deals


def test_company_names_normalise_across_case_punctuation_and_suffixes() -> None:
    names = ["Acme, Inc.", "ACME INC", "acme", "Acme Ltd", "Acme GmbH", "Acme L.L.C.", "Acme LLC"]
    assert {company_key(n) for n in names} == {"acme"}
    assert company_key("Procter & Gamble Co.") == "procter and gamble"
    assert company_key("Inc") == "inc"
