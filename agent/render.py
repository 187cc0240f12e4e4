"""Readable words and numbers for metrics and personas (Markdown, JSON). Shared by CLI, app and exports."""

from __future__ import annotations

import json

from core.models import ExclusionCost, Metric, Persona, PersonaSet, Verdict
from core.safe_text import code, md_inline, md_text

_MONEY = {"revenue", "lost_revenue"}
_PERCENT_VALUE = {"discount"}


def role_of(m: Metric) -> str:
    from agent.costs import LABEL

    for role, label in LABEL.items():
        if label == m.label:
            return role
    return m.label


def fmt_value(m: Metric, v: float) -> str:
    role = role_of(m)
    if role in {"churn", "recommend"}:
        return f"{v:.0%}"
    if role in _PERCENT_VALUE:
        return f"{v:.0f}%" if v > 1 else f"{v:.0%}"
    if role in _MONEY:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.1f}"


def describe(m: Metric) -> str:
    """E.g. 'churn rate 71% vs 14% baseline (n=31, 95% CI 53–84%)'."""
    ci = ""
    if m.low is not None and m.high is not None:
        ci = f", 95% CI {fmt_value(m, m.low)}–{fmt_value(m, m.high)}"
    ratio = m.ratio
    times = f" — {ratio:.2g}× baseline" if ratio and ratio > 0 and role_of(m) not in {"nps"} else ""
    return f"{m.label} {fmt_value(m, m.value)} vs {fmt_value(m, m.baseline)} baseline{times} (n={m.n}{ci})"


def is_worse(m: Metric) -> bool:
    return (m.value > m.baseline) if m.higher_is_worse else (m.value < m.baseline)


def significant(m: Metric) -> bool:
    return m.low is not None and m.high is not None and not (m.low <= m.baseline <= m.high)


def exclusion_sentence(x: ExclusionCost, noun: str = "customers") -> str:
    """'Excluding this group also turns away 9 healthy customers (31% of it; 4,100 MRR) …'"""
    money = f"; {x.revenue:,.0f} {x.revenue_label}" if x.revenue is not None else ""
    return (
        f"excluding this group also turns away {x.healthy:,} healthy {noun} ({x.share:.0%} of it{money}) — "
        f"healthy meaning they {x.healthy_means}."
    )


def persona_markdown(p: Persona) -> str:
    """A persona card. Every string from data or a model goes through `md_text`: shown as words, so a
    `![x](http://…)` or a `<form>` in a ticket or a narrative never becomes an image fetch or a form."""
    t = md_inline
    lines = [f"## {t(p.name)}", "", f"*{t(p.summary)}*", "", md_text(p.narrative), ""]
    lines += [
        f"**Share:** {p.share_customers:.0%} of customers ({p.customers}), "
        f"{p.share_complaints:.0%} of complaints",
        "",
    ]
    if p.cost:
        lines.append("**What it costs us (against the baseline)**")
        lines += [f"- {t(describe(m))}" for m in p.cost]
        lines.append("")
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
        lines += [f"> “{t(q.text)}” — {q.kind or 'record'} {code(q.record_id)}" for q in p.quotes]
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
    head += [f"> {md_inline(n)}" for n in ps.notes]
    return "\n".join(head + ["\n\n---\n\n".join(persona_markdown(p) for p in ps.personas)]) + "\n"


def personas_json(ps: PersonaSet) -> str:
    return json.dumps(ps.model_dump(), indent=2, ensure_ascii=False)


def verdict_markdown(v: Verdict) -> str:
    """The verdict as Markdown; the prospect's words and customers' quotes are shown as text (`md_inline`)."""
    from core.safe_text import code
    from core.safe_text import md_inline as t

    head = {"negative": "🚩 Likely negative persona", "fit": "✅ Good fit", "unclear": "❔ Unclear"}[
        v.verdict
    ]
    lines = [f"## {head} — score {v.score:.2f}", ""]
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
        lines += [f"> “{t(q.text)}” — {q.kind or 'record'} {code(q.record_id)}" for q in v.evidence]
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
    lines.append(f"<sub>engine: {v.engine}</sub>")
    return "\n".join(lines)
