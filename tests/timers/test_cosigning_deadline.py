"""联名征集 has a deadline (5 working days by default): an invitee who has not answered by then
is no co-signer, and the proposal goes to review with those who confirmed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from service.deadlines.calendar import WorkingCalendar
from service.jobs.sweep import sweep
from tests.conftest import SHANGHAI
from tests.flows import Flow

DUE = WorkingCalendar().add_working_days(date(2026, 3, 16), 5).date


def _after_due() -> datetime:
    return datetime.combine(DUE + timedelta(days=1), datetime.min.time(), SHANGHAI)


def _sweep(app, at: datetime):
    with app.app_context():
        return sweep(now=at)


def test_the_cosigning_deadline_is_five_working_days(world):
    proposal = Flow(world).submitted(co_signers=["li", "wang"])

    [deadline] = world["zhang"].ok("GET", f"/deadlines?proposal_id={proposal['id']}&kind=cosign")[
        "items"
    ]

    assert proposal["state"] == "cosigning"
    assert deadline["due_at"] == f"{DUE.isoformat()}T23:59:59+08:00"


def test_a_silent_invitee_lapses_and_the_proposal_goes_to_review(app, world):
    proposal = Flow(world).submitted(co_signers=["li", "wang"])
    world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")

    before = _sweep(
        app, datetime.combine(DUE, datetime.max.time(), SHANGHAI) - timedelta(seconds=2)
    )
    fired = _sweep(app, _after_due())
    again = _sweep(app, _after_due())
    office = world.login("office")
    after = office.proposal(proposal["id"])

    assert (before.fired, fired.fired, again.fired) == (0, 1, 0)
    assert after["state"] == "submitted"
    assert after["co_signers"] == ["li"]
    [record] = [
        r
        for r in office.ok("GET", f"/proposals/{proposal['id']}/history")
        if r["event"] == "cosign_lapsed"
    ]
    assert record["data"]["lapsed"] == ["wang"]
    assert world.login("wang").get(f"/proposals/{proposal['id']}").status == 404


def test_when_everyone_answers_in_time_the_deadline_is_met(app, world):
    proposal = Flow(world).submitted(co_signers=["li"])
    world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")

    result = _sweep(app, _after_due())

    [deadline] = world.login("zhang").ok(
        "GET", f"/deadlines?proposal_id={proposal['id']}&kind=cosign"
    )["items"]
    assert deadline["status"] == "done"
    assert result.fired == 0
