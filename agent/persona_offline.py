"""The offline persona writer: readable prose from the statistics and real quotes, no model needed."""

from __future__ import annotations

import re

from agent import persona_names as names
from agent.persona_names import human
from agent.personas import Evidence
from agent.render import confirmed_sentence, describe, fmt_value, is_worse, role_of, significant
from core.models import Metric, Persona, Trait, by_effect

_CATEGORY_WORDS = {
    "demographic": ("age", "gender", "senior", "partner", "dependent", "role", "title", "generation"),
    "firmographic": (
        "industry",
        "employee",
        "company",
        "size",
        "segment",
        "region",
        "country",
        "vertical",
        "department",
        "division",
        "sector",
        "market",
    ),
}


def condition_phrase(column: str, value: str) -> str:
    """'industry=Agency' → 'Agency'; 'employees=1–10' → '1–10 employees'; 'Partner=No' → 'no partner';
    'SeniorCitizen=1.0' → 'senior citizen'; 'tickets=3.0' → 'tickets 3'."""
    col = human(column)
    value = value.replace(" | ", " or ")  # merged values (agent/merge_values.py)
    low = value.lower().strip()
    if low in names.TRUE:
        return col
    if low in names.FALSE:
        return f"no {col}"
    if low.startswith(("no ", "none")):
        return low
    if value.replace(".", "").isdigit():
        return f"{col} {float(value):g}"
    if "–" in value and any(ch.isdigit() for ch in value):
        return f"{value} {col}" if col.endswith("s") else f"{col} {value}"
    return value if col in {"industry", "segment", "division", "department", "vertical"} else f"{value} {col}"


def trait_category(column: str) -> str:
    low = column.lower()
    for cat, words in _CATEGORY_WORDS.items():
        if any(w in low for w in words):
            return cat
    return "behavioural"


_POST_SALE = ("tenure", "onboarding", "session", "login", "usage", "active", "renewal", "ticket", "since",
              "last_", "lifetime", "nps", "csat", "health")  # fmt: skip


def knowable(column: str) -> bool:
    """A fact a prospect can state before a sale: not demographic, not something only a customer has
    (onboarding, tenure, usage, tickets explain a persona but are never asked of a prospect)."""
    low = column.lower()
    return trait_category(column) != "demographic" and not any(w in low for w in _POST_SALE)


def presale_signs(signs: list[str], conditions: list[tuple[str, str]]) -> list[str]:
    """The warning signs that name none of the persona's post-sale or demographic condition columns: a
    sign is for sales before a deal (an LLM's too)."""
    hidden = [human(c).lower() for c, _ in conditions if c != "theme" and not knowable(c)]
    return [s for s in signs if not any(h and h in s.lower() for h in hidden)]


def persona_id(ev: Evidence) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", ev.key.lower()).strip("-")
    return f"p-{slug[:60]}" if slug else "p-all"


def cost_lines(ev: Evidence) -> list[Metric]:
    """Metrics where the group is measurably worse than the baseline (interval excludes it), largest first;
    when none is, the worse ones anyway (the narrative then says the data shows no clear cost)."""
    worse = [m for m in ev.metrics if is_worse(m)]
    sig = [m for m in worse if significant(m)]
    return by_effect(sig or worse)[:5]


def _metric_sentence(m: Metric) -> str:
    role = role_of(m)
    v, b = fmt_value(m, m.value), fmt_value(m, m.baseline)
    if role == "churn":
        return f"churn at {v} against a {b} baseline"
    if role == "revenue":
        return f"bring in {v} in {human(m.name)} on average, against {b} across all customers"
    if role == "tickets":
        return f"open {v} support tickets each, against {b} for the average customer"
    if role == "discount":
        return f"sit on an average discount of {v}, against {b} overall"
    if role == "rating":
        return f"rate us {v} on average, against {b} overall"
    if role == "recommend":
        return f"recommend us {v} of the time, against {b} overall"
    if role == "complaints":
        return f"raise {v} complaints each, against {b} overall"
    return f"{m.label} of {v} against {b}"


