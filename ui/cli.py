"""`antipersona` command line. Thin: every command calls the same functions the web app calls.

Heavy libraries (torch, chromadb, gradio) are imported inside the commands so `--help` is instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="antipersona",
    help=(
        "Find the customers you should not chase. Ingest tickets, call notes, reviews and an accounts table, "
        "then get negative personas with verbatim quotes and measured cost, fit verdicts for prospects, "
        "and a chat assistant.\n\nWorks offline by default; set OPENAI_API_KEY or OPENAI_BASE_URL to let an "
        "LLM write labels, narratives, verdicts and chat."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace", "-w", help="Workspace folder [default: ./antipersona-data or ANTIPERSONA_WORKSPACE]."
    ),
]


def _settings(workspace: Path | None):
    from core.settings import load_settings

    return load_settings(workspace=workspace)


def _services(workspace: Path | None):
    """The command's one context object: store, persona versions and engine, opened once."""
    from agent.engines import open_services

    return open_services(_settings(workspace))


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr)


def _fail(message: str, code: int = 2) -> None:
    from rich.markup import escape

    from core.safe_text import terminal

    _console(stderr=True).print(f"[bold red]error:[/] {escape(terminal(message))}", soft_wrap=True)
    raise typer.Exit(code)


def _check_output(path: Path | None, folder: bool = False) -> None:
    """Refuse an output path that cannot be written before any work is done (a folder for a file, a path
    under a file, a read-only folder)."""
    from core.storage_errors import output_problem

    problem = None if path is None else output_problem(path, folder=folder)
    if problem:
        _fail(problem)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to ingest (folders are walked).")
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            help="auto | tickets | calls | reviews | accounts | deals | prices. auto guesses from columns and "
            "extension (CRM deal exports and price lists are recognised by their columns)."
        ),
    ] = "auto",
    map_: Annotated[
        str | None,
        typer.Option(
            "--map",
            help='Column mapping, e.g. text=Body,customer_id=Requester,id="Ticket ID"; for deals '
            'stage=COLUMN or stage="Verbal Commit:won;Pilot:open".',
        ),
    ] = None,
    prune: Annotated[bool, typer.Option(help="Remove stored records whose file or row is gone.")] = False,
    strict: Annotated[bool, typer.Option(help="Exit non-zero if any row or file was skipped.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One row per file (past 20 files rows are per folder and kind).")
    ] = False,
    redact_pii: Annotated[bool, typer.Option(help="Mask emails and phone numbers before storing.")] = False,
    reembed: Annotated[
        bool,
        typer.Option(help="First re-embed every stored passage with the current embeddings backend "
                     "(after changing ANTIPERSONA_EMBEDDINGS); PATHS may then be omitted."),
    ] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Ingest support tickets, call notes/transcripts, reviews and accounts (CSV, JSON, JSONL, TXT, MD, VTT, SRT).

    Re-ingesting is incremental: unchanged records are skipped, changed ones re-embedded and replaced.
    """
    from ingest.pipeline import ingest_paths
    from ingest.report import print_report

    settings = _settings(workspace)
    if not paths and not reembed:
        _fail("give files or folders to ingest (or --reembed)")
    if reembed:
        from ingest.reembed import reembed as run_reembed

        try:
            done = run_reembed(settings)
        except Exception as exc:  # a backend that cannot load, a Chroma server that is down
            _fail(f"re-embedding failed: {type(exc).__name__}: {exc}. The workspace keeps its current vectors "
                  "until a re-embed completes; run it again to finish.", code=1)
        _console(stderr=as_json).print(done.message())
        if not paths:
            return
    try:
        report = ingest_paths(
            paths,
            kind=kind,
            mapping=map_,
            prune=prune,
            settings=settings,
            progress=not as_json,
            redact_pii=redact_pii,
        )
    except ValueError as exc:
        _fail(str(exc))
    print_report(report, as_json=as_json, verbose=verbose)
    if not report.ingested_anything or (strict and report.skipped):
        raise typer.Exit(1)


@app.command()
def refresh(
    force: Annotated[
        bool, typer.Option(help="Rebuild even if no data changed since the last version.")
    ] = False,
    k: Annotated[
        int | None, typer.Option("--k", help="Number of themes (default: chosen automatically).")
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Rebuild themes and negative personas as a new version and report what changed since the last one."""
    from agent.refresh import refresh as run_refresh
    from ingest.restore import restore_before_refresh
    from ui.views import console_reporter, print_refresh

    services, reporter = _services(workspace), console_reporter()
    restore_before_refresh(services.store, reporter)  # a lost `chroma/` is embedded again from the records
    result = run_refresh(services, force=force, k=k, report=reporter)
    print_refresh(result)


