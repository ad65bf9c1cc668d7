"""A body's own calendar entries (a local holiday) count for its deadlines only, on top of the
national calendar the top body's administrator keeps: previewed, then saved; the other body's
deadlines and answers stay as they were."""

from __future__ import annotations

from datetime import date

from tests.bodies.test_isolation import _filed_in_county
from tests.flows import Flow
from tests.web.conftest import log_in as log_in_to_pages


def _review_due(client, proposal) -> str:
    page = client.ok("GET", f"/deadlines?kind=review&proposal_id={proposal['id']}")
    [deadline] = page["items"]
    return deadline["due_at"][:10]


def _local_holiday(world, county) -> tuple[str, dict]:
    """Both bodies with a proposal under review; the county names a working day inside the
    review period its own rest day."""
    city_proposal = Flow(world).submitted()
    county_proposal = _filed_in_county(county)
    today = world.clock.now().date().isoformat()
    day = world["office"].ok("GET", f"/calendar/add-working-days?from={today}&days=3")["date"]
    return day, {"city": city_proposal, "county": county_proposal}


def _enter(client, day: str, working, *, confirm: bool, scope: str = "body"):
    entry = {"date": day, "working": working, "note": "地方性节日"}
    return client.post(
        "/calendar/entries", {"entries": [entry], "scope": scope, "confirm": confirm}
    )


def test_a_countys_local_holiday_moves_its_own_deadlines_only(world, county):
    day, proposals = _local_holiday(world, county)
    before = {
        "city": _review_due(world["office"], proposals["city"]),
        "county": _review_due(county["county_office"], proposals["county"]),
    }

    preview = _enter(county["county_admin"], day, False, confirm=False)
    saved = _enter(county["county_admin"], day, False, confirm=True)

    assert preview.status == 200, preview.json
    assert [m["proposal_id"] for m in preview.json["moves"]] == [proposals["county"]["id"]]
    assert preview.json["moves"][0]["days"] >= 1
    assert saved.json["applied"] is True
    after_county = _review_due(county["county_office"], proposals["county"])
    one_more = world["office"].ok(
        "GET", f"/calendar/add-working-days?from={before['county']}&days=1"
    )["date"]
    assert after_county == one_more
    assert _review_due(world["office"], proposals["city"]) == before["city"]


def test_the_preview_alone_changes_nothing(world, county):
    day, proposals = _local_holiday(world, county)
    before = _review_due(county["county_office"], proposals["county"])

    _enter(county["county_admin"], day, False, confirm=False)

    assert _review_due(county["county_office"], proposals["county"]) == before
    assert county["county_admin"].ok("GET", "/calendar/entries") == []


def test_each_body_counts_working_days_in_its_own_calendar(world, county):
    day, _ = _local_holiday(world, county)
    _enter(county["county_admin"], day, False, confirm=True)
    start = date.fromisoformat(day).replace(day=1).isoformat()
    ask = f"/calendar/add-working-days?from={day}&days=0"

    forty = f"/calendar/add-working-days?from={start}&days=40"

    county_answer = county["county_office"].ok("GET", forty)
    city_answer = world["office"].ok("GET", forty)

    assert county_answer["date"] > city_answer["date"]
    assert county["county_office"].ok("GET", ask)["date"] == day


def test_the_entries_are_listed_with_whose_they_are(world, county):
    _enter(world["admin"], "2027-02-22", False, confirm=True, scope="national")
    _enter(county["county_admin"], "2026-12-21", False, confirm=True)

    county_entries = county["county_admin"].ok("GET", "/calendar/entries")
    city_entries = world["admin"].ok("GET", "/calendar/entries")

    assert [(e["date"], e["scope"]) for e in county_entries] == [
        ("2026-12-21", "body"),
        ("2027-02-22", "national"),
    ]
    assert [(e["date"], e["scope"]) for e in city_entries] == [("2027-02-22", "national")]


def test_a_bodys_own_working_day_wins_over_the_national_rest_day(world, county):
    _enter(world["admin"], "2027-02-22", False, confirm=True, scope="national")
    _enter(county["county_admin"], "2027-02-22", True, confirm=True)
    ask = "/calendar/add-working-days?from=2027-02-19&days=1"  # a Friday

    assert county["county_office"].ok("GET", ask)["date"] == "2027-02-22"
    assert world["office"].ok("GET", ask)["date"] == "2027-02-23"


def test_taking_a_local_entry_away_restores_the_deadline(world, county):
    day, proposals = _local_holiday(world, county)
    before = _review_due(county["county_office"], proposals["county"])
    _enter(county["county_admin"], day, False, confirm=True)

    removed = _enter(county["county_admin"], day, None, confirm=True)

    assert removed.status == 200, removed.json
    assert _review_due(county["county_office"], proposals["county"]) == before
    assert county["county_admin"].ok("GET", "/calendar/entries") == []


def test_only_an_administrator_enters_the_bodys_own_days(world, county):
    refused = _enter(county["county_office"], "2026-12-21", False, confirm=True)

    assert refused.status == 403
    assert county["county_admin"].ok("GET", "/calendar/entries") == []


def test_an_unknown_scope_is_refused_with_the_choices(world, county):
    refused = _enter(county["county_admin"], "2026-12-21", False, confirm=True, scope="county")

    assert refused.status == 422
    assert "national" in refused.error["message"] and "body" in refused.error["message"]


def test_the_county_administrator_enters_a_local_holiday_on_the_page(world, county):
    day, proposals = _local_holiday(world, county)
    page = log_in_to_pages(world.app, "county_admin")
    form = {"scope": "body", "date": day, "working": "rest", "note": "地方性节日"}

    preview = page.post("/admin/calendar", form)
    saved = page.post("/admin/calendar", {**form, "confirm": "1"})
    shown = page.get("/admin/calendar").text

    assert preview.status == 200
    assert proposals["county"]["title"] in preview.text.split("将受影响的未到期时限")[1]
    assert saved.status == 302
    national, own = shown.split('id="national-heading"')[1].split('id="own-heading"')
    assert day in own and "地方性节日" in own
    assert day not in national
