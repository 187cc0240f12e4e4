"""End to end on the bundled examples: ingest → refresh → the planted negative personas → verdicts."""

import json

import pytest

from agent.export import persona_members
from agent.verdict import Checker
from core.store import Store
from tests.readable_checks import assert_readable
from ui.serve import EXAMPLES


@pytest.fixture(scope="module")
def examples_ws(examples_refreshed):
    return examples_refreshed  # built once per session (tests/conftest.py)


def test_every_feedback_record_is_stored_and_linked(examples_ws):
    settings, ps = examples_ws
    store = Store(settings)
    counts = store.records.counts()
    assert counts.get("ticket", 0) > 300 and counts.get("review", 0) > 200 and counts.get("call", 0) > 50
    accounts, _ = store.accounts()
    ids = set(accounts["customer_id"])
    # deal notes are the pipeline's (prospects who never became accounts), not customers' feedback
    assert all(r.customer_id in ids for r in store.records.iter_records() if r.kind != "deal_note")
    assert counts.get("deal_note", 0) > 400


def test_planted_negative_segments_come_back_as_personas(examples_ws):
    settings, ps = examples_ws
    planted = json.loads((EXAMPLES / "planted.json").read_text())["segments"]
    members = {p.id: set(persona_members(settings, p.id)[0]["customer_id"]) for p in ps.personas}
    for seg in planted:
        truth = set(seg["customer_ids"])
        # some persona is that segment: precision and recall >= 0.8 each (the goal; bench/null_personas.py).
        # The search sees only half the customers (agent/confirm.py): the regulated segment's four industries
        # and the three retailers beside the online shops are too few there to be segments of their own; they
        # come back through talk-alike value groups (agent/talk_alike.py) and snapped bands (snap_bands)
        found = [
            (len(m & truth) / len(m), len(m & truth) / len(truth), pid) for pid, m in members.items() if m
        ]
        assert any(p >= 0.8 and r >= 0.8 for p, r, _ in found), (seg["key"], sorted(found, reverse=True)[:2])


def test_personas_carry_their_confirmed_effect(examples_ws):
    _settings, ps = examples_ws
    assert ps.confirmation.status == "confirmed" and ps.confirmation.holdout > 100
    agency = [
        p for p in ps.personas if "Agency" in " ".join(p.segments) or "Freelance" in " ".join(p.segments)
    ]
    assert len(agency) == 1  # agencies and freelancers cost alike: one persona, not two
    for p in ps.personas:
        e = p.confirmed
        assert (
            e is not None and e.q <= 0.05 and e.customers >= 5 and e.candidates >= ps.confirmation.candidates
        )
        assert (e.ratio >= 1.3) if e.higher_is_worse else (e.ratio <= 1 / 1.3)
        assert "did not see" in p.narrative


def test_persona_quotes_are_verbatim_and_respectful(examples_ws):
    settings, ps = examples_ws
    store = Store(settings)
    for p in ps.personas:
        assert 3 <= len(p.quotes) <= 5, p.id
        assert len({q.text.lower() for q in p.quotes}) == len(p.quotes)  # no sentence quoted twice
        for q in p.quotes:
            assert "\n" not in q.text  # one line: it is shown as a block quote
            rec = store.records.get(q.record_id)
            assert q.text in rec.text and q.kind == rec.kind
        text = (p.name + p.summary + p.narrative).lower()
        assert not any(w in text for w in ("idiot", "stupid", "cheapskate", "lazy"))


def test_verdicts_for_a_planted_prospect_and_an_ideal_customer(examples_ws):
    settings, ps = examples_ws
    checker = Checker.load(settings, fresh=True)
    agency = checker.check(
        "Freelance video studio, 3 people, found you through a promo code. We'd need white-label reports "
        "for our clients and a discount; we're on a tight budget, Starter plan."
    )
    assert agency.verdict == "negative", agency
    assert agency.persona_id in {p.id for p in ps.personas}
    ideal = checker.check(
        "B2B SaaS company with 180 employees, came in through an inbound demo, looking at the Business plan "
        "with an annual contract. Fast-growing, hiring a RevOps team."
    )
    assert ideal.verdict == "fit", ideal
    assert ideal.score < agency.score


def test_no_persona_holds_more_than_a_quarter_of_customers(examples_ws):
    settings, ps = examples_ws
    n = len(Store(settings).accounts()[0])
    assert ps.personas
    for p in ps.personas:
        assert p.customers <= 0.25 * n and p.share_customers <= 0.25, (p.name, p.share_customers)
        assert p.exclusion is not None and p.exclusion.members == p.customers
        assert 0 <= p.exclusion.healthy <= p.customers and p.exclusion.revenue_label == "MRR"


