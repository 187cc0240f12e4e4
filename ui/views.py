"""Rich terminal views for the CLI. Formatting only: results come from agent/ functions."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from agent.render import confirmed_sentence, describe
from core.models import by_effect
from core.safe_text import terminal
from ui.render import change_lines, refresh_message


def _console() -> Console:
    return Console()


def _t(text: str) -> str:
    """Data for a rich console: control characters escaped, `[...]` never read as rich markup."""
    from rich.markup import escape

    return escape(terminal(str(text)))


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
    for col in ("id", "name", "share", "confirmed"):
        t.add_column(col, overflow="fold")
    for p in ps.personas:
        confirmed = confirmed_sentence(p.confirmed) if p.confirmed else "—"
        t.add_row(_t(p.id), _t(p.name), f"{p.share_customers:.0%}", _t(confirmed))
    c.print(t)
    if ps.deal_confirmation is not None:
        d = Table(title="Prospects who rarely buy (sales pipeline)")
        for col in ("id", "name", "share of deals", "implies", "review"):
            d.add_column(col, overflow="fold")
        from agent.deal_match import implied_sentence

        for p in ps.deal_personas:
            d.add_row(_t(p.id), _t(p.name), f"{p.share_customers:.0%}", _t(implied_sentence(p)), _t(p.review or "—"))
        c.print(d if ps.deal_personas else f"[dim]sales pipeline: {_t(ps.deal_confirmation.message)}[/]")
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
    if a.theme_choice is not None:
        c.print(f"why {a.theme_choice.k} themes: {a.theme_choice.reason}")


def console_reporter():
    """Progress lines on stderr for long CLI steps (refresh, themes)."""
    console = Console(stderr=True)
    return lambda m: console.print(f"[dim]…[/] {m}")


def run_check(
    services, text=None, batch: Path | None = None, text_column=None, out=None, as_json=False, fmt=None
) -> None:
    from agent.verdict import Checker
    from ui.leads import score_csv

    checker = Checker.load(services)
    c = _console()
    if batch is not None:
        suffix = f".{fmt}.csv" if fmt else ".scored.csv"
        out = out or batch.with_name(batch.stem + suffix)
        done = score_csv(checker, batch, out, text_column=text_column, progress=not as_json, fmt=fmt)
        what = f"a {fmt} import file" if fmt else "scored leads"
        c.print(f"scored {done.leads:,} leads ({done.negative:,} negative) → {what} {_t(out)}")
        if done.skipped:
            c.print(f"[yellow]warning:[/] {done.skipped:,} leads left out: their key column is empty")
        if done.alert is not None:  # let the alert go out before the command ends (bounded)
            done.alert.join(timeout=checker.settings.webhook_timeout * (checker.settings.webhook_retries + 1) + 10)
        return
    from agent.feedback import log_verdict

    v = checker.check(text or "")
    log_verdict(services, v, text or "")
    if as_json:
        print(json.dumps(v.model_dump(), indent=2, ensure_ascii=False))
        return
    from rich.markdown import Markdown

    from ui.render import verdict_markdown

    c.print(Markdown(terminal(verdict_markdown(v))))


def run_audience(services, platform: str, persona: str, out: Path, leads: Path | None, hashed: bool) -> None:
    from ui.exports import export_audience

    aud = export_audience(services, out, platform, persona, leads=leads, hashed=hashed)
    c = Console(stderr=True)
    for w in aud.warnings:
        c.print(f"[yellow]warning:[/] {_t(w)}")
    lead_part = f" and {aud.leads:,} negative leads" if leads is not None else ""
    _console().print(
        f"wrote {len(aud.rows):,} rows ({aud.platform}{', hashed' if hashed else ''}) from "
        f"{aud.customers:,} customers{lead_part} to {_t(out)}"
    )
