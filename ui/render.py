"""Markdown and JSON for what agent/ returns: personas, verdicts, quotes, refresh results and change
reports. The one place their words are laid out, shared by the CLI, the app, the chat and the exports."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from agent.render import (
    confirmed_details,
    confirmed_sentence,
    describe,
    details,
    exclusion_sentence,
    is_worse,
    significant,
)
from core.models import Persona, PersonaSet, Quote, Verdict
from core.safe_text import code, md_inline, md_text

if TYPE_CHECKING:
    from agent.ideal import Ideal
    from agent.refresh import RefreshResult


def quote_markdown(q: Quote, chat: bool = False) -> str:
    """A verbatim quote as a blockquote with its record id. Cards and verdicts show the words as text
    (`md_inline`); the chat keeps the record's lines and names the customer (the app makes the whole chat
    answer safe with `md_safe`, and the verbatim check reads the words as stored)."""
    if chat:
        body = q.text.replace("\n", "\n> ")
        who = f", customer `{q.customer_id}`" if q.customer_id else ""
        return f"> “{body}”\n> — {q.kind or 'record'} `{q.record_id}`{who}"
    return f"> “{md_inline(q.text)}” — {q.kind or 'record'} {code(q.record_id)}"


def persona_markdown(p: Persona) -> str:
    """A persona card. Every string from data or a model goes through `md_text`: shown as words, so a
    `![x](http://…)` or a `<form>` in a ticket or a narrative never becomes an image fetch or a form."""
    t = md_inline
    lines = [f"## {t(p.name)}", "", f"*{t(p.summary)}*", "", md_text(p.narrative), ""]
    if p.evidence == "customers":
        lines += [
            f"**Share:** {p.share_customers:.0%} of customers ({p.customers}), "
            f"{p.share_complaints:.0%} of complaints",
            "",
        ]
    else:
        rests = "the sales pipeline and customers" if p.evidence == "both" else "the sales pipeline"
        lines += [f"**Share:** {p.share_customers:.0%} of deals ({p.customers:,}) · **rests on:** {rests}", ""]
    if p.review:
        lines += [f"**Needs review:** {t(p.review)}", ""]
    if p.confirmed:
        lines += [f"**Confirmed:** {t(confirmed_sentence(p.confirmed))}", ""]
    if p.cost:
        lines.append("**What it costs us**")
        lines += [f"- {t(describe(m))}" for m in p.cost]
        lines.append("")
        stats = [f"{t(m.label)} {t(details(m))}" for m in p.cost]
        if p.confirmed:
            stats.append(f"confirmed effect {t(confirmed_details(p.confirmed))}")
        lines += ["<details><summary>Details</summary>", "", *[f"- {x}" for x in stats], "", "</details>", ""]
    if p.exclusion is not None:
        lines += [f"**What excluding them costs:** {t(exclusion_sentence(p.exclusion))}", ""]
    if p.context:
        lines.append("**Context (sensitive attributes: not traits, never used to define or score)**")
        lines += [f"- {t(c.removeprefix('context, not a trait: '))}" for c in p.context]
        lines.append("")
    if p.traits:
        lines.append("**Traits**")
        lines += [f"- *{tr.category}*: {t(tr.text)}" for tr in p.traits]
        lines.append("")
    if p.warning_signs:
        lines.append("**Warning signs for sales**")
        lines += [f"- {t(w)}" for w in p.warning_signs]
        lines.append("")
    if p.why_not_fit:
        lines += ["**Why they are not a fit**", "", md_text(p.why_not_fit), ""]
    if p.what_would_make_fit:
        lines += ["**What would make them a fit**", "", md_text(p.what_would_make_fit), ""]
    if p.quotes:
        lines.append("**In their words**")
        lines += [quote_markdown(q) for q in p.quotes]
        lines.append("")
    if p.notes:
        lines += [f"<sub>{t(n)}</sub>" for n in p.notes]
        lines.append("")
    lines.append(f"<sub>persona id {code(p.id)} · written by the {p.engine} engine</sub>")
    return "\n".join(lines)


def personas_markdown(ps: PersonaSet) -> str:
    head = [f"# Negative personas — version {ps.version} ({ps.created_at}, {ps.engine} engine)", ""]
    if ps.counts:
        head.append(", ".join(f"{v:,} {md_inline(k)}" for k, v in ps.counts.items()))
        head.append("")
    if ps.confirmation.message and ps.personas:
        head += [f"*{md_inline(ps.confirmation.message)}*", ""]
    head += [f"> {md_inline(n)}" for n in ps.notes]
    body = "\n\n---\n\n".join(persona_markdown(p) for p in ps.personas)
    if ps.deal_confirmation is not None:
        body += "\n\n# Prospects who rarely buy (sales pipeline)\n\n"
        body += f"*{md_inline(ps.deal_confirmation.message)}*\n\n"
        body += "\n\n---\n\n".join(persona_markdown(p) for p in ps.deal_personas)
    return "\n".join([*head, body]) + "\n"


def personas_json(ps: PersonaSet) -> str:
    return json.dumps(ps.model_dump(), indent=2, ensure_ascii=False)


def ideal_markdown(ideal: Ideal | None) -> str:
    """The ideal-customer profile (agent/ideal.py) as a Markdown section."""
    if ideal is None:
        return "## Ideal customers\n\nNo outcome to measure them on."
    if not ideal.conditions:
        return "## Ideal customers\n\nNo group of customers is measurably better than the average yet."
    t = md_inline
    lines = [
        "## Ideal customers",
        "",
        f"*{t(ideal.summary())}*: {ideal.size:,} customers ({ideal.share:.0%}).",
        "",
    ]
    better = [m for m in ideal.metrics if significant(m) and not is_worse(m)]
    if better:
        lines += ["**Measured against everyone else**", *[f"- {t(describe(m))}" for m in better[:4]], ""]
    lines += ["**Why each part**", *[f"- {code(sid)}: {t(w)}" for sid, w in ideal.why.items()]]
    return "\n".join(lines)


def ideal_json(ideal: Ideal | None) -> dict | None:
    """The ideal-customer profile as plain JSON data (`None` when there is no outcome to measure on)."""
    if ideal is None:
        return None
    return {
        "conditions": ideal.conditions,
        "size": ideal.size,
        "share": ideal.share,
        "metrics": [m.model_dump() for m in ideal.metrics],
        "why": ideal.why,
    }


VERDICT_HEADS = {"negative": "🚩 Likely negative persona", "fit": "✅ Good fit", "unclear": "❔ Unclear"}


def verdict_markdown(v: Verdict) -> str:
    """The verdict as Markdown; the prospect's words and customers' quotes are shown as text (`md_inline`)."""
    t = md_inline
    lines = [f"## {VERDICT_HEADS[v.verdict]} — score {v.score:.2f}", ""]
    if v.persona_name:
        lines += [f"Matches **{t(v.persona_name)}** ({code(v.persona_id or '')})", ""]
    if v.red_flags:
        lines.append("**Red flags**")
        lines += [f"- {t(f.trait)} — “{t(f.evidence)}”" for f in v.red_flags]
        lines.append("")
    if v.counter_signals:
        lines.append("**Counter-signals**")
        lines += [f"- {t(c)}" for c in v.counter_signals]
        lines.append("")
    if v.evidence:
        lines.append("**Evidence from customers like this**")
        lines += [quote_markdown(q) for q in v.evidence]
        lines.append("")
    if v.questions:
        lines.append("**Ask them**")
        lines += [f"- {t(q)}" for q in v.questions]
        lines.append("")
    if v.attributes:
        lines.append(
            "<sub>read from the text: "
            + ", ".join(f"{t(k)}={t(val)}" for k, val in v.attributes.items())
            + "</sub>"
        )
    lines += [f"<sub>{t(n)}</sub>" for n in v.notes]
    lines.append(f"<sub>engine: {v.engine}" + (f" · verdict id {code(v.id)} (for feedback)" if v.id else "") + "</sub>")
    return "\n".join(lines)


def feedback_line(f) -> str:
    """One piece of feedback as a line: `won` on vd-… (persona p1): note."""
    who = f" (persona {f.persona_id})" if f.persona_id else ""
    cust = f", customer {f.customer_id}" if f.customer_id else ""
    note = f": {f.note}" if f.note else ""
    return f"{f.outcome.replace('_', ' ')} on {f.verdict_id}{who}{cust}{note}"


def refresh_message(result: RefreshResult, force_hint: str) -> str:
    """The refresh's outcome in words; `force_hint` says how this front end forces a rebuild."""
    if result.reason == "unchanged":
        return f"{result.message} ({force_hint})"
    return result.message


def change_lines(changes: dict) -> list[str]:
    """Human lines for a change report (CLI and app)."""
    if not changes:
        return []
    extra = [*changes.get("validation", []), *(f"feedback: {line}" for line in changes.get("feedback", []))]
    return _change_lines(changes) + extra


def _change_lines(changes: dict) -> list[str]:
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
