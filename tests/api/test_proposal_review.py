"""Proposal review over the API: filing, co-signing, withdrawal, revision, accept/reject/merge."""

import pytest

from service.db import unit_of_work
from service.models import PlenarySession
from tests.flows import PARTS, Flow

TITLE = "关于提升城区公交准点率的提案"
REVISED = "关于优化城区公交线网的提案"
REVIEW_EVENTS = {"accept", "reject", "merge", "return_for_revision"}


def _snapshot(client, proposal_id: int) -> tuple:
    """What a refusal must leave as it was: state, version and the length of the history."""
    proposal = client.proposal(proposal_id)
    history = client.ok("GET", f"/proposals/{proposal_id}/history")
    return proposal["state"], proposal["version"], len(history)


def _assert_refused(response, status: int, code: str, field: str | None = None) -> None:
    assert response.status == status, response.json
    assert response.error["code"] == code, response.error
    assert response.error["message"]
    if field is not None:
        assert field in response.error["details"], response.error


def _filing(**changes) -> dict:
    return {"title": TITLE, "category": "economy", **PARTS, **changes}


def _cosigned(world, cosigner: str = "li") -> dict:
    """Zhang's proposal with one co-signer who confirmed: submitted."""
    proposal = Flow(world).submitted(co_signers=[cosigner])
    return world[cosigner].act("proposal", proposal, "cosign")


def _returned(world) -> dict:
    proposal = Flow(world).submitted()
    return world["office"].act("proposal", proposal, "return_for_revision", reason="请补充数据。")


def _in_state(world, state: str) -> dict:
    flow = Flow(world)
    made = {
        "draft": flow.filed,
        "cosigning": lambda: flow.submitted(co_signers=["li"]),
        "submitted": flow.submitted,
        "returned": lambda: _returned(world),
        "accepted": flow.accepted,
    }[state]()
    return world["zhang"].proposal(made["id"])


def _add_session(world, name: str, year: int) -> None:
    with world.app.app_context(), unit_of_work() as session:
        session.add(
            PlenarySession(
                body_id=world.body_id,
                name=name,
                term=14,
                meeting=5,
                year=year,
                current=False,
                last_number=0,
            )
        )


# --- filing -------------------------------------------------------------------------------


def test_member_files_a_draft_in_three_parts_that_the_committee_cannot_see_yet(world):
    member, office = world["zhang"], world["office"]

    proposal = member.ok("POST", "/proposals", _filing(), status=201)

    assert (proposal["state"], proposal["number"], proposal["number_label"]) == (
        "draft",
        None,
        None,
    )
    assert [proposal[name] for name in PARTS] == list(PARTS.values())
    assert all(part in proposal["body"] for part in PARTS.values())
    assert set(proposal["available_events"]) == {"submit", "withdraw"}
    assert office.get(f"/proposals/{proposal['id']}").status == 404


def test_member_files_with_a_single_body_and_submits_at_once(world):
    member, office = world["zhang"], world["office"]
    filing = {"title": TITLE, "category": "society", "body": "建议加密公交专用道。", "submit": True}

    proposal = member.ok("POST", "/proposals", filing, status=201)

    assert (proposal["state"], proposal["body"]) == ("submitted", "建议加密公交专用道。")
    assert proposal["submitted_at"] is not None
    assert office.proposal(proposal["id"])["category"] == "society"


def test_filing_and_submitting_at_once_records_create_then_submit(world):
    member = world["zhang"]

    proposal = Flow(world).submitted()

    history = member.ok("GET", f"/proposals/{proposal['id']}/history")
    assert [(r["event"], r["from_state"], r["to_state"], r["actor"]) for r in history] == [
        ("create", None, "draft", "zhang"),
        ("submit", "draft", "submitted", "zhang"),
    ]
    assert {(r["workflow"], r["subject"]) for r in history} == {
        ("proposal", f"proposal:{proposal['id']}")
    }


def test_new_proposal_defaults_to_the_current_session_and_an_individual_type(world):
    flow = Flow(world)

    first, second = flow.filed(), flow.filed("li", co_signers=["wang"])

    assert (first["year"], first["type"]) == (2026, "individual")
    assert first["session"] and first["session"] == second["session"]
    assert first["session_id"] == second["session_id"]
    assert second["type"] == "joint"


