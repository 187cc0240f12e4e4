"""A deals export or a price list read into the workspace (ingest/deals.py reads the columns)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.vocab import column_list
from ingest.build import Built
from ingest.claims import Claim, FileRead, Pending, classify
from ingest.deals import looks_like_price_list, read_deals, read_price_list, save_price_list, upsert_deals

if TYPE_CHECKING:
    from core.store import Store
    from ingest.readers import ReadResult


def ingest_deals(
    read: FileRead,
    res: ReadResult,
    flat: list[dict[str, Any]] | None,
    columns: list[str],
    overrides: dict[str, Any],
    store: Store,
    display: str,
    kind: str,
    pending: list[Pending],
    run_ids: dict[str, Claim],
) -> FileRead:
    """Store the file's deals (replacing what this file gave before) and queue its deal notes as records."""
    fr = read.report
    values = flat or [r.values for r in res.rows]
    if kind == "prices" or (kind == "auto" and looks_like_price_list(columns)):
        fr.kind = "prices"
        try:
            prices = read_price_list(values, columns)
        except StopIteration:
            fr.skipped += 1
            fr.problems.append(f"{display}: a price list needs a product and a list price column "
                               f"(columns: {column_list(columns)})")
            return read
        before = save_price_list(store, prices, read.source)
        fr.unchanged = sum(1 for k, v in prices.items() if before.get(k) == v)
        fr.new = sum(1 for k in prices if k not in before)
        fr.updated = len(prices) - fr.new - fr.unchanged
        fr.notes.append(f"price list: {len(prices):,} products; concession = list price minus the won value")
        read.ok, read.accounts, read.customers = True, True, set()
        return read
    fr.kind = "deals"
    df, result = read_deals(res.rows, values, columns, read.source, display, overrides, store.workspace.config())
    if not len(df):
        fr.skipped += 1
        fr.problems.append(f"{display}: no deals with a stage (columns: {column_list(columns)}); "
                           "use --map stage=COLUMN")
        return read
    upsert_deals(store, df, read.source, result.stage_map)
    fr.notes.extend(result.notes)
    read.ok = True
    classify(Built(records=result.records, problems=result.problems), fr, store, pending, run_ids, read)
    fr.notes.append(f"{len(result.records):,} deal notes and loss reasons kept as text (kind deal_note)")
    return read
