"""Quotes and theme labels a person can read: whole sentences stating the complaint, phrase labels, never a
greeting, apology, sign-off, heading, internal note, person's name, e-mail or id."""

from __future__ import annotations

import numpy as np

from agent import quote_filter as qf
from agent.render import describe, details
from agent.theme_labels import clean_label, person_names, phrase_labels
from core.models import Metric

EMAIL = "Hi Carla,\nsorry for the caps earlier, it's been a long week. The invoice export is broken again.\nThanks, Tom"


def _quotes(text: str) -> set[str]:
    spans = {qf.span(text, i, min(len(text), i + 10)) for i in range(0, len(text), 7)}
    return {text[s:e] for s, e in (x for x in spans if x)}


def test_a_quote_is_the_complaint_without_greeting_apology_or_signature():
    assert _quotes(EMAIL) == {"The invoice export is broken again."}


def test_a_sentence_leaning_on_the_one_before_keeps_its_context():
    text = "Our onboarding call was a no-show. Then I didn't have time to rebook."
    assert qf.span(text, text.index("Then"), len(text)) == (0, len(text))


def test_headings_and_internal_notes_are_never_quotes():
    notes = "### Follow-ups\n- send the final invoice\n\nReasons: price after discount, no white-label.\n"
    notes += "Internal note: customer is upset about pricing."
    assert _quotes(notes) == set()


def test_templated_text_is_quoted_once():
    seen = [qf.shingles("Your subscription renewal failed because the card on file was declined.")]
    assert qf.near_duplicate("Your subscription renewal failed because the card on file was declined!", seen)
    assert not qf.near_duplicate("The export to Xero drops every credit note.", seen)


def test_person_names_come_from_greetings_signatures_and_attendee_lines():
    texts = [
        EMAIL,
        "Attendees: Beatriz Lopez (controller), Dana\nThe sync broke.",
        "Thanks Anders! It works.",
    ]
    assert {"carla", "tom", "beatriz", "lopez", "dana", "anders"} <= person_names(texts)
    assert "sync" not in person_names(texts)


def test_theme_labels_are_phrases_not_greetings_or_names():
    texts = [
        "Hi Carla, I was charged after the trial ended.",
        "Sorry to bother you, charged after the trial again.",
        "Thanks Carla, but I was charged after the trial.",
        "Hello, the Stripe sync fails every night.",
        "Stripe sync fails since Monday.",
        "Our Stripe sync fails with a timeout.",
    ]
    labels = phrase_labels(texts, np.array([0, 0, 0, 1, 1, 1]), 2)
    assert labels[0][0] == "Charged after the trial" and labels[1][0] == "Stripe sync fails"
    for group in labels:
        assert all(clean_label(x) and "carla" not in x.lower() for x in group), group
    assert not clean_label("Sorry / wrong / product") and not clean_label("Ticket 48213")


def test_a_label_never_says_the_opposite_of_the_complaint():
    """Praise beside a complaint, a negated verb and reported speech never become the theme's label."""
    texts = [
        "Pricing went up 12% at renewal, which was hard to justify even though the product is good.",
        "The product is good but the pricing went up at renewal.",
        "Renewal pricing went up again; the product is good.",
        "Could you reply by email? I don't log in very often.",
        "Please reply by email, I don't log in very often.",
        "Reply by email please, we don't log in very often.",
        "Your chat widget said someone would reply in minutes but no one did.",
        "The chat widget said someone would reply in minutes.",
    ]
    labels = phrase_labels(texts, np.array([0, 0, 0, 1, 1, 1, 2, 2]), 3, top=5)
    flat = [x.lower() for group in labels for x in group]
    assert not any("good" in x for x in flat), labels
    assert not any(x.startswith("log in") for x in flat), labels
    assert not any(x.endswith("said") for x in flat), labels
    assert labels[0][0].lower() in {"pricing went up", "renewal pricing went up", "renewal"}, labels


def test_costs_read_as_plain_language_with_the_statistics_apart():
    churn = Metric(name="churned", label="churn rate", value=0.74, baseline=0.30, n=31, low=0.57, high=0.86)
    assert describe(churn) == "churns 2.5× as often as the average customer (74% vs 30%)"
    assert details(churn) == "n=31 · 95% interval 57%–86%"
    revenue = Metric(
        name="mrr",
        label="revenue",
        value=84,
        baseline=1876,
        n=31,
        low=-27,
        high=496,
        higher_is_worse=False,
        unit="MRR",
    )
    assert describe(revenue) == "brings in 96% less revenue than the average customer (84 MRR vs 1,876 MRR)"
    assert details(revenue) == "n=31 · 95% interval 0 MRR–496 MRR"  # never a negative bound for money
    euros = revenue.model_copy(update={"unit": "€"})
    assert "(€84 vs €1,876)" in describe(euros)


def test_a_rejected_sentence_never_sits_inside_a_quote():
    text = "What model iPhone are you using? Join us in DM. The app crashes every time I open it."
    got = _quotes(text)
    assert all("DM" not in q for q in got) and "The app crashes every time I open it." in got


def test_a_label_keeps_names_capitalised_and_drops_shouting():
    texts = ["The sync with Xero drops credit notes.", "Sync with Xero fails nightly.", "Our sync with Xero broke."]
    texts += ["REFUND NOT ISSUED after three weeks!", "Refund not issued yet.", "refund not issued, again"]
    labels = phrase_labels(texts, np.array([0, 0, 0, 1, 1, 1]), 2)
    assert labels[0][0] == "Sync with Xero", labels
    assert labels[1][0] == "Refund not issued", labels


def test_a_warning_sign_never_asks_sales_for_post_sale_or_demographic_facts():
    """An LLM's warning signs pass the same rule as the offline ones: a sign naming one of the persona's
    post-sale or demographic condition columns is dropped; what a prospect can say stays."""
    from agent.persona_offline import knowable, presale_signs

    assert knowable("industry") and knowable("acquisition_channel") and knowable("plan")
    assert not any(knowable(c) for c in ("onboarding_sessions", "tenure_months", "ticket_count", "SeniorCitizen"))
    conditions = [("onboarding_sessions", "10–27"), ("plan", "Enterprise"), ("SeniorCitizen", "1")]
    signs = ["Enterprise plan", "Needs 10+ onboarding sessions", "A senior citizen", "Asks for a pilot first"]
    assert presale_signs(signs, conditions) == ["Enterprise plan", "Asks for a pilot first"]


def test_a_label_never_cuts_a_phrasal_verb():
    """'Don't log' out of "we don't log in" and 'Pricing went' out of 'pricing went up' say something else;
    a label ends on the particle or not at all, and never on a hedge like 'usually'."""
    from agent.theme_labels import _phrases

    got = {" ".join(p).lower() for p in _phrases("We don't log in very often. Pricing went up again.", set())}
    assert {"don't log in", "pricing went up"} <= got
    assert not {"don't log", "pricing went", "log"} & got
    got = {" ".join(p).lower() for p in _phrases("The answer was usually that it is on the roadmap.", set())}
    assert not [p for p in got if p.endswith("usually")]
