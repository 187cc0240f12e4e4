"""The sales pipeline as a table to search: one row per deal, with the cost roles of a deal.

Each deal (ingest/deals.py) joins its account by account id, else by normalised company name
(`core.vocab.company_key` against the accounts table's company-name column); a deal whose account is
unknown still counts, with its own attributes. Outcomes, measured against the pipeline's baseline with the
machinery customers use (agent/costs.py, agent/confirm.py):

- `won`: 1 won, 0 lost, open deals left out (role `win_rate`, lower is worse);
- `cycle_days`: days from created (engaged) to close, won and lost (role `cycle_days`);
- `concession`: list price minus the won value, as % of the list price, from the deal's own list price or
  the price list by product (role `concession`);
- `stalled`: an open deal older than the median closed cycle (role `stalled`); closed deals left out;
- `sales_effort`: activities and meetings, when the export has them.

Deals are split for confirmation by their prospect (the account, else the company), so one company's deals
stay on one side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from agent.costs import Analyzer, Entities, skip_column, usable_attribute
from core.vocab import company_key, key

NAME_KEYS = (
    "company",
    "companyname",
    "accountname",
    "name",
    "organization",
    "organisation",
    "orgname",
    "customername",
    "client",
    "clientname",
    "account",
)
OUTCOMES = {
    "won": "win_rate",
    "cycle_days": "cycle_days",
    "concession": "concession",
    "stalled": "stalled",
    "activities": "sales_effort",
    "meetings": "sales_effort",
}


@dataclass
class DealTable:
    entities: Entities
    analyzer: Analyzer
    matched_by_id: int
    matched_by_name: int
    unknown: int
    notes: list[str]


def _name_column(accounts: pd.DataFrame) -> str | None:
    by_key = {key(c): c for c in accounts.columns}
    return next((by_key[k] for k in NAME_KEYS if k in by_key), None)


def join_accounts(deals: pd.DataFrame, accounts: pd.DataFrame | None) -> tuple[pd.Series, pd.Series]:
    """(customer id per deal or None, how: 'id' | 'name' | 'unknown')."""
    n = len(deals)
    cust = pd.Series([None] * n, index=deals.index, dtype=object)
    how = pd.Series(["unknown"] * n, index=deals.index, dtype=object)
    if accounts is None or not len(accounts):
        return cust, how
    ids = set(accounts["customer_id"].astype(str))
    acc_id = deals["account_id"].astype("string")
    by_id = acc_id.isin(ids).fillna(False).to_numpy(dtype=bool)
    cust[by_id] = acc_id[by_id].astype(str)
    how[by_id] = "id"
    col = _name_column(accounts)
    if col is not None:
        names: dict[str, str] = {}
        for cid, name in zip(accounts["customer_id"].astype(str), accounts[col], strict=True):
            k = company_key(name)
            if k:
                names.setdefault(k, cid)
        # the deal's account id may itself be a name (plain exports, HubSpot's company column)
        keys = deals["company_key"].fillna(deals["account_id"].map(company_key, na_action="ignore"))
        hit = keys.map(names)
        by_name = (~by_id) & hit.notna().to_numpy(dtype=bool)
        cust[by_name] = hit[by_name]
        how[by_name] = "name"
    return cust, how


def _attr_key(name: str) -> str:
    k = key(name)
    for prefix in ("numberof", "no", "num", "total"):
        if k.startswith(prefix) and len(k) > len(prefix) + 3:
            return k[len(prefix) :]
    return k


def _attributes(deals: pd.DataFrame, cust: pd.Series, accounts, schema) -> tuple[pd.DataFrame, list[str]]:
    """Account attributes of matched deals, filled by the deal's own columns of the same name."""
    out = pd.DataFrame(index=deals.index)
    names: list[str] = []
    if accounts is not None and len(accounts):
        acc = accounts.copy()
        acc["customer_id"] = acc["customer_id"].astype(str)
        acc = acc.drop_duplicates("customer_id").set_index("customer_id")
        attrs = [a for a in (schema.get("attributes") or []) if a in acc.columns]
        for a in attrs:
            out[a] = cust.map(acc[a])
            names.append(a)
    same = {_attr_key(a): a for a in names}
    for c in deals.columns:
        if not c.startswith("attr:"):
            continue
        a = same.get(_attr_key(c[5:]), c[5:])  # the deal's "Industry" fills the account's "industry"
        own = deals[c]
        if a in out.columns:
            if pd.api.types.is_numeric_dtype(out[a]):
                own = pd.to_numeric(own, errors="coerce")
            out[a] = out[a].where(out[a].notna(), own)
        else:
            out[a] = own
            names.append(a)
    for a in names:
        num = pd.to_numeric(out[a], errors="coerce")
        if num.notna().sum() >= 0.9 * out[a].notna().sum() and out[a].notna().any():
            out[a] = num.astype(float)
    return out, names


