"""Every declared timer: the day it falls due, its reminders, each step fired once by the sweep."""

from datetime import date, datetime, timedelta

import pytest

from service.db import unit_of_work
from service.deadlines.calendar import WorkingCalendar
from service.jobs.sweep import sweep
from service.models import CalendarEntry, CalendarYear
from tests.conftest import SHANGHAI
from tests.flows import REPLY, Flow

CALENDAR = WorkingCalendar()
MARCH_16 = date(2026, 3, 16)
REPLY_DUE = date(2026, 6, 16)  # three months after the assignment on 2026-03-16
TIMER_SUFFIXES = ("_reminder", "_overdue", "_escalated")


def _at(day: date, *time) -> datetime:
    return datetime(day.year, day.month, day.day, *time, tzinfo=SHANGHAI)


def _end_of(day: date) -> str:
    return f"{day.isoformat()}T23:59:59+08:00"


def _midnight(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def _after(day: date) -> datetime:
    """The first moment after the day's deadline (its 23:59:59) has passed."""
    return _at(day + timedelta(days=1))


def _move(world, clock, at: datetime) -> None:
    """Set the clock and log everyone in again (tokens expire with the clock)."""
    clock.set(at)
    for username in list(world.clients):
        world.login(username)


def _sweep(app, at: datetime):
    with app.app_context():
        return sweep(now=at)


def _history(world, proposal) -> list:
    return world["office"].ok("GET", f"/proposals/{proposal['id']}/history")


def _fired(world, proposal, event: str) -> list:
    return [r for r in _history(world, proposal) if r["event"] == event]


def _clock_events(world, proposal, prefix: str = "") -> list[str]:
    """The names of the reminders, overdue and escalation events fired, oldest first."""
    return [
        r["event"]
        for r in _history(world, proposal)
        if r["event"].startswith(prefix) and r["event"].endswith(TIMER_SUFFIXES)
    ]


def _deadline(world, proposal, kind: str, assignment=None) -> dict:
    page = world["office"].ok("GET", f"/deadlines?kind={kind}&proposal_id={proposal['id']}")
    found = [
        d for d in page["items"] if assignment is None or d["assignment_id"] == assignment["id"]
    ]
    assert found, (kind, page)
    return max(found, key=lambda d: d["id"])


def _timer_data(record) -> dict:
    return {name: record["data"].get(name) for name in ("deadline_id", "kind", "late")}


def _signed(world, units=(("市交通运输局", "lead"),)):
    proposal = Flow(world).assigned(units)
    lead = proposal["assignments"][0]
    return proposal, world["transport"].act("assignment", lead, "sign")


def _assisted(world):
    """A proposal with 市交通运输局 leading and 市教育局 assisting: (proposal, assisting one)."""
    proposal = Flow(world).assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))
    [assisting] = [a for a in proposal["assignments"] if a["role"] == "assisting"]
    return proposal, assisting


def _extend(world, assignment, until: str) -> dict:
    clerk = world["transport"]
    current = clerk.assignment(assignment["id"])
    current = clerk.act("assignment", current, "request_extension", until=until, reason="需调研。")
    return world["office"].act("assignment", current, "approve_extension")


def _evaluate(world, proposal, result: str) -> dict:
    member = world["zhang"]
    ratings = Flow(world).ratings(world["office"].proposal(proposal["id"]), result)
    return member.act("proposal", member.proposal(proposal["id"]), "evaluate", ratings=ratings)


def _closed_with(world, reply: dict, *, key: bool = False) -> dict:
    """Replied with the given reply (key proposal if asked) and rated satisfied: closed."""
    proposal = Flow(world).assigned()
    if key:
        world["office"].act("proposal", proposal, "mark_key", leader="leader")
    Flow(world).handle(proposal["assignments"][0], reply=reply)
    return _evaluate(world, proposal, "satisfied")


# 立案审查: 10 working days from submission ------------------------------------------------


def test_review_deadline_from_before_national_day_counts_past_the_holiday(world, clock):
    _move(world, clock, _at(date(2026, 9, 28), 9))
    proposal = Flow(world).submitted()

    deadline = _deadline(world, proposal, "review")

    expected = CALENDAR.add_working_days(date(2026, 9, 28), 10).date
    assert expected == date(2026, 10, 16)
    assert deadline["due_at"] == _end_of(expected)
    assert "国庆节" in deadline["explanation"]
    assert "2026年10月10日调休上班照常计算" in deadline["explanation"]


