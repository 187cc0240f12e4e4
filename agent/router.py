"""The offline chat: simple rules pick an intent, retrieval and the persona set answer it. No model needed.

Intents: a pasted prospect description (long text, or "check / prospect / lead / is this a fit") gets a
verdict card; "personas / who should we avoid / negative" the persona summaries (or one persona's card when
it is named); "themes / complaints" with no topic the theme table ("theme 3" one theme); "refresh" how to
refresh; "help" what to ask; anything else is a topic: the closest themes plus retrieved passages.
Answers are typed (`agent.answers`), rendered by `ui.render_chat`. Every quote in them is re-checked
verbatim against its stored record and carries the record id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.answers import (
    Answer,
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
from agent.chat_tools import (
    ChatContext,
    check,
    nearest_themes,
    search_passages,
    verified_quotes,
)
from core.models import Persona, PersonaSet
from core.services import Services
from core.settings import Settings

OFFLINE_NOTE = "*Answers come from the built-in engine; connect an LLM for free-form chat — see README.*"

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
_AVOID = re.compile(
    r"\b(?:should(?:n't| not)? we (?:not )?(?:sell|take|sign|pursue|chase|accept)(?: to)?\b.*\b(?:who|which)|"
    r"(?:who|which (?:customers|companies|accounts|prospects))\b.{0,40}\b(?:not|never|avoid|stay away|turn away|"
    r"walk away|disqualify)|not (?:to )?sell to|stay away from|turn away|bad fits?|worst fits?)",
    re.I,
)
_FIT_PATH = re.compile(
    r"\bwhat (?:would|could|will) (?:it take to )?(?:make|turn) .{0,80}?\b(?:a )?(?:good )?fit\b|"
    r"\bhow (?:could|can|would) we (?:win|serve|keep|fit)\b",
    re.I,
)
_IS_FIT = re.compile(r"^\s*(?:is|are|would)\s+(?P<who>.{8,600}?)\s+(?:be\s+)?an?\s+(?:good |bad |right )?fit\b", re.I | re.S)
_CHANGES = re.compile(
    r"\b(?:what(?:'s| has| is)? (?:changed|new|different)|changes?\b.*\b(?:since|last|refresh|version)|"
    r"since (?:the )?last (?:refresh|version|time)|anything new)\b",
    re.I,
)
_COUNT = re.compile(r"\b(?:how many|number of|count of|counts?\b|how much (?:data|feedback))", re.I)
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
    frustrated frustrating frustration grievance grievances going wrong kind kinds sort sorts quote quotes
    example examples verbatim verbatims words own show give find any some"""
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
    if _AVOID.search(text) and not _IS_FIT.match(text):
        return Intent("personas")
    fit = _IS_FIT.match(text)
    if fit and not _PERSONA.search(text) and len(fit.group("who")) >= 8 and not re.match(
        r"(?:this|it|they|he|she)\b", fit.group("who"), re.I
    ):
        return Intent("prospect", fit.group("who").strip(" ,.:;"))
    if _FIT_PATH.search(text):
        named = _named_persona(text, personas) if personas is not None else None
        return Intent("fit_path", named.id if named else "")
    if _CHANGES.search(text) and len(text) < 200:
        return Intent("changes")
    if _COUNT.search(text) and len(text) < 200:
        return Intent("counts")
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
    if not topic:
        return Intent("menu")
    return Intent("topic", topic)


def _strip_lead_in(text: str) -> str:
    m = _PROSPECT_LEAD_IN.match(text)
    body = text[m.end() :] if m else text
    return body.strip() or text.strip()


def _named_persona(text: str, ps: PersonaSet) -> Persona | None:
    """The persona a message names: by id or full name, else the one whose name and defining values share
    the most distinctive words with it ('the agency persona')."""
    low = text.lower()
    for p in ps.personas:
        if p.id.lower() in low or (len(p.name) >= 4 and p.name.lower() in low):
            return p
    if not re.search(r"\b(?:persona|group)\b", low):
        return None
    said = {w.rstrip("s") for w in re.findall(r"[a-z][a-z-]{3,}", low)} - _GENERIC
    best, best_n = None, 0
    for p in ps.personas:
        words = " ".join([p.name, *[s.partition("=")[2] for s in p.segments]]).lower()
        own = {w.rstrip("s") for w in re.findall(r"[a-z][a-z-]{3,}", words)} - _GENERIC
        n = len(said & own)
        if n > best_n:
            best, best_n = p, n
    return best


