"""Small view helpers for the web app: Markdown and DataFrames from agent results. Formatting only.

No Gradio here, so every helper is a plain function that tests can call directly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from agent.render import describe, role_of
from core.models import Metric, PersonaSet, Record, by_effect
from core.safe_text import code, md_inline, md_text
from ui.evidence import human_date
from ui.render import persona_markdown, personas_markdown

_QUOTE_LINE = re.compile(r"\n> “")
EMPTY = (
    "### Nothing yet\n"
    "Ingest data in the **Data** tab (tickets, call notes, reviews and an accounts table), "
    "then press **Refresh** to build the personas."
)
LOADING = "Loading…"
EMPTY_THEMES = "### Nothing yet\nIngest data in the **Data** tab and press **Refresh**: themes appear here."
ALLOWED_UPLOADS = (".csv", ".json", ".jsonl", ".txt", ".md", ".vtt", ".srt", ".xlsx")
KINDS = ("auto", "tickets", "calls", "reviews", "accounts", "deals", "prices")
COST_COLUMNS = ["persona", "bar", "metric", "ratio", "value", "baseline", "n"]
THEME_COLUMNS = ["id", "label", "size", "share", "keywords", "top cost metric"]
THEME_CHART_COLUMNS = ["label", "size", "cost_score", "share", "top cost metric"]


# personas ---------------------------------------------------------------------------------------------
def personas_header(ps: PersonaSet | None) -> str:
    if ps is None:
        return EMPTY
    lines = [
        f"**{len(ps.personas)} negative personas** · version {ps.version} · built {human_date(ps.created_at)} "
        f"· {ps.engine} engine"
    ]
    if ps.counts:
        lines.append("from " + ", ".join(f"{v:,} {k}" for k, v in ps.counts.items()))
    lines += [f"> {md_inline(n)}" for n in ps.notes]
    if not ps.personas:
        # the typed reason (agent/confirm.py) is already among the notes; say the plain outcome once
        lines.append(
            "No persona is published: nothing was confirmed on the customers the search did not see."
            if ps.confirmation.status in ("none_confirmed", "too_few")
            else "No group of customers stands out as costly in this data yet."
        )
    return "\n\n".join(lines)


def split_quotes(markdown: str) -> str:
    """One blockquote per quote: consecutive `> “…”` lines would otherwise merge into one paragraph."""
    return _QUOTE_LINE.sub("\n\n> “", markdown)


def persona_cards(ps: PersonaSet | None) -> dict[str, Any]:
    """{"version", "personas": [{"id", "name", "title", "markdown"}]}: what the cards render and /personas returns."""
    if ps is None:
        return {"version": None, "personas": []}
    return {
        "version": ps.version,
        "personas": [
            {
                "id": p.id,
                "name": p.name,
                "title": f"{i}. {p.name} — {p.share_customers:.0%} of "
                + ("customers" if p.evidence == "customers" else "deals"),
                "markdown": split_quotes(persona_markdown(p)),
            }
            for i, p in enumerate([*ps.personas, *ps.deal_personas], start=1)
        ],
    }


def _chartable(m: Metric) -> bool:
    return bool(m.baseline) and m.baseline > 0 and m.value >= 0 and role_of(m) != "nps"


def cost_frame(ps: PersonaSet | None) -> pd.DataFrame:
    """One row per persona × cost metric: value / baseline (1.0 = the average customer)."""
    rows = []
    for i, p in enumerate(ps.personas if ps else [], start=1):
        for m in p.cost:
            if not _chartable(m):
                continue
            rows.append(
                {
                    "persona": f"{i}. {p.name}",
                    "bar": f"{i}. {m.label}",
                    "metric": m.label,
                    "ratio": round(m.value / m.baseline, 3),
                    "value": round(m.value, 4),
                    "baseline": round(m.baseline, 4),
                    "n": m.n,
                }
            )
    # typed even when empty: the chart reads column types from its first value (object = categorical axis)
    return pd.DataFrame(rows, columns=COST_COLUMNS).astype(
        {"ratio": "float64", "value": "float64", "baseline": "float64", "n": "int64"}
    )


def changes_markdown(lines: Iterable[str], version: int | None = None) -> str:
    lines = list(lines)
    if not lines:
        return "No change report yet: it appears after the first refresh."
    head = f"**Since the last refresh** (version {version})" if version else "**Since the last refresh**"
    return head + "\n\n" + "\n".join(f"- {md_inline(line)}" for line in lines)


def write_personas_file(ps: PersonaSet, folder: Path) -> Path:
    """The whole persona set as one Markdown file (named by version, so repeated downloads reuse it)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"negative-personas-v{ps.version:04d}.md"
    if not path.exists():
        tmp = path.with_suffix(".md.tmp")
        tmp.write_text(personas_markdown(ps), encoding="utf-8")
        tmp.replace(path)
    return path


