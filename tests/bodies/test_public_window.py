"""The public window of a platform of several bodies: every body's published proposals, each
named with its body, and each body's own window (`body_id`, the page's 政协 choice) under its
own office's name."""

from __future__ import annotations

from tests.bodies.conftest import COUNTY
from tests.flows import PARTS, Flow, handled

CITY = "政协示范市委员会"


def _published_in_county(county) -> dict:
    body = {
        "title": "关于加强农村饮用水安全保障的提案",
        "category": "society",
        "submit": True,
        "publish_consent": True,
        **PARTS,
    }
    office, zhang = county["county_office"], county["zhang"]
    proposal = office.act("proposal", zhang.ok("POST", "/proposals", body, 201), "accept")
    units = [{"unit_id": county.unit_id, "role": "lead"}]
    proposal = office.act("proposal", proposal, "assign", units=units)
    handled(county["county_clerk"], proposal["assignments"][0]["id"])
    replied = zhang.proposal(proposal["id"])
    ratings = [
        {"assignment_id": a["id"], "attitude": "satisfied", "result": "satisfied"}
        for a in replied["assignments"]
    ]
    zhang.act("proposal", replied, "evaluate", ratings=ratings)
    return office.act("proposal", office.proposal(proposal["id"]), "publish")


def test_each_body_has_its_own_window_and_the_platform_one_names_each(world, county, anonymous):
    city = world["office"].act("proposal", Flow(world).closed(publish_consent=True), "publish")
    in_county = _published_in_county(county)

    everything = anonymous.ok("GET", "/public/proposals")["items"]
    assert {(p["id"], p["body_name"]) for p in everything} == {
        (city["id"], CITY),
        (in_county["id"], COUNTY),
    }
    county_window = anonymous.ok("GET", f"/public/proposals?body_id={county.id}")
    assert [p["id"] for p in county_window["items"]] == [in_county["id"]]
    assert county_window["total"] == 1
    detail = anonymous.ok("GET", f"/public/proposals/{in_county['id']}")
    assert detail["body_name"] == COUNTY

    page = anonymous.client.get(f"/public/?body={county.id}").get_data(as_text=True)
    assert f'<option value="{county.id}" selected>{COUNTY}</option>' in page
    assert "关于加强农村饮用水安全保障的提案" in page
    assert city["title"] not in page
    assert f"{COUNTY}提案委员会办公室" in page
    shown = anonymous.client.get(f"/public/proposals/{in_county['id']}").get_data(as_text=True)
    assert f"{COUNTY}提案委员会办公室" in shown


def test_a_single_office_window_offers_no_choice_of_body(world, anonymous):
    world["office"].act("proposal", Flow(world).closed(publish_consent=True), "publish")

    page = anonymous.client.get("/public/").get_data(as_text=True)
    assert 'name="body"' not in page
    assert anonymous.get("/public/proposals?body_id=abc").status == 422
