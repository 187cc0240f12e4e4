"""The offline chat: simple rules pick an intent, retrieval and the persona set answer it. No model needed.

Intents: a pasted prospect description (long text, or "check / prospect / lead / is this a fit") gets a
verdict card; "personas / who should we avoid / negative" the persona summaries (or one persona's card when
it is named); "themes / complaints" with no topic the theme table ("theme 3" one theme); "refresh" how to
refresh; "help" what to ask; anything else is a topic: the closest themes plus retrieved passages.
Every quote shown is re-checked verbatim against its stored record and carries the record id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.chat_tools import (
    NO_PERSONAS,
    NOTHING_INGESTED,
    ChatContext,
    check,
    nearest_themes,
    search_passages,
    verified_quotes,
)
from core.models import Persona, PersonaSet, Quote, Theme
from core.services import Services
from core.settings import Settings

OFFLINE_NOTE = (
    "*No LLM is configured (offline mode): answers come from rules and retrieval. "
    "Set OPENAI_API_KEY or OPENAI_BASE_URL for a conversational assistant.*"
)

_LONG = 280
_PROSPECT = re.compile(
    r"\b(prospects?|leads?|is (?:this|it|they|he|she) a (?:good |bad |right )?fit|(?:good|bad|right) fit|"
    r"should we (?:sell|take|sign|pursue|chase|accept))\b",
    re.I,
)
_CHECK_START = re.compile(r"^\s*(?:please\s+)?(?:check|score|qualify|vet|evaluate|assess)\b", re.I)
_PROSPECT_LEAD_IN = re.compile(
    r"^\s*(?:please\s+)?(?:(?:check|score|qualify|vet|evaluate|assess)\b\s*)?(?:(?:this|the|a|our|new)\s+)?"
    r"(?:prospect|lead|company|customer|description|deal)?\s*(?:for\s+me\s*)?"
    r"(?:[:\-–—]|is (?:this|it) a (?:good |bad )?fit\??)?\s*",
    re.I,
)
_PERSONA = re.compile(
    r"\b(personas?|anti-?personas?|(?:should we|to) avoid|negative (?:personas?|customers?|segments?|profiles?)|"
    r"bad[- ]fit customers|worst customers|costly customers|unprofitable customers)\b",
    re.I,
)
_THEME = re.compile(
    r"\b(themes?|complain\w*|complaints?|issues?|problems?|pain ?points?|unhappy|frustrat\w*|grievances?)\b",
    re.I,
)
_THEME_ID = re.compile(r"\btheme\s*#?\s*(-?\d+)\b", re.I)
_REFRESH = re.compile(r"\b(refresh|re-?run|recompute|rebuild|regenerate|update the personas)\b", re.I)
_HELP = re.compile(
    r"^\s*(help|\?|hi|hello|hey|what can you do|how does this work|how do i use\b.*)\W*$", re.I
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_STOP_WORDS = """a about all also an and any anything are around as at be been biggest by can common could customer
    customers client clients do does did feedback feel for from frequent frequently get give hear heard have
    has how i in is it its key list lot lots main me mention mentioned mentions most my of often on or our
    people please recent recently regarding report reported reports say said saying says show so something
    tell that the their them there these they think this those to top us user users usual usually want was
    we what whats what's when where which who why with would you your complain complains complained
    complaining complaint complaints issue issues problem problems theme themes pain point points unhappy
    frustrated frustrating frustration grievance grievances going wrong kind kinds sort sorts"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass
class Intent:
    name: str  # help | refresh | prospect | prospect_help | personas | persona | themes | theme | topic
    arg: str = ""


def topic_of(message: str) -> str:
    """The content words of a question ('what do customers say about onboarding?' -> 'onboarding')."""
    words = [w for w in _WORD.findall(message) if w.lower().strip("'’") not in _STOP]
    return " ".join(words)


def classify(message: str, personas: PersonaSet | None = None) -> Intent:
    text = (message or "").strip()
    if not text or _HELP.match(text):
        return Intent("help")
    long = len(text) >= _LONG or (text.count("\n") >= 2 and len(text) >= 120)
    if long:
        return Intent("prospect", _strip_lead_in(text))
    asks_prospect = bool(_PROSPECT.search(text) or _CHECK_START.match(text))
    if asks_prospect:
        body = _strip_lead_in(text)
        if len(body) >= 25:
            return Intent("prospect", body)
        if not _PERSONA.search(text):
            return Intent("prospect_help")
    if _REFRESH.search(text) and len(text) < 160:
        return Intent("refresh")
    if personas is not None:
        named = _named_persona(text, personas)
        if named is not None:
            return Intent("persona", named.id)
    m = _THEME_ID.search(text)
    if m:
        return Intent("theme", m.group(1))
    if _PERSONA.search(text):
        return Intent("personas")
    topic = topic_of(text)
    if _THEME.search(text) and not topic:
        return Intent("themes")
    return Intent("topic", topic or text)


