"""The Gradio app: Chat, Fit check, Personas, Themes and Data tabs. Thin: every computation is an agent/ or
ingest/ function the CLI calls too; this file only wires inputs to those functions and formats results.

Named API endpoints (gradio_client: `Client(url).predict(..., api_name="/check")`):
    /check(text) -> (verdict Markdown, verdict JSON)
    /chat(message) -> answer Markdown (streamed)
    /personas() -> (cards JSON, header, cost chart, change report, Markdown file)
    /refresh(force) -> refresh report Markdown
    /ingest(files, kind, redact_pii) -> ingest summary Markdown
plus /score_leads(csv, text_column), /themes() and /status().

This module is the layout; the handlers are `ui.handlers.AppContext`. Heavy things load once per process:
the app holds one `Services` (one store, the engine, the persona versions and the verdict checker per
persona version), shared with the scheduler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import gradio as gr

import core  # noqa: F401  - pins GRADIO_ANALYTICS_ENABLED=False (read at call time) and the offline env
from ui import cards
from ui.charts import CHART_CSS
from ui.handlers import AppContext
from ui.theme_chart import TIMELINE_CSS

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

    from core.services import Services
    from core.settings import Settings

# Why 8: Gradio's default is 1 worker per event, so one user's 20-second chat answer or batch scoring
# would queue everybody else's fit checks behind it. Handlers are mostly NumPy/SQLite/HTTP work that
# releases the GIL, so a few run well side by side; more than ~8 on a 2-4 core box just thrashes the CPU
# (embedding is CPU-bound) and multiplies memory. Writes (ingest, refresh) get their own limit of 1.
CONCURRENCY = 8
CHAT_EXAMPLES = [
    "Who should we not sell to, and why?",
    "What do customers say about onboarding?",
    "Is a 6-person agency on the Starter plan asking for a 40% discount a fit?",
    "What changed since the last refresh?",
]
PROSPECT_PLACEHOLDER = (
    "e.g. Small agency (5 employees) on the Starter plan, wants a big discount and white-glove onboarding, "
    "asked for a month-to-month contract."
)
# WCAG AA: white on the primary buttons and the selected tab at >= 4.5:1 (primary 700), placeholders and
# secondary text at >= 4.5:1 (neutral 600 on white), links underlined
THEME = gr.themes.Default(primary_hue="blue", neutral_hue="gray").set(
    button_primary_background_fill="*primary_700",
    button_primary_background_fill_hover="*primary_800",
    button_primary_text_color="white",
    button_primary_border_color="*primary_700",
    input_placeholder_color="*neutral_600",
    body_text_color_subdued="*neutral_600",
    block_info_text_color="*neutral_600",
    block_label_text_color="*neutral_700",
    block_title_text_color="*neutral_800",
    link_text_color="*primary_700",
    link_text_color_visited="*primary_800",
    color_accent="*primary_700",
    color_accent_soft="*primary_50",
    checkbox_background_color_selected="*primary_700",
    slider_color="*primary_700",
    loader_color="*primary_700",
)
CSS = """
.persona-card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 14px 18px;
  margin-bottom: 12px; background: var(--background-fill-primary); }
.verdict-card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 14px 18px;
  min-height: 60px; }