def test_clock_fires_review_overdue_once_just_after_the_due_day(app, world):
    proposal = Flow(world).submitted()
    deadline = _deadline(world, proposal, "review")
    due = CALENDAR.add_working_days(MARCH_16, 10).date

    before = _sweep(app, _at(due, 23, 59, 58))
    first = _sweep(app, _after(due))
    again = _sweep(app, _after(due))

    [record] = _fired(world, proposal, "review_overdue")
    assert (before.fired, first.fired, again.fired) == (0, 1, 0)
    assert (record["actor"], record["subject"]) == ("system", f"proposal:{proposal['id']}")
    assert _timer_data(record) == {"deadline_id": deadline["id"], "kind": "review", "late": False}
    assert _deadline(world, proposal, "review")["status"] == "overdue"


def test_accepting_in_time_closes_review_deadline_and_nothing_fires(app, world):
    proposal = Flow(world).accepted()

    result = _sweep(app, _at(date(2026, 4, 30), 9))

    deadline = _deadline(world, proposal, "review")
    assert (deadline["status"], deadline["overdue_at"]) == ("done", None)
    assert _fired(world, proposal, "review_overdue") == []
    assert result.fired == 0


def test_withdrawing_cancels_the_review_deadline_and_nothing_fires(app, world):
    proposal = Flow(world).submitted()
    world["zhang"].act("proposal", proposal, "withdraw")

    result = _sweep(app, _at(date(2026, 4, 30)))

    deadline = _deadline(world, proposal, "review")
    assert (deadline["status"], deadline["overdue_at"]) == ("cancelled", None)
    assert _fired(world, proposal, "review_overdue") == []
    assert result.fired == 0


# 签收 / 申请退回 / 办前沟通: working days from the assignment -------------------------------


@pytest.mark.parametrize(
    ("kind", "amount", "known"),
    [
        ("sign", 3, date(2026, 10, 8)),
        ("return_window", 5, date(2026, 10, 10)),  # the make-up Saturday counts
        ("contact", 15, date(2026, 10, 23)),
    ],
)
def test_assignment_before_national_day_counts_working_days_past_it(
    world, clock, kind, amount, known
):
    _move(world, clock, _at(date(2026, 9, 28), 9))
    proposal = Flow(world).assigned()

    deadline = _deadline(world, proposal, kind)

    assert CALENDAR.add_working_days(date(2026, 9, 28), amount).date == known
    assert deadline["due_at"] == _end_of(known)
    assert deadline["provisional"] is False
    assert "国庆节" in deadline["explanation"]


def test_sign_deadline_across_spring_festival_counts_the_make_up_saturday(world, clock):
    _move(world, clock, _at(date(2026, 2, 12), 9))
    proposal = Flow(world).assigned()

    deadline = _deadline(world, proposal, "sign")

    assert CALENDAR.add_working_days(date(2026, 2, 12), 3).date == date(2026, 2, 24)
    assert deadline["due_at"] == _end_of(date(2026, 2, 24))
    assert "春节" in deadline["explanation"]
    assert "2026年2月14日调休上班照常计算" in deadline["explanation"]


def test_counting_starts_the_day_after_the_beijing_day_of_the_event(world, clock):
    _move(world, clock, _at(date(2026, 3, 17), 7))  # still 2026-03-16 in UTC

    proposal = Flow(world).assigned()

    deadline = _deadline(world, proposal, "sign")
    assert deadline["due_at"] == _end_of(date(2026, 3, 20))
    assert deadline["derivation"]["start"] == "2026-03-17"


def test_approved_return_cancels_the_unit_deadlines_and_nothing_fires(app, world):
    proposal, assignment = _signed(world)
    assignment = world["transport"].act(
        "assignment", assignment, "request_return", reason="非本单位职责"
    )
    world["office"].act("assignment", assignment, "approve_return")

    _sweep(app, _at(date(2026, 8, 1)))

    page = world["office"].ok("GET", f"/deadlines?proposal_id={proposal['id']}&status=cancelled")
    assert {d["kind"] for d in page["items"]} == {"return_window", "contact", "reply"}
    assert _clock_events(world, proposal) == []


