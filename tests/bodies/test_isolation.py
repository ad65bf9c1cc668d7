"""Each body's work is its own: a token of one body never sees another body's proposals, units,
sessions, figures or notices, even where names are the same, and nothing of one body can be
used in another."""

from __future__ import annotations

from sqlalchemy import select

from service.db import unit_of_work
from service.models import Notification, User
from service.operations.inbox import addressed_to
from tests.bodies.conftest import SAME_NAME_UNIT
from tests.flows import PARTS, Flow
from tests.web.conftest import log_in as log_in_to_pages

TITLE = "关于加强农村饮用水安全保障的提案"


def _filed_in_county(county, member: str = "county_member") -> dict:
    body = {"title": TITLE, "category": "society", "submit": True, **PARTS}
    return county[member].ok("POST", "/proposals", body, status=201)


def test_each_office_sees_only_its_own_bodys_proposals(world, county):
    city_proposal = Flow(world).submitted()
    county_proposal = _filed_in_county(county)

    assert world["office"].get(f"/proposals/{county_proposal['id']}").status == 404
    assert county["county_office"].get(f"/proposals/{city_proposal['id']}").status == 404
    city_list = [p["id"] for p in world["office"].ok("GET", "/proposals")["items"]]
    county_list = [p["id"] for p in county["county_office"].ok("GET", "/proposals")["items"]]
    assert city_list == [city_proposal["id"]]
    assert county_list == [county_proposal["id"]]
    listed = world["office"].ok("GET", "/lists/proposals")["items"]
    assert [row["id"] for row in listed] == [city_proposal["id"]]


def test_a_member_of_two_bodies_sees_in_each_what_they_filed_there(world, county):
    in_city = Flow(world).submitted(member="zhang")
    in_county = _filed_in_county(county, "zhang")

    assert [p["id"] for p in world["zhang"].ok("GET", "/proposals")["items"]] == [in_city["id"]]
    assert [p["id"] for p in county["zhang"].ok("GET", "/proposals")["items"]] == [in_county["id"]]
    assert county["zhang"].get(f"/proposals/{in_city['id']}").status == 404


def test_each_body_numbers_its_own_sessions_proposals_from_one(world, county):
    city = world["office"].act("proposal", Flow(world).submitted(), "accept")
    county_proposal = county["county_office"].act("proposal", _filed_in_county(county), "accept")

    assert city["number"] == county_proposal["number"] == 1
    city_sessions = world["office"].ok("GET", "/sessions")["items"]
    county_sessions = county["county_office"].ok("GET", "/sessions")["items"]
    assert {s["id"] for s in city_sessions}.isdisjoint({s["id"] for s in county_sessions})
    assert county["county_office"].get(f"/sessions/{city_sessions[0]['id']}").status in (404, 405)


def test_two_bodies_have_units_of_the_same_name_each_its_own(world, county):
    city_units = world["office"].ok("GET", "/units")
    county_units = county["county_office"].ok("GET", "/units")

    assert SAME_NAME_UNIT in [u["name"] for u in city_units]
    assert [u["name"] for u in county_units] == [SAME_NAME_UNIT]
    assert county_units[0]["id"] != world.units[SAME_NAME_UNIT]


def test_a_proposal_cannot_be_assigned_to_another_bodys_unit(world, county):
    proposal = Flow(world).accepted()

    answer = world["office"].fire(
        "proposal", proposal, "assign", units=[{"unit_id": county.unit_id, "role": "lead"}]
    )

    assert answer.status == 422
    assert answer.error["message"] == "所选承办单位不存在或已停用。"


def test_a_county_clerk_of_a_same_named_unit_never_sees_the_citys_assignment(world, county):
    assignment_id = Flow(world).assigned()["assignments"][0]["id"]

    assert county["county_clerk"].get(f"/assignments/{assignment_id}").status == 404
    assert county["county_clerk"].ok("GET", "/lists/assignments")["items"] == []


def test_figures_count_only_the_bodys_own_proposals(world, county):
    Flow(world).submitted()
    Flow(world).submitted(member="li")
    _filed_in_county(county)

    assert world["office"].ok("GET", "/stats")["received"] == 2
    assert county["county_office"].ok("GET", "/stats")["received"] == 1


def test_a_notice_to_the_committee_reaches_only_the_bodys_committee(world, county):
    accepted = county["county_office"].act("proposal", _filed_in_county(county), "accept")
    county["county_member"].act(
        "proposal", accepted, "request_withdrawal", reason="情况已变化，本提案不再需要办理。"
    )

    with world.app.app_context(), unit_of_work() as session:
        city_office = session.query(User).filter_by(username="office").one()
        county_office = session.query(User).filter_by(username="county_office").one()
        for_city = session.query(Notification).filter(addressed_to(city_office)).count()
        for_county = session.query(Notification).filter(addressed_to(county_office)).count()

    assert for_city == 0
    assert for_county >= 1


def test_similar_proposals_are_looked_for_in_the_own_body_only(world, county):
    city_proposal = Flow(world).accepted(title=TITLE)

    county_finds = county["county_office"].ok("POST", "/proposals/similar", {"title": TITLE})
    city_finds = world["office"].ok("POST", "/proposals/similar", {"title": TITLE})

    assert [m["id"] for m in city_finds["items"]] == [city_proposal["id"]]
    assert county_finds["items"] == []


def test_a_member_of_another_body_cannot_be_invited_to_co_sign(world, county):
    answer = county["county_member"].post(
        "/proposals", {"title": TITLE, "category": "society", "co_signers": ["li"], **PARTS}
    )

    assert answer.status == 422
    assert answer.error["message"] == "联名人“li”不是可邀请的委员。"


def test_an_administrator_manages_only_their_own_bodys_people(world, county):
    assert county["county_admin"].post("/units", {"name": "县教育局"}).status == 201
    assert "县教育局" not in [u["name"] for u in world["office"].ok("GET", "/units")]

    page = log_in_to_pages(world.app, "county_admin")
    found = page.get("/admin/users?q=wang")
    city_member_page = page.get(f"/admin/users/{_user_id(world, 'wang')}")

    assert found.status == 200 and "王芳" not in found.text
    assert city_member_page.status == 404


def _user_id(world, username: str) -> int:
    with world.app.app_context(), unit_of_work() as session:
        return session.scalar(select(User.id).where(User.username == username))
