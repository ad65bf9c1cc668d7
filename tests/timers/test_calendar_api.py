"""GET /calendar/add-working-days: statutory 2026 answers, 2027 provisional until an administrator
marks its holidays published (its entries count either way), refusals."""

from datetime import date

import pytest

from service.db import unit_of_work
from service.deadlines.calendar import WorkingCalendar
from service.models import CalendarEntry

PATH = "/calendar/add-working-days"


def _ask(client, start: str, days) -> object:
    return client.get(f"{PATH}?from={start}&days={days}")


def _enter_2027(app, *entries) -> None:
    with app.app_context(), unit_of_work() as session:
        for day, working in entries:
            session.add(CalendarEntry(day=day, working=working, note="管理员录入"))


@pytest.mark.parametrize(
    ("start", "days", "answer"),
    [
        ("2026-09-30", 1, "2026-10-08"),  # past the National Day holiday
        ("2026-10-09", 1, "2026-10-10"),  # the make-up Saturday is a working day
        ("2026-02-14", 1, "2026-02-24"),  # past the Spring Festival holiday
        ("2026-04-30", 3, "2026-05-08"),  # past the Labour Day holiday
    ],
)
def test_member_gets_the_statutory_answer_for_2026(world, start, days, answer):
    response = _ask(world["zhang"], start, days)

    assert response.status == 200
    assert response.json == {"date": answer, "provisional": False}
    computed = WorkingCalendar().add_working_days(date.fromisoformat(start), days).date
    assert computed.isoformat() == answer


@pytest.mark.parametrize("user", ["office", "transport", "leader", "admin"])
def test_every_signed_in_role_may_ask(world, user):
    response = _ask(world[user], "2026-09-30", 1)

    assert (response.status, response.json["date"]) == (200, "2026-10-08")


def test_zero_days_answers_the_start_day(world):
    response = _ask(world["office"], "2026-10-01", 0)

    assert response.json == {"date": "2026-10-01", "provisional": False}


def test_counting_into_2027_is_provisional_on_weekends_only(world):
    response = _ask(world["office"], "2026-12-30", 5)

    assert response.status == 200
    assert response.json == {"date": "2027-01-06", "provisional": True}


def test_one_administrator_entry_of_2027_is_honoured_but_leaves_2027_provisional(app, world):
    _enter_2027(app, (date(2027, 1, 1), False))

    response = _ask(world["office"], "2026-12-30", 5)

    assert response.json == {"date": "2027-01-07", "provisional": True}


def test_administrator_make_up_working_day_in_2027_counts(app, world):
    _enter_2027(app, (date(2027, 1, 2), True))

    response = _ask(world["office"], "2026-12-31", 2)

    assert response.json == {"date": "2027-01-02", "provisional": True}


def test_2027_marked_published_makes_the_answer_firm_with_its_entries(app, world):
    _enter_2027(app, (date(2027, 1, 1), False))

    world["admin"].ok("POST", "/calendar/years", {"year": 2027, "published": True, "confirm": True})

    response = _ask(world["office"], "2026-12-30", 5)
    assert response.json == {"date": "2027-01-07", "provisional": False}


def test_taking_back_the_mark_makes_2027_provisional_again(app, world):
    _enter_2027(app, (date(2027, 1, 1), False))
    admin = world["admin"]
    admin.ok("POST", "/calendar/years", {"year": 2027, "published": True, "confirm": True})

    admin.ok("POST", "/calendar/years", {"year": 2027, "published": False, "confirm": True})

    response = _ask(world["office"], "2026-12-30", 5)
    assert response.json == {"date": "2027-01-07", "provisional": True}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-13-01&days=1", "from"),
        ("from=tomorrow&days=1", "from"),
        ("from=2026/10/01&days=1", "from"),
        ("days=1", "from"),
        ("from=2026-10-01&days=-1", "days"),
        ("from=2026-10-01&days=100000", "days"),
        ("from=2026-10-01&days=three", "days"),
        ("from=2026-10-01&days=1.5", "days"),
        ("from=2026-10-01", "days"),
        ("from=2026-10-01&days=1&unit=1", "unit"),
    ],
)
def test_bad_date_or_day_count_is_refused_with_the_field_named(world, query, field):
    response = world["office"].get(f"{PATH}?{query}")

    assert response.status == 422
    assert response.error["code"] == "invalid_input"
    assert field in response.error["details"]
    assert response.error["message"]


def test_anonymous_caller_is_refused(anonymous):
    response = _ask(anonymous, "2026-09-30", 1)

    assert response.status == 401
    assert response.error["code"]
