"""What the web app's events do: one method per endpoint, sharing the workspace's services. Thin: each
calls the agent/ or ingest/ function the CLI calls too and lays the result out with ui/ renderers; Gradio
errors (`gr.Error`) carry the message for the user. The page layout is in `ui.app`."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from ui import cards

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

    from core.services import Services
    from core.store import Store

MAX_CHECK_CHARS = 20_000


class AppContext:
    """What the handlers share: the workspace's services (one store, the engine, persona versions, caches)
    and the scheduler (for 'next refresh')."""

    def __init__(self, services: Services, scheduler: BackgroundScheduler | None = None):
        self.services = services
        self.settings = services.settings
        self.scheduler = scheduler
        self.downloads = Path(tempfile.mkdtemp(prefix="antipersona-app-"))

    @property
    def store(self) -> Store:
        return self.services.store

    def current(self):
        return self.services.current()

    def checker(self):
        from agent.verdict import Checker

        return Checker.load(self.services)

    def out_dir(self) -> Path:
        """A fresh folder for one result file; folders older than a day are removed on the way."""
        import shutil
        import time

        for old in self.downloads.glob("out-*"):
            if time.time() - old.stat().st_mtime > 86400:
                shutil.rmtree(old, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix="out-", dir=self.downloads))

    # chat -------------------------------------------------------------------------------------------
    def chat(self, message: str, history: list[dict]) -> Iterator[str]:
        if not (message or "").strip():
            yield "Ask about your customers, a theme, a persona, or paste a prospect to check."
            return
        from core.safe_text import md_safe
        from ui.evidence import open_records, with_records
        from ui.render_chat import chat_markdown

        answer = ""
        for answer in chat_markdown(message, history or [], self.services):
            yield md_safe(answer)  # model prose and quoted tickets: formatting kept, no image/form/link out
        if answer:  # the finished answer: each cited record id opens its record in place
            safe = md_safe(answer)
            yield with_records(safe, open_records([safe], self.store))

    # fit check --------------------------------------------------------------------------------------
    def check(self, text: str) -> tuple[str, dict]:
        from ui.render import verdict_markdown

        text = (text or "").strip()
        if not text:
            raise gr.Error(
                "Paste a prospect description first (who they are, size, plan, what they ask for)."
            )
        if len(text) > MAX_CHECK_CHARS:
            raise gr.Error(f"That text is too long to check ({len(text):,} characters; at most 20,000).")
        from agent.feedback import log_verdict
        from ui.evidence import open_records, with_records

        verdict = self.checker().check(text)
        log_verdict(self.services, verdict, text)
        md = cards.split_quotes(verdict_markdown(verdict))
        md = with_records(verdict_word(md, verdict.verdict), open_records([md], self.store))
        if self.current() is None:
            md = (
                "> No personas yet: ingest data in the **Data** tab and press **Refresh** for a verdict "
                "grounded in your customers.\n\n" + md
            )
        return md, verdict.model_dump()

    def feedback(self, verdict: dict | None, outcome: str, note: str, customer: str = "") -> str:
        """Record feedback on the verdict shown (its JSON holds the id)."""
        from agent.feedback import record_feedback
        from core.safe_text import md_safe
        from ui.render import feedback_line

        vid = (verdict or {}).get("id") if isinstance(verdict, dict) else None
        if not vid:
            raise gr.Error("Check a prospect first: feedback is recorded on the verdict shown.")
        try:
            f = record_feedback(self.services, vid, outcome or "", note or "", customer_id=customer or None,
                                source="app")
        except ValueError as exc:
            raise gr.Error(str(exc)) from None
        return md_safe(f"Recorded feedback #{f.id}: {feedback_line(f)}. The next refresh shows it.")

    def score_leads(
        self, file: str | None, text_column: str | None, progress=gr.Progress()
    ) -> tuple[str, str]:
        from ui.leads import score_csv

        if not file:
            raise gr.Error("Upload a CSV of leads first.")
        src = Path(file)
        if src.suffix.lower() != ".csv":
            raise gr.Error(f"Leads must be a .csv file (got {src.name}).")
        self._check_size(src)
        progress(0.1, desc="loading the checker")
        checker = self.checker()
        progress(0.3, desc="scoring leads")
        dst = self.out_dir() / f"{src.stem}.scored.csv"
        try:
            n = score_csv(checker, src, dst, text_column=(text_column or "").strip() or None).rows
        except SystemExit as exc:  # score_csv's "no column X; columns are ..." message
            raise gr.Error(str(exc)) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise gr.Error(f"Could not read {src.name} as CSV: {exc}") from None
        return str(dst), f"Scored {n:,} leads: download **{dst.name}** below."

    def leads_table(self, scored: str | None, rows: int = 200):
        """The scored lead list on the page (its first `rows` rows; the download holds them all)."""
        import pandas as pd

        if not scored:
            return None
        path = scored if isinstance(scored, str) else scored.get("path") if isinstance(scored, dict) else None
        if not path:
            return None
        return pd.read_csv(path, nrows=rows, dtype=str, keep_default_na=False)

    # exports (the CLI's `export --cards` / `--exclusion-list`) ---------------------------------------
    def export_exclusion(self, persona_id: str | None) -> str:
        from ui.exports import export_exclusion_list

        if not persona_id:
            raise gr.Error("Choose a persona first.")
        path = self.out_dir() / f"exclusion-{persona_id}.csv"
        try:
            export_exclusion_list(self.services, path, persona_id)
        except (SystemExit, ValueError) as exc:
            raise gr.Error(str(exc)) from None
        return str(path)

    def export_cards(self) -> str:
        import shutil

        from ui.exports import export_cards

        folder = self.out_dir() / "persona-cards"
        try:
            export_cards(self.services, folder)
        except SystemExit as exc:
            raise gr.Error(str(exc)) from None
        return shutil.make_archive(str(folder), "zip", folder)

    # personas ---------------------------------------------------------------------------------------
    def personas(self) -> tuple[dict, str, Any, str, Any, Any]:
        from ui.charts import cost_chart_html
        from ui.evidence import open_records, with_records
        from ui.render import change_lines

        ps = self.current()
        frame = cost_chart_html(ps)
        if ps is None:
            return (
                cards.persona_cards(None),
                cards.EMPTY,
                frame,
                cards.changes_markdown([]),
                gr.DownloadButton(value=None, interactive=False),
                gr.Dropdown(choices=[], value=None),
            )
        path = cards.write_personas_file(ps, self.downloads)
        changes = cards.changes_markdown(change_lines(self.services.versions.changes(ps.version)), ps.version)
        data = cards.persona_cards(ps)
        records = open_records([c["markdown"] for c in data["personas"]], self.store)
        for c in data["personas"]:
            c["markdown"] = with_records(c["markdown"], records)
        return (
            data,
            cards.personas_header(ps),
            frame,
            changes,
            gr.DownloadButton(value=str(path), interactive=True),
            gr.Dropdown(choices=cards.quoted_records(ps), value=None),
        )

    def record(self, record_id: str | None) -> str:
        if not record_id:
            return ""
        return cards.record_markdown(self.store.records.get(record_id), record_id)

    # themes -----------------------------------------------------------------------------------------
    def themes(self) -> tuple[str, Any, Any, str]:
        ps = self.current()
        if ps is None or not ps.themes:
            return cards.EMPTY_THEMES, cards.themes_frame(None), None, ""
        from ui.evidence import human_date
        from ui.theme_chart import timeline_html

        head = f"**{len(ps.themes)} complaint themes** · version {ps.version} · built {human_date(ps.created_at)}"
        why = cards.theme_choice_markdown(ps)
        head = f"{head}\n\n{why}" if why else head
        chart = _plot_value(cards.themes_chart_frame(ps))
        return head, cards.themes_frame(ps), chart, timeline_html(ps.theme_timeline)

    # data -------------------------------------------------------------------------------------------
    def status(self) -> str:
        from ui.scheduler import describe_schedule, last_run

        store = self.store
        accounts, _ = store.accounts()
        run = last_run(self.settings)
        last = None
        if run is not None and run.finished is not None:
            last = f"{run.finished:%Y-%m-%d %H:%M:%S} — {run.error or run.message}"
        return cards.status_markdown(
            store.records.counts(),
            len(accounts) if accounts is not None else 0,
            self.current(),
            describe_schedule(self.scheduler),
            last,
        )

    def _check_size(self, path: Path) -> None:
        limit = self.settings.max_upload_mb * 1024 * 1024
        if path.stat().st_size > limit:
            raise gr.Error(f"{path.name} is larger than the {self.settings.max_upload_mb} MB upload limit.")

    def ingest(
        self, files: list[str] | str | None, kind: str, redact_pii: bool, progress=gr.Progress()
    ) -> str:
        if not files:
            raise gr.Error("Choose one or more files to ingest first.")
        paths = [Path(f) for f in ([files] if isinstance(files, str) else files)]
        bad = [p.name for p in paths if p.suffix.lower() not in cards.ALLOWED_UPLOADS]
        if bad:
            raise gr.Error(
                f"Not a supported file type: {', '.join(bad)}. Accepted: {' '.join(cards.ALLOWED_UPLOADS)}"
            )
        for p in paths:
            self._check_size(p)
        if kind not in cards.KINDS:
            raise gr.Error(f"Unknown kind {kind!r}; choose one of {', '.join(cards.KINDS)}.")
        try:
            from ingest.pipeline import ingest_paths
        except ImportError:
            raise gr.Error("Ingest is not available in this build (`ingest.pipeline` is missing).") from None
        # keep uploads in the workspace: stored records then point at a stable file (Gradio's temp copies
        # vanish), and uploading a newer export with the same name re-ingests it incrementally
        import shutil

        uploads = self.store.workspace.root / "uploads"
        uploads.mkdir(parents=True, exist_ok=True)
        kept = []
        for p in paths:
            dst = uploads / Path(p.name).name
            if p.resolve() != dst.resolve():
                shutil.copyfile(p, dst)
            kept.append(dst)
        paths = kept
        results: list[tuple[str, Any]] = []
        for i, path in enumerate(paths):
            progress((i, len(paths)), desc=f"reading and embedding {path.name}", unit="files")
            try:
                report = ingest_paths(
                    [path],
                    kind=kind,
                    settings=self.settings,
                    redact_pii=bool(redact_pii),
                    store=self.store,  # the app's store: the embedding model stays loaded
                )
            except ValueError as exc:  # a bad kind or config.toml: say so, go on with the other files
                report = str(exc)
            results.append((path.name, report))
        progress((len(paths), len(paths)), desc="done", unit="files")
        return (
            cards.ingest_markdown(results)
            + "\n\nPress **Refresh personas** to rebuild themes and personas with the new data."
        )

    def refresh(self, force: bool, progress=gr.Progress()) -> str:
        from agent.refresh import refresh
        from ui.render import change_lines, refresh_message

        steps = {"n": 0}

        def report(message: str) -> None:  # named steps: 'step 3 of 6: clustering 1,204 complaint passages'
            steps["n"] += 1
            n = min(steps["n"], REFRESH_STEPS)
            progress((n - 1, REFRESH_STEPS), desc=f"step {n} of {REFRESH_STEPS}: {message}", unit="steps")

        from ingest.restore import restore_before_refresh

        # a lost `chroma/` is embedded again from the records first (not one of the refresh's steps)
        restore_before_refresh(self.services.store, lambda m: progress((0, REFRESH_STEPS), desc=m, unit="steps"))
        progress((0, REFRESH_STEPS), desc="waiting for the refresh lock", unit="steps")
        result = refresh(self.services, force=bool(force), report=report)
        if result.reason == "empty" and result.personas is None:
            return "**Nothing ingested yet:** upload files above and press **Ingest** first."
        message = refresh_message(result, force_hint="tick **Force** to rebuild anyway")
        lines = [f"**{message}** ({result.seconds:.1f}s)"]
        if not result.skipped:
            lines += [f"- {line}" for line in change_lines(result.changes)]
        if result.personas is not None:
            lines += [f"> {n}" for n in result.personas.notes]
        return "\n".join(lines)


REFRESH_STEPS = 6  # loading, selecting, embedding, clustering, measuring cost, writing personas
VERDICT_WORDS = {"negative": "Likely negative persona", "fit": "Good fit", "unclear": "Unclear"}


def verdict_word(markdown: str, verdict: str) -> str:
    """The verdict's heading as a word on its colour (not an emoji alone): the app's CSS colours the class."""
    first, _, rest = markdown.partition("\n")
    word = VERDICT_WORDS.get(verdict, verdict)
    if word in first:
        first = first.replace(word, f'<span class="verdict verdict-{verdict}">{word}</span>', 1)
    return first + "\n" + rest


def _plot_value(frame):
    """None instead of an empty frame (Gradio 6.31 never draws bars in a plot first given an empty frame)."""
    return frame if len(frame) else None
