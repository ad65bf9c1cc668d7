"""The statements every request sends stay prepared on the pool's connections between requests:
a read request's transaction ends with COMMIT, where a ROLLBACK would make psycopg discard
every prepared statement and PostgreSQL plan each statement anew."""

import pytest

from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL connections only")


def _prepared_on_the_pool(engine) -> list[str]:
    held = [engine.raw_connection() for _ in range(max(1, engine.pool.checkedin()))]
    try:
        statements = []
        for connection in held:
            cursor = connection.cursor()
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            statements += [row[0] for row in cursor.fetchall()]
            cursor.close()
            connection.commit()
        return statements
    finally:
        for connection in held:
            connection.close()


def test_the_token_lookup_stays_prepared_across_read_requests(world, shared_engine):
    for _ in range(40):  # the pool hands its connections out in turn; each serves several
        assert world["office"].get("/me").status == 200

    statements = _prepared_on_the_pool(shared_engine)

    assert any("FROM api_tokens" in statement for statement in statements)
