"""A page offers an action only while it can be taken, names it once, and makes the only
possible choice for the person."""

from __future__ import annotations

CONTACT = {"method": "电话", "date": "2026-03-20", "summary": "与提案人电话沟通办理思路。"}


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