@app.command()
def themes(
    k: Annotated[
        int | None, typer.Option("--k", help="Number of themes (default: chosen automatically).")
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option(help="Write record_id,theme_id,theme_label,kind,score for every record to this CSV."),
    ] = None,
    per_theme: Annotated[
        bool, typer.Option(help="With --export: one row per record and theme it raised, not its main one.")
    ] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Cluster complaints into themes: id, label, size, share, keywords and cost."""
    from agent.themes_run import run_themes
    from ui.views import console_reporter, print_themes

    _check_output(export)
    result = run_themes(_services(workspace), k=k, report=console_reporter())
    print_themes(result)
    if export is not None:
        from agent.themes_run import assignments
        from ui.exports import write_csv

        n = write_csv(export, *assignments(result.analysis, per_theme=per_theme))
        _console().print(f"wrote {n:,} rows to {export}")


@app.command()
def personas(
    fmt: Annotated[str, typer.Option("--format", help="md | json")] = "md",
    ideal: Annotated[bool, typer.Option("--ideal", help="Also print the ideal-customer profile.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Print the current negative personas (and, with --ideal, what the best customers have in common)."""
    from core.versions import current
    from ui.render import personas_json, personas_markdown

    if fmt not in ("md", "json"):
        _fail(f"unknown --format {fmt!r}: use md or json")
    settings = _settings(workspace)
    ps = current(settings)
    if ps is None:
        _fail("no personas yet: run `antipersona ingest PATH` and `antipersona refresh` first", 1)
    from core.safe_text import terminal

    out = personas_json(ps) if fmt == "json" else personas_markdown(ps)
    if ideal:
        from agent.verdict import Checker
        from ui.render import ideal_json, ideal_markdown

        profile = Checker.load(_services(workspace)).ideal
        if fmt == "json":
            import json

            out = json.dumps(json.loads(out) | {"ideal": ideal_json(profile)}, indent=2, ensure_ascii=False)
        else:
            out += "\n\n" + ideal_markdown(profile)
    typer.echo(terminal(out))


@app.command()
def check(
    text: Annotated[str | None, typer.Argument(help="Prospect description, or - to read stdin.")] = None,
    batch: Annotated[Path | None, typer.Option(help="Score a CSV of leads instead.")] = None,
    text_column: Annotated[str | None, typer.Option(help="Column with the lead text (batch).")] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write the scored CSV (batch).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON.")] = False,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="With --batch: a CRM import file instead, hubspot | salesforce."),
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Fit verdict for a prospect: likely negative persona, good fit or unclear, with red flags and questions."""
    from ui.views import run_check

    if text == "-":
        text = sys.stdin.read()
    if not text and not batch:
        _fail("give a prospect description, - for stdin, or --batch leads.csv")
    if fmt and not batch:
        _fail("--format hubspot|salesforce writes a CRM import file of a --batch leads.csv")
    if batch is not None:
        _check_output(out or batch.with_name(batch.stem + (f".{fmt}.csv" if fmt else ".scored.csv")))
    try:
        run_check(
            _services(workspace), text=text, batch=batch, text_column=text_column, out=out, as_json=as_json, fmt=fmt
        )
    except ValueError as exc:
        _fail(str(exc))


@app.command()
def feedback(
    verdict_id: Annotated[str, typer.Argument(help="The verdict's id (vd-…), shown under every verdict.")],
    outcome: Annotated[str, typer.Argument(help="won | lost | churned | renewed | wrong-persona | note")],
    note: Annotated[str, typer.Argument(help="Free text (what happened, why).")] = "",
    customer: Annotated[str | None, typer.Option(help="The customer or account id, once they have one.")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Record what happened after a verdict ("we won them", "they churned", "wrong persona", a note)."""
    from agent.feedback import record_feedback
    from core.safe_text import terminal
    from ui.render import feedback_line

    try:
        f = record_feedback(_services(workspace), verdict_id, outcome, note, customer_id=customer, source="cli")
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(terminal(f"recorded feedback #{f.id}: {feedback_line(f)}"))
    typer.echo("It is shown in the next refresh's change report and used in its confirmation.")


@app.command()
def export(
    cards: Annotated[
        Path | None, typer.Option(help="Write one Markdown card per persona into this folder.")
    ] = None,
    exclusion_list: Annotated[
        Path | None,
        typer.Option(help="Write the customers matching --persona to this CSV (with email SHA-256)."),
    ] = None,
    persona: Annotated[str | None, typer.Option(help="Persona id for --exclusion-list or --audience.")] = None,
    audience: Annotated[
        str | None,
        typer.Option(help="Ad-platform upload file for --persona: google | meta | linkedin | linkedin-companies."),
    ] = None,
    include_leads: Annotated[
        Path | None, typer.Option(help="With --audience: also the leads this scored CSV rates negative for it.")
    ] = None,
    hashed: Annotated[bool, typer.Option(help="With --audience: SHA-256 the personal fields.")] = False,
    out: Annotated[Path | None, typer.Option(help="With --audience: the file to write.")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Export persona cards (Markdown), an exclusion list, or a Google / Meta / LinkedIn audience file."""
    from ui.exports import export_cards, export_exclusion_list

    _check_output(cards, folder=True)
    _check_output(exclusion_list)
    _check_output(out)
    services = _services(workspace)
    if audience:
        from ui.views import run_audience

        if not persona or not out:
            _fail("--audience needs --persona ID and --out FILE")
        try:
            run_audience(services, audience, persona, out, include_leads, hashed)
        except ValueError as exc:
            _fail(str(exc))
        return
    if not cards and not exclusion_list:
        _fail("nothing to export: give --cards DIR, --exclusion-list FILE --persona ID or --audience")
    if cards:
        written = export_cards(services, cards)
        typer.echo(f"wrote {len(written)} persona cards to {cards}")
    if exclusion_list:
        if not persona:
            _fail("--exclusion-list needs --persona ID (see `antipersona personas`)")
        n = export_exclusion_list(services, exclusion_list, persona)
        typer.echo(f"wrote {n} customers to {exclusion_list}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 7860,
    refresh_every: Annotated[
        str | None, typer.Option(help="Refresh personas on an interval inside the server, e.g. 24h, 30m.")
    ] = None,
    refresh_cron: Annotated[str | None, typer.Option(help='Refresh on a cron schedule, e.g. "0 6 * * 1".')] = None,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Allow a non-loopback host without a password.")
    ] = False,
    mcp: Annotated[bool, typer.Option("--mcp", help="Also serve MCP at /mcp (on when API keys are set).")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Serve the web app, the JSON API at /api/v1 and, with --mcp, the MCP server at /mcp."""
    from ui.serve import serve as run_serve

    run_serve(
        _settings(workspace),
        host=host,
        port=port,
        refresh_every=refresh_every,
        refresh_cron=refresh_cron,
        no_auth=no_auth,
        mcp=mcp,
    )


@app.command("mcp")
def mcp_stdio(workspace: WorkspaceOpt = None) -> None:
    """Run the MCP server over stdio, for an assistant that starts it as a local command (HTTP: serve --mcp)."""
    from ui.mcp_server import run_stdio

    run_stdio(_services(workspace))


@app.command()
def embeddings(
    export_: Annotated[
        bool, typer.Option("--export", help="Make the ONNX export again now (it is otherwise made at first use).")
    ] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Show which embeddings backend this workspace uses, and the ONNX export it runs (checksums, quality)."""
    from agent.engines import open_services
    from core.embeddings import get_embedder
    from core.onnx_encoder import ExportError, ensure_export

    settings = _settings(workspace)
    console = _console()
    if settings.embeddings != "openai":
        try:
            folder, manifest = ensure_export(settings.cache_dir, force=export_)
        except ExportError as exc:
            _fail(str(exc), code=1)
        console.print(f"ONNX export: {folder} (made {manifest['created']})")
        for variant, q in manifest["quality"].items():
            verdict = "passed" if q["passed"] else "FAILED"
            console.print(f"  {variant}: sha256 {manifest['files'][variant]['sha256'][:16]}…, cosine to torch "
                          f"mean {q['mean_cos']:.4f} / min {q['min_cos']:.4f} on {q['probes']} probes: {verdict}")
    store = open_services(settings).store
    recorded = store.recorded_embedder()
    try:
        emb = get_embedder(settings, recorded=recorded)
    except Exception as exc:
        _fail(f"cannot load the embeddings backend: {type(exc).__name__}: {exc}", code=1)
    console.print(f"setting: ANTIPERSONA_EMBEDDINGS={settings.embeddings}")
    console.print(f"workspace {store.workspace.root}: {recorded or 'no vectors yet'}")
    console.print(f"backend: {getattr(emb, 'backend', emb.name)}, making {emb.name} vectors")
    if recorded and recorded != emb.name:
        console.print("[yellow]these differ: ingest refuses until `antipersona ingest --reembed` (or switch back)")


@app.command()
def doctor(
    repair: Annotated[
        bool, typer.Option(help="Delete damaged caches and left-over temp files, embed lost passages again.")
    ] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Check the workspace, settings, vector store, embeddings model, LLM endpoint and disk: PASS/FAIL lines."""
    from ui.doctor import print_diagnosis

    raise typer.Exit(print_diagnosis(_settings(workspace), repair=repair))


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="Port.")] = 7860,
    workspace: WorkspaceOpt = None,
) -> None:
    """Ingest the bundled examples, build personas and serve the app on 127.0.0.1."""
    from ui.serve import demo as run_demo

    run_demo(_settings(workspace), port=port)


def main() -> None:
    import core  # noqa: F401  - pins the offline environment before anything else loads
    from core.safe_text import terminal
    from core.storage_errors import explain
    from core.workspace import CorruptFile

    try:
        app()
    except CorruptFile as exc:  # a damaged workspace file: name it and say what to do, no traceback
        print(f"error: {terminal(str(exc))}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    except Exception as exc:  # a full disk, a read-only workspace, an output path that cannot be written
        why = explain(exc)
        if why is None:
            raise
        print(f"error: {terminal(why)}", file=sys.stderr, flush=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
