"""A server restart leaves the pool's connections dead: the next request must reconnect, not
answer 500 — also when the connections were in use a moment before (no idle ping due)."""

import pytest
from sqlalchemy import create_engine, text

from service.db.performance import connections as db
from tests.conftest import POSTGRES_URL
from tests.postgres.pool import on_each_pooled_connection

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL connections only")


def _cut(engine, url: str) -> None:
    """Terminate the server side of every connection the pool holds."""
    pids = [pid for (pid,) in on_each_pooled_connection(engine, "SELECT pg_backend_pid()")]
    outsider = create_engine(url)
    with outsider.begin() as connection:
        for pid in pids:
            connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
    outsider.dispose()


def test_a_request_right_after_the_servers_connections_were_cut_is_answered(
    world, shared_engine, migrated_database
):
    assert world["office"].get("/me").status == 200
    _cut(shared_engine, migrated_database)

    response = world["office"].get("/me")

    assert response.status == 200 and response.json["username"] == "office"


def test_a_connection_idle_for_long_is_pinged_before_use(
    world, shared_engine, migrated_database, monkeypatch
):
    assert world["office"].get("/me").status == 200
    _cut(shared_engine, migrated_database)
    monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)  # as if the pool had sat idle
    monkeypatch.setattr(db, "_input_waiting", lambda _connection: False)  # a silent loss

    response = world["office"].get("/me")

    assert response.status == 200 and response.json["username"] == "office"