def test_unsigned_assignment_gets_one_sign_overdue_from_the_system(app, world):
    proposal = Flow(world).assigned()
    assignment = proposal["assignments"][0]
    deadline = _deadline(world, proposal, "sign")

    first = _sweep(app, _after(date(2026, 3, 19)))
    again = _sweep(app, _after(date(2026, 3, 19)))

    [record] = _fired(world, proposal, "sign_overdue")
    assert (first.fired, again.fired) == (1, 0)
    assert (record["actor"], record["workflow"]) == ("system", "assignment")
    assert record["subject"] == f"assignment:{assignment['id']}"
    assert _timer_data(record) == {"deadline_id": deadline["id"], "kind": "sign", "late": False}
    assert _deadline(world, proposal, "sign")["overdue_at"] == "2026-03-20T00:00:00+08:00"


def test_signing_in_time_closes_sign_deadline_done_and_nothing_fires(app, world):
    proposal, _ = _signed(world)

    _sweep(app, _after(date(2026, 3, 19)))

    deadline = _deadline(world, proposal, "sign")
    assert (deadline["status"], deadline["overdue_at"]) == ("done", None)
    assert _fired(world, proposal, "sign_overdue") == []


def test_signing_late_closes_sign_deadline_done_and_keeps_overdue_at(app, world, clock):
    proposal = Flow(world).assigned()
    _sweep(app, _at(date(2026, 3, 20), 9))
    _move(world, clock, _at(date(2026, 3, 23), 10))

    world["transport"].act("assignment", proposal["assignments"][0], "sign")

    deadline = _deadline(world, proposal, "sign")
    assert deadline["status"] == "done"
    assert deadline["overdue_at"] == "2026-03-20T09:00:00+08:00"
    assert len(_fired(world, proposal, "sign_overdue")) == 1


def test_return_window_closes_silently_as_done_when_it_passes(app, world):
    proposal, _ = _signed(world)
    length = len(_history(world, proposal))

    _sweep(app, _after(date(2026, 3, 23)))
    _sweep(app, _after(date(2026, 3, 23)))

    history = _history(world, proposal)
    assert len(history) == length
    assert not [r for r in history if r["event"].startswith("return_window")]
    assert _deadline(world, proposal, "return_window")["status"] == "done"


def test_unit_cannot_request_return_after_the_return_window(app, world, clock):
    proposal, assignment = _signed(world)
    _sweep(app, _after(date(2026, 3, 23)))
    _move(world, clock, _after(date(2026, 3, 23)))
    length = len(_history(world, proposal))

    response = world["transport"].fire(
        "assignment", assignment, "request_return", reason="非本单位职责"
    )

    after = world["transport"].assignment(assignment["id"])
    assert (response.status, response.error["code"]) == (409, "guard_failed")
    assert (after["state"], after["version"]) == ("handling", assignment["version"])
    assert len(_history(world, proposal)) == length


def test_contact_reminder_fires_once_at_midnight_of_the_due_day(app, world):
    proposal, _ = _signed(world)
    due = CALENDAR.add_working_days(MARCH_16, 15).date

    _sweep(app, _at(due - timedelta(days=1), 23, 59, 59))
    before = len(_fired(world, proposal, "contact_reminder"))
    first = _sweep(app, _at(due))
    again = _sweep(app, _at(due))

    [record] = _fired(world, proposal, "contact_reminder")
    assert (before, first.fired, again.fired) == (0, 1, 0)
    assert (record["actor"], record["data"]["kind"], record["data"]["late"]) == (
        "system",
        "contact",
        False,
    )
    deadline = _deadline(world, proposal, "contact")
    assert (deadline["status"], deadline["reminded_at"]) == ("reminded", _midnight(due))


def test_contact_overdue_fires_once_and_replaces_the_missed_reminder(app, world):
    proposal, _ = _signed(world)
    due = CALENDAR.add_working_days(MARCH_16, 15).date

    _sweep(app, _after(due))
    _sweep(app, _after(due))

    [record] = _fired(world, proposal, "contact_overdue")
    assert _fired(world, proposal, "contact_reminder") == []
    assert (record["actor"], record["data"]["late"]) == ("system", False)
    assert _deadline(world, proposal, "contact")["status"] == "overdue"


