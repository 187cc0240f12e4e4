"""Deal (opportunity) exports from CRMs, recognised by their columns, and price lists.

Recognised shapes (column names as each CRM exports them; `core.vocab.key` compares them, so `StageName`,
`Stage Name` and `stage_name` are one name; Pipedrive's `Deal - ` prefix is dropped):

- Salesforce Opportunities: Id, Name, AccountId / Account Name, StageName, IsWon, IsClosed, Amount,
  CreatedDate, CloseDate, Type, LeadSource, a loss-reason field (Loss_Reason__c, Closed Lost Reason...)
- HubSpot deals: Record ID, Deal Name, Deal Stage, Amount, Create Date, Close Date, Associated Company,
  Closed Lost Reason
- Pipedrive: ID, Title, Status (won / lost / open), Value, Add time (Deal created), Won time, Lost time,
  Lost reason, Organization
- plain exports: an id, an account name or id, a stage (Won / Lost / Engaging / Prospecting...), an
  engage or created date, a close date, a value

Each stage maps to won, lost or open (`STAGE_WORDS`; Salesforce's IsWon / IsClosed decide when present);
the mapping is shown in the ingest report and overridable: `--map "stage=Verbal Commit:won;Pilot:open"`
(or `--map stage=COLUMN` to name the stage column), or in config.toml:

    [deals]
    stages = { "Verbal Commit" = "won", "No Decision" = "lost" }

A price list (product, list price) gives each won deal its concession (list price minus close value).
Deals keep their account id and name; they join accounts at analysis time (agent/deals.py), by id, else
by the normalised company name (`core.vocab.company_key`). Loss reasons and deal notes become text records
of kind `deal_note`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from core.models import Record
from core.vocab import company_key, key, metadata_value, to_number, yes_no
from ingest.build import normalise_date
from ingest.readers.base import Problem, Row

if TYPE_CHECKING:
    import pandas as pd

    from core.store import Store

STATUSES = ("won", "lost", "open")
ROLE_KEYS: dict[str, tuple[str, ...]] = {
    "id": ("id", "opportunityid", "dealid", "recordid", "dealrecordid"),
    "name": ("name", "opportunityname", "dealname", "title", "dealtitle"),
    "account_id": (
        "accountid",
        "companyid",
        "associatedcompanyid",
        "orgid",
        "organizationid",
        "organisationid",
        "customerid",
        "clientid",
    ),
    "account_name": (
        "accountname",
        "associatedcompany",
        "organization",
        "organisation",
        "organizationname",
        "orgname",
        "associatedcompanyprimary",
        "company",
        "companyname",
        "account",
        "customer",
        "customername",
        "client",
    ),
    "stage": ("stagename", "dealstage", "stage", "status", "dealstatus", "opportunitystage"),
    "is_won": ("iswon", "won"),
    "is_closed": ("isclosed", "closed"),
    "amount": ("amount", "value", "dealvalue", "dealamount", "closevalue", "amountinhomecurrency"),
    "created": (
        "createddate",
        "createdate",
        "addtime",
        "dealcreated",
        "created",
        "createdat",
        "engagedate",
        "engaged",
        "engagedon",
        "opendate",
        "dealcreatedon",
        "firstengaged",
    ),
    "closed": ("closedate", "closeddate", "closedat", "closedon", "dealclosedon", "closetime"),
    "won_time": ("wontime", "wondate"),
    "lost_time": ("losttime", "lostdate"),
    "product": ("product", "productname", "productcode", "plan", "sku"),
    "list_price": ("listprice", "listamount", "pricelistprice"),
    "loss_reason": (
        "lossreason",
        "lostreason",
        "closedlostreason",
        "reasonlost",
        "reasonforloss",
        "lossreasonc",
        "closedlostreasonc",
        "dealslostreason",
    ),
    "notes": ("description", "notes", "note", "dealnotes", "dealdescription", "comments", "nextstep"),
    "activities": (
        "activities",
        "numberofactivities",
        "activitiescount",
        "totalactivities",
        "numberofsalesactivities",
        "numberoftimescontacted",
        "doneactivities",
        "emailmessagescount",
    ),
    "meetings": ("meetings", "numberofmeetings", "meetingscount", "demos"),
}
_DEAL_WORDS = ("deal", "opportunit", "pipeline", "oppty", "opps")
STAGE_WORDS = {
    "won": ("closed won", "closedwon", "won", "closed-won", "signed", "contract signed", "purchased"),
    "lost": (
        "closed lost",
        "closedlost",
        "lost",
        "closed-lost",
        "dead",
        "disqualified",
        "churned",
        "no decision",
    ),
}
_DERIVED = {
    "id",
    "name",
    "account_id",
    "account_name",
    "stage",
    "is_won",
    "is_closed",
    "amount",
    "created",
    "closed",
    "won_time",
    "lost_time",
    "product",
    "list_price",
    "loss_reason",
    "notes",
    "activities",
    "meetings",
}
_NOT_ATTRIBUTES = (
    "date",
    "time",
    "owner",
    "email",
    "phone",
    "probability",
    "forecast",
    "modified",
    "fiscal",
    "lastactivity",
    "nextactivity",
    "expected",
    "currency",
    "url",
    "website",
)


def _k(column: str) -> str:
    k = key(column)
    return k[4:] if k.startswith("deal") and k[4:] in {r for keys in ROLE_KEYS.values() for r in keys} else k


def deal_columns(
    columns: list[str], overrides: dict[str, Any] | None = None, rows: list[dict[str, Any]] | None = None
) -> dict[str, str]:
    """role -> column for the deal roles found (first name in each role's preference order). A Status column
    holding won / lost / open (Pipedrive) is the stage even when a pipeline Stage column exists."""
    by_key: dict[str, str] = {}
    for c in columns:
        by_key.setdefault(_k(c), c)
        by_key.setdefault(key(c), c)
    out: dict[str, str] = {}
    used: set[str] = set()
    for role, keys in ROLE_KEYS.items():
        col = next((by_key[k] for k in keys if k in by_key and by_key[k] not in used), None)
        if col is None and role == "loss_reason":
            col = next(
                (c for c in columns if "reason" in key(c) and ("loss" in key(c) or "lost" in key(c))), None
            )
        if col is not None:
            out[role] = col
            used.add(col)
    status = next((c for c in columns if _k(c) in ("status", "dealstatus")), None)
    if status is not None and rows and out.get("stage") != status and _status_values(rows, status):
        out["stage"] = status
    for role, col in (overrides or {}).items():
        target = {"customer_id": "account_id", "created_at": "created", "text": "notes"}.get(role, role)
        if target in ROLE_KEYS and isinstance(col, str) and ":" not in col:
            hit = next((c for c in columns if key(c) == key(col)), None)
            if hit is not None:
                out[target] = hit
    return out


def _status_values(rows: list[dict[str, Any]], column: str) -> bool:
    values = {str(r.get(column) or "").strip().lower() for r in rows[:500]} - {""}
    return bool(values) and values <= {"won", "lost", "open", "deleted"}


def looks_like_deals(columns: list[str], rows: list[dict[str, Any]], name: str = "") -> bool:
    """A stage (or won/lost/open status) with a value or a close date, and an account or a deal name."""
    cols = deal_columns(columns, rows=rows)
    if "stage" not in cols or not ({"amount", "closed", "won_time", "lost_time", "is_won"} & set(cols)):
        return False
    values = {str(r.get(cols["stage"]) or "").strip().lower() for r in rows[:500]} - {""}
    if _k(cols["stage"]) in ("status", "dealstatus"):  # accounts have a status too (active / churned)
        return _status_values(rows, cols["stage"])
    named = any(w in key(name) for w in _DEAL_WORDS)
    closing = {w for ws in STAGE_WORDS.values() for w in ws}
    return named or bool(values & closing) or bool({"account_id", "account_name", "name"} & set(cols))


def looks_like_price_list(columns: list[str]) -> bool:
    keys = {key(c) for c in columns}
    has_product = bool(keys & set(ROLE_KEYS["product"]))
    has_price = bool(keys & {"listprice", "price", "unitprice", "listamount"})
    return has_product and has_price and len(columns) <= 5 and "stage" not in keys


def parse_stage_overrides(overrides: dict[str, Any], config: dict[str, Any]) -> dict[str, str]:
    """`--map "stage=Verbal Commit:won;Pilot:open"` and config.toml `[deals] stages` -> {stage key: status}."""
    out: dict[str, str] = {}
    section = config.get("deals") or {}
    if not isinstance(section, dict):
        raise ValueError("config.toml: [deals] must be a table")
    stages = section.get("stages") or {}
    if not isinstance(stages, dict):
        raise ValueError('config.toml: [deals] stages must be a table like { "Verbal Commit" = "won" }')
    items = list(stages.items())
    spec = overrides.get("stage")
    if isinstance(spec, str) and ":" in spec:
        for part in spec.split(";"):
            if part.strip():
                value, _, status = part.rpartition(":")
                items.append((value, status))
    for value, status in items:
        st = str(status).strip().lower()
        if st not in STATUSES or not str(value).strip():
            raise ValueError(f"stage mapping '{value}: {status}': map a stage to won, lost or open")
        out[str(value).strip().lower()] = st
    return out


def default_status(stage: str) -> str:
    s = " ".join(stage.strip().lower().replace("_", " ").split())
    for status, words in STAGE_WORDS.items():
        if s in words or s.replace(" ", "") in words:
            return status
    return "open"


def _date(value: Any) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    d = normalise_date(str(value))
    return d[:10] if d and len(d) >= 10 and d[4] == "-" else None


def _days(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    try:
        return float((datetime.fromisoformat(end) - datetime.fromisoformat(start)).days)
    except ValueError:
        return None


@dataclass
class DealsResult:
    deals: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    stage_map: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)


def read_deals(
    rows: list[Row],
    flat: list[dict[str, Any]],
    columns: list[str],
    source: str,
    display: str,
    overrides: dict[str, Any],
    config: dict[str, Any],
) -> tuple[pd.DataFrame, DealsResult]:
    """The file's deals as a frame (one row per deal) and its deal notes as records."""
    import pandas as pd

    cols = deal_columns(columns, overrides, flat)
    forced = parse_stage_overrides(overrides, config)
    res = DealsResult()
    attrs = [
        c
        for c in columns
        if c not in cols.values()
        and not any(w in key(c) for w in _NOT_ATTRIBUTES)
        and not key(c).endswith("id")
    ]
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row, values in zip(rows, flat, strict=True):

        def get(role: str, values: dict[str, Any] = values) -> Any:
            return values.get(cols[role]) if role in cols else None

        did = str(metadata_value(get("id")) or f"line{row.line}").strip()
        if did in seen:
            res.problems.append(Problem(display, row.line, f"duplicate deal id '{did}'"))
            continue
        stage = str(get("stage") or "").strip()
        won, closed = yes_no(get("is_won")), yes_no(get("is_closed"))
        if stage.lower() in forced:
            status = forced[stage.lower()]
        elif won is not None and (closed is not None or won == 1.0):
            status = "won" if won == 1.0 else ("lost" if closed == 1.0 else "open")
        elif stage:
            status = default_status(stage)
        else:
            res.problems.append(Problem(display, row.line, "no stage: the deal is left out"))
            continue
        if stage.lower() == "deleted":
            continue
        seen.add(did)
        label = stage or ("won" if status == "won" else status)
        res.stage_map.setdefault(label, status)
        created = _date(get("created"))
        closed_on = _date(get("closed")) or _date(get("won_time")) or _date(get("lost_time"))
        acc_id = metadata_value(get("account_id"))
        acc_name = metadata_value(get("account_name"))
        rec: dict[str, Any] = {
            "deal_id": did,
            "source": source,
            "status": status,
            "stage": label,
            "account_id": None if acc_id is None else str(acc_id).strip() or None,
            "account_name": None if acc_name is None else str(acc_name).strip() or None,
            "company_key": company_key(acc_name) or None,
            "amount": to_number(get("amount")),
            "created": created,
            "closed": closed_on if status != "open" else None,
            "cycle_days": _days(created, closed_on) if status != "open" else None,
            "product": None if get("product") is None else str(get("product")).strip() or None,
            "list_price": to_number(get("list_price")),
            "loss_reason": None if get("loss_reason") is None else str(get("loss_reason")).strip() or None,
            "activities": to_number(get("activities")),
            "meetings": to_number(get("meetings")),
        }
        for a in attrs:
            v = metadata_value(values.get(a))
            rec[f"attr:{a}"] = None if v is None else str(v)
        out.append(rec)
        text = "\n".join(
            p
            for p in (
                f"Loss reason: {rec['loss_reason']}" if rec["loss_reason"] and status == "lost" else "",
                str(get("notes") or "").strip(),
            )
            if p
        )
        if text:
            res.records.append(
                Record(
                    id=f"deal:{did}",
                    kind="deal_note",
                    customer_id=rec["account_id"] or rec["account_name"],
                    created_at=closed_on or created,
                    text=text,
                    source=source,
                    line=row.line,
                    metadata={"deal_id": did, "status": status, "stage": label},
                )
            )
    df = pd.DataFrame(out)
    res.deals = len(df)
    res.counts = {s: int((df["status"] == s).sum()) if len(df) else 0 for s in STATUSES}
    mapping = ", ".join(f"{k} → {v}" for k, v in sorted(res.stage_map.items()))
    how = "; Salesforce IsWon/IsClosed decide" if "is_won" in cols else ""
    res.notes.append(
        f"{res.deals:,} deals: {res.counts['won']:,} won, {res.counts['lost']:,} lost, {res.counts['open']:,} open; "
        f'stages: {mapping or "none"}{how} (change with --map "stage=STAGE:won;STAGE:lost" or config.toml [deals] '
        "stages)"
    )
    found = ", ".join(
        f"{r}={c}"
        for r, c in cols.items()
        if r in ("stage", "amount", "account_id", "account_name", "created", "closed", "loss_reason")
    )
    res.notes.append(f"deal columns: {found}")
    return df, res


def upsert_deals(store: Store, df: pd.DataFrame, source: str, stage_map: dict[str, str]) -> None:
    """Replace `source`'s deals in the workspace table (other files' deals stay)."""
    import pandas as pd

    from core.store import load_deals, save_deals

    old, schema = load_deals(store.workspace)
    if old is not None and len(old):
        old = old[old["source"] != source]
        df = pd.concat([old, df], ignore_index=True) if len(df) else old.reset_index(drop=True)
    schema = dict(schema)
    schema.setdefault("stage_maps", {})[source] = stage_map
    save_deals(store.workspace, df.reset_index(drop=True), schema)


def read_price_list(flat: list[dict[str, Any]], columns: list[str]) -> dict[str, float]:
    """product (normalised name) -> list price."""
    product = next(c for c in columns if key(c) in ROLE_KEYS["product"])
    price = next(c for c in columns if key(c) in ("listprice", "price", "unitprice", "listamount"))
    out: dict[str, float] = {}
    for values in flat:
        p, v = values.get(product), to_number(values.get(price))
        if p is not None and str(p).strip() and v is not None:
            out[str(p).strip().lower()] = v
    return out


def save_price_list(store: Store, prices: dict[str, float], source: str) -> dict[str, float]:
    """Store the price list; returns the one it replaces (empty if none), so a re-ingest reports 'unchanged'."""
    from core.store import load_deals, save_deals

    df, schema = load_deals(store.workspace)
    schema, before = dict(schema), dict(schema.get("prices") or {})
    if before == prices and schema.get("price_source") == source:
        return before
    schema["prices"] = prices
    schema["price_source"] = source
    if df is None:
        import pandas as pd

        df = pd.DataFrame({c: pd.Series(dtype=str) for c in ("deal_id", "source", "status")})
    save_deals(store.workspace, df, schema)
    return before
