"""`read_together` reads one collection of several loaded rows in one statement: each row gets
exactly its own children, in the collection's order, and a collection already loaded is left
as it was."""

from sqlalchemy import select

from service.db import current_session
from service.db.performance.responses import read_together
from service.models import Assignment, Reply
from tests.flows import Flow
from tests.statements import statements_sent

UNITS = (("市交通运输局", "lead"), ("市教育局", "assisting"), ("市生态环境局", "assisting"))


def test_each_row_gets_its_own_children_in_order_in_one_statement(world, shared_engine):
    proposal = Flow(world).replied(units=UNITS)
    with world.app.app_context():
        session = current_session()
        assignments = session.scalars(
            select(Assignment)
            .where(Assignment.proposal_id == proposal["id"])
            .order_by(Assignment.id)
        ).all()
        already = assignments[1].replies  # read before: must stay the same list
        expected = {
            a.id: session.scalars(
                select(Reply.id).where(Reply.assignment_id == a.id).order_by(Reply.id)
            ).all()
            for a in assignments
        }

        sent = statements_sent(
            shared_engine, lambda: read_together(session, assignments, "replies")
        )

        assert sent == 1
        assert assignments[1].replies is already
        read = {a.id: [r.id for r in a.replies] for a in assignments}
        assert read == expected
        assert all(read.values()) and len(set(map(tuple, read.values()))) == 3
        kinds = {a.role: {r.kind for r in a.replies} for a in assignments}
        assert kinds == {"lead": {"reply"}, "assisting": {"opinion"}}


def test_rows_without_children_get_an_empty_collection_without_reading_again(world, shared_engine):
    proposal = Flow(world).assigned(units=UNITS)
    with world.app.app_context():
        session = current_session()
        assignments = session.scalars(
            select(Assignment).where(Assignment.proposal_id == proposal["id"])
        ).all()

        read_together(session, assignments, "replies")

        assert statements_sent(shared_engine, lambda: [a.replies for a in assignments]) == 0
        assert [a.replies for a in assignments] == [[], [], []]
