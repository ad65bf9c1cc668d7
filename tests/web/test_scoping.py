"""Pages show each person what the API lets them see, and nothing more."""

from __future__ import annotations

import re

import pytest


def test_a_unit_clerk_cannot_open_another_units_assignment(world, flow, web):
    proposal = flow.assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))
    theirs = next(a for a in proposal["assignments"] if a["unit_name"] == "市教育局")

    page = web("transport").get(f"/assignments/{theirs['id']}")

    assert page.status == 404


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users",
        "/admin/users/new",
        "/admin/users/1",
        "/admin/units",
        "/admin/calendar",
        "/admin/settings",
    ],
)
def test_a_member_cannot_open_the_admin_pages(web, path):
    page = web("zhang").get(path)

    assert page.status == 403
    assert "没有权限" in page.text


def test_a_member_cannot_open_someone_elses_proposal(flow, web):
    proposal = flow.submitted("li")

    assert web("zhang").get(f"/proposals/{proposal['id']}").status == 404


def test_a_unit_sees_only_its_own_assignment_on_the_proposal_page(flow, web):
    proposal = flow.assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))

    page = web("transport").get(f"/proposals/{proposal['id']}")

    units = page.text.split('id="units-heading"', 1)[1].split("</section>", 1)[0]
    assert "市交通运输局" in units and "市教育局" not in units


def test_a_member_cannot_fire_a_committee_event_through_a_form(world, flow, web):
    proposal = flow.submitted()

    page = web("zhang").post(
        f"/proposals/{proposal['id']}/events/accept", {"version": proposal["version"]}
    )

    assert page.status == 403
    assert world["office"].proposal(proposal["id"])["state"] == "submitted"


def test_only_the_office_opens_the_merge_comparison(flow, web):
    proposal = flow.submitted()

    assert web("zhang").get(f"/proposals/{proposal['id']}/merge").status == 403
    assert web("office").get(f"/proposals/{proposal['id']}/merge").status == 200


def test_a_leader_sees_deadlines_only_of_the_proposals_they_supervise(world, flow, web, clock):
    supervised = world["office"].act("proposal", flow.assigned(), "mark_key", leader="leader")
    other = flow.assigned(title="关于加强基层医疗卫生人才队伍建设的提案")
    clock.advance(days=10)

    page = web("leader").get("/deadlines")

    assert supervised["title"] in page.text
    assert other["title"] not in page.text


def test_someone_elses_notification_cannot_be_opened(world, flow, web):
    flow.submitted("li", co_signers=["wang"])
    [notification_id] = re.findall(
        r'href="/notifications/(\d+)"', web("wang").get("/notifications").text
    )

    assert web("zhang").get(f"/notifications/{notification_id}").status == 404
    assert web("wang").get(f"/notifications/{notification_id}").status == 302


def test_the_lead_unit_reads_the_assisting_units_opinion_on_its_assignment_page(world, flow, web):
    proposal = flow.assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))
    lead, assisting = (
        next(
            world["office"].assignment(a["id"])
            for a in proposal["assignments"]
            if a["unit_name"] == unit
        )
        for unit in ("市交通运输局", "市教育局")
    )
    assisting = world["education"].act("assignment", assisting, "sign")
    world["education"].act("assignment", assisting, "submit_opinion", body="建议同步优化换乘。")

    page = web("transport").get(f"/assignments/{lead['id']}")

    assert page.status == 200
    assert "会办单位意见" in page.text and "建议同步优化换乘。" in page.text