def test_logging_a_contact_meets_the_contact_deadline_and_nothing_fires(app, world):
    proposal, assignment = _signed(world)
    world["transport"].act(
        "assignment", assignment, "log_contact", method="电话", date="2026-03-16", summary="沟通。"
    )

    _sweep(app, _at(date(2026, 4, 30)))

    deadline = _deadline(world, proposal, "contact")
    assert (deadline["status"], deadline["overdue_at"]) == ("done", None)
    assert _clock_events(world, proposal, "contact_") == []


# 协办意见: one month, reminder 5 working days before ----------------------------------------


def test_opinion_deadline_is_one_month_and_moves_off_the_national_day_holiday(world, clock):
    _move(world, clock, _at(date(2026, 9, 7), 9))
    proposal, assisting = _assisted(world)

    deadline = _deadline(world, proposal, "opinion", assisting)

    assert CALENDAR.add_months(date(2026, 9, 7), 1).date == date(2026, 10, 8)
    assert deadline["due_at"] == _end_of(date(2026, 10, 8))
    assert "2026年10月7日为休息日，顺延" in deadline["explanation"]
    reminder = CALENDAR.working_days_before(date(2026, 10, 8), 5).date
    assert reminder == date(2026, 9, 23)
    assert deadline["derivation"]["reminders"] == [_midnight(reminder)]


def test_only_assisting_units_get_an_opinion_deadline_and_only_answering_units_a_contact_one(
    world,
):
    proposal, assisting = _assisted(world)

    page = world["office"].ok("GET", f"/deadlines?proposal_id={proposal['id']}")

    kinds = {(d["assignment_id"] == assisting["id"], d["kind"]) for d in page["items"]}
    assert (True, "opinion") in kinds and (False, "opinion") not in kinds
    assert (False, "contact") in kinds and (True, "contact") not in kinds
    assert (True, "reply") not in kinds


def test_opinion_reminder_fires_once_to_the_assisting_unit(app, world, clock):
    _move(world, clock, _at(date(2026, 9, 7), 9))
    proposal, assisting = _assisted(world)

    _sweep(app, _at(date(2026, 9, 22), 23, 59))
    before = len(_fired(world, proposal, "opinion_reminder"))
    _sweep(app, _at(date(2026, 9, 23)))
    again = _sweep(app, _at(date(2026, 9, 23)))

    [record] = _fired(world, proposal, "opinion_reminder")
    assert (before, again.fired) == (0, 0)
    assert record["subject"] == f"assignment:{assisting['id']}"
    assert (record["actor"], record["data"]["kind"]) == ("system", "opinion")


def test_opinion_overdue_fires_once_after_the_month(app, world):
    proposal, assisting = _assisted(world)
    due = CALENDAR.add_months(MARCH_16, 1).date

    _sweep(app, _after(due))
    again = _sweep(app, _after(due))

    [record] = _fired(world, proposal, "opinion_overdue")
    assert record["subject"] == f"assignment:{assisting['id']}"
    assert again.fired == 0
    assert _fired(world, proposal, "opinion_reminder") == []


def test_submitting_the_opinion_meets_the_opinion_deadline(app, world):
    proposal, assisting = _assisted(world)
    Flow(world).handle(assisting)

    _sweep(app, _at(date(2026, 5, 30)))

    deadline = _deadline(world, proposal, "opinion", assisting)
    assert (deadline["status"], deadline["overdue_at"]) == ("done", None)
    assert _fired(world, proposal, "opinion_overdue") == []


# 答复: three months, reminders 15 and 5 days before, overdue, escalated 15 days later --------


@pytest.mark.parametrize(
    ("assigned_on", "due", "postponed"),
    [
        (MARCH_16, REPLY_DUE, None),
        (date(2026, 7, 1), date(2026, 10, 8), "2026年10月1日为休息日，顺延"),
    ],
)
def test_reply_deadline_is_three_months_moved_off_rest_days(
    world, clock, assigned_on, due, postponed
):
    _move(world, clock, _at(assigned_on, 9))
    proposal = Flow(world).assigned()

    deadline = _deadline(world, proposal, "reply")

    assert CALENDAR.add_months(assigned_on, 3).date == due
    assert deadline["due_at"] == _end_of(due)
    assert postponed is None or postponed in deadline["explanation"]
    assert world["office"].proposal(proposal["id"])["assignments"][0]["due_at"] == _end_of(due)


