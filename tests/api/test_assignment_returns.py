"""Assignments sent back over the API: returns and reassignment, reply review, refusals, access."""

import pytest

from service.db import unit_of_work
from service.models import SettingValue
from tests.flows import REPLY, Flow

LEAD = (("市交通运输局", "lead"),)
WITH_ASSISTING = (("市交通运输局", "lead"), ("市教育局", "assisting"))
CONTACT = {"method": "面谈", "date": "2026-03-16", "summary": "上门听取提案人意见。"}
RETURN = {"reason": "该事项不属于本单位职责。"}


@pytest.fixture
def flow(world):
    return Flow(world)


@pytest.fixture
def reply_review(app, world):
    """The administrator's setting: replies go to the committee before the member sees them."""
    with app.app_context(), unit_of_work() as session:
        session.merge(SettingValue(body_id=world.body_id, key="reply_review", value=True))


def of_unit(world, proposal, unit="市交通运输局"):
    """The full assignment of `unit` on the proposal, as the committee reads it."""
    brief = next(a for a in proposal["assignments"] if a["unit_name"] == unit)
    return world["office"].assignment(brief["id"])


def pending(world, flow, units=LEAD):
    return of_unit(world, flow.assigned(units))


def signed(world, flow, units=LEAD):
    return world["transport"].act("assignment", pending(world, flow, units), "sign")


def contacted(world, flow):
    return world["transport"].act("assignment", signed(world, flow), "log_contact", **CONTACT)


def return_requested(world, flow, units=LEAD):
    return world["transport"].act(
        "assignment", pending(world, flow, units), "request_return", **RETURN
    )


def days_later(world, clock, days):
    """Move the clock; sessions older than a token's lifetime log in again."""
    clock.advance(days=days)
    for username in ("office", "transport"):
        world.login(username)


def unit_id(world, name):
    return world.units[name]


def footprint(world, assignment):
    """What a refused event must leave alone: state, version and the length of the history."""
    current = world["office"].assignment(assignment["id"])
    history = world["office"].ok("GET", f"/proposals/{current['proposal_id']}/history")
    return current["state"], current["version"], len(history)


def assert_refused(response, status, code, field=None):
    assert (response.status, response.error["code"]) == (status, code), response.json
    if field is not None:
        assert field in response.error["details"]


# 申请退回


@pytest.mark.parametrize("start", [pending, signed])
def test_unit_requests_a_return_within_the_window(world, flow, start):
    assignment = start(world, flow)

    requested = world["transport"].act("assignment", assignment, "request_return", **RETURN)

    assert requested["state"] == "return_requested"
    assert {"approve_return", "deny_return"} <= set(
        world["office"].assignment(assignment["id"])["available_events"]
    )
    history = world["office"].ok("GET", f"/proposals/{assignment['proposal_id']}/history")
    assert (history[-1]["event"], history[-1]["data"]["reason"]) == (
        "request_return",
        RETURN["reason"],
    )


def test_return_request_needs_a_reason(world, flow):
    assignment = pending(world, flow)
    before = footprint(world, assignment)

    response = world["transport"].fire("assignment", assignment, "request_return")

    assert_refused(response, 422, "invalid_input", "reason")
    assert footprint(world, assignment) == before


def test_return_request_may_suggest_a_registered_unit(world, flow):
    assignment = pending(world, flow)
    suggested = unit_id(world, "市生态环境局")

    requested = world["transport"].act(
        "assignment", assignment, "request_return", **RETURN, suggested_unit_id=suggested
    )

    assert requested["state"] == "return_requested"


def test_return_request_suggesting_an_unknown_unit_is_refused(world, flow):
    assignment = pending(world, flow)
    before = footprint(world, assignment)

    response = world["transport"].fire(
        "assignment", assignment, "request_return", **RETURN, suggested_unit_id=9999
    )

    assert_refused(response, 422, "invalid_input", "suggested_unit_id")
    assert footprint(world, assignment) == before


def test_return_window_ends_five_working_days_after_assignment(world, flow, clock):
    assignment = pending(world, flow)
    days_later(world, clock, 7)

    requested = world["transport"].act("assignment", assignment, "request_return", **RETURN)

    assert assignment["return_until"] == "2026-03-23T23:59:59+08:00"
    assert requested["state"] == "return_requested"


