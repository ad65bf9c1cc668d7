"""The statistics count kept facts, derived anew in each transaction that changes what they
come from. Whatever path a change took (an event, the sweep, a re-handling, a reassignment, a
follow-up, a correction of the filing), the kept rows must equal a derivation from scratch."""

from sqlalchemy import select

from service.db import unit_of_work
from service.models import AssignmentFacts, ProposalFacts
from service.statistics.upkeep import refresh
from tests.flows import Flow
from tests.stats.history import build_history

TABLES = (AssignmentFacts, ProposalFacts)


def _rows(session) -> dict:
    rows = {}
    for table in TABLES:
        key = table.__mapper__.primary_key[0]
        found = session.execute(select(table.__table__).order_by(key)).mappings().all()
        rows[table.__tablename__] = [dict(row) for row in found]
    return rows


def _kept_and_derived(world) -> tuple[dict, dict]:
    with world.app.app_context(), unit_of_work() as session:
        kept = _rows(session)
        refresh(session, everything=True)
        derived = _rows(session)
        session.rollback()
    return kept, derived


def test_kept_facts_equal_a_derivation_from_scratch_after_a_year_of_handling(world):
    build_history(world)

    kept, derived = _kept_and_derived(world)

    assert kept == derived
    assert len(kept["assignment_facts"]) >= 8 and len(kept["proposal_facts"]) >= 11


def test_a_draft_has_no_facts_until_it_is_submitted(world):
    flow = Flow(world)
    draft = flow.filed()

    assert _kept_and_derived(world)[0]["proposal_facts"] == []

    world["zhang"].act("proposal", draft, "submit")
    kept, derived = _kept_and_derived(world)
    assert kept == derived and [r["state"] for r in kept["proposal_facts"]] == ["submitted"]
