"""Who may read the figures: office-wide statistics and lists for the committee, leaders and
administrators; a member their own record; a unit its own rows; bad input answered in Chinese."""

import pytest

from tests.flows import Flow

OFFICE_READS = ["/stats?year=2026", "/stats/units?year=2026", "/lists/proposals?year=2026"]


@pytest.mark.parametrize("path", OFFICE_READS)
@pytest.mark.parametrize(
    ("who", "status"),
    [("office", 200), ("admin", 200), ("leader", 200), ("zhang", 403), ("transport", 403)],
)
def test_office_wide_figures_are_for_the_office_leaders_and_admins(world, path, who, status):
    Flow(world).submitted()

    response = world[who].get(path)

    assert response.status == status, response.json
    if status == 403:
        assert response.error["code"] == "forbidden"


@pytest.mark.parametrize("path", OFFICE_READS + ["/stats/members/zhang", "/reports/annual"])
def test_anonymous_callers_must_log_in(anonymous, path):
    response = anonymous.get(path)

    assert response.status == 401


@pytest.mark.parametrize("who", ["zhang", "office", "leader", "admin"])
def test_a_member_and_the_office_read_a_members_record(world, who):
    Flow(world).submitted()

    record = world[who].ok("GET", "/stats/members/zhang?year=2026")

    assert (record["username"], record["filed"]) == ("zhang", 1)


@pytest.mark.parametrize("who", ["li", "transport"])
def test_nobody_else_reads_a_members_record(world, who):
    response = world[who].get("/stats/members/zhang?year=2026")

    assert (response.status, response.error["code"]) == (403, "forbidden")


@pytest.mark.parametrize("username", ["nobody", "office"])
def test_a_record_of_someone_who_is_no_member_is_not_found(world, username):
    response = world["office"].get(f"/stats/members/{username}?year=2026")

    assert (response.status, response.error["code"]) == (404, "not_found")


@pytest.mark.parametrize("path", ["/lists/assignments", "/lists/tracking"])
def test_units_read_their_lists_but_members_do_not(world, path):
    assert world["transport"].get(path).status == 200

    assert world["zhang"].get(path).status == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [("year=abc", "year"), ("category=sports", "category"), ("unit_id=x", "unit_id"), ("y=1", "y")],
)
def test_bad_statistics_filters_are_refused_with_the_field_named(world, query, field):
    response = world["office"].get(f"/stats?{query}")

    assert (response.status, response.error["code"]) == (422, "invalid_input")
    assert field in response.error["details"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.error["message"])


def test_statistics_default_to_the_current_session_year(world):
    Flow(world).submitted()

    figures = world["office"].ok("GET", "/stats")

    assert (figures["year"], figures["received"]) == (2026, 1)
    assert figures["as_of"] == "2026-03-16T09:00:00+08:00"