def quoted_records(ps: PersonaSet | None) -> list[tuple[str, str]]:
    """(label, record id) for every record a persona quotes, for the record viewer."""
    out: dict[str, str] = {}
    for p in ps.personas if ps else []:
        for q in p.quotes:
            if q.record_id not in out:
                snippet = q.text if len(q.text) <= 60 else q.text[:57] + "…"
                out[q.record_id] = f"{q.record_id} — “{snippet}”"
    return [(label, rid) for rid, label in out.items()]


def record_markdown(record: Record | None, record_id: str | None = None) -> str:
    if record is None:
        return f"Record `{record_id}` is not in the store (re-ingested or pruned?)." if record_id else ""
    meta = [record.kind, code(record.id)]
    if record.customer_id:
        meta.append(f"customer {code(record.customer_id)}")
    if record.created_at:
        meta.append(md_inline(human_date(record.created_at)))
    if record.rating is not None:
        meta.append(f"rating {record.rating:g}")
    if record.source:
        src = Path(record.source).name + (f":{record.line}" if record.line else "")
        meta.append(f"from {md_inline(src)}")
    body = "\n".join(f"> {md_text(line)}" if line.strip() else ">" for line in record.text.splitlines())
    return " · ".join(meta) + "\n\n" + body


# themes -----------------------------------------------------------------------------------------------
def _top_cost(metrics: list[Metric]) -> str:
    ranked = by_effect(metrics)
    return describe(ranked[0]) if ranked else "—"


def themes_frame(ps: PersonaSet | None) -> pd.DataFrame:
    rows = [
        {
            "id": t.id,
            "label": t.label,
            "size": t.size,
            "share": f"{t.share:.1%}",
            "keywords": ", ".join(t.keywords[:6]),
            "top cost metric": _top_cost(t.metrics),
        }
        for t in (ps.themes if ps else [])
    ]
    return pd.DataFrame(rows, columns=THEME_COLUMNS).astype({"id": "int64", "size": "int64"})


def theme_choice_markdown(ps: PersonaSet | None) -> str:
    """Why this many themes, in plain words (what was grouped, what looser or stricter grouping would give,
    how many passages fit no theme), with the rule and the curve behind it in a collapsed technical line
    (the count at each merge threshold as a text sparkline; the chosen threshold in bold)."""
    c = ps.theme_choice if ps else None
    if c is None:
        return ""
    n = f"{c.k} theme" + ("" if c.k == 1 else "s")
    if c.method == "given":
        plain = [f"**Why {n}:** {c.k} is the number asked for when the themes were last rebuilt."]
    else:
        plain = [
            f"**Why {n}:** complaints that say the same thing in different words are grouped into one theme; "
            f"grouped this way they form {n} big enough to matter."
        ]
        looser = [k for k in c.curve.values() if k < c.k]
        stricter = [k for k in c.curve.values() if k > c.k]
        if looser:
            plain.append(f"Grouping more loosely would lump different problems together ({min(looser)} themes).")
        if stricter:
            plain.append(f"Grouping more strictly would split one problem into near-copies (up to {max(stricter)}).")
        if c.method == "kept":
            plain.append("It is the same number as before: the new data does not clearly call for another.")
    if "near-duplicates" in c.reason:
        plain.append("Themes that said the same thing were merged.")
    if c.unassigned <= 0:
        plain.append("Every complaint passage belongs to a theme.")
    else:
        share = f"{c.unassigned:.0%}" if c.unassigned >= 0.005 else "Fewer than 1%"
        plain.append(f"{share} of complaint passages fit no theme closely and are left out of the themes.")
    tech = [f"{html.escape(c.reason)}. Unassigned complaint passages: {c.unassigned:.1%}."]
    if c.curve:
        bars = " ▁▂▃▄▅▆▇█"
        top = max(c.curve.values()) or 1
        cells = []
        for t, k in sorted(c.curve.items()):
            cell = f"{t} → {k} {bars[min(8, round(8 * k / top))]}"
            cells.append(f"<strong>{cell}</strong>" if f"≥ {float(t):.2f} " in c.reason else cell)
        tech.append("Themes at each merge similarity (stricter → more themes): " + " · ".join(cells))
    details = (
        '<details class="theme-why"><summary>How the number was chosen (technical)</summary>'
        + "".join(f"<p>{line}</p>" for line in tech)
        + "</details>"
    )
    return " ".join(plain) + "\n\n" + details


