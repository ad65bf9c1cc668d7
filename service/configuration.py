"""The settings and the calendar (entries and published years), kept by each process between
requests.

Nearly every request reads them and they change a few times a year, so reading them from the
database each time cost a query a request. Every change of any of them writes a new random
version into `configuration_version` in the same transaction (a flush hook, so no write path can
forget it); the request's first query, the token lookup, reads the version alongside, and what the
process keeps is used only while its version is the current one. A version is never reused (not
even after a rolled-back change), so a kept copy can never pass for another.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from service.models import (
    Body,
    BodyCalendarEntry,
    CalendarEntry,
    CalendarYear,
    ConfigurationVersion,
    SettingValue,
)

T = TypeVar("T")
KEPT = "configuration_kept"  # in the sessionmaker's info: shared by the sessions of one app
VERSION = "configuration_version"  # in a session's info: the version its request read
# The bodies too: a body's name heads its settings (its office's name), and whether there are
# others decides whether proposals may be transferred.
CONFIGURATION = (SettingValue, CalendarEntry, BodyCalendarEntry, CalendarYear, Body)


def current_version():
    """The version as a column a query may read alongside its own (see actor_for_token)."""
    return select(ConfigurationVersion.version).where(ConfigurationVersion.id == 1)


def write_new_version(connection) -> None:
    """Change the version (a session, or a connection that wrote behind the ORM: a restore)."""
    changed = connection.execute(
        update(ConfigurationVersion)
        .where(ConfigurationVersion.id == 1)
        .values(version=uuid.uuid4().hex)
    )
    if changed.rowcount == 0:
        connection.execute(insert(ConfigurationVersion).values(id=1, version=uuid.uuid4().hex))


def note_version(session: Session, version: str | None) -> None:
    session.info[VERSION] = version


def kept(session: Session, name: str, read: Callable[[Session], T]) -> T:
    """`read(session)`, once per session, and once per process while the version stays."""
    if name in session.info:
        return session.info[name]
    version, shelf = session.info.get(VERSION), session.info.get(KEPT)
    if version is not None and shelf is not None and shelf.get(name, (None,))[0] == version:
        value = shelf[name][1]
    else:
        value = read(session)
        # Kept only if reading it flushed no change of this transaction's own (which forgets
        # the version): what another request is given must be committed.
        if version is not None and shelf is not None and session.info.get(VERSION) == version:
            shelf[name] = (version, value)
    session.info[name] = value
    return value


def forget(session: Session, *names: str) -> None:
    """After a change in this session: its next read goes to the database (of every body, for
    what is kept per body under (name, body))."""
    for key in list(session.info):
        if key in names or (isinstance(key, tuple) and key[0] in names):
            session.info.pop(key, None)


def install(maker: sessionmaker) -> None:
    maker.kw.setdefault("info", {})[KEPT] = {}

    @event.listens_for(maker, "before_flush")
    def _new_version(session: Session, _context, _instances) -> None:
        changed = (*session.new, *session.dirty, *session.deleted)
        if any(isinstance(instance, CONFIGURATION) for instance in changed):
            write_new_version(session)
            # This session reads its own change from the database from now on.
            session.info.pop(VERSION, None)
