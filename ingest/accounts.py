"""Accounts tables (CRM exports): customer id, attribute columns and outcome columns -> accounts.parquet.

The customer id column becomes `customer_id` (str). Outcome columns keep their names with values made
numeric (churn -> 0/1 from yes/no/true/false/churned/active...; money and percentages -> float). Roles come
from `core.vocab.outcome_role`, overridable in the workspace `config.toml`:

    [accounts]
    id = "Customer Number"
    outcomes = { "Monthly Fee" = "revenue", "Left" = "churn" }
    attributes = ["Plan", "Region", "Seats"]
    ignore = ["Notes"]

Re-ingesting a file upserts by customer id (the file's columns of its customers are replaced; other
files' columns stay); a per-row hash (table `ingest_accounts` in records.sqlite) makes an unchanged file a
no-op that does not rewrite the table.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.unicode_clean import canonical_id
from core.vocab import NON_NEGATIVE, column_list, metadata_value, normalise_outcome, outcome_role
from ingest.build import duplicate_id, plain_ids_note
from ingest.columns import ColumnIndex, customer_column, email_column, id_column
from ingest.readers.base import Problem, Row

if TYPE_CHECKING:
    import pandas as pd

    from core.store import Store

ROLES = ("churn", "revenue", "discount", "refunds", "tickets", "nps", "rating", "recommend")


class AccountsError(Exception):
    """A whole accounts file cannot be used (no customer id column...)."""


@dataclass
class AccountsResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    customers: set[str] = field(default_factory=set)


def accounts_config(config: dict[str, Any]) -> dict[str, Any]:
    """The `[accounts]` section of a workspace config, checked (ValueError names what is wrong)."""
    section = config.get("accounts") or {}
    if not isinstance(section, dict):
        raise ValueError("config.toml: [accounts] must be a table")
    out: dict[str, Any] = {"id": None, "outcomes": {}, "attributes": None, "ignore": []}
    if section.get("id") is not None:
        if not isinstance(section["id"], str):
            raise ValueError("config.toml: [accounts] id must be a column name")
        out["id"] = section["id"]
    outcomes = section.get("outcomes") or {}
    if not isinstance(outcomes, dict):
        raise ValueError('config.toml: [accounts] outcomes must be a table like { "MRR" = "revenue" }')
    for col, role in outcomes.items():
        if role not in ROLES and role not in ("none", "", None):
            raise ValueError(f"config.toml: [accounts] outcome role '{role}' for '{col}' (use {', '.join(ROLES)})")
        out["outcomes"][col] = role or "none"
    for name in ("attributes", "ignore"):
        value = section.get(name)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"config.toml: [accounts] {name} must be a list of column names")
        out[name] = list(value)
    return out


def plan_columns(columns: list[str], overrides: dict[str, Any], cfg: dict[str, Any]) -> dict[str, Any]:
    """Which column is the customer id, the email, each outcome and each attribute (AccountsError if no id)."""
    resolve = ColumnIndex(columns).resolve
    wanted = overrides.get("customer_id") or cfg.get("id")
    if wanted:
        id_col = resolve(wanted)
        if id_col is None:
            raise AccountsError(f"customer id column '{wanted}' not found (columns: {column_list(columns)})")
    else:
        id_col = customer_column(columns) or id_column(columns) or email_column(columns)
        if id_col is None:
            raise AccountsError(
                f"no customer id column found (columns: {column_list(columns)}); use --map customer_id=COLUMN"
            )
    email = resolve(overrides.get("email")) if overrides.get("email") else email_column(columns)
    ignore = {c for c in (resolve(n) for n in cfg.get("ignore", [])) if c}
    outcomes: dict[str, str] = {}
    explicit_none: set[str] = set()
    for name, role in cfg.get("outcomes", {}).items():
        col = resolve(name)
        if col is None:
            continue
        if role == "none":
            explicit_none.add(col)
        else:
            outcomes[col] = role
    for c in columns:
        if c in outcomes or c in explicit_none or c in ignore or c == id_col:
            continue
        role = outcome_role(c)
        if role:
            outcomes[c] = role
    if cfg.get("attributes") is not None:
        attributes = [c for c in (resolve(n) for n in cfg["attributes"]) if c and c not in outcomes and c != id_col]
    else:
        attributes = [c for c in columns if c not in outcomes and c not in ignore and c not in (id_col, email)]
    return {"id": id_col, "email": email, "outcomes": outcomes, "attributes": attributes, "ignore": ignore}


def _numeric_column(values: list[Any]) -> bool:
    seen = 0
    for v in values:
        if v is None:
            continue
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            return False
        seen += 1
    return seen > 0


def build_frame(
    rows: list[Row], flat: list[dict[str, Any]], plan: dict[str, Any], display: str
) -> tuple[pd.DataFrame, dict[str, str], list[Problem]]:
    """The file's accounts as a frame indexed by nothing (customer_id column first), row hashes, problems
    and notes. Ids are read as plain (full-width digits, zero-width spaces); one differing from an earlier
    id only by case is a duplicate; a negative revenue, ticket count or rating is blanked."""
    import pandas as pd

    id_col, email, outcomes, attributes = plan["id"], plan["email"], plan["outcomes"], plan["attributes"]
    keep = [c for c in ([email] if email and email != id_col else []) + attributes + list(outcomes) if c]
    keep = list(dict.fromkeys(keep))
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}  # casefolded id -> (id, line)
    plain_ids: list[int] = []
    notes: list[str] = []
    ids: list[str] = []
    data: dict[str, list[Any]] = {c: [] for c in keep}
    for row, values in zip(rows, flat, strict=True):
        raw = values.get(id_col)
        cid = "" if raw is None else (str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw))
        cid, written = canonical_id(cid), cid.strip()
        if not cid:
            problems.append(Problem(display, row.line, f"no customer id ('{id_col}' is empty)"))
            continue
        if cid != written:
            plain_ids.append(row.line)
        first = seen.get(cid.casefold())
        if first is not None:
            problems.append(Problem(display, row.line, duplicate_id("customer id", cid, *first)))
            continue
        seen[cid.casefold()] = (cid, row.line)
        ids.append(cid)
        for c in keep:
            v = values.get(c)
            role = outcomes.get(c)
            if role:
                number = normalise_outcome(role, v)
                if number is not None and number < 0 and role in NON_NEGATIVE:
                    notes.append(f"{display}:{row.line}: {c} is negative ({v}): a {role} cannot be; left blank")
                    number = None
                data[c].append(number)
            else:
                data[c].append(metadata_value(v))
    frame: dict[str, Any] = {"customer_id": ids}
    for c in keep:
        col = data[c]
        if c in outcomes or _numeric_column(col):
            frame[c] = [math.nan if v is None else float(v) for v in col]
        else:
            frame[c] = [None if v is None else str(v) for v in col]
    df = pd.DataFrame(frame)
    hashes: dict[str, str] = {}
    for i, cid in enumerate(ids):
        payload = json.dumps([[c, frame[c][i]] for c in keep], default=str, ensure_ascii=False)
        hashes[cid] = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
    if plain_ids:
        notes.append(plain_ids_note(display, plain_ids))
    return df, hashes, problems, notes


def index_sources(store: Store) -> list[str]:
    return store.records.account_sources()


def _merge(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """Upsert `new` into `old` by customer_id: new rows appended, the new file's columns replaced."""
    if old is None or not len(old):
        return new.reset_index(drop=True)
    old = old.copy()
    old["customer_id"] = old["customer_id"].astype(str)
    o = old.set_index("customer_id")
    n = new.set_index("customer_id")
    o = o[~o.index.duplicated(keep="last")]
    extra = n.index[~n.index.isin(o.index)]
    all_idx = o.index.append(extra)
    combined = o.reindex(all_idx)
    in_new = all_idx.isin(n.index)
    for col in n.columns:
        newcol = n[col].reindex(all_idx)
        if col in combined.columns:
            if in_new.all():
                combined[col] = newcol
            else:
                oldcol = combined[col]
                merged = [nv if flag else ov for nv, ov, flag in zip(newcol.tolist(), oldcol.tolist(), in_new, strict=True)]
                combined[col] = pd_series(merged, all_idx)
        else:
            combined[col] = newcol
    combined.index.name = "customer_id"
    return combined.reset_index()


