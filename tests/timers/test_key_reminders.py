"""重点提案 get earlier 催办: each reminder of their units' deadlines comes
`key_reminder_advance_days` (10 by default) days before its usual day, whether the proposal was
marked key before it was assigned or while its units work on it."""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from service.db import unit_of_work
from service.jobs.sweep import sweep
from service.models import Notification, User
from tests.conftest import SHANGHAI
from tests.flows import Flow

# Assigned on 2026-03-16: the reply is due 2026-06-16, usually reminded on 6-01 and 6-11.
KEY_REPLY_REMINDERS = (date(2026, 5, 22), date(2026, 6, 1))


def _at(day: date, *time) -> datetime:
    return datetime(day.year, day.month, day.day, *time, tzinfo=SHANGHAI)


def _midnight(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def _sweep(app, at: datetime):
    with app.app_context():
        return sweep(now=at)


def _move(world, clock, at: datetime) -> None:
    clock.set(at)
    for username in list(world.clients):
        world.login(username)


def _deadline(world, proposal, kind: str) -> dict:
    page = world["office"].ok("GET", f"/deadlines?kind={kind}&proposal_id={proposal['id']}")
    return max(page["items"], key=lambda d: d["id"])


def _reminders(world, proposal) -> list[dict]:
    history = world["office"].ok("GET", f"/proposals/{proposal['id']}/history")
    return [r for r in history if r["event"] == "reply_reminder"]


def _key_assigned(world, units=(("市交通运输局", "lead"),)) -> dict:
    """Marked key while accepted, then assigned."""
    proposal = Flow(world).accepted()
    world["office"].act("proposal", proposal, "mark_key", leaders=["leader"])
    entries = [{"unit_id": world.units[name], "role": role} for name, role in units]
    proposal = world["office"].proposal(proposal["id"])
    return world["office"].act("proposal", proposal, "assign", units=entries)


def _mark_key(world, proposal) -> dict:
    office = world["office"]
    return office.act("proposal", office.proposal(proposal["id"]), "mark_key", leaders=["leader"])


def test_a_key_proposal_s_units_are_reminded_ten_days_earlier(world):
    proposal = _key_assigned(world)

    deadline = _deadline(world, proposal, "reply")

    assert deadline["derivation"]["reminders"] == [_midnight(d) for d in KEY_REPLY_REMINDERS]
    assert deadline["derivation"]["reminder_advance_days"] == 10
    assert deadline["explanation"].endswith("重点提案提前10天催办。")
    assert deadline["due_at"] == "2026-06-16T23:59:59+08:00"


def test_an_ordinary_proposal_keeps_the_usual_reminder_days(world):
    proposal = Flow(world).assigned()

    deadline = _deadline(world, proposal, "reply")

    assert deadline["derivation"]["reminders"] == [_midnight(date(2026, 6, d)) for d in (1, 11)]
    assert "reminder_advance_days" not in deadline["derivation"]


def test_the_opinion_and_contact_reminders_come_earlier_too(world):
    ordinary = Flow(world).assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))
    key = _key_assigned(world, (("市交通运输局", "lead"), ("市教育局", "assisting")))

    for kind in ("opinion", "contact"):
        usual = _deadline(world, ordinary, kind)["derivation"]["reminders"]
        earlier = _deadline(world, key, kind)["derivation"]["reminders"]
        shifted = [(datetime.fromisoformat(at) - timedelta(days=10)).isoformat() for at in usual]
        assert earlier == shifted, kind


def test_the_clock_fires_each_earlier_reminder_once(app, world):
    proposal = _key_assigned(world)

    counts = []
    for day in (date(2026, 5, 21), *KEY_REPLY_REMINDERS, date(2026, 6, 11)):
        _sweep(app, _at(day))
        _sweep(app, _at(day))
        counts.append(len(_reminders(world, proposal)))

    assert counts == [0, 1, 2, 2]
    assert {r["data"]["late"] for r in _reminders(world, proposal)} == {False}


def test_marked_key_while_handled_the_units_open_deadlines_are_reminded_earlier(app, world):
    proposal = Flow(world).assigned()

    _mark_key(world, proposal)
    _sweep(app, _at(date(2026, 5, 22)))

    assert _deadline(world, proposal, "reply")["derivation"]["reminders"] == [
        _midnight(d) for d in KEY_REPLY_REMINDERS
    ]
    assert len(_reminders(world, proposal)) == 1
    assert "重点提案提前10天催办" in _deadline(world, proposal, "reply")["explanation"]


