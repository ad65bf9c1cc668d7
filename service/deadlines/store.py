"""The working calendar a body's deadlines are counted in: the statutory one, the platform
administrator's national entries and the years marked as published, then the body's own entries
on top."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.configuration import kept
from service.deadlines.calendar import WorkingCalendar
from service.models import BodyCalendarEntry, CalendarEntry, CalendarYear
from service.policy import working_body


def load_calendar(session: Session, body_id: int | None = None) -> WorkingCalendar:
    """The body's working calendar (the request's body unless named; a process shares it while
    the entries and years stay as they are)."""
    body_id = body_id if body_id is not None else working_body(session)
    return kept(session, ("calendar", body_id), lambda s: read_calendar(s, body_id))


def read_calendar(
    session: Session,
    body_id: int | None,
    *,
    national: dict[date, bool | None] | None = None,
    own: dict[date, bool | None] | None = None,
    years: dict[int, bool] | None = None,
) -> WorkingCalendar:
    """The calendar as it is, or as it would be with these national entries, the body's own
    entries and these years' published switches (`None` takes a day's entry away)."""
    days = _with(_national_entries(session), national)
    days.update(_with(_own_entries(session, body_id), own))
    published = published_years(session)
    for year, on in (years or {}).items():
        published = published | {year} if on else published - {year}
    return WorkingCalendar(days, published_years=published)


def _with(entries: dict[date, bool], changes: dict[date, bool | None] | None) -> dict:
    for day, working in (changes or {}).items():
        if working is None:
            entries.pop(day, None)
        else:
            entries[day] = working
    return entries


def _national_entries(session: Session) -> dict[date, bool]:
    return dict(session.execute(select(CalendarEntry.day, CalendarEntry.working)).all())


def _own_entries(session: Session, body_id: int | None) -> dict[date, bool]:
    if body_id is None:
        return {}
    query = select(BodyCalendarEntry.day, BodyCalendarEntry.working).where(
        BodyCalendarEntry.body_id == body_id
    )
    return dict(session.execute(query).all())


def published_years(session: Session) -> set[int]:
    """The years an administrator has marked as published (their holidays all entered)."""
    return set(session.scalars(select(CalendarYear.year).where(CalendarYear.published)))
