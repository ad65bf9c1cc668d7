"""An assignment handled over the API: sign, contacts, opinions, replies, extensions, lists."""

from datetime import timedelta

import pytest

from tests.flows import REPLY, Flow

LEAD = (("市交通运输局", "lead"),)
WITH_ASSISTING = (("市交通运输局", "lead"), ("市教育局", "assisting"))
TWO_SEPARATE = (("市交通运输局", "separate"), ("市教育局", "separate"))
CONTACT = {"method": "电话", "date": "2026-03-16", "summary": "与提案人电话沟通办理思路。"}
EXTENSION = {"until": "2026-07-31", "reason": "需会同多部门调研论证。"}
# The reply's required fields alone (REPLY also says why its B reply promises nothing dated).
BARE_REPLY = {k: v for k, v in REPLY.items() if k != "no_commitment_reason"}


@pytest.fixture
def flow(world):
    return Flow(world)


def of_unit(world, proposal, unit="市交通运输局"):
    """The full assignment of `unit` on the proposal, as the committee reads it."""
    brief = next(a for a in proposal["assignments"] if a["unit_name"] == unit)
    return world["office"].assignment(brief["id"])


def signed(world, flow, units=LEAD, unit="市交通运输局"):
    assignment = of_unit(world, flow.assigned(units), unit)
    return flow.clerk_of(assignment).act("assignment", assignment, "sign")


def contacted(world, flow, units=LEAD):
    return world["transport"].act(
        "assignment", signed(world, flow, units), "log_contact", **CONTACT
    )


def footprint(world, assignment):
    """What a refused event must leave alone: state, version and the length of the history."""
    current = world["office"].assignment(assignment["id"])
    history = world["office"].ok("GET", f"/proposals/{current['proposal_id']}/history")
    return current["state"], current["version"], len(history)


def assert_refused(response, status, code, field=None):
    assert (response.status, response.error["code"]) == (status, code), response.json
    if field is not None:
        assert field in response.error["details"]


def cosigned_assignment(world):
    """A proposal by zhang with li as confirmed co-signer, assigned to 市交通运输局 as lead."""
    proposal = Flow(world).submitted(co_signers=["li"])
    world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")
    proposal = world["office"].act("proposal", world["office"].proposal(proposal["id"]), "accept")
    units = [{"unit_id": world.units["市交通运输局"], "role": "lead"}]
    proposal = world["office"].act("proposal", proposal, "assign", units=units)
    assignment = of_unit(world, proposal)
    assignment = world["transport"].act("assignment", assignment, "sign")
    return world["transport"].act("assignment", assignment, "log_contact", **CONTACT)


# 签收


def test_new_lead_assignment_is_pending_and_due_three_months_after_assignment(world, flow):
    proposal = flow.assigned(LEAD)

    assignment = world["transport"].assignment(proposal["assignments"][0]["id"])

    assert assignment["state"] == "pending"
    assert assignment["due_at"] == "2026-06-16T23:59:59+08:00"
    assert {"sign", "request_return"} <= set(assignment["available_events"])


def test_unit_signs_for_its_assignment_and_starts_handling(world, flow):
    assignment = of_unit(world, flow.assigned(LEAD))

    signed_for = world["transport"].act("assignment", assignment, "sign")

    assert signed_for["state"] == "handling"
    assert signed_for["version"] == assignment["version"] + 1
    assert signed_for["signed_at"] == "2026-03-16T09:00:00+08:00"
    history = world["office"].ok("GET", f"/proposals/{assignment['proposal_id']}/history")
    assert (history[-1]["event"], history[-1]["actor"], history[-1]["to_state"]) == (
        "sign",
        "transport",
        "handling",
    )


def test_committee_cannot_sign_for_a_unit(world, flow):
    assignment = of_unit(world, flow.assigned(LEAD))
    before = footprint(world, assignment)

    response = world["office"].fire("assignment", assignment, "sign")

    assert_refused(response, 403, "forbidden")
    assert footprint(world, assignment) == before


