"""Each body's settings are its own: a county's office is named after the county from the start,
its administrator's durations apply to its proposals only; the national calendar (holidays and
make-up days) is the platform's, kept by the top body's administrator (a body's own days:
test_body_calendar.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service.db import unit_of_work
from service.models import Document
from tests.bodies.test_isolation import _filed_in_county
from tests.flows import Flow
from tests.web.conftest import log_in as log_in_to_pages


def _settings(client) -> dict:
    return {s["key"]: s for s in client.ok("GET", "/settings")}


def test_a_new_county_has_its_own_office_name_and_the_citys_stays(world, county):
    county_settings = _settings(county["county_admin"])
    city_settings = _settings(world["admin"])

    assert county_settings["office_name"]["value"] == "政协示范县委员会提案委员会办公室"
    assert county_settings["office_name"]["default"] == "政协示范县委员会提案委员会办公室"
    assert county_settings["office_short_name"]["value"] == "政协示范县委员会"
    assert city_settings["office_name"]["value"] == "政协示范市委员会提案委员会办公室"


def test_the_countys_notice_is_issued_by_the_county_office(world, county):
    accepted = county["county_office"].act("proposal", _filed_in_county(county), "accept")

    with world.app.app_context(), unit_of_work() as session:
        snapshots = session.scalars(
            select(Document.snapshot).where(Document.proposal_id == accepted["id"])
        ).all()

    assert snapshots
    assert all("政协示范县委员会提案委员会办公室" in str(s) for s in snapshots)
    assert not any("政协示范市委员会" in str(s) for s in snapshots)


def test_a_countys_durations_apply_to_its_own_proposals_only(world, county):
    changed = county["county_admin"].post(
        "/settings", {"changes": {"reply_months": 1}, "confirm": True}
    )
    assert changed.status == 200, changed.json

    city = Flow(world).assigned()
    county_proposal = county["county_office"].act("proposal", _filed_in_county(county), "accept")
    county_assigned = county["county_office"].act(
        "proposal",
        county_proposal,
        "assign",
        units=[{"unit_id": county.unit_id, "role": "lead"}],
    )

    assert _settings(world["admin"])["reply_months"]["value"] == 3
    assert _settings(county["county_admin"])["reply_months"]["value"] == 1
    city_due = date.fromisoformat(city["assignments"][0]["due_at"][:10])
    county_due = date.fromisoformat(county_assigned["assignments"][0]["due_at"][:10])
    assert (city_due.month - 3, county_due.month - 1) == (3, 3)


def test_only_the_top_bodys_administrator_changes_the_shared_calendar(world, county):
    entry = {"entries": [{"date": "2026-10-10", "working": True, "note": "调休上班"}]}

    refused = county["county_admin"].post("/calendar/entries", {**entry, "confirm": True})
    allowed = world["admin"].post("/calendar/entries", {**entry, "confirm": True})

    assert refused.status == 403
    assert "最上一级政协" in refused.error["message"]
    assert allowed.status == 200, allowed.json


def test_the_calendar_page_offers_the_national_form_to_the_top_bodys_administrator_only(
    world, county
):
    county_page = log_in_to_pages(world.app, "county_admin").get("/admin/calendar")
    city_page = log_in_to_pages(world.app, "admin").get("/admin/calendar")

    assert county_page.status == 200 and "由最上一级政协的系统管理员录入" in county_page.text
    assert 'name="scope" value="national"' not in county_page.text
    assert 'name="scope" value="body"' in county_page.text
    assert 'name="scope" value="national"' in city_page.text
    assert 'name="scope" value="body"' in city_page.text
    assert "由最上一级政协的系统管理员录入" not in city_page.text
