"""Rich terminal views for the CLI. Formatting only: results come from agent/ functions."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from agent.render import describe
from core.models import by_effect
from core.safe_text import terminal


def _console() -> Console:
    return Console()


def _t(text: str) -> str:
    """Data for a rich console: control characters escaped, `[...]` never read as rich markup."""
    from rich.markup import escape

    return escape(terminal(str(text)))


def change_lines(changes: dict) -> list[str]:
    """Human lines for a change report (shared with the web app)."""
    if not changes:
        return []
    if changes.get("from_version") is None:
        return [
            f"first version: {len(changes.get('new_personas', []))} personas, {len(changes.get('new_themes', []))} themes"
        ]
    if "material" in changes:  # material change apart from noise (agent/changes.py)
        return [changes.get("summary") or "no material change", *changes["material"]] + [
            f"noise: {line}" for line in changes.get("noise", [])
        ]
    out = []
    out += [f"new persona: {p['name']}" for p in changes.get("new_personas", [])]
    out += [f"retired persona: {p['name']}" for p in changes.get("retired_personas", [])]
    for p in changes.get("changed_personas", []):
        line = f"changed: {p['name']} — share {p['share_from']:.0%} → {p['share_to']:.0%}"
        for c in p.get("cost", [])[:2]:
            line += f"; {c['metric']} {c['from']:.2f} → {c['to']:.2f}"
        out.append(line)
    out += [f"new theme: {t['label']} ({t['size']})" for t in changes.get("new_themes", [])]
    out += [
        f"growing theme: {t['label']} {t['from']} → {t['to']}" for t in changes.get("growing_themes", [])[:5]
    ]
    out += [f"retired theme: {t['label']}" for t in changes.get("retired_themes", [])]
    return out or ["no change in personas or themes"]


def refresh_message(result, force_hint: str) -> str:
    """The refresh's outcome in words; `force_hint` says how this front end forces a rebuild."""
    if result.reason == "unchanged":
        return f"{result.message} ({force_hint})"
    return result.message


def print_refresh(result) -> None:
    c = _console()
    c.print(f"[bold]{refresh_message(result, force_hint='use --force')}[/] ({result.seconds:.1f}s)")
    ps = result.personas
    if ps is None:
        return
    if not result.skipped:
        for line in change_lines(result.changes):
            c.print(f"  • {_t(line)}")
    t = Table(title=f"Negative personas (version {ps.version}, {ps.engine} engine)")
    for col in ("id", "name", "share", "top cost"):
        t.add_column(col, overflow="fold")
    for p in ps.personas:
        t.add_row(_t(p.id), _t(p.name), f"{p.share_customers:.0%}", _t(describe(p.cost[0])) if p.cost else "—")
    c.print(t)
    for n in ps.notes:
        c.print(f"[yellow]note:[/] {_t(n)}")
    c.print("Next: [bold]antipersona personas[/] to read them, [bold]antipersona serve[/] to open the app.")


def print_themes(result) -> None:
    a = result.analysis
    c = _console()
    total = max(1, len(a.units))
    t = Table(
        title=f"{len(a.themes)} complaint themes from {len(a.units):,} complaint passages in {a.n_records:,} records"
    )
    for col in ("id", "label", "size", "share", "keywords", "cost"):
        t.add_column(col, overflow="fold")
    for th in a.themes:
        worst = next(iter(by_effect(th.metrics)), None)
        t.add_row(
            str(th.id),
            _t(th.label),
            f"{th.size:,}",
            f"{th.size / total:.1%}",
            _t(", ".join(th.keywords[:5])),
            _t(describe(worst)) if worst else "—",
        )
    c.print(t)
    unassigned = int((a.unit_theme == -1).sum())
    c.print(f"unassigned passages: {unassigned:,} ({unassigned / total:.1%})")
    if result.exported:
        c.print(f"wrote {result.exported_rows:,} rows to {result.exported}")


def console_reporter():
    """Progress lines on stderr for long CLI steps (refresh, themes)."""
    console = Console(stderr=True)
    return lambda m: console.print(f"[dim]…[/] {m}")


def run_check(
    services, text=None, batch: Path | None = None, text_column=None, out=None, as_json=False
) -> None:
    from agent.verdict import Checker
    from ui.leads import score_csv

    checker = Checker.load(services)
    c = _console()
    if batch is not None:
        out = out or batch.with_name(batch.stem + ".scored.csv")
        n = score_csv(checker, batch, out, text_column=text_column, progress=not as_json)
        c.print(f"scored {n:,} leads → {out}")
        return
    v = checker.check(text or "")
    if as_json:
        print(json.dumps(v.model_dump(), indent=2, ensure_ascii=False))
        return
    from rich.markdown import Markdown

    from agent.render import verdict_markdown

    c.print(Markdown(terminal(verdict_markdown(v))))
