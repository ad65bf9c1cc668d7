"""Sessions and the one transaction boundary, `unit_of_work()`.

A session belongs to a request or an app context and is closed when it ends; every write goes
through `unit_of_work()`, which commits once at the end of its block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g, has_request_context
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from service.db.engine import make_engine, writing
from service.db.performance.connections import end_reading, track_writes
from service.db.performance.responses import track_added_and_deleted
from service.db.scope import across_all
from service.db.scope import install as name_scopes


def make_sessionmaker(engine: Engine, settings) -> sessionmaker[Session]:
    """Sessions carry the settings (time zone, costs) so domain code needs no Flask globals.

    What the application does as a transaction commits (history, statistics, settings) is
    installed by the app factory, not here: this package knows nothing of the models."""
    maker = sessionmaker(engine, expire_on_commit=True, info={"settings": settings})
    track_added_and_deleted(maker)
    track_writes(maker)
    name_scopes(maker)
    return maker


def current_session() -> Session:
    """The session of this request or app context; closed when the context ends.

    A request's session reaches no body's rows until it knows whose request it is; outside a
    request (the clock, the workers, the commands) the platform's work reaches every body's."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
        if not has_request_context():
            across_all(g.db_session)
    return g.db_session


def close_session(_error=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        end_reading(session)
        session.close()


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One write transaction: commit at the end of the block, roll back on any error."""
    session = current_session()
    if session.in_transaction():
        session.commit()  # end a read transaction so the write one starts fresh (and IMMEDIATE)
    token = writing.set(True)
    try:
        session.begin()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
    finally:
        writing.reset(token)


@contextmanager
def owners_unit_of_work() -> Iterator[Session]:
    """A unit of work connected as the tables' owner (MIGRATION_DATABASE_URL; with one URL, the
    service's own role), across every body: for the commands that empty every table or drop and
    rebuild an index, which the service's role may not do on PostgreSQL. Within the block it is
    the app context's session."""
    settings = current_app.extensions["settings"]
    engine = current_app.extensions["db_engine"]
    owner = make_engine(settings.owner_url) if make_url(settings.owner_url) != engine.url else None
    before = g.pop("db_session", None)
    g.db_session = current_app.extensions["db_sessionmaker"](bind=owner or engine)
    across_all(g.db_session)
    try:
        with unit_of_work() as session:
            yield session
    finally:
        close_session()
        if before is not None:
            g.db_session = before
        if owner is not None:
            owner.dispose()
