"""Without a year asked for, the figures are those of the session marked current: after 12月5日
the office still sees this session's work, not next year's zeros."""

from __future__ import annotations

import pytest

from tests.flows import Flow
from tests.web.conftest import log_in


def _filed_this_session_then_december(world, clock) -> dict:
    proposal = Flow(world).accepted()
    clock.advance(days=266)  # 2026-03-16 → 2026-12-07, past the 12月5日 line
    return proposal


def test_the_api_defaults_to_the_current_sessions_year_after_the_fifth_of_december(world, clock):
    _filed_this_session_then_december(world, clock)

    office, member = world.login("office"), world.login("zhang")  # the day's tokens expired

    figures = office.ok("GET", "/stats")
    ranking = office.ok("GET", "/stats/units")
    record = member.ok("GET", "/stats/members/zhang")

    assert (figures["year"], figures["received"], figures["accepted"]) == (2026, 1, 1)
    assert ranking["year"] == 2026
    assert record["year"] == 2026 and record["filed"] == 1


def test_narrowing_to_a_session_reads_that_sessions_year(world, clock):
    proposal = _filed_this_session_then_december(world, clock)
    office = world.login("office")
    session_id = office.proposal(proposal["id"])["session_id"]

    figures = office.ok("GET", f"/stats?session_id={session_id}")

    assert (figures["year"], figures["received"]) == (2026, 1)


@pytest.mark.parametrize("query", ["session_id=999", "year=2026&session_id=999"])
def test_figures_of_a_session_the_body_does_not_have_are_refused(world, query):
    response = world["office"].get(f"/stats?{query}")

    assert (response.status, list(response.error["details"])) == (422, ["session_id"])
    assert "所选会次不存在" in response.error["message"]


def test_the_statistics_page_shows_the_current_session_by_default(app, world, clock):
    _filed_this_session_then_december(world, clock)

    page = log_in(app, "office").get("/stats")

    assert page.status == 200
    assert 'name="year" inputmode="numeric" size="6" maxlength="4" value="2026"' in page.text
