"""An event on an assignment locks its proposal before the assignment itself, and holds nothing
while it waits for the proposal: events on one proposal queue, they never deadlock."""

import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.conftest import POSTGRES_URL
from tests.flows import Flow

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL row locks")


def _wait_until_blocked(engine, seconds=10.0) -> None:
    """Until some other backend waits for a row lock (the request under test)."""
    connection = engine.raw_connection()
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            cursor = connection.cursor()
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND pid <> pg_backend_pid()"
            )
            [(waiting,)] = cursor.fetchall()
            connection.rollback()
            if waiting:
                return
            time.sleep(0.02)
        raise AssertionError("the request never waited for the proposal's lock")
    finally:
        connection.close()


def test_an_assignment_event_waits_for_its_proposal_without_holding_the_assignment(
    world, owner_engine
):
    proposal = Flow(world).assigned()
    assignment = proposal["assignments"][0]
    holder = owner_engine.raw_connection()
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        holder.cursor().execute(
            "SELECT id FROM proposals WHERE id = %s FOR UPDATE", (proposal["id"],)
        )
        signing = pool.submit(world["transport"].fire, "assignment", assignment, "sign")
        _wait_until_blocked(owner_engine)
        assert _lockable(owner_engine, assignment["id"])
    finally:
        holder.rollback()  # the proposal is free: the request goes on
        holder.close()
        pool.shutdown()

    response = signing.result()
    assert response.status == 200 and response.json["state"] == "handling"


def _lockable(engine, assignment_id: int) -> bool:
    """Whether the assignment's row lock is free now (NOWAIT: no waiting for it)."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        try:
            cursor.execute(
                "SELECT id FROM assignments WHERE id = %s FOR UPDATE NOWAIT", (assignment_id,)
            )
        except psycopg.errors.LockNotAvailable:
            return False
        return cursor.fetchall() == [(assignment_id,)]
    finally:
        connection.rollback()
        connection.close()
