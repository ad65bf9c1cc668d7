"""Withdrawing a proposal after 立案 needs the committee's approval: the lead proposer asks with
a reason, the committee approves (the units stop, their deadlines are cancelled) or refuses."""

from __future__ import annotations

from tests.flows import Flow

REASON = {"reason": "所提问题已由有关部门解决。"}


def _assigned(world) -> dict:
    return Flow(world).assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))


def test_an_accepted_proposal_cannot_be_withdrawn_without_asking(world):
    proposal = Flow(world).accepted()

    refused = world["zhang"].fire("proposal", world["zhang"].proposal(proposal["id"]), "withdraw")

    assert refused.status == 409


def test_the_lead_asks_and_the_committee_is_offered_the_decision(world):
    proposal = _assigned(world)
    member, office = world["zhang"], world["office"]

    asked = member.act("proposal", member.proposal(proposal["id"]), "request_withdrawal", **REASON)
    again = member.fire("proposal", asked, "request_withdrawal", **REASON)

    assert asked["state"] == "handling"
    assert {"approve_withdrawal", "deny_withdrawal"} <= set(
        office.proposal(proposal["id"])["available_events"]
    )
    assert again.status == 409 and again.error["code"] == "guard_failed"


def test_approving_withdraws_the_proposal_and_stops_every_unit(world):
    proposal = _assigned(world)
    member, office = world["zhang"], world["office"]
    member.act("proposal", member.proposal(proposal["id"]), "request_withdrawal", **REASON)

    withdrawn = office.act("proposal", office.proposal(proposal["id"]), "approve_withdrawal")
    deadlines = office.ok("GET", f"/deadlines?proposal_id={proposal['id']}")["items"]

    assert withdrawn["state"] == "withdrawn"
    assert {a["state"] for a in withdrawn["assignments"]} == {"withdrawn"}
    assert {d["status"] for d in deadlines} <= {"cancelled", "done"}
    history = office.ok("GET", f"/proposals/{proposal['id']}/history")
    assert [r["event"] for r in history].count("close_withdrawn") == 2


def test_refusing_keeps_the_proposal_in_hand_and_it_may_be_asked_again(world):
    proposal = _assigned(world)
    member, office = world["zhang"], world["office"]
    member.act("proposal", member.proposal(proposal["id"]), "request_withdrawal", **REASON)

    refused = office.act(
        "proposal", office.proposal(proposal["id"]), "deny_withdrawal", reason="请继续跟进办理。"
    )
    asked_again = member.fire(
        "proposal", member.proposal(proposal["id"]), "request_withdrawal", **REASON
    )

    assert refused["state"] == "handling"
    assert {a["state"] for a in refused["assignments"]} == {"pending"}
    assert asked_again.status == 200


def test_nothing_to_decide_without_a_request_and_only_the_lead_may_ask(world):
    proposal = Flow(world).submitted(co_signers=["li"])
    world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")
    office = world["office"]
    office.act("proposal", office.proposal(proposal["id"]), "accept")

    undecidable = office.fire("proposal", office.proposal(proposal["id"]), "approve_withdrawal")
    by_cosigner = world["li"].fire(
        "proposal", world["li"].proposal(proposal["id"]), "request_withdrawal", **REASON
    )

    assert undecidable.status == 409 and undecidable.error["code"] == "guard_failed"
    assert by_cosigner.status == 409 and by_cosigner.error["code"] == "guard_failed"