@pytest.mark.parametrize(
    ("drop", "extra", "field"),
    [
        ("background", {}, "background"),
        ("analysis", {}, "analysis"),
        ("suggestions", {}, "suggestions"),
        ("background analysis suggestions", {}, "body"),
        ("", {"title": "关" * 51}, "title"),
        ("", {"priority": "high"}, "priority"),
        ("", {"session": "十九届九次会议"}, "session"),
    ],
)
def test_member_cannot_file_an_incomplete_or_malformed_proposal(world, drop, extra, field):
    member = world["zhang"]
    filing = {k: v for k, v in _filing(**extra).items() if k not in drop.split()}

    response = member.post("/proposals", filing | {"submit": True})

    _assert_refused(response, 422, "invalid_input", field)
    assert member.ok("GET", "/proposals")["total"] == 0


def test_a_draft_saves_with_only_its_title_and_category_and_is_completed_before_submission(
    world,
):
    member = world["zhang"]

    draft = member.ok("POST", "/proposals", {"title": "关于公交的提案", "category": "economy"}, 201)
    refused = member.fire("proposal", draft, "submit")
    completed = member.act("proposal", draft, "submit", body="建议加密公交专用道。")

    assert draft["state"] == "draft"
    _assert_refused(refused, 422, "invalid_input", "body")
    assert completed["state"] == "submitted" and completed["body"] == "建议加密公交专用道。"


def test_an_empty_filing_names_everything_it_lacks_at_once(world):
    response = world["zhang"].post("/proposals", {"submit": True})

    _assert_refused(response, 422, "invalid_input")
    assert {"title", "category", "body"} <= set(response.error["details"])


def test_member_may_use_a_title_of_exactly_fifty_characters(world):
    member = world["zhang"]

    proposal = member.ok("POST", "/proposals", _filing(title="关" * 50), status=201)

    assert len(proposal["title"]) == 50


@pytest.mark.parametrize(
    ("co_signers", "field"),
    [
        (["nobody"], "co_signers.0"),
        (["office"], "co_signers.0"),
        (["zhang"], "co_signers.0"),
        (["li", "nobody"], "co_signers.1"),
    ],
)
def test_member_may_invite_only_other_existing_members_to_co_sign(world, co_signers, field):
    member = world["zhang"]

    response = member.post("/proposals", _filing(co_signers=co_signers, submit=True))

    _assert_refused(response, 422, "invalid_input", field)
    assert member.ok("GET", "/proposals")["total"] == 0
    assert world["li"].ok("GET", "/proposals")["total"] == 0


# --- co-signing ---------------------------------------------------------------------------


def test_submitting_with_invited_co_signers_waits_for_them(world):
    office, invitee = world["office"], world["li"]

    proposal = Flow(world).submitted(co_signers=["li", "wang"])

    assert (proposal["state"], proposal["co_signers"]) == ("cosigning", ["li", "wang"])
    assert set(invitee.proposal(proposal["id"])["available_events"]) == {"cosign", "decline"}
    assert office.get(f"/proposals/{proposal['id']}").status == 404


def test_proposal_is_submitted_when_every_invited_co_signer_has_confirmed(world):
    li, wang, office = world["li"], world["wang"], world["office"]
    proposal = Flow(world).submitted(co_signers=["li", "wang"])

    halfway = li.act("proposal", proposal, "cosign")
    proposal = wang.act("proposal", halfway, "cosign")

    assert halfway["state"] == "cosigning"
    assert proposal["state"] == "submitted"
    details = {d["username"]: d["status"] for d in proposal["co_signer_details"]}
    assert details == {"li": "confirmed", "wang": "confirmed"}
    assert office.proposal(proposal["id"])["state"] == "submitted"


def test_declined_co_signer_disappears_from_the_co_signers(world):
    li, wang, member = world["li"], world["wang"], world["zhang"]
    proposal = Flow(world).submitted(co_signers=["li", "wang"])

    proposal = li.act("proposal", proposal, "decline")
    proposal = wang.act("proposal", proposal, "cosign")

    assert proposal["state"] == "submitted"
    assert member.proposal(proposal["id"])["co_signers"] == ["wang"]
    assert li.get(f"/proposals/{proposal['id']}").status == 404


def test_last_invitee_declining_submits_the_proposal(world):
    li = world["li"]
    proposal = Flow(world).submitted(co_signers=["li"])

    proposal = li.act("proposal", proposal, "decline")

    assert (proposal["state"], proposal["co_signers"]) == ("submitted", [])