def test_examples_read_as_a_person_would_write_them(examples_ws):
    """Issue 12: phrase labels and quotes without greeting, apology, sign-off or name; persona names a person
    would write (no colon, raw number or second comma), unique; no negative bound for a cost."""
    settings, ps = examples_ws
    assert_readable(settings, ps)
    assert all(" / " not in t.label for t in ps.themes)


def test_planted_low_converters_come_back_from_the_pipeline(examples_ws):
    """The deals export plants public-sector prospects who rarely buy (examples/build_deals.py): one
    pipeline persona holds them (precision and recall >= 0.8 over their deals), says the win rate and cycle
    it implies, what excluding it costs, and quotes their loss notes verbatim."""
    from agent.deals import deal_table
    from agent.review import members

    settings, ps = examples_ws
    store = Store(settings)
    truth = set(json.loads((EXAMPLES / "planted_deals.json").read_text())["low_converter"]["deal_ids"])
    deals, schema = store.deals()
    table = deal_table(deals, schema, *store.accounts())
    df = table.entities.df
    # every customer's won deal joins its account: half by id, the rest by a name with suffix noise
    assert (table.matched_by_id, table.matched_by_name) == (151, 149) and table.unknown == 760
    planted = df["id"].isin(truth).to_numpy()
    assert ps.deal_confirmation is not None and ps.deal_confirmation.status == "confirmed"
    found = []
    for p in ps.deal_personas:
        m = members(df, p)
        found.append(((m & planted).sum() / m.sum(), (m & planted).sum() / planted.sum(), p))
    prec, rec, p = max(found, key=lambda f: f[0] + f[1])
    assert prec >= 0.8 and rec >= 0.8, [(a, b, q.segments) for a, b, q in found]
    assert p.confirmed.label == "win rate" and p.confirmed.q <= 0.05 and p.evidence == "deals"
    assert p.implied["win_rate"] < 0.5 * p.implied["baseline_win_rate"]
    assert p.implied["cycle_days"] > 1.5 * p.implied["baseline_cycle_days"]
    assert p.exclusion.healthy_means == "won" and p.exclusion.revenue > 0
    assert p.share_customers <= 0.25
    assert any("Procurement" in n or "Budget freeze" in n for n in p.notes)
    for q in p.quotes:
        assert q.text in store.records.get(q.record_id).text and q.record_id.startswith("deal:")
    # the demo shows it: the personas report and the app's cards list it under the pipeline
    from ui.cards import persona_cards
    from ui.render import personas_markdown

    md = personas_markdown(ps)
    assert (
        "Prospects who rarely buy (sales pipeline)" in md
        and p.name in md
        and "rests on:** the sales pipeline" in md
    )
    assert any(c["id"] == p.id and c["title"].endswith("of deals") for c in persona_cards(ps)["personas"])


def test_a_public_sector_prospect_is_flagged_with_the_win_rate_it_implies(examples_ws):
    settings, ps = examples_ws
    low = next(p for p in ps.deal_personas if p.confirmed.label == "win rate")
    checker = Checker.load(settings, fresh=True)
    v = checker.check(
        "The procurement office of a Public Sector agency, 300 staff, wants a demo and a tender."
    )
    assert v.pipeline is not None and v.pipeline["persona_id"] == low.id
    flag = v.red_flags[0]
    assert (
        f"win {low.implied['win_rate']:.0%} of closed deals" in flag.trait
        and flag.evidence == "Public Sector"
    )
    other = checker.check("B2B SaaS company with 180 employees, came in through an inbound demo.")
    assert other.pipeline is None


def test_warning_signs_are_what_sales_can_see_before_a_deal(examples_ws):
    """Onboarding sessions, tenure and ticket counts explain a persona (its traits) but are never a warning
    sign: a prospect has none yet. The examples' Enterprise persona is defined by many onboarding sessions."""
    import pandas as pd

    from agent.persona_names import human
    from agent.persona_offline import knowable

    _, ps = examples_ws
    columns = pd.read_csv(EXAMPLES / "accounts.csv", nrows=1).columns
    post_sale = [human(c) for c in columns if not knowable(c) and c != "churned"]
    assert {"onboarding sessions", "tenure months", "ticket count"} <= set(post_sale)
    defined_by = {seg.partition("=")[0] for p in ps.personas for seg in p.segments}
    assert "onboarding_sessions" in defined_by  # the case this test is about is there
    for p in ps.personas:
        for sign in p.warning_signs:
            assert not [c for c in post_sale if c in sign.lower()], (p.name, sign)
        assert p.warning_signs