@pytest.mark.parametrize("start", [pending, signed])
def test_return_request_after_the_window_is_refused(world, flow, clock, start):
    assignment = start(world, flow)
    days_later(world, clock, 8)
    before = footprint(world, assignment)

    response = world["transport"].fire("assignment", assignment, "request_return", **RETURN)

    assert_refused(response, 409, "guard_failed")
    assert "期限" in response.error["message"]
    assert footprint(world, assignment) == before


# 同意退回 / 不同意退回


def test_committee_approves_a_return(world, flow):
    assignment = return_requested(world, flow)

    returned = world["office"].act("assignment", assignment, "approve_return")

    assert returned["state"] == "returned"
    assert returned["available_events"] == []
    proposal = world["office"].proposal(assignment["proposal_id"])
    assert [(a["unit_name"], a["state"]) for a in proposal["assignments"]] == [
        ("市交通运输局", "returned")
    ]


def test_approved_return_reassigns_the_proposal_to_a_new_unit(world, flow):
    assignment = return_requested(world, flow)
    new_unit = [{"unit_id": unit_id(world, "市教育局"), "role": "lead"}]

    world["office"].act("assignment", assignment, "approve_return", reassign_to=new_unit)

    proposal = world["office"].proposal(assignment["proposal_id"])
    assert [(a["unit_name"], a["role"], a["state"]) for a in proposal["assignments"]] == [
        ("市交通运输局", "lead", "returned"),
        ("市教育局", "lead", "pending"),
    ]
    assert proposal["state"] == "handling"


def test_new_unit_can_see_the_reassigned_proposal_and_its_assignment(world, flow):
    assignment = return_requested(world, flow)
    education = world["education"]
    hidden = education.get(f"/proposals/{assignment['proposal_id']}").status
    new_unit = [{"unit_id": unit_id(world, "市教育局"), "role": "lead"}]

    world["office"].act("assignment", assignment, "approve_return", reassign_to=new_unit)

    proposal = education.proposal(assignment["proposal_id"])
    [mine] = proposal["assignments"]
    assert hidden == 404
    assert (mine["unit_name"], education.assignment(mine["id"])["state"]) == ("市教育局", "pending")
    assert "sign" in education.assignment(mine["id"])["available_events"]


@pytest.mark.parametrize("unit", ["市交通运输局", "市教育局"])
def test_reassigning_to_a_unit_already_on_the_proposal_is_refused(world, flow, unit):
    assignment = return_requested(world, flow, WITH_ASSISTING)
    before = footprint(world, assignment)

    response = world["office"].fire(
        "assignment",
        assignment,
        "approve_return",
        reassign_to=[{"unit_id": unit_id(world, unit), "role": "lead"}],
    )

    assert_refused(response, 422, "invalid_input", "reassign_to.0.unit_id")
    assert footprint(world, assignment) == before
    assert len(world["office"].proposal(assignment["proposal_id"])["assignments"]) == 2


def test_reply_of_the_new_lead_makes_the_proposal_replied_after_a_return(world, flow):
    assignment = return_requested(world, flow)
    new_unit = [{"unit_id": unit_id(world, "市教育局"), "role": "lead"}]
    world["office"].act("assignment", assignment, "approve_return", reassign_to=new_unit)
    proposal = world["office"].proposal(assignment["proposal_id"])

    flow.handle(of_unit(world, proposal, "市教育局"))

    assert world["office"].proposal(proposal["id"])["state"] == "replied"


def test_committee_denies_a_return_and_the_unit_handles_the_proposal(world, flow):
    assignment = return_requested(world, flow)

    denied = world["office"].act("assignment", assignment, "deny_return", reason="属于本单位职责。")

    assert denied["state"] == "handling"
    assert "log_contact" in world["transport"].assignment(assignment["id"])["available_events"]


def test_denying_a_return_needs_a_reason(world, flow):
    assignment = return_requested(world, flow)
    before = footprint(world, assignment)

    response = world["office"].fire("assignment", assignment, "deny_return")

    assert_refused(response, 422, "invalid_input", "reason")
    assert footprint(world, assignment) == before


# 答复审查


def test_reply_goes_to_review_when_review_is_on(world, flow, reply_review):
    assignment = contacted(world, flow)

    reviewed = world["transport"].act("assignment", assignment, "reply", **REPLY)

    assert reviewed["state"] == "reply_review"
    assert world["office"].proposal(assignment["proposal_id"])["state"] == "handling"
    assert {"approve_reply", "return_reply"} <= set(
        world["office"].assignment(assignment["id"])["available_events"]
    )