@pytest.mark.parametrize(
    ("who", "event"),
    [("zhang", "cosign"), ("li", "decline")],
)
def test_only_a_still_invited_co_signer_may_answer_the_invitation(world, who, event):
    proposal = Flow(world).submitted(co_signers=["li", "wang"])
    proposal = world["li"].act("proposal", proposal, "cosign")
    before = _snapshot(world["zhang"], proposal["id"])

    response = world[who].fire("proposal", proposal, event)

    _assert_refused(response, 409, "guard_failed")
    assert _snapshot(world["zhang"], proposal["id"]) == before


def test_member_not_on_the_proposal_cannot_even_see_the_invitation(world):
    outsider = world.add_user("zhao", "member", display_name="赵强")
    proposal = Flow(world).submitted(co_signers=["li"])
    before = _snapshot(world["zhang"], proposal["id"])

    response = outsider.fire("proposal", proposal, "cosign")

    _assert_refused(response, 404, "not_found")
    assert _snapshot(world["zhang"], proposal["id"]) == before


# --- withdrawal ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "cosigning", "submitted", "returned"])
def test_lead_proposer_withdraws_before_acceptance(world, state):
    member = world["zhang"]
    proposal = _in_state(world, state)

    proposal = member.act("proposal", proposal, "withdraw")

    assert (proposal["state"], proposal["available_events"]) == ("withdrawn", [])
    history = member.ok("GET", f"/proposals/{proposal['id']}/history")
    assert (history[-1]["event"], history[-1]["from_state"]) == ("withdraw", state)


def test_co_signer_cannot_withdraw_the_proposal(world):
    proposal = _cosigned(world)
    before = _snapshot(world["zhang"], proposal["id"])

    response = world["li"].fire("proposal", proposal, "withdraw")

    _assert_refused(response, 409, "guard_failed")
    assert _snapshot(world["zhang"], proposal["id"]) == before


def test_committee_cannot_withdraw_a_proposal(world):
    proposal = Flow(world).submitted()
    before = _snapshot(world["office"], proposal["id"])

    response = world["office"].fire("proposal", proposal, "withdraw")

    _assert_refused(response, 403, "forbidden")
    assert _snapshot(world["office"], proposal["id"]) == before


def test_lead_proposer_cannot_withdraw_after_acceptance(world):
    proposal = _in_state(world, "accepted")
    before = _snapshot(world["zhang"], proposal["id"])

    response = world["zhang"].fire("proposal", proposal, "withdraw")

    _assert_refused(response, 409, "event_not_allowed")
    assert _snapshot(world["zhang"], proposal["id"]) == before


# --- return for revision ------------------------------------------------------------------


@pytest.mark.parametrize("fields", [{}, {"reason": "   "}])
def test_committee_must_say_why_it_returns_a_proposal(world, fields):
    office = world["office"]
    proposal = Flow(world).submitted()
    before = _snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "return_for_revision", **fields)

    _assert_refused(response, 422, "invalid_input", "reason")
    assert _snapshot(office, proposal["id"]) == before


def test_member_revises_a_returned_proposal_and_submits_it_again(world):
    member, office = world["zhang"], world["office"]
    proposal = member.proposal(_returned(world)["id"])
    assert (proposal["state"], proposal["reason"]) == ("returned", "请补充数据。")

    proposal = member.act("proposal", proposal, "submit", title=REVISED, analysis="新的分析。")

    assert (proposal["state"], proposal["title"]) == ("submitted", REVISED)
    seen = office.proposal(proposal["id"])
    assert (seen["title"], seen["analysis"]) == (REVISED, "新的分析。")
    assert set(seen["available_events"]) >= REVIEW_EVENTS


def test_revised_title_over_fifty_characters_is_refused(world):
    member = world["zhang"]
    proposal = member.proposal(_returned(world)["id"])
    before = _snapshot(member, proposal["id"])

    response = member.fire("proposal", proposal, "submit", title="关" * 51)

    _assert_refused(response, 422, "invalid_input", "title")
    assert _snapshot(member, proposal["id"]) == before
    assert member.proposal(proposal["id"])["title"] == TITLE


# --- acceptance and numbering -------------------------------------------------------------


def test_accepted_proposals_are_numbered_in_the_order_they_are_accepted(world):
    flow, office = Flow(world), world["office"]
    first, second, third = flow.submitted(), flow.submitted("li"), flow.submitted("wang")

    numbered = [office.act("proposal", p, "accept") for p in (second, third, first)]

    assert [(p["id"], p["number"]) for p in numbered] == [
        (second["id"], 1),
        (third["id"], 2),
        (first["id"], 3),
    ]
    assert [p["number_label"] for p in numbered] == ["第0001号", "第0002号", "第0003号"]
    assert world["li"].proposal(second["id"])["number_label"] == "第0001号"