def test_reply_reminders_are_fifteen_and_five_calendar_days_before(world):
    proposal = Flow(world).assigned()

    deadline = _deadline(world, proposal, "reply")

    assert deadline["derivation"]["reminders"] == [
        _midnight(date(2026, 6, 1)),
        _midnight(date(2026, 6, 11)),
    ]


def test_each_reply_reminder_fires_once_at_its_midnight(app, world):
    proposal, _ = _signed(world)

    counts = []
    for day in (date(2026, 5, 31), date(2026, 6, 1), date(2026, 6, 10), date(2026, 6, 11)):
        _sweep(app, _at(day, 0, 0, 0))
        _sweep(app, _at(day, 0, 0, 0))
        counts.append(len(_fired(world, proposal, "reply_reminder")))

    assert counts == [0, 1, 1, 2]
    records = _fired(world, proposal, "reply_reminder")
    assert {(r["actor"], r["data"]["late"]) for r in records} == {("system", False)}
    assert _deadline(world, proposal, "reply")["status"] == "reminded"


def test_reminders_missed_during_downtime_fire_once_as_the_latest_late(app, world):
    proposal, _ = _signed(world)

    _sweep(app, _at(date(2026, 6, 12), 9))
    again = _sweep(app, _at(date(2026, 6, 12), 9))

    [record] = _fired(world, proposal, "reply_reminder")
    assert record["data"]["late"] is True
    assert again.fired == 0
    assert _fired(world, proposal, "reply_overdue") == []


def test_reply_overdue_then_escalation_fire_once_each(app, world):
    proposal, _ = _signed(world)

    _sweep(app, _at(REPLY_DUE, 23, 59, 58))
    before = len(_fired(world, proposal, "reply_overdue"))
    _sweep(app, _after(REPLY_DUE))
    _sweep(app, _after(REPLY_DUE))
    _sweep(app, _at(date(2026, 7, 1), 23, 59, 58))
    not_yet = len(_fired(world, proposal, "reply_escalated"))
    _sweep(app, _at(date(2026, 7, 2)))
    again = _sweep(app, _at(date(2026, 7, 2)))

    assert len(_fired(world, proposal, "reply_overdue")) == 1
    [escalated] = _fired(world, proposal, "reply_escalated")
    assert (before, not_yet, again.fired) == (0, 0, 0)
    assert (escalated["actor"], escalated["data"]["kind"]) == ("system", "reply")
    deadline = _deadline(world, proposal, "reply")
    assert (deadline["status"], deadline["escalated_at"]) == (
        "overdue",
        "2026-07-02T00:00:00+08:00",
    )


def test_replying_in_time_meets_the_reply_deadline(app, world):
    proposal = Flow(world).replied()

    _sweep(app, _at(date(2026, 8, 1)))

    deadline = _deadline(world, proposal, "reply")
    assert (deadline["status"], deadline["overdue_at"]) == ("done", None)
    assert _clock_events(world, proposal, "reply_") == []


def test_replying_late_closes_the_reply_deadline_done_keeping_overdue_at(app, world, clock):
    proposal, assignment = _signed(world)
    _sweep(app, _after(REPLY_DUE))
    _move(world, clock, _at(date(2026, 6, 18), 10))

    Flow(world).handle(assignment)

    deadline = _deadline(world, proposal, "reply")
    assert deadline["status"] == "done"
    assert deadline["overdue_at"] == "2026-06-17T00:00:00+08:00"
    _sweep(app, _at(date(2026, 8, 1)))
    assert _fired(world, proposal, "reply_escalated") == []


def test_catch_up_after_downtime_fires_reply_overdue_once_late_without_stale_reminders(app, world):
    proposal, _ = _signed(world)

    _sweep(app, _at(date(2026, 6, 20), 9))
    again = _sweep(app, _at(date(2026, 6, 20), 9))

    [record] = _fired(world, proposal, "reply_overdue")
    assert record["data"]["late"] is True
    assert _fired(world, proposal, "reply_reminder") == []
    assert again.fired == 0
    assert _deadline(world, proposal, "reply")["overdue_at"] == "2026-06-20T09:00:00+08:00"