def test_clerk_of_another_unit_cannot_see_or_sign_the_assignment(world, flow):
    assignment = of_unit(world, flow.assigned(LEAD))
    before = footprint(world, assignment)

    response = world["education"].fire("assignment", assignment, "sign")

    assert_refused(response, 404, "not_found")
    assert world["education"].get(f"/assignments/{assignment['id']}").status == 404
    assert footprint(world, assignment) == before


# 办前沟通


def test_unit_logs_a_contact_and_keeps_handling(world, flow):
    assignment = signed(world, flow)

    logged = world["transport"].act("assignment", assignment, "log_contact", **CONTACT)

    assert logged["state"] == "handling"
    assert logged["version"] == assignment["version"] + 1
    [contact] = logged["contacts"]
    assert {k: contact[k] for k in ("method", "date", "summary", "status")} == {
        **CONTACT,
        "status": "logged",
    }


@pytest.mark.parametrize(
    "change, field",
    [
        ({"method": "微信"}, "method"),
        ({"date": "3月20日"}, "date"),
        ({"summary": None}, "summary"),
    ],
)
def test_contact_with_a_bad_or_missing_field_is_refused(world, flow, change, field):
    assignment = signed(world, flow)
    before = footprint(world, assignment)
    fields = {k: v for k, v in (CONTACT | change).items() if v is not None}

    response = world["transport"].fire("assignment", assignment, "log_contact", **fields)

    assert_refused(response, 422, "invalid_input", field)
    assert footprint(world, assignment) == before


def test_a_contact_dated_after_today_is_refused_and_one_dated_today_is_logged(world, flow):
    assignment = signed(world, flow)
    before = footprint(world, assignment)
    today = world.clock.now().date()
    tomorrow = CONTACT | {"date": (today + timedelta(days=1)).isoformat()}

    response = world["transport"].fire("assignment", assignment, "log_contact", **tomorrow)

    assert_refused(response, 422, "invalid_input", "date")
    assert response.error["message"] == f"沟通日期不能晚于今天（{today.isoformat()}）。"
    assert footprint(world, assignment) == before
    logged = world["transport"].act(
        "assignment", assignment, "log_contact", **(CONTACT | {"date": today.isoformat()})
    )
    assert [c["date"] for c in logged["contacts"]] == [today.isoformat()]


@pytest.mark.parametrize(
    "event, status", [("confirm_contact", "confirmed"), ("deny_contact", "denied")]
)
def test_lead_proposer_answers_a_logged_contact(world, flow, event, status):
    assignment = contacted(world, flow)
    zhang = world["zhang"]

    answered = zhang.act(
        "assignment",
        zhang.assignment(assignment["id"]),
        event,
        contact_id=assignment["contacts"][0]["id"],
    )

    assert answered["state"] == "handling"
    assert answered["contacts"][0]["status"] == status


def test_co_signer_cannot_answer_a_contact(world):
    assignment = cosigned_assignment(world)
    before = footprint(world, assignment)
    li = world["li"]

    response = li.fire(
        "assignment",
        li.assignment(assignment["id"]),
        "deny_contact",
        contact_id=assignment["contacts"][0]["id"],
    )

    assert_refused(response, 409, "guard_failed")
    assert "第一提案人" in response.error["message"]
    assert world["office"].assignment(assignment["id"])["contacts"][0]["status"] == "logged"
    assert footprint(world, assignment) == before


def test_answering_an_unknown_contact_is_refused(world, flow):
    assignment = contacted(world, flow)
    before = footprint(world, assignment)

    response = world["zhang"].fire("assignment", assignment, "confirm_contact", contact_id=9999)

    assert_refused(response, 422, "invalid_input", "contact_id")
    assert footprint(world, assignment) == before