.verdict { padding: 2px 8px; border-radius: 6px; color: #fff; }
.verdict-negative { background: #a4262c; } .verdict-fit { background: #1e6b34; } .verdict-unclear { background: #5c5c5c; }
details.record { display: inline-block; margin: 2px 0 6px; }
details.record > summary { cursor: pointer; color: var(--link-text-color); text-decoration: underline;
  font-family: var(--font-mono); font-size: 0.92em; }
details.record[open] { display: block; border-left: 3px solid var(--border-color-primary); padding-left: 10px; }
details.record .record-meta { font-size: 0.9em; color: var(--body-text-color-subdued); }
.tab-container button[role=tab][aria-selected=true], button[role=tab].selected { color: #1d4ed8; }
footer, footer a, footer button { color: #4b5563 !important; }
@media (max-width: 480px) { .persona-card, .verdict-card { padding: 10px; } }
""" + CHART_CSS + TIMELINE_CSS


def _private(name: str) -> dict[str, str]:
    return {"api_name": f"_{name}", "api_visibility": "private"}


def build_app(
    services: Services | Settings, scheduler: BackgroundScheduler | None = None
) -> gr.Blocks:
    """The Blocks app for one workspace (give the services the scheduler uses too, so the process holds
    one store). `scheduler` (optional) is only read to show the next refresh."""
    from agent.engines import as_services

    ctx = AppContext(as_services(services), scheduler)
    settings = ctx.settings
    # delete_cache: Gradio's copies of uploads and results older than a day are removed every hour
    with gr.Blocks(title="antipersona", analytics_enabled=False, delete_cache=(3600, 86400)) as app:
        gr.Markdown(
            "# antipersona\nThe customers you should not chase: negative personas from your tickets, calls, "
            "reviews and accounts, with verbatim quotes and measured cost."
        )
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                chat_box = gr.Textbox(
                    label="Ask antipersona",
                    placeholder="Ask about personas, themes, customers — or paste a prospect",
                    show_label=False,
                    elem_id="chat-input",
                    render=False,
                )
                gr.ChatInterface(
                    ctx.chat,
                    chatbot=gr.Chatbot(height=460, label="Conversation with antipersona", show_label=False),
                    textbox=chat_box,
                    api_name="chat",
                    fill_height=False,
                )
                # example questions as plain buttons (ChatInterface's own examples list fails axe's
                # aria-required-children check): a click puts the question in the box
                with gr.Row(elem_id="chat-examples"):
                    for i, example in enumerate(CHAT_EXAMPLES):
                        gr.Button(example, size="sm", variant="secondary").click(
                            lambda q=example: q, None, chat_box, **_private(f"example_{i}")
                        )

            with gr.Tab("Fit check", id="check"):
                with gr.Row():
                    with gr.Column(scale=2):
                        prospect = gr.Textbox(
                            label="Prospect",
                            lines=6,
                            placeholder=PROSPECT_PLACEHOLDER,
                            elem_id="prospect",
                        )
                        check_btn = gr.Button("Check fit", variant="primary", elem_id="check-btn")
                    with gr.Column(scale=3):
                        verdict_md = gr.Markdown(
                            "The verdict appears here.", elem_id="verdict", elem_classes="verdict-card"
                        )
                with gr.Accordion("Verdict as JSON", open=False):
                    verdict_json = gr.JSON(label="verdict")
                with gr.Accordion("What happened? Record feedback on this verdict", open=False):
                    with gr.Row():
                        fb_outcome = gr.Dropdown(
                            ["won", "lost", "churned", "renewed", "wrong persona", "note"],
                            value="won", label="Outcome", elem_id="feedback-outcome",
                        )
                        fb_note = gr.Textbox(label="Note (optional)", elem_id="feedback-note")
                        fb_customer = gr.Textbox(label="Customer id (optional)", elem_id="feedback-customer")
                    fb_btn = gr.Button("Record feedback", elem_id="feedback-btn")
                    fb_msg = gr.Markdown(elem_id="feedback-msg")
                with gr.Accordion("Score a lead list (CSV)", open=False):
                    gr.Markdown(
                        "Upload a CSV: each row is scored (verdict, score, persona, top red flag appended). "
                        "Name the column with the lead description, or leave it empty to read every column."
                    )
                    with gr.Row():
                        leads = gr.File(label="Leads CSV", file_types=[".csv"], file_count="single")
                        text_column = gr.Textbox(label="Text column (optional)", placeholder="description")
                    score_btn = gr.Button("Score leads")
                    score_msg = gr.Markdown()
                    scored = gr.File(label="Scored CSV", interactive=False)
                    scored_table = gr.Dataframe(
                        label="Scored leads (first 200 rows)", interactive=False, wrap=True, elem_id="scored-table"
                    )
                check_btn.click(ctx.check, prospect, [verdict_md, verdict_json], api_name="check")
                prospect.submit(ctx.check, prospect, [verdict_md, verdict_json], **_private("check_submit"))
                fb_btn.click(
                    ctx.feedback, [verdict_json, fb_outcome, fb_note, fb_customer], fb_msg, api_name="feedback"
                )
                score_btn.click(
                    ctx.score_leads, [leads, text_column], [scored, score_msg], api_name="score_leads"
                ).then(ctx.leads_table, scored, scored_table, **_private("leads_table"))

            with gr.Tab("Personas", id="personas"):
                personas_head = gr.Markdown(cards.LOADING, elem_id="personas-head")
                cards_json = gr.JSON(visible=False, label="personas")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        cost_plot = gr.HTML(cards.LOADING, elem_id="cost-chart")
                    with gr.Column(scale=2):
                        changes_md = gr.Markdown(elem_id="changes")
                        download = gr.DownloadButton(
                            "Download personas (Markdown)", interactive=False, variant="secondary"
                        )
                        reload_btn = gr.Button("Reload", variant="secondary", size="sm")

                @gr.render(inputs=cards_json)
                def _cards(data: dict | None) -> None:
                    for i, item in enumerate((data or {}).get("personas") or []):
                        with gr.Accordion(item["title"], open=i == 0, key=f"acc-{item['id']}"):
                            gr.Markdown(
                                item["markdown"], elem_classes="persona-card", key=f"card-{item['id']}"
                            )

                with gr.Accordion("Export: persona cards and exclusion lists", open=False):
                    with gr.Row():
                        export_persona = gr.Dropdown(
                            label="Persona for the exclusion list", choices=[], value=None, elem_id="export-persona"
                        )
                        exclusion_btn = gr.Button("Exclusion list (CSV)", variant="secondary")
                        cards_btn = gr.Button("All persona cards (Markdown, zip)", variant="secondary")
                    export_file = gr.File(label="Export", interactive=False)
                    exclusion_btn.click(ctx.export_exclusion, export_persona, export_file, **_private("exclusion"))
                    cards_btn.click(ctx.export_cards, None, export_file, **_private("cards"))
                    cards_json.change(
                        lambda d: gr.Dropdown(
                            choices=[(c["name"], c["id"]) for c in (d or {}).get("personas") or []], value=None
                        ),
                        cards_json,
                        export_persona,
                        **_private("export_choices"),
                    )
                with gr.Accordion("Open a quoted record", open=False):
                    record_pick = gr.Dropdown(label="Quoted record", choices=[], value=None)
                    record_md = gr.Markdown()
                personas_out = [cards_json, personas_head, cost_plot, changes_md, download, record_pick]
                reload_btn.click(ctx.personas, None, personas_out, api_name="personas")
                record_pick.change(ctx.record, record_pick, record_md, **_private("record"))

            with gr.Tab("Themes", id="themes"):
                themes_head = gr.Markdown(cards.LOADING, elem_id="themes-head")
                themes_plot = gr.ScatterPlot(
                    None,
                    x="size",
                    y="cost_score",
                    title="Themes by size and cost (higher = costlier customers complain about it)",
                    caption="Each dot is a complaint theme. Up the chart, the customers who raise it cost more "
                    "than the typical customer (0 = typical, below 0 = cheaper; from churn alone, +0.7 would be about "
                    "twice the churn rate). The table below lists every theme with its size, share and top cost metric.",
                    label="Themes by size and cost",
                    elem_id="themes-chart",
                    x_title="complaint passages",
                    y_title="cost vs the typical customer (0 = typical)",
                    tooltip=["label", "size", "cost_score", "top cost metric"],
                    height=320,
                )
                themes_time = gr.HTML(cards.LOADING, elem_id="themes-time")
                themes_table = gr.Dataframe(
                    cards.themes_frame(None), interactive=False, wrap=True, label="themes"
                )
                themes_out = [themes_head, themes_table, themes_plot, themes_time]

            with gr.Tab("Data", id="data"), gr.Row():
                with gr.Column(scale=3):
                    uploads = gr.File(
                        label=f"Files to ingest ({' '.join(cards.ALLOWED_UPLOADS)}; "
                        f"up to {settings.max_upload_mb} MB each)",
                        file_count="multiple",
                        file_types=list(cards.ALLOWED_UPLOADS),
                    )
                    with gr.Row():
                        kind = gr.Dropdown(list(cards.KINDS), value="auto", label="Kind")
                        redact = gr.Checkbox(label="Mask emails and phone numbers", value=False)
                    ingest_btn = gr.Button("Ingest", variant="primary")
                    ingest_md = gr.Markdown()
                with gr.Column(scale=2):
                    status_md = gr.Markdown(elem_id="status")
                    force = gr.Checkbox(label="Force (rebuild even if no data changed)", value=False)
                    refresh_btn = gr.Button("Refresh personas", variant="primary")
                    refresh_md = gr.Markdown(elem_id="refresh-report")

        # Writes are serialised inside the app (one ingest or refresh at a time); the workspace lock also
        # serialises against the scheduler and the CLI. Private follow-ups get explicit api names so they
        # never take the public names (Gradio names unnamed events after their function).
        ingest_btn.click(
            ctx.ingest,
            [uploads, kind, redact],
            ingest_md,
            api_name="ingest",
            concurrency_limit=1,
            concurrency_id="writes",
        ).then(ctx.status, None, status_md, **_private("status_after_ingest"))
        refresh_btn.click(
            ctx.refresh, force, refresh_md, api_name="refresh", concurrency_limit=1, concurrency_id="writes"
        ).then(ctx.personas, None, personas_out, **_private("personas_after_refresh")).then(
            ctx.themes, None, themes_out, **_private("themes_after_refresh")
        ).then(ctx.status, None, status_md, **_private("status_after_refresh"))

        app.load(ctx.personas, None, personas_out, **_private("personas_on_load"))
        app.load(ctx.themes, None, themes_out, api_name="themes")
        app.load(ctx.status, None, status_md, api_name="status")
        gr.Timer(60).tick(ctx.status, None, status_md, show_progress="hidden", **_private("status_tick"))

    app.queue(default_concurrency_limit=CONCURRENCY)
    app.antipersona = ctx  # handy for tests and for serve() warm-up
    return app


LAUNCH_KWARGS = {"css": CSS, "theme": THEME, "footer_links": ["api", "gradio"]}
