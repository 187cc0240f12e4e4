"""Markdown for the chat's typed answers (`agent.answers`): what the app's Chat tab and the CLI show."""

from __future__ import annotations

from collections.abc import Iterator
from functools import singledispatch

from agent.answers import (
    Changes,
    Counts,
    Failed,
    FitPath,
    Help,
    NoPersonas,
    NothingIngested,
    PersonaAnswer,
    PersonaList,
    ProspectHelp,
    RefreshHelp,
    Reply,
    ThemeAnswer,
    ThemeList,
    TopicAnswer,
    UnknownTheme,
    VerdictAnswer,
)
from agent.chat_tools import NO_PERSONAS, NOTHING_INGESTED
from agent.render import describe
from agent.router import OFFLINE_NOTE
from core.models import Theme
from ui.render import change_lines, persona_markdown, quote_markdown, verdict_markdown

PROSPECT_HELP = (
    "Paste the prospect's description (lead-form answers, call notes or an email) and I'll check it against "
    "the negative personas, e.g.\n\n"
    "`check: 6-person marketing agency on the Starter plan, wants month-to-month and a discount`"
)
HELP_LINES = [
    "**What you can ask**",
    "- *Who should we not sell to, and why?* — the negative personas (name one for its full card)",
    "- *Is a 6-person agency on the Starter plan a fit?* — a verdict with red flags and questions to ask",
    "- *What do Enterprise customers complain about?* — a segment's complaint themes, with quotes",
    "- *Quotes about onboarding from Enterprise customers* — verbatim passages with record ids",
    "- *What changed since the last refresh?* · *How many tickets do we have?*",
    "- *What would make the agency persona a fit?* · *What do customers complain about?*",
]


def reply_markdown(reply: Reply | str) -> str:
    """One chat turn as Markdown (its parts, separated by blank lines)."""
    if isinstance(reply, str):
        return reply
    return "\n\n".join(p if isinstance(p, str) else markdown(p) for p in reply.parts)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


@singledispatch
def markdown(answer) -> str:
    raise TypeError(f"no Markdown for {type(answer).__name__}")


@markdown.register
def _(a: Help) -> str:
    lines = list(HELP_LINES)
    if a.short:
        return "\n".join(lines)
    ps = a.personas
    if ps is not None:
        lines += [
            "",
            f"<sub>personas version {ps.version} ({ps.created_at}, {ps.engine} engine): "
            f"{_n(len(ps.personas), 'persona')}, {_n(len(ps.themes), 'theme')}</sub>",
        ]
    elif not a.has_data:
        lines += ["", NOTHING_INGESTED]
    return "\n".join(lines)


@markdown.register
def _(a: RefreshHelp) -> str:
    ps = a.personas
    now = (
        f"The current personas are version {ps.version} ({ps.created_at}, {ps.engine} engine)."
        if ps
        else "There are no personas yet."
    )
    return (
        f"{now} To refresh them after new data, use the **Data** tab's refresh button, or run "
        "`antipersona refresh` (add `--force` to rebuild even when no data changed). A refresh that finds "
        "no changed data is skipped; each refresh writes a new version and a report of what changed."
    )


@markdown.register
def _(a: ProspectHelp) -> str:
    return PROSPECT_HELP


@markdown.register
def _(a: NothingIngested) -> str:
    if a.then is not None:
        return _sentence(NOTHING_INGESTED) + "\n\n" + markdown(a.then)
    return _sentence(NOTHING_INGESTED) + "\n\n" + markdown(Help(None, False, short=True))


@markdown.register
def _(a: NoPersonas) -> str:
    return _sentence(NO_PERSONAS)


@markdown.register
def _(a: VerdictAnswer) -> str:
    return verdict_markdown(a.verdict)


@markdown.register
def _(a: PersonaList) -> str:
    ps = a.personas
    head = f"### Negative personas — version {ps.version} ({ps.engine} engine)"
    if not ps.personas:
        notes = "".join(f"\n\n> {n}" for n in ps.notes)
        return f"{head}\n\nNo group of customers stands out as costly in this data.{notes}"
    lines = [
        head,
        "",
        "A negative persona is a kind of customer that costs more than it brings — a question of fit, "
        "not a negative person.",
        "",
    ]
    for i, p in enumerate(ps.personas, 1):
        lines.append(f"**{i}. {p.name}** (`{p.id}`) — {p.summary}")
        lines.append(
            f"- Share: {p.share_customers:.0%} of customers ({p.customers}), "
            f"{p.share_complaints:.0%} of complaints"
        )
        if p.cost:
            lines.append(f"- Top cost: {describe(p.cost[0])}")
        if p.why_not_fit:
            lines.append(f"- Why not a fit: {p.why_not_fit}")
        if p.id in a.first_quote:
            lines += ["", quote_markdown(a.first_quote[p.id], chat=True)]
        lines.append("")
    lines.append("Name a persona (e.g. *tell me about " + ps.personas[0].name + "*) for its full card.")
    return "\n".join(lines)


@markdown.register
def _(a: PersonaAnswer) -> str:
    return persona_markdown(a.persona)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


