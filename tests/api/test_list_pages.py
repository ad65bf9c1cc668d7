"""A list page shows each row as the row's own page does, and reads the whole page in a fixed
number of statements however many rows it holds (no query per row)."""

import pytest

from tests.flows import Flow
from tests.statements import statements_sent

WITH_ASSISTING = (("市交通运输局", "lead"), ("市教育局", "assisting"))
READERS = ("transport", "education", "office", "zhang")


@pytest.fixture
def flow(world):
    return Flow(world)


def _opinion_given(flow) -> dict:
    """A proposal whose assisting unit gave its opinion; the lead unit has only signed."""
    proposal = flow.assigned(WITH_ASSISTING)
    for brief in sorted(proposal["assignments"], key=lambda a: a["role"] != "assisting"):
        clerk = flow.clerk_of(brief)
        current = clerk.act("assignment", clerk.assignment(brief["id"]), "sign")
        if current["role"] == "assisting":
            clerk.act("assignment", current, "submit_opinion", body="建议同步优化换乘。")
    return proposal


@pytest.mark.parametrize("reader", READERS)
def test_each_assignment_on_the_list_reads_as_on_its_own_page(world, flow, reader):
    _opinion_given(flow)
    flow.replied(WITH_ASSISTING)
    flow.assigned(WITH_ASSISTING)

    page = world[reader].ok("GET", "/assignments?limit=50")["items"]

    assert page
    assert page == [world[reader].assignment(item["id"]) for item in page]


def test_the_lead_unit_reads_the_assisting_opinion_on_its_list(world, flow):
    _opinion_given(flow)

    [lead] = world["transport"].ok("GET", "/assignments")["items"]

    assert [(o["unit_name"], o["body"]) for o in lead["assisting_opinions"]] == [
        ("市教育局", "建议同步优化换乘。")
    ]
    assert "reply" not in lead["available_events"]  # no contact with the proposer logged yet


@pytest.mark.parametrize("reader", ("transport", "education", "office"))
def test_a_longer_page_of_assignments_takes_no_more_statements(world, flow, shared_engine, reader):
    _opinion_given(flow)
    flow.replied(WITH_ASSISTING)
    read = lambda: world[reader].ok("GET", "/assignments?limit=50")  # noqa: E731
    read()  # what a process keeps (the settings) is read by the first request
    short = statements_sent(shared_engine, read)

    for _ in range(3):
        _opinion_given(flow)
        flow.replied(WITH_ASSISTING)

    assert len(read()["items"]) > 4
    assert statements_sent(shared_engine, read) == short


def test_a_longer_page_of_proposals_takes_no_more_statements(world, flow, shared_engine):
    flow.replied(WITH_ASSISTING)
    read = lambda: world["office"].ok("GET", "/proposals?limit=50")  # noqa: E731
    read()  # what a process keeps (the settings) is read by the first request
    short = statements_sent(shared_engine, read)

    for _ in range(3):
        flow.replied(WITH_ASSISTING)

    assert len(read()["items"]) == 4
    assert statements_sent(shared_engine, read) == short


def test_a_lead_units_assignment_reads_in_as_many_statements_as_an_assisting_units(
    world, flow, shared_engine
):
    """The lead's page also shows the assisting opinions: its proposal, the siblings with their
    replies, and its own contacts and extension requests come in one query, as an assisting
    unit's proposal and collections do."""
    proposal = flow.replied(WITH_ASSISTING)
    lead, assisting = sorted(proposal["assignments"], key=lambda a: a["role"] != "lead")
    for clerk, brief in (("transport", lead), ("education", assisting)):
        world[clerk].assignment(brief["id"])  # what a process keeps (the settings) is read once
    sent = {
        clerk: statements_sent(shared_engine, lambda c=clerk, a=brief: world[c].assignment(a["id"]))
        for clerk, brief in (("transport", lead), ("education", assisting))
    }

    assert sent["transport"] == sent["education"]
    assert world["transport"].assignment(lead["id"])["assisting_opinions"]