@pytest.mark.parametrize(
    "first, second", [("confirm_contact", "deny_contact"), ("deny_contact", "deny_contact")]
)
def test_answering_a_contact_twice_is_refused(world, flow, first, second):
    assignment = contacted(world, flow)
    contact_id = assignment["contacts"][0]["id"]
    assignment = world["zhang"].act("assignment", assignment, first, contact_id=contact_id)
    before = footprint(world, assignment)

    response = world["zhang"].fire("assignment", assignment, second, contact_id=contact_id)

    assert_refused(response, 422, "invalid_input", "contact_id")
    assert footprint(world, assignment) == before


def test_denied_contact_no_longer_allows_the_reply(world, flow):
    assignment = contacted(world, flow)
    contact_id = assignment["contacts"][0]["id"]
    assignment = world["zhang"].act("assignment", assignment, "deny_contact", contact_id=contact_id)
    before = footprint(world, assignment)

    response = world["transport"].fire("assignment", assignment, "reply", **REPLY)

    assert_refused(response, 409, "guard_failed")
    assert "沟通" in response.error["message"]
    assert footprint(world, assignment) == before


# 答复


def test_empty_reply_names_every_missing_field(world, flow):
    assignment = contacted(world, flow)
    before = footprint(world, assignment)

    response = world["transport"].fire("assignment", assignment, "reply")

    assert_refused(response, 422, "invalid_input")
    assert set(response.error["details"]) == set(BARE_REPLY)
    assert footprint(world, assignment) == before


def test_reply_without_a_signing_leader_is_refused(world, flow):
    assignment = contacted(world, flow)
    before = footprint(world, assignment)
    fields = {k: v for k, v in REPLY.items() if k != "signed_by"}

    response = world["transport"].fire("assignment", assignment, "reply", **fields)

    assert_refused(response, 422, "invalid_input", "signed_by")
    assert list(response.error["details"]) == ["signed_by"]
    assert footprint(world, assignment) == before


def test_reply_with_a_category_outside_a_to_d_is_refused(world, flow):
    assignment = contacted(world, flow)
    before = footprint(world, assignment)

    response = world["transport"].fire(
        "assignment", assignment, "reply", **REPLY | {"category": "E"}
    )

    assert_refused(response, 422, "invalid_input", "category")
    assert footprint(world, assignment) == before


def test_reply_keeps_the_units_own_letter_number(world, flow):
    assignment = contacted(world, flow)

    world["transport"].act(
        "assignment", assignment, "reply", **REPLY, document_number=" 市交函〔2026〕15号 "
    )

    [reply] = world["office"].assignment(assignment["id"])["replies"]
    assert reply["document_number"] == "市交函〔2026〕15号"


def test_reply_with_a_letter_number_over_forty_characters_is_refused(world, flow):
    assignment = contacted(world, flow)
    before = footprint(world, assignment)

    response = world["transport"].fire(
        "assignment", assignment, "reply", **REPLY, document_number="函" * 41
    )

    assert_refused(response, 422, "invalid_input", "document_number")
    assert "文号不能超过40个字" in response.error["message"]
    assert footprint(world, assignment) == before


def test_lead_unit_replies_and_the_reply_is_shown_with_its_commitments(world, flow):
    assignment = contacted(world, flow)
    commitments = [{"text": "年底前建成公交专用道10公里。", "due_date": "2026-12-31"}]

    world["transport"].act("assignment", assignment, "reply", **REPLY, commitments=commitments)

    shown = world["office"].assignment(assignment["id"])
    assert shown["state"] == "replied"
    [reply] = shown["replies"]
    assert {k: reply[k] for k in (*REPLY, "kind")} == {**REPLY, "kind": "reply"}
    assert reply["commitments"] == commitments
    assert reply["document_number"] is None
    assert world["office"].proposal(assignment["proposal_id"])["state"] == "replied"