def test_catch_up_long_after_fires_overdue_and_escalation_once_each_late(app, world):
    proposal, _ = _signed(world)

    _sweep(app, _at(date(2026, 8, 20), 9))
    _sweep(app, _at(date(2026, 8, 21), 9))

    events = _clock_events(world, proposal, "reply_")
    assert events == ["reply_overdue", "reply_escalated"]
    assert {r["data"]["late"] for r in _fired(world, proposal, "reply_escalated")} == {True}


# 延期: an approved extension moves the reply deadline -------------------------------------


def test_approved_extension_moves_the_reply_deadline_and_says_so(world):
    proposal, assignment = _signed(world)

    _extend(world, assignment, "2026-07-16")

    deadline = _deadline(world, proposal, "reply")
    assert deadline["due_at"] == _end_of(date(2026, 7, 16))
    assert "延期" in deadline["explanation"]
    assert deadline["derivation"]["reminders"] == [
        _midnight(date(2026, 7, 1)),
        _midnight(date(2026, 7, 11)),
    ]
    assert world["transport"].assignment(assignment["id"])["due_at"] == _end_of(date(2026, 7, 16))


def test_extension_past_six_months_from_the_assignment_is_refused(world):
    proposal, assignment = _signed(world)
    length = len(_history(world, proposal))

    response = world["transport"].fire(
        "assignment", assignment, "request_extension", until="2026-09-17", reason="需调研。"
    )

    after = world["transport"].assignment(assignment["id"])
    assert (response.status, response.error["code"]) == (422, "invalid_input")
    assert "until" in response.error["details"]
    assert (after["version"], after["due_at"]) == (assignment["version"], _end_of(REPLY_DUE))
    assert len(_history(world, proposal)) == length
    assert _deadline(world, proposal, "reply")["due_at"] == _end_of(REPLY_DUE)


def test_after_an_extension_reminders_and_overdue_follow_the_new_date(app, world):
    proposal, assignment = _signed(world)
    _extend(world, assignment, "2026-07-16")

    for day in (date(2026, 6, 1), date(2026, 6, 11), date(2026, 6, 17)):
        _sweep(app, _at(day))
    old = _clock_events(world, proposal, "reply_")
    for day in (date(2026, 7, 1), date(2026, 7, 11), date(2026, 7, 17), date(2026, 7, 17)):
        _sweep(app, _at(day))

    events = _clock_events(world, proposal, "reply_")
    assert old == []
    assert events == ["reply_reminder", "reply_reminder", "reply_overdue"]


def test_extension_after_the_overdue_reopens_the_deadline_for_the_new_date(app, world, clock):
    proposal, assignment = _signed(world)
    _sweep(app, _after(REPLY_DUE))
    _move(world, clock, _at(date(2026, 6, 18), 9))

    _extend(world, assignment, "2026-07-31")

    deadline = _deadline(world, proposal, "reply")
    assert (deadline["status"], deadline["due_at"]) == ("open", _end_of(date(2026, 7, 31)))
    _sweep(app, _at(date(2026, 7, 2)))  # the old escalation day: nothing
    assert _fired(world, proposal, "reply_escalated") == []
    _sweep(app, _after(date(2026, 7, 31)))
    assert len(_fired(world, proposal, "reply_overdue")) == 2


# 重新办理: an unsatisfied rating gives three more months ------------------------------------


def test_unsatisfied_rating_opens_a_rehandling_reply_deadline_three_months_on(world, clock):
    proposal = Flow(world).replied()
    _move(world, clock, _at(date(2026, 4, 1), 10))

    _evaluate(world, proposal, "unsatisfied")

    deadline = _deadline(world, proposal, "reply")
    assert CALENDAR.add_months(date(2026, 4, 1), 3).date == date(2026, 7, 1)
    assert (deadline["status"], deadline["due_at"]) == ("open", _end_of(date(2026, 7, 1)))
    assert deadline["derivation"]["rule"] == "rehandle_reply"
    assert "重新交办" in deadline["explanation"]


