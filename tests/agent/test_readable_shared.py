"""On the shared data sets (banking77, clothing reviews, twcs, telco): theme labels and quotes hold no greeting,
apology, sign-off or customer name; persona names no colon, raw number or second comma; costs never show a
negative bound for a quantity that cannot be negative."""

from __future__ import annotations

import pytest

from agent.refresh import refresh
from tests.readable_checks import assert_readable

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.mark.parametrize("ws", ["banking_ws", "clothing_ws", "tweets_ws", "telco_ws"])
def test_shared_data_reads_as_a_person_would_write_it(ws, request):
    settings = request.getfixturevalue(ws)[0]
    ps = refresh(settings, force=True).personas
    assert ps.themes or ps.personas
    assert_readable(settings, ps)
