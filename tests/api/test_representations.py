"""A Representation's quick dump gives exactly what marshmallow's own dump of the same schema
gives: compared on every response of a proposal's whole life, read by every kind of user."""

import pytest
from marshmallow import Schema

from service.api.representation import Representation
from tests.flows import REPLY, Flow

UNITS = (("市交通运输局", "lead"), ("市教育局", "assisting"))
READERS = ("office", "leader", "zhang", "li", "transport", "education")
COMMITMENTS = [{"text": "年内新增公交专用道10公里。", "due_date": "2026-12-31"}]


@pytest.fixture
def dumps(monkeypatch):
    """Every Representation dump of the test, with marshmallow's dump of the same object."""
    seen = []
    quick = Representation.dump

    def both(self, obj, *, many=None):
        mine = quick(self, obj, many=many)
        seen.append((type(self).__name__, mine, Schema.dump(self, obj, many=many)))
        return mine

    monkeypatch.setattr(Representation, "dump", both)
    return seen


def _a_whole_life(world) -> dict:
    """Co-signed, key, assigned to a lead and an assisting unit, opinion, contact confirmed,
    extension asked, reply with commitments, rated: every collection a response shows."""
    zhang, office = world["zhang"], world["office"]
    proposal = Flow(world).filed(co_signers=["li"])
    proposal = zhang.act("proposal", proposal, "submit")
    world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")
    proposal = office.act("proposal", office.proposal(proposal["id"]), "accept")
    proposal = office.act("proposal", proposal, "mark_key", leader="leader")
    units = [{"unit_id": world.units[name], "role": role} for name, role in UNITS]
    proposal = office.act("proposal", proposal, "assign", units=units)
    lead, assisting = (a["id"] for a in proposal["assignments"])
    opinion = world["education"].act("assignment", world["education"].assignment(assisting), "sign")
    world["education"].act("assignment", opinion, "submit_opinion", body="建议同步优化换乘。")
    transport = world["transport"]
    current = transport.act("assignment", transport.assignment(lead), "sign")
    contact = {"method": "电话", "date": "2026-03-16", "summary": "电话沟通办理思路。"}
    current = transport.act("assignment", current, "log_contact", **contact)
    zhang.act("assignment", current, "confirm_contact", contact_id=current["contacts"][0]["id"])
    extension = {"until": "2026-07-31", "reason": "需会同多部门调研论证。"}
    current = transport.act(
        "assignment", transport.assignment(lead), "request_extension", **extension
    )
    transport.act("assignment", current, "reply", **REPLY, commitments=COMMITMENTS)
    proposal = zhang.proposal(proposal["id"])
    ratings = [{"assignment_id": lead, "attitude": "satisfied", "result": "basically_satisfied"}]
    zhang.act("proposal", proposal, "evaluate", ratings=ratings)
    return proposal


def test_quick_dumps_give_what_marshmallow_gives(world, dumps):
    proposal = _a_whole_life(world)

    for reader in READERS:
        client = world[reader]
        client.ok("GET", f"/proposals/{proposal['id']}")
        client.ok("GET", f"/proposals/{proposal['id']}/history")
        client.ok("GET", "/proposals?limit=50")
        client.ok("GET", "/deadlines")
        if reader in ("office", "transport", "education"):
            for item in client.ok("GET", "/assignments")["items"]:
                client.ok("GET", f"/assignments/{item['id']}")

    differing = [(name, mine, theirs) for name, mine, theirs in dumps if mine != theirs]
    assert differing == []
    assert {name for name, *_ in dumps} >= {
        "ProposalSchema",
        "AssignmentSchema",
        "AuditSchema",
        "ProposalPage",
        "AssignmentPage",
        "DeadlinePage",
    }
