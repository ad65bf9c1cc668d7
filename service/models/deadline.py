"""Deadlines as rows (the clock only sweeps them), the working-day calendar entries and the
published years an administrator keeps, and the settings that override the default durations."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base, UTCDateTime

if TYPE_CHECKING:
    from service.models.assignment import Assignment
    from service.models.people import User
    from service.models.proposal import Proposal


class Deadline(Base):
    __tablename__ = "deadlines"
    __body_from__ = "proposal_id"
    __table_args__ = (
        # The sweep reads only rows with a next firing time, soonest first.
        Index(
            "ix_deadlines_next_fire",
            "next_fire_at",
            postgresql_where=text("next_fire_at IS NOT NULL"),
            sqlite_where=text("next_fire_at IS NOT NULL"),
        ),
        Index("ix_deadlines_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    workflow: Mapped[str] = mapped_column(String(16))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="open")
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the sweep must next look at this row (a reminder, the due time, an escalation).
    next_fire_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    explanation: Mapped[dict] = mapped_column(JSON, default=dict)
    # Bumped when the deadline is recomputed (extension, calendar change): firings are keyed by it.
    version: Mapped[int] = mapped_column(Integer, default=1)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A deadline may be given its subject before the subject has an id: the flush that inserts a
    # new assignment then writes the assignment with its due dates and the deadline after it.
    proposal: Mapped[Proposal] = relationship()
    assignment: Mapped[Assignment | None] = relationship()


class DeadlineFiring(Base):
    """One reminder, overdue or escalation step fired for one version of a deadline; the unique
    key makes a second firing of the same step impossible, whatever the sweeps do."""

    __tablename__ = "deadline_firings"
    __body_from__ = "deadline_id"
    __table_args__ = (UniqueConstraint("deadline_id", "step", "deadline_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadlines.id"))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its deadline's
    step: Mapped[str] = mapped_column(String(20))
    deadline_version: Mapped[int] = mapped_column(Integer)
    event: Mapped[str | None] = mapped_column(String(32))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CalendarEntry(Base):
    """The platform administrator's statement that a day is a national rest day or a make-up
    working day (调休), for a year the package does not know yet: every body's calendar."""

    __tablename__ = "calendar_entries"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(100))


class BodyCalendarEntry(Base):
    """A body's own rest day or working day (a local holiday, as an autonomous prefecture's
    火把节, or a day its standing committee set), on top of the national calendar; it counts only
    for that body's deadlines. Readable by every body, like the national calendar: a day off is
    no secret, and a process may keep each body's calendar whoever's request read it."""

    __tablename__ = "body_calendar_entries"

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(100))


class CalendarYear(Base):
    """Whether an administrator has marked a year's holidays as published (all entered): only
    then, or when the package knows the year, are its deadlines firm rather than provisional."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    published: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # None only for a row written outside the service (by hand in the database).
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_by: Mapped[User | None] = relationship()


class SettingValue(Base):
    """A setting an administrator of a body changed (durations, reply review, office details):
    each body's own."""

    __tablename__ = "settings"

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)


class ConfigurationVersion(Base):
    """One row whose `version` changes with every change of the settings, the calendar entries
    or the published years, so a process may keep them between requests and still know them
    current."""

    __tablename__ = "configuration_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
