"""Roll-ups: a body's office compares its own year with each body below it, every row counting
that body's own proposals as its own figures do; counts and rates only; never upwards."""

from __future__ import annotations

import json

from service.db import unit_of_work
from service.operations import bodies, users
from tests.bodies.conftest import COUNTY, log_in
from tests.bodies.test_isolation import TITLE, _filed_in_county
from tests.client import PASSWORD
from tests.flows import Flow
from tests.web.conftest import log_in as log_in_to_pages

FIGURES = ("received", "accepted", "assigned", "replied", "replied_on_time", "satisfied_forms")


def test_the_city_sees_itself_then_its_county_each_as_its_own_figures(world, county):
    flow = Flow(world)
    flow.closed()
    flow.submitted(member="li")
    county["county_office"].act("proposal", _filed_in_county(county), "accept")

    answer = world["office"].ok("GET", "/rollup")

    assert [(i["name"], i["level"]) for i in answer["items"]] == [
        ("政协示范市委员会", "city"),
        (COUNTY, "county"),
    ]
    city, below = answer["items"]
    assert below["parent_id"] == world.body_id and city["parent_id"] is None
    for item, client in ((city, world["office"]), (below, county["county_office"])):
        own = client.ok("GET", "/stats")
        assert {name: item[name] for name in FIGURES} == {name: own[name] for name in FIGURES}
        assert item["satisfaction_rate"] == own["satisfaction_rate"]
    assert (city["received"], below["received"], below["accepted"]) == (2, 1, 1)


def test_a_county_never_reads_the_roll_up_of_the_city_above(world, county):
    Flow(world).submitted()

    items = county["county_office"].ok("GET", "/rollup")["items"]

    assert [i["name"] for i in items] == [COUNTY]


def test_a_roll_up_holds_counts_and_never_a_title_or_a_name(world, county):
    _filed_in_county(county)

    text = json.dumps(world["office"].ok("GET", "/rollup"), ensure_ascii=False)

    assert TITLE not in text and "张伟" not in text and "county_member" not in text


def test_members_and_units_are_refused_and_a_bad_year_is_explained(world, county):
    assert world["zhang"].get("/rollup").status == 403
    assert world["transport"].get("/rollup").status == 403
    assert world["leader"].get("/rollup").status == 200
    bad = world["office"].get("/rollup?year=20")
    assert bad.status == 422


def test_a_province_above_the_city_sees_the_whole_area(world, county):
    now = world.clock.now()
    with world.app.app_context(), unit_of_work() as session:
        province = bodies.add_body(
            session, {"name": "政协示范省委员会", "level": "province"}, actor=None, now=now
        ).id
        bodies.change_body(
            session, world.body_id, {"parent_id": province}, actor=None, now=now
        )
        users.add_user(
            session,
            "province_office",
            role="committee",
            password=PASSWORD,
            now=now,
            body_id=province,
        )
    Flow(world).submitted()
    _filed_in_county(county)

    items = log_in(world, "province_office").ok("GET", "/rollup")["items"]

    assert [(i["name"], i["received"]) for i in items] == [
        ("政协示范省委员会", 0),
        ("政协示范市委员会", 1),
        (COUNTY, 1),
    ]


def test_the_city_office_reads_the_roll_up_page_a_lone_office_sees_no_tab(world, county):
    _filed_in_county(county)
    page = log_in_to_pages(world.app, "office")

    rollup = page.get("/stats/rollup")
    overview = page.get("/stats")
    county_overview = log_in_to_pages(world.app, "county_office").get("/stats")

    assert rollup.status == 200
    assert "各级汇总" in overview.text and COUNTY in rollup.text
    assert "各级汇总" not in county_overview.text
    assert log_in_to_pages(world.app, "zhang").get("/stats/rollup").status == 403
