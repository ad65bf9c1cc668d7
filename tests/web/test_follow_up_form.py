"""The 回头看 form lists each open commitment, of every round, with its outcome choice and the
date of the next look; a proposal without commitments is settled as a whole."""

from __future__ import annotations

import re

from tests.flows import REPLY

PROMISES = [
    {"text": "年内新增公交专用道12公里", "due_date": "2026-09-30"},
    {"text": "在中山路推行公交信号优先", "due_date": "2026-10-31"},
]
PROMISING = {k: v for k, v in REPLY.items() if k != "no_commitment_reason"}


def _following_up(world, flow, reply: dict) -> dict:
    proposal = flow.assigned()
    flow.handle(proposal["assignments"][0], reply=reply)
    member = world["zhang"]
    current = member.proposal(proposal["id"])
    member.act("proposal", current, "evaluate", ratings=flow.ratings(current))
    office = world["office"]
    return office.act("proposal", office.proposal(proposal["id"]), "start_follow_up")


def _form(page) -> str:
    """The 回头看 form of the page."""
    return page.text.split('id="event-complete_follow_up"', 1)[1].split("</form>", 1)[0]


def _error_for(page, field_id: str) -> str:
    found = re.search(rf'id="{re.escape(field_id)}-error">([^<]+)<', page.text)
    assert found, f"no message under #{field_id}"
    return found.group(1)


def test_the_form_lists_each_open_commitment_with_its_choice_and_date(world, flow, web):
    proposal = _following_up(world, flow, {**PROMISING, "commitments": PROMISES})

    form = _form(web("office").get(f"/proposals/{proposal['id']}"))

    for commitment in proposal["commitments"]:
        prefix = f"settlement-{commitment['id']}-"
        assert commitment["text"] in form
        assert f'name="{prefix}outcome"' in form and f'name="{prefix}next_follow_up"' in form
    assert form.count('<option value="partial"') == 2
    assert 'name="outcome"' not in form and 'name="findings"' in form


def test_a_partly_done_commitment_without_a_date_is_flagged_at_its_own_date(world, flow, web):
    proposal = _following_up(world, flow, {**PROMISING, "commitments": PROMISES})
    first, second = (f"settlement-{c['id']}-" for c in proposal["commitments"])
    form = {
        "version": proposal["version"],
        first + "outcome": "implemented",
        second + "outcome": "partial",
        second + "note": "已完成6个路口",
        "findings": "专用道已建成。",
    }

    page = web("office").post(f"/proposals/{proposal['id']}/events/complete_follow_up", form)

    assert page.status == 422
    field = f"complete_follow_up-{second}next_follow_up"
    assert _error_for(page, field) == "部分落实的承诺事项须填写下次回头看日期。"
    assert 'value="已完成6个路口"' in page.text
    assert '<option value="partial" selected>' in page.text
    assert world["office"].proposal(proposal["id"])["state"] == "following_up"


def test_the_office_settles_the_commitments_from_the_page(world, flow, web):
    proposal = _following_up(world, flow, {**PROMISING, "commitments": PROMISES})
    first, second = (f"settlement-{c['id']}-" for c in proposal["commitments"])
    form = {
        "version": proposal["version"],
        first + "outcome": "implemented",
        second + "outcome": "partial",
        second + "next_follow_up": "2026-12-31",
        "findings": "专用道已建成；信号优先完成一半。",
    }

    page = web("office").post(f"/proposals/{proposal['id']}/events/complete_follow_up", form)
    shown = web("zhang").get(f"/proposals/{proposal['id']}")

    assert page.status == 302
    done = world["office"].proposal(proposal["id"])
    assert done["state"] == "closed"
    assert [(c["outcome"], c["next_follow_up"]) for c in done["commitments"]] == [
        ("implemented", None),
        ("partial", "2026-12-31"),
    ]
    listed = shown.text.split('id="commitments"', 1)[1].split("</section>", 1)[0]
    assert "已落实" in listed and "部分落实" in listed and "2026-12-31复查" in listed


def test_a_reply_without_commitments_is_settled_as_a_whole(world, flow, web):
    proposal = _following_up(world, flow, REPLY)

    form = _form(web("office").get(f"/proposals/{proposal['id']}"))

    assert 'name="outcome"' in form and 'name="next_follow_up"' in form
    assert "settlement-" not in form
