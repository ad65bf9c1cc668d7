"""Mainland China working-day calendar for proposal deadlines: statutory holidays and 调休 make-up
working days from `chinese_calendar`, plus administrator overrides for years it does not cover and
the years whose holidays an administrator has marked as published."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DayCount:
    """A computed day plus what a clerk needs to explain how it was reached."""

    date: datetime.date
    # A year nobody has published a calendar for was guessed as Mon-Fri; recheck once it is known.
    provisional: bool
    holidays: tuple[datetime.date, ...] = ()
    makeup_days: tuple[datetime.date, ...] = ()
    postponed_from: datetime.date | None = None


# Deadlines are computed for every proposal on every listing, so per-day answers are memoised;
# the package itself is a pure function of the date, which makes a module-level cache safe.
@functools.lru_cache(maxsize=8192)
def _package_working_day(day: date) -> bool | None:
    """The package's answer, or None when it has no data for the day's year."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def is_statutory_year(year: int) -> bool:
    """Whether the package carries the State Council's holiday arrangement for the year."""
    return _package_working_day(date(year, 1, 1)) is not None


def _span(first: date, last: date) -> list[date]:
    """Every day from first to last inclusive (empty when last < first)."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _month_end(year: int, month: int) -> int:
    return (date(year + month // 12, month % 12 + 1, 1) - _ONE_DAY).day


def _require_non_negative(count: int) -> None:
    # Periods in the proposal rules only ever run forwards; a negative count is a caller bug.
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")


class WorkingCalendar:
    """Working-day arithmetic over the package calendar, with administrator overrides on top."""

    def __init__(
        self, overrides: Mapping[date, bool] | None = None, published_years: Iterable[int] = ()
    ):
        """overrides: day -> True (working day) / False (rest day), entered by an administrator;
        they win over the package. published_years: years an administrator has marked as
        published (every holiday of the year entered), so results in them are not provisional."""
        self._overrides = {day: bool(working) for day, working in (overrides or {}).items()}
        self._published_years = frozenset(published_years)

    def is_known_year(self, year: int) -> bool:
        """Known from the package or marked published; a year with only some entries is not:
        its entries still count, but the rest of its holidays may be missing."""
        return year in self._published_years or is_statutory_year(year)

    def is_working_day(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        known = _package_working_day(day)
        return day.weekday() < 5 if known is None else known

    def add_working_days(self, start: date, days: int) -> DayCount:
        """The `days`-th working day strictly after start; start itself never counts."""
        _require_non_negative(days)
        day, left = start, days
        while left:
            day += _ONE_DAY
            left -= self.is_working_day(day)
        return self._explain(day, _span(start + _ONE_DAY, day), start)

    def add_months(self, start: date, months: int) -> DayCount:
        """Same day of month `months` later, clamped to the month end, then moved off rest days."""
        _require_non_negative(months)
        index = start.month - 1 + months
        year, month = start.year + index // 12, index % 12 + 1
        return self._roll_forward(start, date(year, month, min(start.day, _month_end(year, month))))

    def add_calendar_days(self, start: date, days: int) -> DayCount:
        """Plain calendar days, then moved off rest days like a month period."""
        _require_non_negative(days)
        return self._roll_forward(start, start + timedelta(days=days))

    def working_days_before(self, end: date, days: int) -> DayCount:
        """The working day `days` working days before end (end itself never counts)."""
        _require_non_negative(days)
        day, left = end, days
        while left:
            day -= _ONE_DAY
            left -= self.is_working_day(day)
        return self._explain(day, _span(day, end - _ONE_DAY), end)

    def _roll_forward(self, start: date, nominal: date) -> DayCount:
        # 民法典 第二百零三条: a period whose last day is a statutory rest day (weekends included)
        # ends on the first working day after it.
        end = nominal
        while not self.is_working_day(end):
            end += _ONE_DAY
        postponed = nominal if end != nominal else None
        return self._explain(end, _span(start + _ONE_DAY, end), start, postponed)

    def _explain(
        self, result: date, examined: list[date], anchor: date, postponed: date | None = None
    ) -> DayCount:
        # Weekends off and weekdays on are unremarkable; only the exceptions need explaining.
        holidays = tuple(d for d in examined if d.weekday() < 5 and not self.is_working_day(d))
        makeup = tuple(d for d in examined if d.weekday() >= 5 and self.is_working_day(d))
        years = {d.year for d in examined} | {anchor.year}
        provisional = not all(self.is_known_year(year) for year in years)
        return DayCount(result, provisional, holidays, makeup, postponed)