def test_marked_key_after_its_earlier_reminder_day_the_unit_is_reminded_once_at_once(
    app, world, clock
):
    proposal = Flow(world).assigned()
    _move(world, clock, _at(date(2026, 5, 27), 10))

    _mark_key(world, proposal)
    _sweep(app, _at(date(2026, 5, 27), 10, 1))
    first = len(_reminders(world, proposal))
    _sweep(app, _at(date(2026, 5, 28), 10))
    again = len(_reminders(world, proposal))
    _sweep(app, _at(date(2026, 6, 1)))

    [late, on_time] = _reminders(world, proposal)
    assert (first, again) == (1, 1)
    assert (late["data"]["late"], on_time["data"]["late"]) == (True, False)
    with app.app_context(), unit_of_work() as session:
        said = session.scalars(
            select(Notification.message)
            .where(Notification.event == "reply_reminder")
            .order_by(Notification.id)
        ).all()
    assert "（系统停机期间到期，恢复后补发）" in said[0]
    assert "补发" not in said[-1]


def test_marked_key_after_the_usual_reminder_was_sent_nothing_is_sent_twice(app, world, clock):
    proposal = Flow(world).assigned()
    _sweep(app, _at(date(2026, 6, 1)))
    _move(world, clock, _at(date(2026, 6, 2), 9))

    _mark_key(world, proposal)
    for day in (date(2026, 6, 3), date(2026, 6, 11)):
        _sweep(app, _at(day))

    assert len(_reminders(world, proposal)) == 1
    assert _deadline(world, proposal, "reply")["status"] == "reminded"


def test_the_advance_is_a_setting(world):
    world["admin"].ok(
        "POST", "/settings", {"changes": {"key_reminder_advance_days": 20}, "confirm": True}
    )

    proposal = _key_assigned(world)

    assert _deadline(world, proposal, "reply")["derivation"]["reminders"] == [
        _midnight(date(2026, 5, 12)),
        _midnight(date(2026, 5, 22)),
    ]


def test_an_approved_extension_keeps_the_earlier_reminders(world):
    proposal = _key_assigned(world)
    clerk = world["transport"]
    current = clerk.assignment(proposal["assignments"][0]["id"])
    current = clerk.act("assignment", current, "sign")
    current = clerk.act(
        "assignment", current, "request_extension", until="2026-07-16", reason="需调研。"
    )

    world["office"].act("assignment", current, "approve_extension")

    assert _deadline(world, proposal, "reply")["derivation"]["reminders"] == [
        _midnight(date(2026, 6, 21)),
        _midnight(date(2026, 7, 1)),
    ]


def test_every_supervising_leader_hears_of_a_seriously_overdue_reply(app, world):
    world.add_user("qian", "leader", display_name="钱副市长")
    proposal = Flow(world).assigned()
    office = world["office"]
    office.act("proposal", proposal, "mark_key", leaders=["leader", "qian"])

    _sweep(app, _at(date(2026, 6, 17)))
    _sweep(app, _at(date(2026, 7, 2)))

    with app.app_context(), unit_of_work() as session:
        told = {
            name
            for (name,) in session.query(User.username)
            .join(Notification, Notification.user_id == User.id)
            .filter(Notification.event == "reply_escalated")
        }
    assert told == {"leader", "qian"}


def test_a_longer_reply_period_applied_to_open_deadlines_keeps_the_earlier_reminders(world):
    proposal = _key_assigned(world)

    world["admin"].ok(
        "POST",
        "/settings",
        {"changes": {"reply_months": 4}, "confirm": True, "apply_to_open": True},
    )

    deadline = _deadline(world, proposal, "reply")
    assert deadline["due_at"] == "2026-07-16T23:59:59+08:00"
    assert deadline["derivation"]["reminders"] == [
        _midnight(date(2026, 6, 21)),
        _midnight(date(2026, 7, 1)),
    ]
    assert "重点提案提前10天催办" in deadline["explanation"]


def test_a_reminder_dropped_as_stale_is_not_recorded_as_sent(app, world):
    proposal = _key_assigned(world)
    contact = _deadline(world, proposal, "contact")
    [reminder] = contact["derivation"]["reminders"]  # 10 days before the day itself
    late = datetime.fromisoformat(reminder) + timedelta(days=3)  # past its point, before due

    _sweep(app, late)

    after = _deadline(world, proposal, "contact")
    history = world["office"].ok("GET", f"/proposals/{proposal['id']}/history")
    assert not [r for r in history if r["event"] == "contact_reminder"]
    assert (after["status"], after["reminded_at"]) == ("open", None)


def test_a_return_window_that_closes_is_done_not_overdue(app, world):
    proposal = _key_assigned(world)

    _sweep(app, _at(date(2026, 3, 24), 9))  # 5 working days after 3-16 ended on 3-23

    window = _deadline(world, proposal, "return_window")
    assert (window["status"], window["overdue_at"]) == ("done", None)
