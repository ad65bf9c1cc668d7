"""Units handling one proposal separately (分办) read only how the proposers rated their own
reply, in the history API and on the proposal page; the proposers and the office read every
rating."""

from __future__ import annotations

import pytest

from tests.flows import Flow
from tests.snapshots import scenario
from tests.web.conftest import log_in

SEPARATE = (("市交通运输局", "separate"), ("市教育局", "separate"))
CLERKS = {"transport": "市交通运输局", "education": "市教育局"}
EVENTS = ("evaluate", "add_rating")  # the lead proposer's rating, a co-signer's own
COMMENTS = {
    ("evaluate", "市交通运输局"): "交通局多次上门沟通，措施具体。",
    ("evaluate", "市教育局"): "教育局答复空泛，未见时间表。",
    ("add_rating", "市交通运输局"): "交通局的承诺值得肯定。",
    ("add_rating", "市教育局"): "教育局没有回应核心诉求。",
}


def _ratings(proposal: dict, event: str) -> list[dict]:
    return [
        {
            "assignment_id": a["id"],
            "attitude": "satisfied",
            "result": "basically_satisfied",
            "comment": COMMENTS[(event, a["unit_name"])],
        }
        for a in proposal["assignments"]
    ]


@pytest.fixture
def rated(app, clock, owner_engine, world) -> dict:
    """Co-signed by li, assigned to two units separately; both reply, zhang rates both replies
    and li adds her own rating of each (built once per worker, its rows put back after)."""
    return scenario("rated", app, clock, owner_engine, lambda: _rate(world), world=world)


def _rate(world) -> dict:
    flow, office, li = Flow(world), world["office"], world["li"]
    proposal = flow.submitted(co_signers=["li"])
    proposal = li.act("proposal", li.proposal(proposal["id"]), "cosign")
    proposal = office.act("proposal", proposal, "accept")
    units = [{"unit_id": world.units[name], "role": role} for name, role in SEPARATE]
    proposal = office.act("proposal", proposal, "assign", units=units)
    for assignment in proposal["assignments"]:
        flow.handle(assignment)
    for member, event in (("zhang", "evaluate"), ("li", "add_rating")):
        current = world[member].proposal(proposal["id"])
        world[member].act("proposal", current, event, ratings=_ratings(current, event))
    return office.proposal(proposal["id"])


def _rated_units(client, proposal: dict, event: str) -> dict[str, str]:
    """The unit and comment of each rating the reader finds in the `event` history record."""
    units = {a["id"]: a["unit_name"] for a in proposal["assignments"]}
    history = client.ok("GET", f"/proposals/{proposal['id']}/history")
    [record] = [r for r in history if r["event"] == event]
    return {units[r["assignment_id"]]: r["comment"] for r in record["data"]["ratings"]}


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("clerk", CLERKS)
def test_a_unit_reads_only_its_own_rating_in_the_history(world, rated, clerk, event):
    unit = CLERKS[clerk]

    found = _rated_units(world[clerk], rated, event)

    assert found == {unit: COMMENTS[(event, unit)]}


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("reader", ["zhang", "li", "office", "admin"])
def test_proposers_and_the_office_read_every_rating_in_the_history(world, rated, reader, event):
    found = _rated_units(world[reader], rated, event)

    assert found == {unit: COMMENTS[(event, unit)] for unit in CLERKS.values()}


@pytest.mark.parametrize("clerk", CLERKS)
def test_a_unit_reads_only_its_own_rating_on_the_proposal_page(app, rated, clerk):
    unit = CLERKS[clerk]

    page = log_in(app, clerk).get(f"/proposals/{rated['id']}")

    timeline = page.text.split('id="timeline-heading"', 1)[1]
    other = next(name for name in CLERKS.values() if name != unit)
    assert all(COMMENTS[(event, unit)] in timeline for event in EVENTS)
    assert not any(COMMENTS[(event, other)] in page.text for event in EVENTS)
    assert f"{other}：办理态度" not in page.text


@pytest.mark.parametrize("reader", ["zhang", "office"])
def test_proposers_and_the_office_read_every_rating_on_the_proposal_page(app, rated, reader):
    page = log_in(app, reader).get(f"/proposals/{rated['id']}")

    timeline = page.text.split('id="timeline-heading"', 1)[1]
    assert all(comment in timeline for comment in COMMENTS.values())
