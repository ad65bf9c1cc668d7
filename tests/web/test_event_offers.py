"""A page offers an action only while it can be taken, names it once, and makes the only
possible choice for the person."""

from __future__ import annotations

CONTACT = {"method": "电话", "date": "2026-03-16", "summary": "与提案人电话沟通办理思路。"}


def _contacted(world, flow) -> dict:
    proposal = flow.assigned()
    assignment = world["transport"].assignment(proposal["assignments"][0]["id"])
    assignment = world["transport"].act("assignment", assignment, "sign")
    return world["transport"].act("assignment", assignment, "log_contact", **CONTACT)


def test_buttons_name_the_action_once(world, flow, web):
    proposal = flow.submitted(co_signers=["li"])

    page = web("li").get(f"/proposals/{proposal['id']}")

    assert ">确认联名</button>" in page.text
    assert "确认确认" not in page.text


def test_the_only_contact_to_confirm_is_chosen_already(world, flow, web):
    assignment = _contacted(world, flow)

    page = web("zhang").get(f"/assignments/{assignment['id']}")

    [contact] = world["zhang"].assignment(assignment["id"])["contacts"]
    assert f'<option value="{contact["id"]}" selected>' in page.text
    assert ">确认沟通</button>" in page.text


def test_once_every_contact_is_answered_confirming_is_no_longer_offered(world, flow, web):
    assignment = _contacted(world, flow)
    member = world["zhang"]
    [contact] = member.assignment(assignment["id"])["contacts"]

    after = member.act(
        "assignment",
        member.assignment(assignment["id"]),
        "confirm_contact",
        contact_id=contact["id"],
    )
    page = web("zhang").get(f"/assignments/{assignment['id']}")

    assert not {"confirm_contact", "deny_contact"} & set(after["available_events"])
    assert 'id="event-confirm_contact"' not in page.text
    assert 'id="event-deny_contact"' not in page.text


def test_opening_a_forms_address_leads_back_to_its_page(world, flow, web):
    proposal = flow.submitted()
    assignment = _contacted(world, flow)

    on_proposal = web("office").get(f"/proposals/{proposal['id']}/events/assign")
    on_assignment = web("transport").get(f"/assignments/{assignment['id']}/events/reply")

    assert on_proposal.status == 302
    assert on_proposal.location == f"/proposals/{proposal['id']}#event-assign"
    assert on_assignment.location == f"/assignments/{assignment['id']}#event-reply"


def test_a_contact_is_dated_today_unless_the_clerk_says_otherwise(world, flow, web):
    proposal = flow.assigned()
    assignment = world["transport"].assignment(proposal["assignments"][0]["id"])
    world["transport"].act("assignment", assignment, "sign")

    page = web("transport").get(f"/assignments/{assignment['id']}")

    assert 'id="log_contact-date" type="date" name="date" value="2026-03-16"' in page.text


def test_a_second_round_reply_starts_with_the_first_rounds_signer_and_contact(world, flow, web):
    proposal = flow.replied()
    member = world["zhang"]
    ratings = flow.ratings(member.proposal(proposal["id"]), "unsatisfied")
    member.act("proposal", member.proposal(proposal["id"]), "evaluate", ratings=ratings)
    assignment_id = proposal["assignments"][0]["id"]

    page = web("transport").get(f"/assignments/{assignment_id}")

    form = page.text.split('id="event-reply"')[1].split("</form>")[0]
    assert 'name="signed_by" value="陈局长"' in form
    assert 'name="contact_name" value="刘科员"' in form
    assert 'name="contact_phone" value="0571-87000000"' in form


def _assigned_with_an_assisting_unit(world, flow) -> tuple[dict, dict]:
    proposal = flow.assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))
    by_role = {a["role"]: a for a in proposal["assignments"]}
    lead = world["transport"].act(
        "assignment", world["transport"].assignment(by_role["lead"]["id"]), "sign"
    )
    return lead, by_role["assisting"]


def test_the_lead_unit_is_told_everything_its_reply_waits_for(world, flow, web):
    lead, _ = _assigned_with_an_assisting_unit(world, flow)

    page = web("transport").get(f"/assignments/{lead['id']}")

    assert 'id="event-reply"' not in page.text
    assert (
        "暂不能答复：还有会办单位未提交会办意见，且会办期限未到，暂不能答复。"
        "答复前须至少与提案人沟通一次（办前沟通）。"
    ) in page.text


def test_the_lead_unit_is_told_its_reply_waits_for_the_assisting_opinion(world, flow, web):
    lead, assisting = _assigned_with_an_assisting_unit(world, flow)
    world["transport"].act("assignment", lead, "log_contact", **CONTACT)

    waiting = web("transport").get(f"/assignments/{lead['id']}")
    flow.handle(assisting)
    ready = web("transport").get(f"/assignments/{lead['id']}")

    assert "暂不能答复：还有会办单位未提交会办意见，且会办期限未到，暂不能答复。" in waiting.text
    assert "暂不能" not in ready.text
    assert 'id="event-reply"' in ready.text


def test_nobody_is_told_of_a_reply_that_is_not_theirs_to_write(world, flow, web):
    lead, assisting = _assigned_with_an_assisting_unit(world, flow)
    world["education"].act("assignment", world["education"].assignment(assisting["id"]), "sign")

    for reader, assignment_id in (("education", assisting["id"]), ("office", lead["id"])):
        assert "暂不能" not in web(reader).get(f"/assignments/{assignment_id}").text


def test_date_pickers_offer_the_days_a_contact_or_a_promise_can_have(world, flow, web):
    assignment = _contacted(world, flow)

    page = web("transport").get(f"/assignments/{assignment['id']}").text

    today = "2026-03-16"  # the test clock's day
    contact_date = page[page.index('name="date"') :].split(">", 1)[0]
    promise_date = page[page.index('name="commitments-0-due_date"') :].split(">", 1)[0]
    assert f'max="{today}"' in contact_date
    assert f'min="{today}"' in promise_date