def _join(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def phrases(ev: Evidence) -> list[str]:
    """Readable phrase per condition; theme conditions read as what the customers complain about."""
    labels = {str(t.id): t.label for t, _, _ in ev.themes}
    return [
        f"complaining about {labels.get(v, 'theme ' + v).lower()}" if c == "theme" else condition_phrase(c, v)
        for c, v in ev.conditions
    ]


def write(ev: Evidence, level: str, total_entities: int, name: str | None = None) -> Persona:
    noun = "customers" if level == "account" else "customers (one per record)"
    descriptor = _join(phrases(ev))
    top_theme = ev.themes[0][0] if ev.themes else None
    costs = cost_lines(ev)
    name = name or name_options(ev, None)[0]
    sig = [m for m in costs if significant(m)] or costs
    summary_bits = [_metric_sentence(m) for m in sig[:2]]
    who = descriptor or (
        f"customers whose complaints are about {top_theme.label.lower()}" if top_theme else noun
    )
    summary = f"{who[:1].upper() + who[1:]}: {ev.share:.0%} of {noun}" + (
        f" who {_join(summary_bits)}." if summary_bits else "."
    )

    paras: list[str] = []
    paras.append(
        f"This group is {ev.size:,} of {total_entities:,} {noun} ({ev.share:.0%})"
        + (f", defined by {descriptor}" if descriptor else "")
        + f", and accounts for {ev.complaint_share:.0%} of all complaint passages."
    )
    if ev.confirmed:
        paras.append(f"The cost is {confirmed_sentence(ev.confirmed)}.")
    if sig:
        paras.append(
            "Measured against everyone else, they " + _join([_metric_sentence(m) for m in sig[:3]]) + "."
        )
    if ev.themes:
        theme_txt = _join(
            [f"{t.label.lower()} ({c} passages, {lift:.1f}× the usual share)" for t, lift, c in ev.themes]
        )
        paras.append(f"What they complain about most: {theme_txt}.")
    if ev.quotes:
        paras.append(f"In their own words: “{ev.quotes[0].text}”")
    if ev.profile:
        paras.append(
            "They also tend to share "
            + _join([f"{condition_phrase(c, v)} ({s:.0%} of them)" for c, v, s in ev.profile[:3]])
            + "."
        )
    narrative = " ".join(paras)

    traits: list[Trait] = [
        Trait(category=trait_category(c), text=condition_phrase(c, v))
        for c, v in ev.conditions
        if c != "theme"
    ]
    traits += [
        Trait(category=trait_category(c), text=f"{condition_phrase(c, v)} ({s:.0%} of the group)")
        for c, v, s in ev.profile[:3]
    ]
    for t, _lift, _c in ev.themes[:2]:
        traits.append(Trait(category="psychographic", text=f"cares most about {t.label.lower()}"))

    # what sales can see before a deal: the knowable conditions, then what they ask about (the theme's name,
    # not its keywords, which can hold a customer's or employee's name)
    warnings = [p[:1].upper() + p[1:] for (c, _), p in zip(ev.conditions, phrases(ev), strict=True)
                if c != "theme" and knowable(c)]  # fmt: skip
    for t, _lift, _c in ev.themes[:2]:
        about = t.label if t.label[1:2].isupper() else t.label[:1].lower() + t.label[1:]
        warnings.append(f"Early questions or objections about {about}")
    if any(role_of(m) == "discount" for m in sig):
        warnings.append("Pushes for a discount before seeing value")
    if any(role_of(m) == "tickets" for m in sig):
        warnings.append("Expects hands-on help with routine tasks")

    why = (
        "At today's product and price this group costs more than it brings: it "
        + _join([describe(m) for m in sig[:3]])
        + "."
        if sig
        else "Their complaints are frequent, but the data does not yet show a measurable cost."
    )
    if top_theme:
        fit = (
            # the label is a theme's name, not a customer's words: never in quotation marks
            f"Addressing their top complaint theme ({top_theme.label}), the issue behind {ev.themes[0][2]} of "
            "their complaint passages, "
            "in the product, the onboarding or the offer that fits their size would lower their cost to serve; "
            "until then, qualify them carefully rather than turn them away."
        )
    else:
        fit = (
            "A package, price and service level designed for this group could make them a fit; until then, "
            "qualify them carefully rather than turn them away."
        )
    return Persona(
        id=persona_id(ev),
        name=name,
        summary=summary,
        narrative=narrative,
        traits=traits,
        warning_signs=warnings[:6],
        cost=costs,
        why_not_fit=why,
        what_would_make_fit=fit,
        share_customers=ev.share,
        share_complaints=ev.complaint_share,
        customers=ev.size,
        quotes=ev.quotes[:5],
        segments=[f"{c}={v}" for c, v in ev.conditions if c != "theme"],
        themes=[t.id for t, _, _ in ev.themes],
        engine="offline",
        context=list(ev.context),
        exclusion=ev.exclusion,
        confirmed=ev.confirmed,
        notes=[]
        if len(ev.quotes) >= 3
        else [f"only {len(ev.quotes)} verbatim quotes available for this group"],
    )


def name_options(ev: Evidence, analysis) -> list[str]:
    """Candidate names for a group, best first (agent/persona_names.py)."""
    df = analysis.entities.df if analysis is not None else None

    def series(column: str):
        return df[column] if df is not None and column in df.columns else None

    return names.candidates(
        ev.conditions,
        series,
        [t.label for t, _, _ in ev.themes],
        names.dominant_role(cost_lines(ev), ev.confirmed),
    )


def write_personas(groups: list[Evidence], analysis) -> tuple[list[Persona], list[str]]:
    """The offline engine's writer: one persona per group (same signature as the LLM engine's), each name
    unique within the version."""
    chosen = names.unique_names([name_options(g, analysis) for g in groups])
    level, n = analysis.entities.level, analysis.entities.n
    return [write(g, level, n, name) for g, name in zip(groups, chosen, strict=True)], []
