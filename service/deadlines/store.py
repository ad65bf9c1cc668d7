"""The working calendar the service uses: the statutory one plus the administrator's entries and
the years the administrator has marked as published."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.configuration import kept
from service.deadlines.calendar import WorkingCalendar
from service.models import CalendarEntry, CalendarYear


def load_calendar(session: Session) -> WorkingCalendar:
    """The working calendar (a process shares it while the entries and years stay as they are)."""
    return kept(session, "calendar", _read_calendar)


def _read_calendar(session: Session) -> WorkingCalendar:
    entries = session.execute(select(CalendarEntry.day, CalendarEntry.working)).all()
    return WorkingCalendar(
        {day: working for day, working in entries}, published_years=published_years(session)
    )


def published_years(session: Session) -> set[int]:
    """The years an administrator has marked as published (their holidays all entered)."""
    return set(session.scalars(select(CalendarYear.year).where(CalendarYear.published)))