@markdown.register
def _(a: ThemeList) -> str:
    ps = a.personas
    if not ps.themes:
        return "No complaint themes were found in this data."
    lines = [
        f"### Complaint themes — version {ps.version}",
        "",
        "| id | theme | passages | share | customers | keywords |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for t in sorted(ps.themes, key=lambda t: -t.size):
        lines.append(
            f"| {t.id} | {_cell(t.label)} | {t.size} | {t.share:.0%} | {t.customers} | "
            f"{_cell(', '.join(t.keywords[:6]))} |"
        )
    lines += ["", "Ask *theme N* for one theme's numbers and quotes, or ask about a topic."]
    return "\n".join(lines)


def _theme_lines(t: Theme, quotes, heading: str = "###") -> list[str]:
    lines = [
        f"{heading} {t.label} (theme {t.id})",
        "",
        f"{t.size} complaint passages ({t.share:.0%} of all), from {t.records} records and "
        f"{t.customers} customers. Keywords: {', '.join(t.keywords[:8]) or '—'}.",
    ]
    if t.metrics:
        lines += ["", "**Customers who raise it, against the baseline**"]
        lines += [f"- {describe(m)}" for m in t.metrics]
    if quotes:
        lines += [""] + [x for q in quotes for x in (quote_markdown(q, chat=True), "")]
    return lines


@markdown.register
def _(a: ThemeAnswer) -> str:
    return "\n".join(_theme_lines(a.theme, a.quotes)).rstrip()


@markdown.register
def _(a: UnknownTheme) -> str:
    known = ", ".join(f"{x.id} ({x.label})" for x in a.known) or "none"
    return f"There is no theme {a.theme_id}. Known themes: {known}."


@markdown.register
def _(a: TopicAnswer) -> str:
    within = f" with {a.segment}" if a.segment else ""
    if a.shares and not a.themes:
        return f"No complaint passages from customers{within} are close to any complaint theme."
    if a.shares:
        lines = [f"### What customers{within} complain about", ""]
        for t, share in a.themes:
            lines.append(f"- **{t.label}** (theme {t.id}) — {share:.0%} of their complaint passages")
        lines.append("")
        if a.passages:
            lines += [f"**In their words ({a.themes[0][0].label})**", ""]
            lines += [x for q in a.passages for x in (quote_markdown(q, chat=True), "")]
        return "\n".join(lines).rstrip()
    if not a.themes and not a.passages:
        source = f"the feedback of customers{within}" if a.segment else "the feedback"
        return f"Nothing in {source} is close to “{a.topic}”. " + (
            "Try other words, or ask *what do customers complain about?*"
        )
    lines = [f"### What customers{within} say about “{a.topic}”", ""]
    if a.themes:
        lines += ["**Closest complaint themes**", ""]
        for t, sim in a.themes:
            metric = f"; {describe(t.metrics[0])}" if t.metrics else ""
            lines.append(
                f"- **{t.label}** (theme {t.id}, similarity {sim:.2f}) — {t.size} passages, "
                f"{t.share:.0%} of complaints, {t.customers} customers; keywords: "
                f"{', '.join(t.keywords[:5])}{metric}"
            )
        lines.append("")
    elif a.no_personas:
        lines += [f"<sub>{NO_PERSONAS}</sub>", ""]
    if a.passages:
        lines += ["**What they wrote**", ""]
        lines += [x for q in a.passages for x in (quote_markdown(q, chat=True), "")]
    return "\n".join(lines).rstrip()


@markdown.register
def _(a: Counts) -> str:
    lines = ["### What the workspace holds", ""]
    lines += [f"- {n:,} {kind}{'' if n == 1 else 's'}" for kind, n in sorted(a.records.items())] or [
        "- no feedback records yet"
    ]
    ps = a.personas
    if ps is not None:
        extra = {k: v for k, v in ps.counts.items() if k in {"accounts", "complaint passages"}}
        lines += [f"- {v:,} {k}" for k, v in extra.items()]
        lines += [f"- {_n(len(ps.personas), 'negative persona')} and {_n(len(ps.themes), 'complaint theme')} "
                  f"(version {ps.version})"]
    return "\n".join(lines)


@markdown.register
def _(a: Changes) -> str:
    lines = change_lines(a.report) if a.report else ["no change report for this version"]
    return "\n".join([f"### What changed in version {a.version}", "", *[f"- {x}" for x in lines]])


@markdown.register
def _(a: FitPath) -> str:
    if not a.personas:
        return "There are no negative personas, so nobody needs to be made a fit."
    lines = ["### What would make them a fit", ""]
    for p in a.personas:
        lines += [f"**{p.name}** (`{p.id}`)", "", p.what_would_make_fit or "—", ""]
        if p.why_not_fit:
            lines += [f"<sub>why not today: {p.why_not_fit}</sub>", ""]
    return "\n".join(lines).rstrip()


@markdown.register
def _(a: Failed) -> str:
    return f"Sorry, that failed: {a.error}"


def chat_markdown(message: str, history: list[dict], services) -> Iterator[str]:
    """The chat turn as the user reads it: each streamed reply rendered (the app's Chat tab)."""
    from agent.chat import respond

    for reply in respond(message, history, services):
        yield reply_markdown(reply)


def route_markdown(message: str, services, note: str | None = OFFLINE_NOTE) -> str:
    """The offline router's answer, rendered."""
    from agent.router import route

    return reply_markdown(route(message, services, note=note))
