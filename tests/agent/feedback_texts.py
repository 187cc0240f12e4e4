"""Hand-written feedback used by several tests (no template sentences)."""

from core.models import Record

TEXTS = [
    "Your price went up again and we are a five person shop, we cannot keep paying this much.",
    "Can we get a discount? Other tools are half the price for what we use.",
    "The invoice sync with QuickBooks failed three times this week, nobody answered my ticket.",
    "onboarding was so confusing, i gave up after the second setup screen",
    "We need white-label reports for our clients or this is useless to us.",
    "Stripe payments stopped importing after the update. Still broken on Monday.",
    "Support took four days to reply, that's not acceptable for a billing tool.",
    "I can't figure out how to add a second user, the settings page is a maze.",
    "Too expensive for a small agency. We'll cancel at renewal unless you can do something.",
    "The dunning emails went out twice to the same customer. Embarrassing.",
    "Dashboard is slow to load when we filter by plan, takes 30 seconds.",
    "Export to CSV drops the currency column, so our accountant has to redo everything.",
]


def complaint_records(customer_ids: list[str], n: int = 120) -> list[Record]:
    out = []
    for i in range(n):
        text = TEXTS[i % len(TEXTS)]
        if i >= len(TEXTS):
            text = f"{text} (ticket follow-up #{i // len(TEXTS)})"
        out.append(
            Record(
                id=f"t{i}", kind="ticket", text=text, customer_id=customer_ids[(i * 7) % len(customer_ids)]
            )
        )
    return out
