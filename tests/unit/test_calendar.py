"""Working-day calendar: statutory holidays, 调休 make-up days and administrator overrides.

All 2026 expectations were checked against chinese-calendar 1.11 and agree with the measured
answers in STACK.md (10-08, 10-10, 02-24, 05-08).
"""

import dataclasses
from datetime import date, timedelta

import chinese_calendar
import pytest

from service.deadlines.calendar import DayCount, WorkingCalendar, is_statutory_year

NATIONAL_DAY_2026 = tuple(date(2026, 10, d) for d in (1, 2, 5, 6, 7))
SPRING_FESTIVAL_2026 = tuple(date(2026, 2, d) for d in (16, 17, 18, 19, 20, 23))


def test_package_has_no_2027_data():
    # The provisional-year tests below assume this; if an upgrade adds 2027 they need new years.
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 1))


def test_one_working_day_after_national_day_eve_is_october_eighth():
    result = WorkingCalendar().add_working_days(date(2026, 9, 30), 1)
    assert result == DayCount(date(2026, 10, 8), False, NATIONAL_DAY_2026, (), None)


def test_one_working_day_after_october_ninth_is_the_make_up_saturday():
    result = WorkingCalendar().add_working_days(date(2026, 10, 9), 1)
    assert result.date == date(2026, 10, 10)
    assert result.date.weekday() == 5
    assert result.makeup_days == (date(2026, 10, 10),)
    assert result.holidays == ()


def test_one_working_day_after_spring_festival_make_up_saturday_is_february_24():
    result = WorkingCalendar().add_working_days(date(2026, 2, 14), 1)
    assert result.date == date(2026, 2, 24)
    assert result.holidays == SPRING_FESTIVAL_2026
    # The start day itself (a make-up Saturday) is not "met while counting".
    assert result.makeup_days == ()
    assert result.provisional is False


def test_three_working_days_after_labour_day_eve_is_may_eighth():
    result = WorkingCalendar().add_working_days(date(2026, 4, 30), 3)
    assert result.date == date(2026, 5, 8)
    assert result.holidays == (date(2026, 5, 1), date(2026, 5, 4), date(2026, 5, 5))


def test_counting_starts_the_day_after_a_rest_day_start():
    assert WorkingCalendar().add_working_days(date(2026, 10, 3), 1).date == date(2026, 10, 8)


def test_zero_working_days_returns_start_even_on_a_holiday():
    result = WorkingCalendar().add_working_days(date(2026, 10, 1), 0)
    assert result == DayCount(date(2026, 10, 1), False, (), (), None)


def test_zero_working_days_in_an_unknown_year_is_provisional():
    result = WorkingCalendar().add_working_days(date(2027, 3, 1), 0)
    assert result.date == date(2027, 3, 1)
    assert result.provisional is True


def test_is_working_day_follows_the_package_in_2026():
    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2026, 10, 1)) is False
    assert calendar.is_working_day(date(2026, 10, 10)) is True  # Saturday make-up day
    assert calendar.is_working_day(date(2026, 2, 28)) is True  # Saturday make-up day
    assert calendar.is_working_day(date(2026, 12, 28)) is True


def test_is_known_year_covers_package_years_and_published_years():
    assert WorkingCalendar().is_known_year(2004) is True
    assert WorkingCalendar().is_known_year(2026) is True
    assert WorkingCalendar().is_known_year(2003) is False
    assert WorkingCalendar().is_known_year(2027) is False
    assert WorkingCalendar(published_years={2027}).is_known_year(2027) is True


def test_an_entry_of_a_year_does_not_make_the_year_known():
    calendar = WorkingCalendar({date(2027, 1, 1): False, date(2027, 2, 11): False})

    assert calendar.is_known_year(2027) is False
    assert calendar.is_working_day(date(2027, 1, 1)) is False


def test_publishing_one_year_leaves_the_next_unknown():
    calendar = WorkingCalendar(published_years={2027})

    assert (calendar.is_known_year(2027), calendar.is_known_year(2028)) == (True, False)
    assert calendar.add_working_days(date(2027, 12, 30), 2).provisional is True
    assert calendar.add_working_days(date(2027, 12, 28), 2).provisional is False


def test_the_package_years_are_the_statutory_ones():
    assert (is_statutory_year(2026), is_statutory_year(2027)) == (True, False)


def test_three_months_after_september_28_is_december_28():
    result = WorkingCalendar().add_months(date(2026, 9, 28), 3)
    assert result.date == date(2026, 12, 28)
    assert result.provisional is False
    assert result.postponed_from is None
    assert result.holidays == NATIONAL_DAY_2026
    assert result.makeup_days == (date(2026, 10, 10),)


def test_one_month_after_january_31_clamps_to_february_28_make_up_saturday():
    # 2026-02-28 is a Saturday but a Spring Festival make-up working day, so no postponement.
    result = WorkingCalendar().add_months(date(2026, 1, 31), 1)
    assert result.date == date(2026, 2, 28)
    assert result.postponed_from is None
    assert result.makeup_days == (date(2026, 2, 14), date(2026, 2, 28))
    assert result.holidays == SPRING_FESTIVAL_2026


def test_one_month_after_january_31_in_a_leap_year_is_february_29():
    assert WorkingCalendar().add_months(date(2024, 1, 31), 1).date == date(2024, 2, 29)


