"""A form sent after someone else changed the proposal or assignment (409) comes back with what
was typed: open and ready to send again when the event can still be taken, shown for copying
when it cannot."""

from __future__ import annotations

import re

REPLY = {
    "category": "A",
    "body": "已将站台遮阳纳入今年改造计划，年内完成。",
    "signed_by": "张局长",
    "contact_name": "李四",
    "contact_phone": "0571-12345678",
}


def _version_on(page) -> str:
    return re.search(r'name="version" value="(\d+)"', page.text).group(1)


def test_a_stale_reply_form_stays_open_with_what_was_typed_and_goes_through_again(world, flow, web):
    assignment = flow.assigned()["assignments"][0]
    clerk = world["transport"]
    signed = clerk.act("assignment", clerk.assignment(assignment["id"]), "sign")
    clerk.act(
        "assignment", signed, "log_contact", method="电话", date="2026-03-16", summary="电话沟通。"
    )
    page = web("transport")
    path = f"/assignments/{assignment['id']}/events/reply"

    stale = page.post(path, REPLY | {"version": str(signed["version"])})
    again = page.post(path, REPLY | {"version": _version_on(stale)})

    assert stale.status == 409
    assert '<details id="event-reply" class="event" open>' in stale.text
    assert REPLY["body"] in stale.text and 'value="0571-12345678"' in stale.text
    assert "您填写的内容已保留在下方" in stale.text and "请刷新" not in stale.text
    assert again.status == 302
    assert world["office"].assignment(assignment["id"])["state"] == "replied"


def test_what_was_typed_for_an_event_no_longer_possible_is_shown_for_copying(world, flow, web):
    proposal = flow.submitted()
    page = web("office")
    world["office2"].act("proposal", proposal, "accept")

    refused = page.post(
        f"/proposals/{proposal['id']}/events/return_for_revision",
        {"version": str(proposal["version"]), "reason": "请补充近三年的客流数据。"},
    )

    assert refused.status == 409
    assert "您填写的“退回修改”未能提交" in refused.text
    assert "请补充近三年的客流数据。" in refused.text
    assert 'id="event-return_for_revision" class="event"' not in refused.text
