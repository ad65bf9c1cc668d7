"""The statements every request sends stay prepared on the pool's connections between requests:
a read request's transaction ends with COMMIT, where a ROLLBACK would make psycopg discard
every prepared statement and PostgreSQL plan each statement anew. And the statements each
event sends as it commits are planned once, not at every event."""

import pytest

from service import create_app
from service.db import make_engine
from tests.conftest import POSTGRES_URL
from tests.flows import Flow
from tests.postgres.pool import on_each_pooled_connection

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL connections only")


@pytest.fixture
def engine(database_url):
    """An engine that keeps one connection, as a web worker serving one request at a time does.
    The tests' shared engine holds the connections earlier tests opened and hands them out in
    turn, so that none might see a statement often enough to prepare it."""
    engine = make_engine(database_url, pool_size=1, max_overflow=4)
    yield engine
    engine.dispose()


@pytest.fixture
def app(settings, clock, engine):
    return create_app(settings, clock=clock, engine=engine)


def test_the_token_lookup_stays_prepared_across_read_requests(world, engine):
    for _ in range(40):  # the pool hands its connections out in turn; each serves several
        assert world["office"].get("/me").status == 200

    prepared = on_each_pooled_connection(engine, "SELECT statement FROM pg_prepared_statements")

    assert any("FROM api_tokens" in statement for (statement,) in prepared)


def _plans(engine, marks) -> dict[str, tuple[int, int]]:
    """(generic, custom) plans so far of the prepared statements holding each mark, summed over
    the pool's connections."""
    rows = on_each_pooled_connection(
        engine, "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
    )
    return {
        mark: tuple(sum(row[i] for row in rows if mark in row[0]) for i in (1, 2)) for mark in marks
    }


def test_the_statements_each_commit_sends_are_planned_once_not_at_every_commit(world, engine):
    """Numbering the history and deriving the statistics' facts run at every event's commit;
    PostgreSQL plans each of them once per connection and runs that plan from then on."""
    marks = ("nextval(", "INSERT INTO assignment_facts", "INSERT INTO proposal_facts")
    flow = Flow(world, remember=False)

    def handle_some() -> None:
        for _ in range(10):  # filed, accepted and assigned: three commits each
            flow.assigned(units=(("市交通运输局", "lead"), ("市教育局", "assisting")))

    handle_some()  # psycopg prepares a statement at its 6th run, PostgreSQL decides at the 6th
    before = _plans(engine, marks)
    handle_some()
    after = _plans(engine, marks)

    for mark in marks:
        generic, custom = (now - then for now, then in zip(after[mark], before[mark], strict=True))
        assert generic >= 10 and custom == 0, mark
