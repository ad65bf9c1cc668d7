"""The working calendar the service uses: the statutory one plus the administrator's entries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.deadlines.calendar import WorkingCalendar
from service.models import CalendarEntry


def load_calendar(session: Session) -> WorkingCalendar:
    """A year with any administrator entry counts as entered by the administrator (known)."""
    cached = session.info.get("calendar")
    if cached is not None:
        return cached
    entries = session.scalars(select(CalendarEntry)).all()
    calendar = WorkingCalendar(
        {e.day: e.working for e in entries}, admin_years={e.day.year for e in entries}
    )
    session.info["calendar"] = calendar
    return calendar