_GENERIC_WORDS = """customer persona group segment these those them what would make good with citing
    about could their they churn-prone discount-driven support-heavy low-revenue unhappy often-complaining
    many long short high large small"""
_GENERIC = frozenset(_GENERIC_WORDS.split())


# answering ------------------------------------------------------------------------------------------------
def route(message: str, services: Services | Settings, note: str | None = OFFLINE_NOTE) -> Reply:
    """The offline answer to one message, after `note` (the offline-mode line); ui/ renders it."""
    from agent.engines import as_services

    ctx = ChatContext(as_services(services))
    try:
        body = answer(message, ctx)
    except Exception as exc:  # a broken store must not break the chat
        body = Failed(f"{type(exc).__name__}: {str(exc)[:300]}")
    return Reply.of(note, body)


def answer(message: str, ctx: ChatContext) -> Answer:
    intent = classify(message, ctx.personas)
    if intent.name == "help":
        return Help(ctx.personas, ctx.personas is not None or ctx.has_data())
    if intent.name == "refresh":
        return RefreshHelp(ctx.personas)
    if intent.name == "prospect_help":
        return ProspectHelp()
    if intent.name == "prospect":
        return prospect_card(ctx, intent.arg)
    if intent.name == "menu":
        return Help(ctx.personas, ctx.personas is not None or ctx.has_data(), short=True)
    if not ctx.has_data():
        return NothingIngested()
    if ctx.personas is None and intent.name in {"persona", "personas", "themes", "theme", "fit_path", "changes"}:
        return NoPersonas()
    if intent.name == "counts":
        return Counts(ctx.record_counts(), ctx.personas)
    if intent.name == "changes":
        return changes_answer(ctx)
    if intent.name == "fit_path":
        p = ctx.persona(intent.arg) if intent.arg else None
        return FitPath([p] if p else list(ctx.personas.personas))
    if intent.name == "persona":
        p = ctx.persona(intent.arg)
        return persona_card(ctx, p) if p else personas_summary(ctx)
    if intent.name == "personas":
        return personas_summary(ctx)
    if intent.name == "themes":
        return ThemeList(ctx.personas)
    if intent.name == "theme":
        return theme_card(ctx, int(intent.arg))
    return topic_answer(ctx, intent.arg)


def prospect_card(ctx: ChatContext, text: str) -> Answer:
    v = check(ctx, text)
    v.evidence = verified_quotes(ctx, v.evidence)
    return VerdictAnswer(v) if ctx.has_data() else NothingIngested(then=VerdictAnswer(v))


def personas_summary(ctx: ChatContext) -> PersonaList:
    ps = ctx.personas
    firsts = {p.id: q[0] for p in ps.personas if (q := verified_quotes(ctx, p.quotes[:1]))}
    return PersonaList(ps, firsts)


def persona_card(ctx: ChatContext, p: Persona) -> PersonaAnswer:
    return PersonaAnswer(p.model_copy(update={"quotes": verified_quotes(ctx, p.quotes)}))


def theme_card(ctx: ChatContext, theme_id: int, quotes: int = 3) -> Answer:
    t = ctx.theme(theme_id)
    if t is None:
        return UnknownTheme(theme_id, list(ctx.personas.themes))
    return ThemeAnswer(t, verified_quotes(ctx, t.quotes[:quotes]))


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


def topic_answer(ctx: ChatContext, topic: str, n_passages: int = 5) -> TopicAnswer:
    seg = mentioned_segment(ctx, topic)
    segment, words = seg if seg else (None, "")
    if segment:
        rest = re.sub(rf"(?<!\w){re.escape(words)}(?!\w)", " ", topic, flags=re.I).split()
        topic = " ".join(rest) or topic
    if segment and (not topic_of(topic) or topic.strip().lower() == words.lower()):
        from agent.chat_segments import segment_complaints

        return segment_complaints(ctx, segment, n_passages)
    themes = nearest_themes(ctx, topic, n=3)
    passages = search_passages(ctx, topic, segment=segment, k=n_passages)
    return TopicAnswer(topic, segment, themes, passages, no_personas=ctx.personas is None)



def changes_answer(ctx: ChatContext) -> Changes:
    """What changed between the last two persona versions (the change report stored with the version)."""
    ps = ctx.personas
    return Changes(ps.version, ctx.services.versions.changes(ps.version) or {})