def test_rehandling_reply_overdue_fires_once_for_the_new_deadline(app, world, clock):
    proposal = Flow(world).replied()
    _move(world, clock, _at(date(2026, 4, 1), 10))
    _evaluate(world, proposal, "unsatisfied")
    deadline = _deadline(world, proposal, "reply")

    _sweep(app, _after(date(2026, 7, 1)))
    _sweep(app, _after(date(2026, 7, 1)))

    [record] = _fired(world, proposal, "reply_overdue")
    assert _timer_data(record) == {"deadline_id": deadline["id"], "kind": "reply", "late": False}
    assert len(_fired(world, proposal, "reply_reminder")) == 0


# 满意度测评: 15 working days after the reply, reminder 5 working days before -----------------


def test_evaluation_deadline_is_fifteen_working_days_after_the_reply(world, clock):
    _move(world, clock, _at(date(2026, 9, 28), 9))
    proposal = Flow(world).replied()

    deadline = _deadline(world, proposal, "evaluation")

    assert CALENDAR.add_working_days(date(2026, 9, 28), 15).date == date(2026, 10, 23)
    assert deadline["due_at"] == _end_of(date(2026, 10, 23))
    assert deadline["derivation"]["reminders"] == [_midnight(date(2026, 10, 16))]
    assert "国庆节" in deadline["explanation"]


def test_evaluation_reminder_then_lapse_close_the_unrated_proposal(app, world, clock):
    _move(world, clock, _at(date(2026, 9, 28), 9))
    proposal = Flow(world).replied()

    _sweep(app, _at(date(2026, 10, 16)))
    _sweep(app, _at(date(2026, 10, 16)))
    _sweep(app, _after(date(2026, 10, 23)))
    again = _sweep(app, _after(date(2026, 10, 23)))

    assert len(_fired(world, proposal, "evaluation_reminder")) == 1
    [lapsed] = _fired(world, proposal, "evaluation_lapsed")
    assert (lapsed["actor"], lapsed["from_state"], lapsed["to_state"]) == (
        "system",
        "replied",
        "closed",
    )
    assert again.fired == 0
    assert world["office"].proposal(proposal["id"])["state"] == "closed"


def test_lapsed_evaluation_records_the_unrated_reply_as_lapsed(app, world):
    proposal = Flow(world).replied()
    due = CALENDAR.add_working_days(MARCH_16, 15).date

    _sweep(app, _after(due))

    closed = world["office"].proposal(proposal["id"])
    assert closed["state"] == "closed"
    assert [(r["assignment_id"], r["lapsed"]) for r in closed["ratings"]] == [
        (proposal["assignments"][0]["id"], True)
    ]
    assert closed["closed_at"] is not None


def test_proposal_closed_by_the_clock_still_gets_its_follow_up(app, world):
    proposal = Flow(world).replied()  # a B reply: 正在解决, always followed up

    _sweep(app, _after(CALENDAR.add_working_days(MARCH_16, 15).date))

    deadline = _deadline(world, proposal, "follow_up")
    assert deadline["status"] == "open"
    assert deadline["due_at"] == _end_of(CALENDAR.add_months(MARCH_16, 6).date)


def test_rating_in_time_meets_the_evaluation_deadline(app, world):
    proposal = Flow(world).closed()

    _sweep(app, _at(date(2026, 4, 30)))

    deadline = _deadline(world, proposal, "evaluation")
    assert (deadline["status"], deadline["overdue_at"]) == ("done", None)
    assert _fired(world, proposal, "evaluation_lapsed") == []


# 回头看: the earliest commitment, or 6 months after the reply; reminder 10 working days before


COMMITTED = {
    **REPLY,
    "commitments": [
        {"text": "年底前完成专用道建设。", "due_date": "2026-09-30"},
        {"text": "七月底前推行信号优先。", "due_date": "2026-07-31"},
    ],
}


def test_follow_up_falls_due_on_the_earliest_commitment(world):
    proposal = _closed_with(world, COMMITTED)

    deadline = _deadline(world, proposal, "follow_up")

    assert deadline["due_at"] == _end_of(date(2026, 7, 31))
    reminder = CALENDAR.working_days_before(date(2026, 7, 31), 10).date
    assert reminder == date(2026, 7, 17)
    assert deadline["derivation"]["reminders"] == [_midnight(reminder)]