def themes_chart_frame(ps: PersonaSet | None) -> pd.DataFrame:
    rows = [
        {
            "label": t.label,
            "size": t.size,
            "cost_score": round(t.cost_score, 3),
            "share": round(t.share, 4),
            "top cost metric": _top_cost(t.metrics),
        }
        for t in (ps.themes if ps else [])
    ]
    return pd.DataFrame(rows, columns=THEME_CHART_COLUMNS).astype(
        {"size": "int64", "cost_score": "float64", "share": "float64"}
    )


# data -------------------------------------------------------------------------------------------------
def status_markdown(
    counts: dict[str, int],
    accounts_rows: int | None,
    ps: PersonaSet | None,
    schedule: str,
    last_scheduled: str | None = None,
) -> str:
    lines = ["| kind | records |", "|---|---:|"]
    for kind in ("ticket", "call", "review"):
        lines.append(f"| {kind}s | {counts.get(kind, 0):,} |")
    for kind, n in counts.items():
        if kind not in {"ticket", "call", "review"}:
            lines.append(f"| {kind} | {n:,} |")
    lines.append(f"| accounts (table rows) | {accounts_rows or 0:,} |")
    lines.append("")
    if ps is None:
        lines.append("**Last refresh:** never")
    else:
        lines.append(
            f"**Last refresh:** version {ps.version}, built {human_date(ps.created_at)} ({ps.engine} engine)"
        )
    lines.append("")
    lines.append(f"**Schedule:** {schedule}")
    if last_scheduled:
        lines += ["", f"**Last scheduled run:** {last_scheduled}"]
    if not counts and not accounts_rows:
        lines += ["", "Nothing ingested yet: upload files above and press **Ingest**."]
    return "\n".join(lines)


def ingest_markdown(results: list[tuple[str, Any]], max_problems: int = 10) -> str:
    """Summary of one or more ingest runs: [(uploaded file name, IngestReport | error text)].

    A table per file (kind, new, updated, unchanged, skipped), the first problems as `file:line: reason`,
    notes, and a totals line. Temporary upload paths are shown as the uploaded file's name.
    """
    rows = ["| file | kind | new | updated | unchanged | skipped |", "|---|---|---:|---:|---:|---:|"]
    problems: list[str] = []
    notes: list[str] = []
    totals = {"new": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    for name, report in results:
        if isinstance(report, str):
            rows.append(f"| {name} | not ingested | | | | |")
            problems.append(f"{name}: {report}")
            continue
        for f in report.files:
            kind = f.kind if not f.shape else f"{f.kind} ({f.shape})"
            rows.append(f"| {name} | {kind} | {f.new:,} | {f.updated:,} | {f.unchanged:,} | {f.skipped:,} |")
            for key in totals:
                totals[key] += getattr(f, key)
            problems += [_rename(p, f.file, name) for p in f.problems]
            notes += [f"{name}: {_rename(n, f.file, name)}" for n in f.notes]
        notes += [_rename(n, "", name) for n in report.notes]
        if report.error:
            problems.append(f"{name}: stopped early: {report.error}")
    stored = totals["new"] + totals["updated"] + totals["unchanged"]
    out = [
        f"**{stored:,} records stored** ({totals['new']:,} new, {totals['updated']:,} updated, "
        f"{totals['unchanged']:,} unchanged), {totals['skipped']:,} skipped.",
        "",
        *rows,
    ]
    if problems:
        out += ["", f"**Skipped or failed ({len(problems):,})**"]
        out += [f"- {md_inline(_short(p))}" for p in problems[:max_problems]]
        if len(problems) > max_problems:
            out.append(f"- … {len(problems) - max_problems:,} more (the CLI's `ingest --json` lists all)")
    if notes:
        out += ["", *[f"<sub>{md_inline(_short(n))}</sub>" for n in notes[:10]]]
    return "\n".join(out)


def _rename(text: str, path: str, name: str) -> str:
    return text.replace(path, name) if path else text


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "…"
