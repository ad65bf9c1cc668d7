"""The sweep fires each timer step once, through the engine, as `system`, and says when late."""

from datetime import datetime

from service.jobs.sweep import sweep
from tests.conftest import SHANGHAI
from tests.flows import Flow


def _sweep(app, at: datetime):
    with app.app_context():
        return sweep(now=at)


def _history(world, proposal):
    return world["office"].ok("GET", f"/proposals/{proposal['id']}/history")


def test_unsigned_assignment_gets_one_sign_overdue(app, world):
    proposal = Flow(world).assigned()

    first = _sweep(app, datetime(2026, 3, 20, 9, tzinfo=SHANGHAI))
    again = _sweep(app, datetime(2026, 3, 20, 9, 5, tzinfo=SHANGHAI))

    overdue = [r for r in _history(world, proposal) if r["event"] == "sign_overdue"]
    assert (first.fired, again.fired) == (1, 0)
    assert len(overdue) == 1
    assert overdue[0]["actor"] == "system"
    assert overdue[0]["data"]["kind"] == "sign" and overdue[0]["data"]["late"] is True
    # Its deadline is said as the API says every time: the end of its day in Beijing time.
    assert overdue[0]["data"]["due_at"] == "2026-03-19T23:59:59+08:00"


def test_sign_deadline_is_listed_with_its_explanation(world):
    Flow(world).assigned()

    page = world["transport"].ok("GET", "/deadlines?kind=sign")

    [deadline] = page["items"]
    assert deadline["due_at"] == "2026-03-19T23:59:59+08:00"
    assert deadline["status"] == "open"
    assert "3个工作日" in deadline["explanation"]


def test_reply_deadline_after_downtime_fires_overdue_not_stale_reminders(app, world):
    proposal = Flow(world).assigned()
    world["transport"].act("assignment", proposal["assignments"][0], "sign")

    result = _sweep(app, datetime(2026, 6, 20, 9, tzinfo=SHANGHAI))

    events = [r["event"] for r in _history(world, proposal)]
    assert "reply_overdue" in events
    assert "reply_reminder" not in events
    assert result.fired >= 1