def _strip_lead_in(text: str) -> str:
    m = _PROSPECT_LEAD_IN.match(text)
    body = text[m.end() :] if m else text
    return body.strip() or text.strip()


def _named_persona(text: str, ps: PersonaSet) -> Persona | None:
    low = text.lower()
    for p in ps.personas:
        if p.id.lower() in low or (len(p.name) >= 4 and p.name.lower() in low):
            return p
    return None


# rendering -------------------------------------------------------------------------------------------------
def route(message: str, services: Services | Settings, note: str | None = OFFLINE_NOTE) -> str:
    """The offline answer to one message, as Markdown, starting with `note` (the offline-mode line)."""
    from agent.engines import as_services

    ctx = ChatContext(as_services(services))
    try:
        body = answer(message, ctx)
    except Exception as exc:  # a broken store must not break the chat
        body = f"Sorry, that failed: {type(exc).__name__}: {str(exc)[:300]}"
    return f"{note}\n\n{body}" if note else body


def answer(message: str, ctx: ChatContext) -> str:
    intent = classify(message, ctx.personas)
    if intent.name == "help":
        return help_text(ctx)
    if intent.name == "refresh":
        return refresh_text(ctx)
    if intent.name == "prospect_help":
        return PROSPECT_HELP
    if intent.name == "prospect":
        return prospect_card(ctx, intent.arg)
    if not ctx.has_data():
        return NOTHING_INGESTED[0].upper() + NOTHING_INGESTED[1:] + "\n\n" + help_text(ctx, short=True)
    if intent.name == "persona":
        p = ctx.persona(intent.arg)
        return persona_card(ctx, p) if p else personas_summary(ctx)
    if intent.name == "personas":
        return personas_summary(ctx)
    if intent.name == "themes":
        return themes_table(ctx)
    if intent.name == "theme":
        return theme_card(ctx, int(intent.arg))
    return topic_answer(ctx, intent.arg)


PROSPECT_HELP = (
    "Paste the prospect's description (lead-form answers, call notes or an email) and I'll check it against "
    "the negative personas, e.g.\n\n"
    "`check: 6-person marketing agency on the Starter plan, wants month-to-month and a discount`"
)


def help_text(ctx: ChatContext | None = None, short: bool = False) -> str:
    lines = [
        "**What you can ask**",
        "- *Who are our negative personas?* — the persona summaries (name a persona for its full card)",
        "- *What do customers complain about?* — the complaint themes with their numbers (*theme 3* for one)",
        "- *What do customers say about onboarding?* — the closest themes and verbatim passages with record ids",
        "- Paste a prospect's description (or *check: …*) — a fit verdict with red flags and questions to ask",
        "- *How do I refresh?* — how to rebuild the personas after new data",
    ]
    if short:
        return "\n".join(lines)
    ps = ctx.personas if ctx is not None else None
    if ps is not None:
        lines += [
            "",
            f"<sub>personas version {ps.version} ({ps.created_at}, {ps.engine} engine): "
            f"{_n(len(ps.personas), 'persona')}, {_n(len(ps.themes), 'theme')}</sub>",
        ]
    elif ctx is not None and not ctx.has_data():
        lines += ["", NOTHING_INGESTED]
    return "\n".join(lines)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def refresh_text(ctx: ChatContext) -> str:
    ps = ctx.personas
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


def _blockquote(q: Quote) -> str:
    body = q.text.replace("\n", "\n> ")
    who = f", customer `{q.customer_id}`" if q.customer_id else ""
    return f"> “{body}”\n> — {q.kind or 'record'} `{q.record_id}`{who}"


def prospect_card(ctx: ChatContext, text: str) -> str:
    from agent.render import verdict_markdown

    head = "" if ctx.has_data() else NOTHING_INGESTED[0].upper() + NOTHING_INGESTED[1:] + "\n\n"
    v = check(ctx, text)
    v.evidence = verified_quotes(ctx, v.evidence)
    return head + verdict_markdown(v)


def _no_personas(ctx: ChatContext) -> str | None:
    if ctx.personas is None:
        return NO_PERSONAS[0].upper() + NO_PERSONAS[1:]
    return None


def personas_summary(ctx: ChatContext) -> str:
    if (msg := _no_personas(ctx)) is not None:
        return msg
    ps = ctx.personas
    from agent.render import describe

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
        quotes = verified_quotes(ctx, p.quotes[:1])
        if quotes:
            lines += ["", _blockquote(quotes[0])]
        lines.append("")
    lines.append("Name a persona (e.g. *tell me about " + ps.personas[0].name + "*) for its full card.")
    return "\n".join(lines)