def test_clamped_month_end_on_a_sunday_moves_to_monday():
    result = WorkingCalendar().add_months(date(2025, 10, 31), 1)
    assert result.date == date(2025, 12, 1)
    assert result.postponed_from == date(2025, 11, 30)


def test_months_crossing_a_year_end_roll_the_year():
    assert WorkingCalendar().add_months(date(2025, 11, 10), 3).date == date(2026, 2, 10)


def test_three_months_after_july_first_lands_on_national_day_and_moves_to_october_eighth():
    result = WorkingCalendar().add_months(date(2026, 7, 1), 3)
    assert result.date == date(2026, 10, 8)
    assert result.postponed_from == date(2026, 10, 1)
    # 09-25 is the Mid-Autumn Festival, 09-20 the Sunday make-up day before National Day.
    assert result.holidays == (date(2026, 9, 25),) + NATIONAL_DAY_2026
    assert result.makeup_days == (date(2026, 9, 20),)
    assert result.provisional is False


def test_month_period_ending_on_a_plain_sunday_moves_to_monday():
    result = WorkingCalendar().add_months(date(2026, 3, 28), 3)
    assert result.date == date(2026, 6, 29)
    assert result.postponed_from == date(2026, 6, 28)


def test_calendar_days_ending_on_national_day_are_postponed():
    result = WorkingCalendar().add_calendar_days(date(2026, 9, 16), 15)
    assert result.date == date(2026, 10, 8)
    assert result.postponed_from == date(2026, 10, 1)


def test_calendar_days_ending_on_a_working_day_are_not_postponed():
    result = WorkingCalendar().add_calendar_days(date(2026, 9, 16), 14)
    assert result.date == date(2026, 9, 30)
    assert result.postponed_from is None


def test_count_crossing_into_2027_without_overrides_is_provisional_weekends_only():
    # 2027-01-01 (a Friday) is only guessed, so it counts as a working day.
    result = WorkingCalendar().add_working_days(date(2026, 12, 30), 3)
    assert result.date == date(2027, 1, 4)
    assert result.provisional is True
    assert result.holidays == ()


def test_admin_calendar_for_2027_is_honoured_and_not_provisional():
    overrides = {date(2027, 1, 1): False, date(2027, 1, 9): True}
    calendar = WorkingCalendar(overrides, published_years={2027})
    across_new_year = calendar.add_working_days(date(2026, 12, 30), 3)
    assert across_new_year == DayCount(date(2027, 1, 5), False, (date(2027, 1, 1),), (), None)
    onto_saturday = calendar.add_working_days(date(2027, 1, 8), 1)
    assert onto_saturday == DayCount(date(2027, 1, 9), False, (), (date(2027, 1, 9),), None)


def test_entries_of_a_year_not_published_are_honoured_but_still_provisional():
    calendar = WorkingCalendar({date(2027, 1, 1): False})
    result = calendar.add_working_days(date(2026, 12, 31), 1)
    assert result.date == date(2027, 1, 4)
    assert result.provisional is True


def test_override_wins_over_the_package_for_a_2026_day():
    calendar = WorkingCalendar({date(2026, 10, 8): False, date(2026, 10, 3): True})
    assert calendar.is_working_day(date(2026, 10, 8)) is False
    assert calendar.is_working_day(date(2026, 10, 3)) is True
    assert calendar.add_working_days(date(2026, 9, 30), 1).date == date(2026, 10, 3)
    assert calendar.add_working_days(date(2026, 10, 3), 1).date == date(2026, 10, 9)


def test_one_working_day_before_october_eighth_is_september_30():
    result = WorkingCalendar().working_days_before(date(2026, 10, 8), 1)
    assert result.date == date(2026, 9, 30)
    assert result.holidays == NATIONAL_DAY_2026


def test_five_working_days_before_october_12_crosses_national_day():
    result = WorkingCalendar().working_days_before(date(2026, 10, 12), 5)
    assert result.date == date(2026, 9, 29)
    assert result.holidays == NATIONAL_DAY_2026
    assert result.makeup_days == (date(2026, 10, 10),)
    assert result.provisional is False


def test_zero_working_days_before_returns_end():
    result = WorkingCalendar().working_days_before(date(2026, 10, 1), 0)
    assert result == DayCount(date(2026, 10, 1), False, (), (), None)


def test_working_days_before_from_2027_is_provisional():
    result = WorkingCalendar().working_days_before(date(2027, 1, 5), 3)
    assert result.date == date(2026, 12, 31)
    assert result.provisional is True


def test_working_days_before_undoes_add_working_days_across_2026():
    calendar = WorkingCalendar()
    for offset in range(365):
        day = date(2026, 1, 1) + timedelta(days=offset)
        if calendar.is_working_day(day):
            reminder = calendar.working_days_before(day, 5).date
            assert calendar.add_working_days(reminder, 5).date == day


@pytest.mark.parametrize(
    "method", ["add_working_days", "add_months", "add_calendar_days", "working_days_before"]
)
def test_negative_counts_raise_value_error(method):
    with pytest.raises(ValueError):
        getattr(WorkingCalendar(), method)(date(2026, 5, 1), -1)


def test_day_count_is_immutable():
    result = WorkingCalendar().add_working_days(date(2026, 9, 30), 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.date = date(2026, 10, 9)