def test_committee_approves_a_reviewed_reply_and_the_proposal_is_replied(world, flow, reply_review):
    assignment = world["transport"].act("assignment", contacted(world, flow), "reply", **REPLY)

    approved = world["office"].act("assignment", assignment, "approve_reply")

    assert approved["state"] == "replied"
    assert approved["replies"][0]["category"] == REPLY["category"]
    assert world["office"].proposal(assignment["proposal_id"])["state"] == "replied"


def test_committee_corrects_the_category_and_the_units_category_is_kept(world, flow, reply_review):
    assignment = world["transport"].act("assignment", contacted(world, flow), "reply", **REPLY)

    approved = world["office"].act("assignment", assignment, "approve_reply", category="C")

    [reply] = approved["replies"]
    assert (reply["category"], reply["unit_category"]) == ("C", "B")


def test_committee_returns_a_reply_to_the_unit(world, flow, reply_review):
    assignment = world["transport"].act("assignment", contacted(world, flow), "reply", **REPLY)

    returned = world["office"].act(
        "assignment", assignment, "return_reply", reason="答复未逐条回应。"
    )

    assert returned["state"] == "handling"
    assert world["office"].proposal(assignment["proposal_id"])["state"] == "handling"


def test_returning_a_reply_needs_a_reason(world, flow, reply_review):
    assignment = world["transport"].act("assignment", contacted(world, flow), "reply", **REPLY)
    before = footprint(world, assignment)

    response = world["office"].fire("assignment", assignment, "return_reply")

    assert_refused(response, 422, "invalid_input", "reason")
    assert footprint(world, assignment) == before


def test_unit_replies_again_after_its_reply_was_returned(world, flow, reply_review):
    assignment = world["transport"].act("assignment", contacted(world, flow), "reply", **REPLY)
    assignment = world["office"].act("assignment", assignment, "return_reply", reason="请补充。")

    again = world["transport"].act(
        "assignment", assignment, "reply", **REPLY | {"body": "补充答复。"}
    )

    assert again["state"] == "reply_review"
    assert [r["body"] for r in again["replies"]] == [REPLY["body"], "补充答复。"]


# 状态与版本


def replied(world, flow):
    return world["transport"].act("assignment", contacted(world, flow), "reply", **REPLY)


@pytest.mark.parametrize(
    "start, who, event, fields",
    [
        (signed, "transport", "sign", {}),
        (pending, "transport", "reply", REPLY),
        (signed, "office", "approve_return", {}),
        (signed, "office", "approve_reply", {}),
        (replied, "transport", "request_return", RETURN),
    ],
)
def test_event_in_the_wrong_state_is_refused(world, flow, start, who, event, fields):
    assignment = start(world, flow)
    before = footprint(world, assignment)

    response = world[who].fire("assignment", assignment, event, **fields)

    assert_refused(response, 409, "event_not_allowed")
    assert footprint(world, assignment) == before


def test_event_with_a_stale_version_is_refused_and_changes_nothing(world, flow):
    assignment = pending(world, flow)
    world["transport"].act("assignment", assignment, "sign")
    before = footprint(world, assignment)

    response = world["transport"].fire("assignment", assignment, "request_return", **RETURN)

    assert_refused(response, 409, "stale_version")
    assert response.error["details"]["current_version"] == before[1]
    assert footprint(world, assignment) == before


def test_stale_version_is_answered_before_the_state_check(world, flow):
    assignment = pending(world, flow)
    world["transport"].act("assignment", assignment, "sign")

    response = world["transport"].fire("assignment", assignment, "sign")

    assert_refused(response, 409, "stale_version")


# 谁看得见


def test_unit_lists_only_its_own_assignments(world, flow):
    flow.assigned(WITH_ASSISTING)
    flow.assigned((("市卫生健康委员会", "lead"),))

    page = world["transport"].ok("GET", "/assignments")

    assert [a["unit_name"] for a in page["items"]] == ["市交通运输局"]
    assert page["total"] == 1


def test_unit_sees_only_its_own_assignment_on_a_shared_proposal(world, flow):
    proposal = flow.assigned(WITH_ASSISTING)
    education_id = of_unit(world, proposal, "市教育局")["id"]

    shown = world["transport"].proposal(proposal["id"])

    assert [a["unit_name"] for a in shown["assignments"]] == ["市交通运输局"]
    assert world["transport"].get(f"/assignments/{education_id}").status == 404