def test_key_proposal_without_commitments_is_followed_up_six_months_after_the_reply(world):
    proposal = _closed_with(world, {**REPLY, "category": "A"}, key=True)

    deadline = _deadline(world, proposal, "follow_up")

    assert CALENDAR.add_months(MARCH_16, 6).date == date(2026, 9, 16)
    assert deadline["due_at"] == _end_of(date(2026, 9, 16))


def test_solved_reply_on_an_ordinary_proposal_gets_no_follow_up(world):
    proposal = _closed_with(world, {**REPLY, "category": "A"})

    page = world["office"].ok("GET", f"/deadlines?kind=follow_up&proposal_id={proposal['id']}")

    assert page["items"] == []


def test_follow_up_reminder_fires_once_ten_working_days_before(app, world):
    proposal = _closed_with(world, COMMITTED)

    _sweep(app, _at(date(2026, 7, 16), 23, 59))
    before = len(_fired(world, proposal, "follow_up_reminder"))
    _sweep(app, _at(date(2026, 7, 17)))
    _sweep(app, _at(date(2026, 7, 17)))

    [record] = _fired(world, proposal, "follow_up_reminder")
    assert before == 0
    assert (record["actor"], record["workflow"], record["data"]["kind"]) == (
        "system",
        "proposal",
        "follow_up",
    )


def test_clock_starts_the_follow_up_once_when_it_falls_due(app, world):
    proposal = _closed_with(world, COMMITTED)
    deadline = _deadline(world, proposal, "follow_up")

    _sweep(app, _after(date(2026, 7, 31)))
    again = _sweep(app, _after(date(2026, 7, 31)))

    [record] = _fired(world, proposal, "start_follow_up")
    assert (record["actor"], record["to_state"]) == ("system", "following_up")
    assert _timer_data(record) == {
        "deadline_id": deadline["id"],
        "kind": "follow_up",
        "late": False,
    }
    assert again.fired == 0
    assert world["office"].proposal(proposal["id"])["state"] == "following_up"


def test_committee_completes_a_follow_up_the_clock_started(app, world):
    proposal = _closed_with(world, COMMITTED)
    _sweep(app, _after(date(2026, 7, 31)))
    following = world["office"].proposal(proposal["id"])

    response = world["office"].fire(
        "proposal", following, "complete_follow_up", outcome="implemented", findings="已落实。"
    )

    assert response.status == 200, response.json
    assert response.json["state"] == "completed"


# 2027: a year the statutory calendar does not know yet --------------------------------------


def test_reply_deadline_counted_into_2027_is_provisional_and_says_so(world, clock):
    _move(world, clock, _at(date(2026, 11, 20), 9))
    proposal = Flow(world).assigned()

    deadline = _deadline(world, proposal, "reply")

    assert deadline["due_at"] == _end_of(date(2027, 2, 22))  # 2027-02-20 is a Saturday
    assert deadline["provisional"] is True
    assert "尚未公布" in deadline["explanation"]
    assert _deadline(world, proposal, "sign")["provisional"] is False


def test_administrator_entry_in_2027_is_honoured_but_the_deadline_stays_provisional(
    app, world, clock
):
    with app.app_context(), unit_of_work() as session:
        session.add(CalendarEntry(day=date(2027, 2, 22), working=False, note="春节调休"))
    _move(world, clock, _at(date(2026, 11, 20), 9))
    proposal = Flow(world).assigned()

    deadline = _deadline(world, proposal, "reply")

    assert deadline["due_at"] == _end_of(date(2027, 2, 23))
    assert deadline["provisional"] is True
    assert "尚未公布" in deadline["explanation"]


def test_administrator_calendar_for_2027_makes_the_deadline_firm_and_is_honoured(app, world, clock):
    with app.app_context(), unit_of_work() as session:
        session.add(CalendarEntry(day=date(2027, 2, 22), working=False, note="春节调休"))
        session.add(CalendarYear(year=2027, published=True, changed_at=clock.now()))
    _move(world, clock, _at(date(2026, 11, 20), 9))
    proposal = Flow(world).assigned()

    deadline = _deadline(world, proposal, "reply")

    assert deadline["due_at"] == _end_of(date(2027, 2, 23))
    assert deadline["provisional"] is False
    assert "尚未公布" not in deadline["explanation"]
