"""The 确定重点提案 form: the office ticks one or several supervising leaders; the proposal page
names them, and a form with none ticked comes back saying so next to the leaders."""

from __future__ import annotations

import html

import pytest


@pytest.fixture
def qian(world):
    return world.add_user("qian", "leader", display_name="钱副市长")


def _form(page_text: str) -> str:
    return page_text.split('id="event-mark_key"', 1)[1].split("</details>", 1)[0]


def test_the_form_offers_every_leader_as_a_checkbox_and_not_the_older_field(flow, web, qian):
    proposal = flow.assigned()

    form = _form(web("office").get(f"/proposals/{proposal['id']}").text)

    assert 'name="leader-leader"' in form and 'name="leader-qian"' in form
    assert "赵副主席" in form and "钱副市长" in form
    assert 'name="leader"' not in form


def test_the_office_ticks_two_leaders_and_the_page_names_both(world, flow, web, qian):
    proposal = flow.assigned()
    office = web("office")

    posted = office.post(
        f"/proposals/{proposal['id']}/events/mark_key",
        {"version": proposal["version"], "leader-leader": "on", "leader-qian": "on"},
    )

    assert posted.status == 302
    page = html.unescape(office.get(f"/proposals/{proposal['id']}").text)
    assert "重点提案 · 督办领导：赵副主席、钱副市长" in page
    assert "督办领导：赵副主席、钱副市长" in page.split("办理过程", 1)[1]
    assert [u["username"] for u in world["office"].proposal(proposal["id"])["key_leaders"]] == [
        "leader",
        "qian",
    ]
    leader_page = web("qian").get(f"/proposals/{proposal['id']}")
    assert leader_page.status == 200 and "钱副市长" in leader_page.text


def test_the_form_of_a_key_proposal_has_its_leaders_ticked(world, flow, web, qian):
    proposal = flow.assigned()
    world["office"].act("proposal", proposal, "mark_key", leaders=["qian"])

    form = _form(web("office").get(f"/proposals/{proposal['id']}").text)

    assert 'name="leader-qian" checked' in form
    assert 'name="leader-leader" checked' not in form


def test_a_form_with_no_leader_ticked_says_so_next_to_the_leaders(world, flow, web):
    proposal = flow.assigned()

    page = web("office").post(
        f"/proposals/{proposal['id']}/events/mark_key", {"version": proposal["version"]}
    )

    assert page.status == 422
    assert 'id="mark_key-leaders-error">请选择至少一位督办领导。' in page.text
    assert world["office"].proposal(proposal["id"])["key"] is False
