"""The readability checks of issue 12, shared by the examples and the shared-data tests."""

from __future__ import annotations

import re

from agent import persona_names
from agent.quote_filter import POLITE
from agent.render import details, nonnegative
from agent.theme_labels import clean_label, person_names
from core.store import Store


def assert_readable(settings, ps) -> None:
    """The assertions of issue 12 on one refreshed workspace."""
    store = Store(settings)
    texts = [r.text for r in store.records.iter_records()]
    names = person_names(texts)
    for t in ps.themes:
        words = set(re.findall(r"[a-z']+", t.label.lower()))
        assert clean_label(t.label) and not words & names and " / " not in t.label, (t.id, t.label)
    quotes = [q for p in ps.personas for q in p.quotes] + [q for t in ps.themes for q in t.quotes]
    for q in quotes:
        own = person_names([store.records.get(q.record_id).text])
        words = set(re.findall(r"[a-z']+", q.text.lower()))
        assert not POLITE.search(q.text), q.text  # no greeting, apology, thanks or sign-off
        assert not words & own, (q.text, words & own)
    for p in ps.personas:
        assert persona_names.check_name(p.name) is None, p.name
        assert ":" not in p.name and not re.search(r"\d", p.name) and p.name.count(",") <= 1, p.name
        for m in p.cost:
            if nonnegative(m):
                assert "interval -" not in details(m), details(m)
    assert len({p.name.lower() for p in ps.personas}) == len(ps.personas)
    for p in getattr(ps, "deal_personas", None) or []:  # prospects who rarely buy (agent/deal_personas.py)
        assert ":" not in p.name and p.name.count(",") <= 1, p.name