def persona_card(ctx: ChatContext, p: Persona) -> str:
    from agent.render import persona_markdown

    return persona_markdown(p.model_copy(update={"quotes": verified_quotes(ctx, p.quotes)}))


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def themes_table(ctx: ChatContext) -> str:
    if (msg := _no_personas(ctx)) is not None:
        return msg
    ps = ctx.personas
    if not ps.themes:
        return "No complaint themes were found in this data."
    themes = sorted(ps.themes, key=lambda t: -t.size)
    lines = [
        f"### Complaint themes — version {ps.version}",
        "",
        "| id | theme | passages | share | customers | keywords |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for t in themes:
        lines.append(
            f"| {t.id} | {_cell(t.label)} | {t.size} | {t.share:.0%} | {t.customers} | "
            f"{_cell(', '.join(t.keywords[:6]))} |"
        )
    lines += ["", "Ask *theme N* for one theme's numbers and quotes, or ask about a topic."]
    return "\n".join(lines)


def _theme_lines(ctx: ChatContext, t: Theme, quotes: int = 3, heading: str = "###") -> list[str]:
    from agent.render import describe

    lines = [
        f"{heading} {t.label} (theme {t.id})",
        "",
        f"{t.size} complaint passages ({t.share:.0%} of all), from {t.records} records and "
        f"{t.customers} customers. Keywords: {', '.join(t.keywords[:8]) or '—'}.",
    ]
    if t.metrics:
        lines += ["", "**Customers who raise it, against the baseline**"]
        lines += [f"- {describe(m)}" for m in t.metrics]
    shown = verified_quotes(ctx, t.quotes[:quotes])
    if shown:
        lines += [""] + [x for q in shown for x in (_blockquote(q), "")]
    return lines


def theme_card(ctx: ChatContext, theme_id: int) -> str:
    if (msg := _no_personas(ctx)) is not None:
        return msg
    t = ctx.theme(theme_id)
    if t is None:
        known = ", ".join(f"{x.id} ({x.label})" for x in ctx.personas.themes) or "none"
        return f"There is no theme {theme_id}. Known themes: {known}."
    return "\n".join(_theme_lines(ctx, t)).rstrip()


def mentioned_segment(ctx: ChatContext, text: str) -> tuple[str, str] | None:
    """An account attribute value named in the text ('Enterprise' -> ('plan=Enterprise', 'Enterprise'))."""
    accounts, schema = ctx.store.accounts()
    if accounts is None:
        return None
    for col in schema.get("attributes") or []:
        if col not in accounts.columns or pd_numeric(accounts[col]):
            continue
        values = accounts[col].dropna().astype(str).unique()
        if len(values) > 30:
            continue
        for value in sorted(values, key=len, reverse=True):
            if len(value) >= 3 and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.I):
                return f"{col}={value}", value
    return None


def pd_numeric(series) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_numeric_dtype(series))


def topic_answer(ctx: ChatContext, topic: str, n_passages: int = 5) -> str:
    seg = mentioned_segment(ctx, topic)
    segment, words = seg if seg else (None, "")
    if segment:
        rest = re.sub(rf"(?<!\w){re.escape(words)}(?!\w)", " ", topic, flags=re.I).split()
        topic = " ".join(rest) or topic
    themes = nearest_themes(ctx, topic, n=3)
    passages = search_passages(ctx, topic, segment=segment, k=n_passages)
    within = f" with {segment}" if segment else ""
    if not themes and not passages:
        source = f"the feedback of customers{within}" if segment else "the feedback"
        return f"Nothing in {source} is close to “{topic}”. " + (
            "Try other words, or ask *what do customers complain about?*"
        )
    lines = [f"### What customers{within} say about “{topic}”", ""]
    if themes:
        lines += ["**Closest complaint themes**", ""]
        from agent.render import describe

        for t, sim in themes:
            metric = f"; {describe(t.metrics[0])}" if t.metrics else ""
            lines.append(
                f"- **{t.label}** (theme {t.id}, similarity {sim:.2f}) — {t.size} passages, "
                f"{t.share:.0%} of complaints, {t.customers} customers; keywords: "
                f"{', '.join(t.keywords[:5])}{metric}"
            )
        lines.append("")
    elif ctx.personas is None:
        lines += [f"<sub>{NO_PERSONAS}</sub>", ""]
    if passages:
        lines += ["**What they wrote**", ""]
        lines += [x for q in passages for x in (_blockquote(q), "")]
    return "\n".join(lines).rstrip()
