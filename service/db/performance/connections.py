"""Connections kept cheap: a pooled PostgreSQL connection is pinged only when in doubt, and a
transaction that only read ends with COMMIT so psycopg keeps its prepared statements."""

from __future__ import annotations

import select as io_select
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from service.db.info import forget_when_transaction_ends

WROTE = "transaction_wrote"
# A pooled connection idle longer than this is pinged before use; under load connections come
# back within milliseconds and go out unpinged unless the server already said something.
IDLE_PING_SECONDS = 2.0


def ping_when_in_doubt(engine: Engine) -> None:
    """`pool_pre_ping` without its round trip on every request (5 % of a worker's time under
    load): a connection is pinged when it sat idle, or when its socket has input waiting — an
    idle connection receives nothing unless the server is closing it (a restart, or its
    backend terminated), which a look at the socket sees at the cost of a system call."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get("checked_in")
        if idle_since is None:
            return  # just connected
        recent = time.monotonic() - idle_since < IDLE_PING_SECONDS
        if recent and not _input_waiting(dbapi_connection):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 - any failure means the connection is gone
            raise DisconnectionError(str(error)) from error


def _input_waiting(dbapi_connection) -> bool:
    try:
        readable, _, _ = io_select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError, AttributeError):
        return True  # cannot tell: ping
    return bool(readable)


def end_reading(session: Session) -> None:
    """End a transaction that only read with COMMIT, not the pool's ROLLBACK: psycopg forgets
    every prepared statement of a connection at a ROLLBACK, and PostgreSQL then plans each
    statement anew (under load, planning was a third of its time). A transaction that wrote
    anything (writes belong in `unit_of_work`, which ends its own) is left to the rollback."""
    if not session.in_transaction() or session.info.get(WROTE):
        return
    session.expire_on_commit = False  # the session is closed next: nothing to expire
    try:
        session.commit()
    except SQLAlchemyError:
        session.rollback()


def track_writes(maker: sessionmaker) -> None:
    """Note that a transaction wrote: it flushed a change, or executed an INSERT, UPDATE or
    DELETE itself (for `end_reading`)."""

    @event.listens_for(maker, "after_flush")
    def _flushed(session: Session, _context) -> None:
        session.info[WROTE] = True

    @event.listens_for(maker, "do_orm_execute")
    def _executed(state) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info[WROTE] = True

    forget_when_transaction_ends(maker, WROTE)