def _as_of(deals: pd.DataFrame) -> pd.Timestamp | None:
    dates = pd.concat(
        [pd.to_datetime(deals["created"], errors="coerce"), pd.to_datetime(deals["closed"], errors="coerce")]
    )
    return dates.max() if dates.notna().any() else None


def deal_outcomes(deals: pd.DataFrame, prices: dict[str, float]) -> pd.DataFrame:
    """won, cycle_days, concession, stalled (and activities, meetings when present) per deal."""
    status = deals["status"].astype(str)
    out = pd.DataFrame(index=deals.index)
    out["won"] = np.where(status == "won", 1.0, np.where(status == "lost", 0.0, np.nan))
    out["cycle_days"] = pd.to_numeric(deals["cycle_days"], errors="coerce").where(status != "open")
    listed = pd.to_numeric(deals.get("list_price"), errors="coerce") if "list_price" in deals else None
    if prices and "product" in deals:
        by_product = deals["product"].astype("string").str.strip().str.lower().map(prices)
        listed = by_product if listed is None else listed.fillna(by_product)
    if listed is not None and listed.notna().any():
        amount = pd.to_numeric(deals["amount"], errors="coerce")
        conc = ((listed - amount) / listed * 100).clip(lower=0)
        out["concession"] = conc.where((status == "won") & (listed > 0))
    median = out["cycle_days"].median()
    as_of = _as_of(deals)
    if as_of is not None and np.isfinite(median) and (status == "open").any():
        age = (as_of - pd.to_datetime(deals["created"], errors="coerce")).dt.days
        out["stalled"] = np.where(
            status == "open", np.where(age.notna(), (age > median).astype(float), np.nan), np.nan
        )
    for c in ("activities", "meetings"):
        if c in deals and pd.to_numeric(deals[c], errors="coerce").notna().mean() > 0.5:
            out[c] = pd.to_numeric(deals[c], errors="coerce")
    return out.astype(float)


def deal_table(
    deals: pd.DataFrame | None,
    schema: dict,
    accounts: pd.DataFrame | None,
    acc_schema: dict,
    allow_sensitive: str = "",
) -> DealTable | None:
    """The deals as an Entities table (level `deal`) with their outcomes, or None without deals."""
    from agent import sensitive

    if deals is None or not len(deals) or "status" not in deals:
        return None
    deals = deals.reset_index(drop=True)
    cust, how = join_accounts(deals, accounts)
    attrs_df, names = _attributes(deals, cust, accounts, acc_schema)
    outcomes = deal_outcomes(deals, schema.get("prices") or {})
    prospect = cust.fillna(deals["account_id"].where(deals["account_id"].notna(), None))
    prospect = prospect.fillna("co:" + deals["company_key"].astype("string")).fillna(
        "deal:" + deals["deal_id"]
    )
    df = pd.concat(
        [
            pd.DataFrame(
                {
                    "id": deals["deal_id"].astype(str),
                    "customer_id": prospect.astype(str),
                    "account": cust,
                    "matched": how,
                    "status": deals["status"],
                    "closed": deals["closed"],
                    "amount": pd.to_numeric(deals["amount"], errors="coerce"),
                }
            ),
            attrs_df,
            outcomes,
        ],
        axis=1,
    )
    df = df.loc[:, ~df.columns.duplicated()]
    roles = {c: OUTCOMES[c] for c in outcomes.columns if outcomes[c].notna().any()}
    attrs = [
        a
        for a in dict.fromkeys(names)
        if a in df.columns
        and a not in roles
        and not skip_column(a)
        and a not in ("amount", "status")
        and usable_attribute(df[a])
    ]
    attrs, hidden = sensitive.split(df, attrs, allow_sensitive)
    ent = Entities(df=df, level="deal", outcomes=roles, attributes=attrs, sensitive=hidden)
    n_id, n_name = int((how == "id").sum()), int((how == "name").sum())
    unknown = len(df) - n_id - n_name
    notes = [
        f"{len(df):,} deals: {n_id:,} joined to accounts by id, {n_name:,} by company name, "
        f"{unknown:,} with no known account (counted with their own attributes)"
    ]
    return DealTable(ent, Analyzer(ent), n_id, n_name, unknown, notes)
