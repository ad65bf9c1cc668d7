"""A proposal's whole life through the API: filed, accepted, assigned, handled, rated."""

from tests.flows import Flow


def test_proposal_goes_from_filing_to_completed_follow_up(world):
    flow = Flow(world)
    office, member = world["office"], world["zhang"]

    proposal = flow.submitted()
    assert proposal["state"] == "submitted"
    assert proposal["number"] is None

    proposal = office.act("proposal", proposal, "accept")
    assert (proposal["state"], proposal["number"], proposal["number_label"]) == (
        "accepted",
        1,
        "第0001号",
    )

    units = [
        {"unit_id": world.units["市交通运输局"], "role": "lead"},
        {"unit_id": world.units["市教育局"], "role": "assisting"},
    ]
    proposal = office.act("proposal", proposal, "assign", units=units)
    assert proposal["state"] == "handling"
    assert {a["unit_name"]: a["state"] for a in proposal["assignments"]} == {
        "市交通运输局": "pending",
        "市教育局": "pending",
    }

    lead, assisting = proposal["assignments"]
    flow.handle(assisting)
    flow.handle(lead)
    proposal = member.proposal(proposal["id"])
    assert proposal["state"] == "replied"
    assert "evaluate" in proposal["available_events"]

    proposal = member.act("proposal", proposal, "evaluate", ratings=flow.ratings(proposal))
    assert proposal["state"] == "closed"

    proposal = office.act("proposal", proposal, "start_follow_up")
    proposal = office.act(
        "proposal",
        proposal,
        "complete_follow_up",
        outcome="implemented",
        findings="公交专用道已建成通车。",
    )
    assert proposal["state"] == "completed"

    history = office.ok("GET", f"/proposals/{proposal['id']}/history")
    events = [(r["workflow"], r["event"]) for r in history]
    assert events[:3] == [("proposal", "create"), ("proposal", "submit"), ("proposal", "accept")]
    assert ("proposal", "complete_handling") in events
    assert all(r["actor"] for r in history)
    assert [r["at"] for r in history] == sorted(r["at"] for r in history)