def pd_series(values: list[Any], index) -> Any:
    import pandas as pd

    numeric = all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in values)
    if numeric:
        return pd.Series([math.nan if v is None else float(v) for v in values], index=index, dtype="float64")
    return pd.Series([None if (isinstance(v, float) and math.isnan(v)) else v for v in values], index=index,
                     dtype="object")


def _merged_schema(old: dict[str, Any], plan: dict[str, Any], source: str, columns: list[str]) -> dict[str, Any]:
    outcomes = dict(old.get("outcomes") or {})
    outcomes.update(plan["outcomes"])
    attributes = [a for a in (old.get("attributes") or []) if a not in plan["outcomes"]]
    for a in plan["attributes"]:
        if a not in attributes and a not in outcomes:
            attributes.append(a)
    sources = list(old.get("source") or [])
    if source not in sources:
        sources.append(source)
    email = plan["email"] if plan["email"] and plan["email"] != plan["id"] else old.get("email_column")
    return {
        "id_column": "customer_id",
        "email_column": email,
        "outcomes": outcomes,
        "attributes": [a for a in attributes if a in columns],
        "source": sources,
    }


def upsert_accounts(
    store: Store,
    rows: list[Row],
    flat: list[dict[str, Any]],
    columns: list[str],
    source: str,
    display: str,
    overrides: dict[str, Any],
) -> AccountsResult:
    """Read one accounts file's rows into the workspace table (AccountsError for a file-level problem)."""
    from core.store import load_accounts, save_accounts

    cfg = accounts_config(store.workspace.config())
    plan = plan_columns(columns, overrides, cfg)
    df, hashes, problems, notes = build_frame(rows, flat, plan, display)
    result = AccountsResult(problems=problems, customers=set(hashes), notes=notes)
    known = store.records.account_hashes(source)
    old, old_schema = load_accounts(store.workspace)
    present = set(old["customer_id"].astype(str)) if old is not None and "customer_id" in old else set()
    changed = False
    for cid, h in hashes.items():
        if cid not in known:
            result.new += 1
            changed = True
        elif known[cid] != h or cid not in present:
            result.updated += 1
            changed = True
        else:
            result.unchanged += 1
    missing_cols = old is None or any(c not in old.columns for c in df.columns)
    schema = _merged_schema(old_schema, plan, source, list(df.columns) + ([] if old is None else list(old.columns)))
    if changed or missing_cols or schema != old_schema:
        merged = _merge(old, df) if len(df) else (old if old is not None else df)
        save_accounts(store.workspace, merged, schema)
        store.records.set_account_hashes(source, hashes)
    role_list = ", ".join(f"{c}→{r}" for c, r in plan["outcomes"].items())
    result.notes.append(f"customer id: {plan['id']}; outcomes: {role_list or 'none found'}")
    return result


def prune_accounts(store: Store, source: str, keep: set[str] | None) -> int:
    """Forget `source`'s customers not in `keep` (all of them when keep is None); drop rows nobody else has."""
    from core.store import load_accounts, save_accounts

    gone, drop = store.records.forget_accounts(source, keep)
    if not gone:
        return 0
    old, schema = load_accounts(store.workspace)
    if old is not None and drop:
        kept = old[~old["customer_id"].astype(str).isin(drop)].reset_index(drop=True)
        if keep is None:
            schema = dict(schema)
            schema["source"] = [s for s in schema.get("source") or [] if s != source]
        save_accounts(store.workspace, kept, schema)
    return len(gone)
