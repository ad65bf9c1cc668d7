"""How a request's transaction ends: one that only read is committed (psycopg forgets a
connection's prepared statements at every ROLLBACK), one that wrote outside a unit of work is
rolled back, as before."""

from sqlalchemy import event, select

from service.db import current_session
from service.models import Body, Unit
from service.operations.users import add_unit


def test_a_read_request_ends_its_transaction_with_a_commit(world, shared_engine):
    ended = []
    note_commit = lambda _connection: ended.append("commit")  # noqa: E731
    note_rollback = lambda _connection: ended.append("rollback")  # noqa: E731
    event.listen(shared_engine, "commit", note_commit)
    event.listen(shared_engine, "rollback", note_rollback)
    try:
        response = world["office"].get("/me")
    finally:
        event.remove(shared_engine, "commit", note_commit)
        event.remove(shared_engine, "rollback", note_rollback)

    assert response.status == 200
    assert ended == ["commit"]


def test_a_change_made_outside_a_unit_of_work_is_not_kept(app, clock):
    with app.app_context():
        add_unit(current_session(), "市临时协调办", now=clock.now())

    with app.app_context():
        assert current_session().scalar(select(Unit).where(Unit.name == "市临时协调办")) is None


def test_a_statement_run_outside_a_unit_of_work_is_not_kept(app, clock):
    with app.app_context():
        current_session().execute(
            Body.__table__.insert().values(
                name="政协某县委员会", level="county", created_at=clock.now()
            )
        )

    with app.app_context():
        assert current_session().scalar(select(Body).where(Body.name == "政协某县委员会")) is None
