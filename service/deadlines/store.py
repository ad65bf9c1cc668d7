"""The working calendar the service uses: the statutory one plus the administrator's entries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.configuration import kept
from service.deadlines.calendar import WorkingCalendar
from service.models import CalendarEntry


def load_calendar(session: Session) -> WorkingCalendar:
    """The working calendar (a process shares it while the entries stay as they are)."""
    return kept(session, "calendar", _read_calendar)


def _read_calendar(session: Session) -> WorkingCalendar:
    """A year with any administrator entry counts as entered by the administrator (known)."""
    entries = session.execute(select(CalendarEntry.day, CalendarEntry.working)).all()
    return WorkingCalendar(
        {day: working for day, working in entries}, admin_years={day.year for day, _ in entries}
    )