def test_lead_unit_cannot_reply_before_contacting_the_proposer(world, flow):
    assignment = signed(world, flow)
    before = footprint(world, assignment)

    response = world["transport"].fire("assignment", assignment, "reply", **REPLY)

    assert_refused(response, 409, "guard_failed")
    assert "沟通" in response.error["message"]
    assert footprint(world, assignment) == before


def test_committee_waiver_lets_the_unit_reply_without_a_contact(world, flow):
    assignment = signed(world, flow)
    waived = world["office"].act("assignment", assignment, "waive_contact", reason="提案人出国。")

    replied = world["transport"].act("assignment", waived, "reply", **REPLY)

    assert waived["contact_waived"] is True
    assert replied["state"] == "replied"


def test_waiving_the_contact_needs_a_reason(world, flow):
    assignment = signed(world, flow)
    before = footprint(world, assignment)

    response = world["office"].fire("assignment", assignment, "waive_contact")

    assert_refused(response, 422, "invalid_input", "reason")
    assert footprint(world, assignment) == before


def test_lead_unit_cannot_reply_while_an_assisting_opinion_is_awaited(world, flow):
    assignment = contacted(world, flow, WITH_ASSISTING)
    before = footprint(world, assignment)

    response = world["transport"].fire("assignment", assignment, "reply", **REPLY)

    assert_refused(response, 409, "guard_failed")
    assert "会办" in response.error["message"]
    assert footprint(world, assignment) == before


def test_lead_unit_replies_once_the_assisting_unit_gave_its_opinion(world, flow):
    assignment = contacted(world, flow, WITH_ASSISTING)
    flow.handle(of_unit(world, world["office"].proposal(assignment["proposal_id"]), "市教育局"))

    replied = world["transport"].act("assignment", assignment, "reply", **REPLY)

    assert replied["state"] == "replied"
    assert world["office"].proposal(assignment["proposal_id"])["state"] == "replied"


def test_assisting_unit_submits_its_opinion(world, flow):
    assignment = signed(world, flow, WITH_ASSISTING, "市教育局")

    opinion = world["education"].act("assignment", assignment, "submit_opinion", body="同意。")

    assert opinion["state"] == "replied"
    assert [(r["kind"], r["body"]) for r in opinion["replies"]] == [("opinion", "同意。")]
    assert world["office"].proposal(assignment["proposal_id"])["state"] == "handling"


def test_lead_unit_and_office_read_the_assisting_opinion_the_member_does_not(world, flow):
    lead = signed(world, flow, WITH_ASSISTING)
    proposal = world["office"].proposal(lead["proposal_id"])
    assisting = world["education"].act("assignment", of_unit(world, proposal, "市教育局"), "sign")
    assert world["transport"].assignment(lead["id"])["assisting_opinions"] == []

    world["education"].act("assignment", assisting, "submit_opinion", body="建议同步优化换乘。")

    for reader in ("transport", "office"):
        opinions = world[reader].assignment(lead["id"])["assisting_opinions"]
        shown = [(o["unit_name"], o["body"]) for o in opinions]
        assert shown == [("市教育局", "建议同步优化换乘。")]
    assert world["zhang"].assignment(lead["id"])["assisting_opinions"] == []
    assert world["education"].assignment(assisting["id"])["assisting_opinions"] == []


def test_assisting_opinion_needs_a_body(world, flow):
    assignment = signed(world, flow, WITH_ASSISTING, "市教育局")
    before = footprint(world, assignment)

    response = world["education"].fire("assignment", assignment, "submit_opinion")

    assert_refused(response, 422, "invalid_input", "body")
    assert footprint(world, assignment) == before


def test_assisting_unit_cannot_reply_in_place_of_the_lead(world, flow):
    assignment = signed(world, flow, WITH_ASSISTING, "市教育局")
    before = footprint(world, assignment)

    response = world["education"].fire("assignment", assignment, "reply", **REPLY)

    assert_refused(response, 409, "guard_failed")
    assert footprint(world, assignment) == before