def test_rejected_and_returned_proposals_take_no_number(world):
    flow, office = Flow(world), world["office"]
    rejected, returned, accepted = flow.submitted(), flow.submitted(), flow.submitted()

    rejected = office.act("proposal", rejected, "reject", reason_code="other", disposition="none")
    returned = office.act("proposal", returned, "return_for_revision", reason="请补充。")
    accepted = office.act("proposal", accepted, "accept")
    resubmitted = world["zhang"].act("proposal", returned, "submit")
    resubmitted = office.act("proposal", resubmitted, "accept")

    assert (rejected["number"], returned["number"]) == (None, None)
    assert (accepted["number"], resubmitted["number"]) == (1, 2)


def test_each_session_numbers_its_own_proposals_from_one(world):
    flow, office = Flow(world), world["office"]
    _add_session(world, "十四届五次会议", 2027)
    office.act("proposal", flow.submitted(), "accept")
    office.act("proposal", flow.submitted(), "accept")

    later = office.act("proposal", flow.submitted(session="十四届五次会议"), "accept")

    assert (later["session"], later["year"]) == ("十四届五次会议", 2027)
    assert (later["number"], later["number_label"]) == (1, "第0001号")


def test_acceptance_is_recorded_with_the_number(world):
    office = world["office"]

    proposal = office.act("proposal", Flow(world).submitted(), "accept")

    last = office.ok("GET", f"/proposals/{proposal['id']}/history")[-1]
    assert (last["event"], last["actor"], last["to_state"]) == ("accept", "office", "accepted")
    assert (last["data"]["number"], last["data"]["number_label"]) == (1, "第0001号")


# --- rejection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"disposition": "opinion"}, "reason"),
        ({"reason_code": "other"}, "disposition"),
        ({"reason_code": "gossip", "disposition": "opinion"}, "reason_code"),
        ({"reason": "属于个人事务。", "disposition": "archive"}, "disposition"),
    ],
)
def test_rejection_needs_a_reason_and_a_disposition(world, fields, field):
    office = world["office"]
    proposal = Flow(world).submitted()
    before = _snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "reject", **fields)

    _assert_refused(response, 422, "invalid_input", field)
    assert _snapshot(office, proposal["id"]) == before


@pytest.mark.parametrize(
    "fields",
    [
        {"reason_code": "personal_matter", "disposition": "letter"},
        {"reason": "属于个人诉求，转为委员来信。", "disposition": "letter"},
    ],
)
def test_proposer_sees_why_a_proposal_was_rejected_and_where_it_went(world, fields):
    member, office = world["zhang"], world["office"]
    proposal = Flow(world).submitted()

    office.act("proposal", proposal, "reject", **fields)

    seen = member.proposal(proposal["id"])
    assert (seen["state"], seen["number"], seen["available_events"]) == ("not_accepted", None, [])
    assert (seen["reason_code"], seen["reason"]) == (
        fields.get("reason_code"),
        fields.get("reason"),
    )
    assert seen["disposition"] == "letter"


# --- merging ------------------------------------------------------------------------------


@pytest.mark.parametrize("target_state", ["submitted", "accepted"])
def test_merged_proposers_become_co_signers_of_the_target(world, target_state):
    office, flow = world["office"], Flow(world)
    target = flow.submitted("wang")
    if target_state == "accepted":
        target = office.act("proposal", target, "accept")
    proposal = _cosigned(world)

    merged = office.act("proposal", proposal, "merge", into=target["id"])

    assert (merged["state"], merged["merged_into_id"]) == ("merged", target["id"])
    target = office.proposal(target["id"])
    assert (target["state"], sorted(target["co_signers"])) == (target_state, ["li", "zhang"])
    assert {(d["username"], d["status"], d["via"]) for d in target["co_signer_details"]} == {
        ("zhang", "confirmed", "merge"),
        ("li", "confirmed", "merge"),
    }


def test_merged_proposers_read_the_target_but_a_declined_invitee_does_not(world):
    office, flow = world["office"], Flow(world)
    world.add_user("zhao", "member", display_name="赵强")
    target = flow.submitted("wang")
    proposal = flow.submitted(co_signers=["li", "zhao"])
    world["zhao"].act("proposal", proposal, "decline")
    proposal = world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")

    office.act("proposal", proposal, "merge", into=target["id"])

    assert world["zhang"].proposal(target["id"])["title"] == TITLE
    assert world["li"].proposal(target["id"])["lead_proposer"] == "wang"
    assert world["zhao"].get(f"/proposals/{target['id']}").status == 404


