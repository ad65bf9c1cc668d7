"""A 会办 unit that never gives its opinion does not block the lead for ever: once the 会办
deadline has passed the lead replies, and its letter says whose opinion is missing."""

from __future__ import annotations

from tests.documents.pdf import page_texts, pdf_of, render, rows
from tests.flows import REPLY, Flow

WITH_ASSISTING = (("市交通运输局", "lead"), ("市教育局", "assisting"))
CONTACT = {"method": "电话", "date": "2026-03-16", "summary": "与提案人电话沟通办理思路。"}


def _lead_ready_to_reply(world) -> dict:
    proposal = Flow(world).assigned(WITH_ASSISTING)
    lead = next(a for a in proposal["assignments"] if a["role"] == "lead")
    clerk = world["transport"]
    lead = clerk.act("assignment", clerk.assignment(lead["id"]), "sign")
    return clerk.act("assignment", lead, "log_contact", **CONTACT)


def test_the_lead_waits_while_the_assisting_deadline_runs(world):
    lead = _lead_ready_to_reply(world)

    refused = world["transport"].fire("assignment", lead, "reply", **REPLY)

    assert refused.status == 409 and refused.error["code"] == "guard_failed"
    assert "会办期限未到" in refused.error["message"]


def test_after_the_assisting_deadline_the_lead_replies_and_the_letter_names_the_silent_unit(
    world, clock
):
    lead = _lead_ready_to_reply(world)
    clock.advance(days=40)  # the 会办 opinion was due one month after assignment
    clerk = world.login("transport")

    replied = clerk.act("assignment", clerk.assignment(lead["id"]), "reply", **REPLY)
    render(world.app, clock)
    [letter] = [d for d in rows(world.app) if d.kind == "reply_letter"]
    text = "".join(page_texts(pdf_of(world.login("office"), letter.id)))

    assert replied["state"] == "replied"
    assert "市教育局未在会办期限内提交会办意见" in text
    assert "经商市教育局" not in text
