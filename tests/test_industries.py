"""Industry synonyms come from the workspace's own values plus the vocabulary, never from one data set."""

from core.industries import concepts_for, synonyms


def test_values_link_to_concepts_by_their_own_words():
    assert concepts_for("Banking") == ["banking"]
    assert concepts_for("Financial Institutions") == ["banking"]
    assert concepts_for("Public Sector") == ["government"]
    assert concepts_for("Hospitals & Health Systems") == ["healthcare"]
    assert concepts_for("Real Estate") == []  # "estate" is not "state"
    assert concepts_for("Fintech") == []


def test_a_term_points_at_one_value_and_unknown_values_get_none():
    syn = synonyms(["B2B SaaS", "Vertical SaaS", "Retail", "E-commerce", "Logistics"])
    assert "saas company" in syn["B2B SaaS"] and "Vertical SaaS" not in syn
    assert "online store" in syn["E-commerce"] and "store" in syn["Retail"]
    assert "Logistics" not in syn
    # a workspace without a bank has no bank words
    assert not any("bank" in t for ts in syn.values() for t in ts)