def test_lead_unit_cannot_submit_an_assisting_opinion(world, flow):
    assignment = contacted(world, flow)
    before = footprint(world, assignment)

    response = world["transport"].fire("assignment", assignment, "submit_opinion", body="同意。")

    assert_refused(response, 409, "guard_failed")
    assert footprint(world, assignment) == before


def test_separate_unit_replies_without_waiting_for_the_other_units(world, flow):
    proposal = flow.assigned(TWO_SEPARATE)

    replied = flow.handle(of_unit(world, proposal, "市交通运输局"))

    assert replied["state"] == "replied"
    assert (
        of_unit(world, world["office"].proposal(proposal["id"]), "市教育局")["state"] == "pending"
    )
    assert world["office"].proposal(proposal["id"])["state"] == "handling"


def test_proposal_is_replied_when_the_last_separate_unit_replies(world, flow):
    proposal = flow.assigned(TWO_SEPARATE)
    flow.handle(of_unit(world, proposal, "市交通运输局"))

    flow.handle(of_unit(world, proposal, "市教育局"))

    assert world["office"].proposal(proposal["id"])["state"] == "replied"


# 延期


def test_lead_unit_requests_an_extension_and_the_due_date_waits_for_approval(world, flow):
    assignment = signed(world, flow)

    requested = world["transport"].act("assignment", assignment, "request_extension", **EXTENSION)

    assert requested["state"] == "handling"
    assert requested["due_at"] == "2026-06-16T23:59:59+08:00"
    [extension] = requested["extensions"]
    assert (extension["until"], extension["status"]) == ("2026-07-31", "pending")


@pytest.mark.parametrize("until", ["2026-06-16", "2026-09-17"])
def test_extension_not_after_the_due_date_or_past_six_months_is_refused(world, flow, until):
    assignment = signed(world, flow)
    before = footprint(world, assignment)

    response = world["transport"].fire(
        "assignment", assignment, "request_extension", **EXTENSION | {"until": until}
    )

    assert_refused(response, 422, "invalid_input", "until")
    assert footprint(world, assignment) == before


def test_extension_to_the_six_month_maximum_is_accepted(world, flow):
    assignment = signed(world, flow)

    requested = world["transport"].act(
        "assignment", assignment, "request_extension", **EXTENSION | {"until": "2026-09-16"}
    )

    assert requested["extensions"][0]["until"] == "2026-09-16"


def test_second_extension_request_while_one_is_pending_is_refused(world, flow):
    assignment = signed(world, flow)
    assignment = world["transport"].act("assignment", assignment, "request_extension", **EXTENSION)
    before = footprint(world, assignment)

    response = world["transport"].fire(
        "assignment", assignment, "request_extension", **EXTENSION | {"until": "2026-08-31"}
    )

    assert_refused(response, 409, "guard_failed")
    assert footprint(world, assignment) == before


def test_committee_approves_an_extension_and_the_due_date_moves(world, flow):
    assignment = signed(world, flow)
    assignment = world["transport"].act("assignment", assignment, "request_extension", **EXTENSION)

    approved = world["office"].act("assignment", assignment, "approve_extension")

    assert approved["due_at"] == "2026-07-31T23:59:59+08:00"
    assert approved["extensions"][0]["status"] == "approved"
    assert approved["state"] == "handling"


def test_committee_denies_an_extension_with_a_reason_and_the_due_date_stays(world, flow):
    assignment = signed(world, flow)
    assignment = world["transport"].act("assignment", assignment, "request_extension", **EXTENSION)

    denied = world["office"].act("assignment", assignment, "deny_extension", reason="理由不充分。")

    assert denied["due_at"] == "2026-06-16T23:59:59+08:00"
    [extension] = denied["extensions"]
    assert (extension["status"], extension["decision_reason"]) == ("denied", "理由不充分。")


