"""Engines: SQLite configured to queue its writers, PostgreSQL with a cheap liveness check.

A process forked from one that holds an engine (gunicorn --preload, a forked worker) starts with
an empty pool: the parent's connections stay the parent's.

SQLite serialises writers: a unit of work opens with BEGIN IMMEDIATE and waits on a busy
timeout, so threads and processes queue instead of failing on "database is locked".
"""

from __future__ import annotations

import os
import weakref
from contextvars import ContextVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from service.db.performance.connections import ping_when_in_doubt

# Set while a unit of work runs: its transaction writes, so SQLite takes the write lock first.
writing: ContextVar[bool] = ContextVar("writing", default=False)


def make_engine(url: str, **options) -> Engine:
    """Create the engine; SQLite gets WAL, foreign keys, a busy timeout and explicit BEGINs."""
    if not url.startswith("sqlite"):
        engine = create_engine(url, **options)
        ping_when_in_doubt(engine)
        return _forgotten_in_forks(engine)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **options)
    _forgotten_in_forks(engine)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if ":memory:" not in url:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing.get() else "BEGIN")

    return engine


def _forgotten_in_forks(engine: Engine) -> Engine:
    """Two processes on one connection's socket would interleave their messages: a forked
    child drops the pool it inherited without closing it (SQLAlchemy's recipe for os.fork)."""
    kept = weakref.ref(engine)

    def _in_child() -> None:
        inherited = kept()
        if inherited is not None:
            inherited.dispose(close=False)

    os.register_at_fork(after_in_child=_in_child)
    return engine
