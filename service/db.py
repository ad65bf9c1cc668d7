"""Database engine, sessions and the one transaction boundary: `unit_of_work()`.

SQLite serialises writers: a unit of work opens with BEGIN IMMEDIATE and waits on a busy
timeout, so threads and processes queue instead of failing on "database is locked".
"""

from __future__ import annotations

import select as io_select
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from flask import current_app, g
from sqlalchemy import DateTime, MetaData, create_engine, event, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.types import TypeDecorator

_writing: ContextVar[bool] = ContextVar("writing", default=False)
ADDED_OR_DELETED = "kinds_added_or_deleted"
WROTE = "transaction_wrote"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (naive storage) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use the clock")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# A pooled connection idle longer than this is pinged before use; under load connections come
# back within milliseconds and go out unpinged unless the server already said something.
IDLE_PING_SECONDS = 2.0


def make_engine(url: str, **options) -> Engine:
    """Create the engine; SQLite gets WAL, foreign keys, a busy timeout and explicit BEGINs."""
    if not url.startswith("sqlite"):
        engine = create_engine(url, **options)
        _ping_when_in_doubt(engine)
        return engine
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **options)

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
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writing.get() else "BEGIN")

    return engine


def _ping_when_in_doubt(engine: Engine) -> None:
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


def make_sessionmaker(engine: Engine, settings) -> sessionmaker[Session]:
    """Sessions carry the settings (time zone, costs) so domain code needs no Flask globals."""
    from service import audit, configuration
    from service.statistics import upkeep

    maker = sessionmaker(engine, expire_on_commit=True, info={"settings": settings})
    audit.install(maker)  # history records are sealed into their chain as each transaction commits
    upkeep.install(maker)  # the statistics' facts of what changed are derived anew, likewise
    track_added_and_deleted(maker)
    track_writes(maker)
    configuration.install(maker)  # settings and calendar kept between requests, by version
    return maker


def current_session() -> Session:
    """The session of this request or app context; closed when the context ends."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def close_session(_error=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        _end_reading(session)
        session.close()


def _end_reading(session: Session) -> None:
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


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One write transaction: commit at the end of the block, roll back on any error."""
    session = current_session()
    if session.in_transaction():
        session.commit()  # end a read transaction so the write one starts fresh (and IMMEDIATE)
    token = _writing.set(True)
    try:
        session.begin()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
    finally:
        _writing.reset(token)


def add_child(parent, key: str, child) -> None:
    """Add a row to one of `parent`'s one-to-many collections without reading the collection:
    an unloaded one is read, new row included, only when something uses it (after the flush).
    A loaded one is appended to, as usual."""
    if key not in inspect(parent).unloaded:
        getattr(parent, key).append(child)
        return
    for parent_column, child_column in inspect(type(parent)).relationships[key].synchronize_pairs:
        setattr(child, child_column.key, getattr(parent, parent_column.key))
    Session.object_session(parent).add(child)


def read_together(session: Session, parents: list, key: str) -> None:
    """Read one one-to-many collection of several loaded rows in one query, not one per row;
    the collections already loaded are left as they are."""
    unread = [parent for parent in parents if key in inspect(parent).unloaded]
    if len(unread) < 2:
        return
    parent_mapper = inspect(type(unread[0]))
    relationship = parent_mapper.relationships[key]
    [(parent_column, child_column)] = relationship.local_remote_pairs
    parent_key = parent_mapper.get_property_by_column(parent_column).key
    child_key = relationship.mapper.get_property_by_column(child_column).key
    children = session.scalars(
        select(relationship.mapper)
        .where(child_column.in_({getattr(parent, parent_key) for parent in unread}))
        .order_by(*(relationship.order_by or relationship.mapper.primary_key))
    )
    by_parent = defaultdict(list)
    for child in children:
        by_parent[getattr(child, child_key)].append(child)
    for parent in unread:
        set_committed_value(parent, key, by_parent[getattr(parent, parent_key)])


def settle(session: Session) -> None:
    """Make the session show what this transaction will commit, for a response built before it.

    Building the response before the commit spares re-reading every row that the commit expires.
    Flushing gives the new versions and ids; a collection loaded before a row of its kind was
    added (a rating by its `assignment_id` alone) or deleted would still show the old rows, so
    the loaded collections of the kinds this transaction added or deleted are reloaded; the
    others stay as they are (no code moves a row from one parent to another). The before_commit
    hooks write only history records and statistics facts, which no response shows.
    """
    session.flush()
    kinds = session.info.get(ADDED_OR_DELETED, set())
    for instance in list(session.identity_map.values()):
        state = inspect(instance)
        stale = [
            r.key
            for r in state.mapper.relationships
            if r.uselist and r.key not in state.unloaded and r.mapper.class_ in kinds
        ]
        if stale:
            session.expire(instance, stale)


def track_added_and_deleted(maker: sessionmaker) -> None:
    """Note the kinds of rows each transaction adds or deletes, for `settle`."""

    @event.listens_for(maker, "before_flush")
    def _note(session: Session, _context, _instances) -> None:
        kinds = session.info.setdefault(ADDED_OR_DELETED, set())
        kinds.update(type(instance) for instance in (*session.new, *session.deleted))

    forget_when_transaction_ends(maker, ADDED_OR_DELETED)


def track_writes(maker: sessionmaker) -> None:
    """Note that a transaction wrote: it flushed a change, or executed an INSERT, UPDATE or
    DELETE itself (for `_end_reading`)."""

    @event.listens_for(maker, "after_flush")
    def _flushed(session: Session, _context) -> None:
        session.info[WROTE] = True

    @event.listens_for(maker, "do_orm_execute")
    def _executed(state) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info[WROTE] = True

    forget_when_transaction_ends(maker, WROTE)


def forget_when_transaction_ends(maker: sessionmaker, *keys: str) -> None:
    """Drop these entries of a session's info when its outermost transaction ends (committed or
    rolled back): they describe that transaction. A savepoint's end leaves them."""

    @event.listens_for(maker, "after_transaction_end")
    def _forget(session: Session, transaction) -> None:
        if transaction.parent is None:
            for key in keys:
                session.info.pop(key, None)