def test_denying_an_extension_needs_a_reason(world, flow):
    assignment = signed(world, flow)
    assignment = world["transport"].act("assignment", assignment, "request_extension", **EXTENSION)
    before = footprint(world, assignment)

    response = world["office"].fire("assignment", assignment, "deny_extension")

    assert_refused(response, 422, "invalid_input", "reason")
    assert footprint(world, assignment) == before


@pytest.mark.parametrize(
    "event, fields", [("approve_extension", {}), ("deny_extension", {"reason": "不同意。"})]
)
def test_deciding_an_extension_nobody_requested_is_refused(world, flow, event, fields):
    assignment = signed(world, flow)
    before = footprint(world, assignment)

    response = world["office"].fire("assignment", assignment, event, **fields)

    assert_refused(response, 409, "guard_failed")
    assert footprint(world, assignment) == before


def test_unit_cannot_approve_its_own_extension(world, flow):
    assignment = signed(world, flow)
    assignment = world["transport"].act("assignment", assignment, "request_extension", **EXTENSION)
    before = footprint(world, assignment)

    response = world["transport"].fire("assignment", assignment, "approve_extension")

    assert_refused(response, 403, "forbidden")
    assert footprint(world, assignment) == before


# 催办


def test_committee_urges_a_unit_and_the_assignment_stays_where_it_is(world, flow):
    assignment = signed(world, flow)

    urged = world["office"].act("assignment", assignment, "urge", message="请抓紧办理。")

    assert (urged["state"], urged["version"]) == ("handling", assignment["version"] + 1)
    history = world["office"].ok("GET", f"/proposals/{assignment['proposal_id']}/history")
    assert (history[-1]["event"], history[-1]["actor"]) == ("urge", "office")


# 交办清单


def test_assignments_filter_by_state(world, flow):
    signed(world, flow, WITH_ASSISTING)

    page = world["office"].ok("GET", "/assignments?state=handling")

    assert [(a["unit_name"], a["state"]) for a in page["items"]] == [("市交通运输局", "handling")]
    assert page["total"] == 1


def test_assignments_filter_by_proposal(world, flow):
    first = flow.assigned(WITH_ASSISTING)
    flow.assigned(LEAD)

    page = world["office"].ok("GET", f"/assignments?proposal_id={first['id']}")

    assert {a["id"] for a in page["items"]} == {a["id"] for a in first["assignments"]}
    assert page["total"] == 2


def test_assignments_are_paged_with_a_cursor(world, flow):
    units = tuple((name, "separate") for name in world.units)
    ids = {a["id"] for a in flow.assigned(units)["assignments"]}

    first = world["office"].ok("GET", "/assignments?limit=3")
    second = world["office"].ok("GET", f"/assignments?limit=3&cursor={first['next']}")

    assert (len(first["items"]), first["total"], len(second["items"])) == (3, 4, 1)
    assert second["next"] is None
    assert {a["id"] for a in first["items"] + second["items"]} == ids


@pytest.mark.parametrize("category", ["B", "C"])
def test_a_b_or_c_reply_without_commitment_or_reason_is_refused_naming_the_field(
    world, flow, category
):
    assignment = contacted(world, flow)
    before = footprint(world, assignment)

    refused = world["transport"].fire(
        "assignment", assignment, "reply", **BARE_REPLY | {"category": category}
    )

    assert_refused(refused, 422, "invalid_input", "commitments")
    assert "承诺事项" in refused.error["message"]
    assert footprint(world, assignment) == before


def test_a_b_reply_lacking_text_and_promises_names_them_all_at_once(world, flow):
    assignment = contacted(world, flow)
    bare = {k: v for k, v in BARE_REPLY.items() if k not in ("body", "signed_by")}

    refused = world["transport"].fire("assignment", assignment, "reply", **bare)

    assert refused.status == 422
    assert set(refused.error["details"]) == {"body", "signed_by", "commitments"}