def _merge_target(world, kind: str, proposal: dict):
    flow, office = Flow(world), world["office"]
    if kind == "itself":
        return proposal["id"]
    if kind == "draft":
        return flow.filed("wang")["id"]
    if kind == "rejected":
        target = flow.submitted("wang")
        return office.act("proposal", target, "reject", reason="无", disposition="none")["id"]
    if kind == "closed":
        return flow.closed()["id"]
    return {"missing": 99999, "absent": None}[kind]


@pytest.mark.parametrize("kind", ["itself", "draft", "rejected", "closed", "missing", "absent"])
def test_committee_may_merge_only_into_another_proposal_under_review_or_accepted(world, kind):
    office = world["office"]
    proposal = Flow(world).submitted("li")
    into = _merge_target(world, kind, proposal)
    before = _snapshot(office, proposal["id"])

    response = office.fire(
        "proposal", proposal, "merge", **({} if into is None else {"into": into})
    )

    _assert_refused(response, 422, "invalid_input", "into")
    assert _snapshot(office, proposal["id"]) == before


# --- refusals in the contract's order -----------------------------------------------------


@pytest.mark.parametrize(
    ("state", "who", "event", "fields"),
    [
        ("accepted", "office", "accept", {}),
        ("submitted", "office", "assign", {"units": [{"unit_id": 1, "role": "lead"}]}),
        ("submitted", "zhang", "submit", {}),
        ("draft", "zhang", "cosign", {}),
    ],
)
def test_events_not_allowed_in_the_current_state_are_refused(world, state, who, event, fields):
    proposal = _in_state(world, state)
    before = _snapshot(world["zhang"], proposal["id"])

    response = world[who].fire("proposal", proposal, event, **fields)

    _assert_refused(response, 409, "event_not_allowed")
    assert _snapshot(world["zhang"], proposal["id"]) == before


def test_event_on_a_stale_version_is_refused(world):
    member, office = world["zhang"], world["office"]
    draft = Flow(world).filed()
    member.act("proposal", draft, "submit")
    before = _snapshot(office, draft["id"])

    response = office.fire("proposal", draft, "accept")

    _assert_refused(response, 409, "stale_version")
    assert _snapshot(office, draft["id"]) == before
    assert office.proposal(draft["id"])["number"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"event": "approve"}, "event"),
        ({}, "event"),
        ({"event": "accept", "version": None}, "version"),
    ],
)
def test_unknown_event_or_missing_version_is_refused(world, body, field):
    office = world["office"]
    proposal = Flow(world).submitted()
    before = _snapshot(office, proposal["id"])

    response = office.post(f"/proposals/{proposal['id']}/events", {"version": 2, **body})

    _assert_refused(response, 422, "invalid_input", field)
    assert _snapshot(office, proposal["id"]) == before


def test_member_cannot_accept_their_own_proposal(world):
    member = world["zhang"]
    proposal = Flow(world).submitted()
    before = _snapshot(member, proposal["id"])

    response = member.fire("proposal", proposal, "accept")

    _assert_refused(response, 403, "forbidden")
    assert _snapshot(member, proposal["id"]) == before


@pytest.mark.parametrize(
    ("who", "event"),
    [
        ("transport", "assign"),
        ("admin", "accept"),
        ("admin", "mark_key"),
        ("leader", "assign"),
        ("leader", "reopen"),
        ("zhang", "assign"),
    ],
)
def test_roles_that_may_never_fire_an_event_are_forbidden(world, who, event):
    office = world["office"]
    proposal = Flow(world).assigned()
    proposal = office.act("proposal", proposal, "mark_key", leader="leader")
    before = _snapshot(office, proposal["id"])
    units = [{"unit_id": world.units["市教育局"], "role": "assisting"}]

    response = world[who].fire("proposal", proposal, event, units=units)

    _assert_refused(response, 403, "forbidden")
    assert _snapshot(office, proposal["id"]) == before


# --- available events ---------------------------------------------------------------------


def test_available_events_at_review_depend_on_who_asks(world):
    proposal = _cosigned(world)

    seen = {who: world[who].proposal(proposal["id"]) for who in ("office", "zhang", "li")}

    assert set(seen["office"]["available_events"]) == REVIEW_EVENTS
    assert seen["zhang"]["available_events"] == ["withdraw"]
    assert seen["li"]["available_events"] == []
    assert world["admin"].proposal(proposal["id"])["available_events"] == []
