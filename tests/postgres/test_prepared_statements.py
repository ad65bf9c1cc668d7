"""The statements every request sends stay prepared on the pool's connections between requests:
a read request's transaction ends with COMMIT, where a ROLLBACK would make psycopg discard
every prepared statement and PostgreSQL plan each statement anew."""

import pytest

from tests.conftest import POSTGRES_URL
from tests.postgres.pool import on_each_pooled_connection

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL connections only")


def test_the_token_lookup_stays_prepared_across_read_requests(world, shared_engine):
    for _ in range(40):  # the pool hands its connections out in turn; each serves several
        assert world["office"].get("/me").status == 200

    prepared = on_each_pooled_connection(
        shared_engine, "SELECT statement FROM pg_prepared_statements"
    )

    assert any("FROM api_tokens" in statement for (statement,) in prepared)