def test_a_b_reply_with_a_dated_commitment_is_taken(world, flow):
    assignment = contacted(world, flow)
    promise = {"text": "年内新增公交专用道12公里", "due_date": "2026-12-31"}

    replied = world["transport"].act(
        "assignment", assignment, "reply", **BARE_REPLY, commitments=[promise]
    )

    assert replied["state"] == "replied"
    assert replied["replies"][-1]["commitments"] == [promise]
    assert replied["replies"][-1]["no_commitment_reason"] is None


def test_a_c_reply_may_say_why_no_commitment_can_be_given(world, flow):
    assignment = contacted(world, flow)
    why = "须待国家有关政策出台后研究。"

    replied = world["transport"].act(
        "assignment",
        assignment,
        "reply",
        **BARE_REPLY | {"category": "C"},
        no_commitment_reason=why,
    )

    assert replied["replies"][-1]["no_commitment_reason"] == why
    assert replied["replies"][-1]["commitments"] == []


@pytest.mark.parametrize("category", ["A", "D"])
def test_an_a_or_d_reply_needs_no_commitment(world, flow, category):
    assignment = contacted(world, flow)

    replied = world["transport"].act(
        "assignment", assignment, "reply", **BARE_REPLY | {"category": category}
    )

    assert replied["state"] == "replied"


# What the 答复函 prints


def test_reply_promising_a_measure_due_before_today_is_refused(world, flow):
    assignment = contacted(world, flow)
    before = footprint(world, assignment)
    promised = [
        {"text": "年底前建成公交专用道10公里。", "due_date": "2026-12-31"},
        {"text": "新增停车泊位500个。", "due_date": "2025-01-01"},
    ]

    response = world["transport"].fire(
        "assignment", assignment, "reply", **BARE_REPLY, commitments=promised
    )

    assert_refused(response, 422, "invalid_input", "commitments.1.due_date")
    assert "承诺完成日期不能早于今天" in response.error["message"]
    assert footprint(world, assignment) == before


def test_reply_may_promise_a_measure_for_today(world, flow, clock):
    assignment = contacted(world, flow)
    today = clock.now().astimezone(world.app.extensions["settings"].zone).date().isoformat()
    promised = [{"text": "当天完成站牌更换。", "due_date": today}]

    replied = world["transport"].act(
        "assignment", assignment, "reply", **BARE_REPLY, commitments=promised
    )

    assert replied["replies"][0]["commitments"] == promised


@pytest.mark.parametrize("phone", ["abc", "123456", "待定", "0571-8700000x"])
def test_reply_whose_contact_phone_is_no_telephone_number_is_refused(world, flow, phone):
    assignment = contacted(world, flow)
    before = footprint(world, assignment)

    response = world["transport"].fire(
        "assignment", assignment, "reply", **{**REPLY, "contact_phone": phone}
    )

    assert_refused(response, 422, "invalid_input", "contact_phone")
    assert "联系电话须为电话号码" in response.error["message"]
    assert footprint(world, assignment) == before


@pytest.mark.parametrize(
    "phone, printed",
    [
        ("87654321转8001", "87654321转8001"),
        ("(0571) 8700 0000", "(0571) 8700 0000"),
        ("０５７１－８７０００００１", "0571-87000001"),
        ("139 1234 5678", "139 1234 5678"),
    ],
)
def test_reply_takes_a_contact_phone_as_offices_write_it(world, flow, phone, printed):
    assignment = contacted(world, flow)

    replied = world["transport"].act(
        "assignment", assignment, "reply", **{**REPLY, "contact_phone": phone}
    )

    assert replied["replies"][0]["contact_phone"] == printed


def test_a_bad_contact_phone_is_refused_before_the_missing_contact(world, flow):
    assignment = signed(world, flow)  # no contact with the proposer yet: the guard would refuse

    response = world["transport"].fire(
        "assignment", assignment, "reply", **{**REPLY, "contact_phone": "abc"}
    )

    assert_refused(response, 422, "invalid_input", "contact_phone")
