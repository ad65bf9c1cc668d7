"""A process forked from one that holds connections (gunicorn --preload, a forked sweep) opens
its own: two processes writing on one socket would garble both conversations."""

import os

import pytest
from sqlalchemy import text

from service.db import make_engine
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL connections only")
BACKEND = text("SELECT pg_backend_pid()")


def _in_child(engine) -> int:
    """The backend the forked child talks to, reported through a pipe; -1 when its inherited
    pool still held the parent's connection."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            answer = -1 if engine.pool.checkedin() else engine.connect().scalar(BACKEND)
            os.write(writing, str(answer).encode())
        finally:
            os._exit(0)
    os.close(writing)
    os.waitpid(child, 0)
    with os.fdopen(reading) as pipe:
        return int(pipe.read() or 0)


def test_a_forked_child_talks_to_its_own_backend_and_leaves_the_parents_alone(
    migrated_database,
):
    engine = make_engine(migrated_database)
    with engine.connect() as connection:
        parents = connection.scalar(BACKEND)

    childs = _in_child(engine)

    with engine.connect() as connection:
        assert connection.scalar(BACKEND) == parents  # still pooled, still answering
    engine.dispose()
    assert childs not in (-1, 0, parents)
