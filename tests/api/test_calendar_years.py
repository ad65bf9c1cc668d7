"""POST /calendar/years: an administrator marks a year's holidays as published (or takes the mark
back); deadlines counted through the year turn firm or provisional, previewed before confirmed."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from service.db import current_session
from service.models import ConfigurationVersion, Deadline
from tests.conftest import SHANGHAI
from tests.flows import Flow

YEARS = "/calendar/years"
ASK = "/calendar/add-working-days?from=2026-12-30&days=5"


def _mark(client, year, published: bool, *, confirm: bool = True):
    return client.post(YEARS, {"year": year, "published": published, "confirm": confirm})


def _year(world, year: int) -> dict:
    return next(y for y in world["admin"].ok("GET", YEARS) if y["year"] == year)


def _footprint(app, world) -> tuple:
    """What a refused or previewed change must leave alone: the years, the answers, the version."""
    with app.app_context():
        version = current_session().scalar(select(ConfigurationVersion.version))
    return world["admin"].ok("GET", YEARS), world["office"].ok("GET", ASK), version


def _reply_deadline_into_2027(world, clock) -> tuple[dict, dict]:
    """A proposal assigned on 2026-11-20: its three-month reply deadline lies in 2027."""
    clock.set(datetime(2026, 11, 20, 9, tzinfo=SHANGHAI))
    for username in list(world.clients):
        world.login(username)
    proposal = Flow(world).assigned()
    page = world["office"].ok("GET", f"/deadlines?kind=reply&proposal_id={proposal['id']}")
    return proposal, page["items"][0]


def _stored(app, deadline_id: int) -> tuple:
    with app.app_context():
        row = current_session().get(Deadline, deadline_id)
        return row.due_at, row.provisional, row.version, "尚未公布" in row.explanation["text"]


def test_administrator_marks_2027_published_and_the_list_says_who(world):
    response = _mark(world["admin"], 2027, True)

    assert response.status == 200, response.json
    assert response.json["applied"] is True
    year = _year(world, 2027)
    assert (year["published"], year["known"], year["changed_by"]) == (True, True, "admin")
    assert world["office"].ok("GET", ASK)["provisional"] is False


def test_2027_is_listed_unpublished_before_anyone_marks_it(world):
    years = world["office"].ok("GET", YEARS)

    assert [(y["year"], y["statutory"], y["known"]) for y in years] == [
        (2026, True, True),
        (2027, False, False),
    ]


def test_a_preview_says_what_would_change_and_changes_nothing(app, world):
    before = _footprint(app, world)

    response = _mark(world["admin"], 2027, True, confirm=False)

    assert response.status == 200
    assert (response.json["applied"], response.json["entries"]) == (False, 0)
    assert _footprint(app, world) == before


@pytest.mark.parametrize("user", ["office", "zhang", "transport", "leader"])
def test_only_the_administrator_may_mark_a_year(app, world, user):
    before = _footprint(app, world)

    response = _mark(world[user], 2027, True)

    assert (response.status, response.error["code"]) == (403, "forbidden")
    assert _footprint(app, world) == before


@pytest.mark.parametrize(
    ("year", "message"), [(2026, "系统内置"), (1999, "2000 至 2099"), (2100, "2000 至 2099")]
)
def test_a_built_in_or_impossible_year_is_refused_at_the_year(app, world, year, message):
    before = _footprint(app, world)

    response = _mark(world["admin"], year, True)

    assert (response.status, response.error["code"]) == (422, "invalid_input")
    assert message in response.error["details"]["year"][0]
    assert _footprint(app, world) == before


@pytest.mark.parametrize("body", [{"year": "2027", "published": True}, {"year": 2027}])
def test_a_malformed_change_is_refused_with_the_field_named(app, world, body):
    before = _footprint(app, world)

    response = world["admin"].post(YEARS, body)

    assert (response.status, response.error["code"]) == (422, "invalid_input")
    assert _footprint(app, world) == before


def test_publishing_previews_the_open_deadlines_it_makes_firm_then_applies(app, world, clock):
    _, deadline = _reply_deadline_into_2027(world, clock)
    stored = _stored(app, deadline["id"])
    assert deadline["provisional"] is True

    preview = _mark(world["admin"], 2027, True, confirm=False).json

    [move] = [m for m in preview["moves"] if m["deadline_id"] == deadline["id"]]
    assert (move["from"], move["to"], move["days"], move["provisional"]) == (
        "2027-02-22",
        "2027-02-22",
        0,
        False,
    )
    assert _stored(app, deadline["id"]) == stored
    _mark(world["admin"], 2027, True)
    due_at, provisional, version, says_unpublished = _stored(app, deadline["id"])
    # The day stands, so its reminders are not planned (and sent) a second time.
    assert (due_at, version) == (stored[0], stored[2])
    assert (provisional, says_unpublished) == (False, False)


def test_taking_the_mark_back_makes_the_open_deadlines_provisional_again(app, world, clock):
    _, deadline = _reply_deadline_into_2027(world, clock)
    _mark(world["admin"], 2027, True)

    response = _mark(world["admin"], 2027, False)

    assert [m["provisional"] for m in response.json["moves"]] == [True]
    assert _stored(app, deadline["id"])[1:] == (True, 1, True)
    assert _year(world, 2027)["published"] is False
    assert date.fromisoformat(world["office"].ok("GET", ASK)["date"]) == date(2027, 1, 6)
