"""A session's one reply date (统一答复日期): its 大会提案 assigned before that day are due that
day, not three months from their assignment; 平时提案, re-handling and assignments made after it
keep the period (DOMAIN.md, "Deadlines and timers")."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.api.test_sessions import FIFTH, add, sessions
from tests.conftest import SHANGHAI
from tests.flows import Flow

AUGUST_END = "2026-08-31"


def _reply_deadline(world, proposal: dict) -> dict:
    [deadline] = world["office"].ok("GET", f"/deadlines?kind=reply&proposal_id={proposal['id']}")[
        "items"
    ]
    return deadline


def _at(world, moment: datetime) -> None:
    world.clock.set(moment)
    for username in list(world.clients):
        world.login(username)


def test_a_plenary_proposal_is_due_on_the_sessions_reply_date(world):
    add(world, current=True, reply_due_on=AUGUST_END)  # the clock stands on 3-16, plenary_until

    proposal = Flow(world).assigned()

    [assignment] = proposal["assignments"]
    deadline = _reply_deadline(world, proposal)
    assert assignment["due_at"] == deadline["due_at"] == "2026-08-31T23:59:59+08:00"
    assert "至本会次大会提案统一答复日期（168天）" in deadline["explanation"]
    assert "答复期限为2026年8月31日（星期一）" in deadline["explanation"]


def test_without_a_reply_date_the_three_months_count(world):
    add(world, current=True)

    proposal = Flow(world).assigned()

    assert proposal["assignments"][0]["due_at"] == "2026-06-16T23:59:59+08:00"


def test_a_regular_proposal_keeps_its_three_months(world):
    add(world, current=True, reply_due_on=AUGUST_END)
    _at(world, datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI))  # after plenary_until: 平时提案

    proposal = Flow(world).assigned()

    assert proposal["filed_during"] == "regular"
    assert proposal["assignments"][0]["due_at"] == "2026-07-01T23:59:59+08:00"


def test_a_plenary_proposal_assigned_after_the_reply_date_counts_its_period(world):
    add(world, current=True, reply_due_on="2026-03-25")
    proposal = Flow(world).accepted()
    _at(world, datetime(2026, 3, 25, 10, 0, tzinfo=SHANGHAI))  # the reply date itself

    office = world["office"]
    entries = [{"unit_id": world.units["市交通运输局"], "role": "lead"}]
    proposal = office.act("proposal", office.proposal(proposal["id"]), "assign", units=entries)

    assert proposal["assignments"][0]["due_at"] == "2026-06-25T23:59:59+08:00"


def test_the_reply_date_is_kept_when_the_reply_period_setting_changes(world):
    add(world, current=True, reply_due_on=AUGUST_END)
    proposal = Flow(world).assigned()

    world["admin"].ok(
        "POST",
        "/settings",
        {"changes": {"reply_months": 2}, "confirm": True, "apply_to_open": True},
    )

    assert _reply_deadline(world, proposal)["due_at"] == "2026-08-31T23:59:59+08:00"


def test_re_handling_after_an_unsatisfied_rating_counts_its_own_period(world):
    add(world, current=True, reply_due_on=AUGUST_END)
    member, flow = world["zhang"], Flow(world)
    proposal = flow.replied()
    ratings = [{**r, "result": "unsatisfied"} for r in flow.ratings(proposal)]

    member.act("proposal", member.proposal(proposal["id"]), "evaluate", ratings=ratings)

    items = world["office"].ok("GET", f"/deadlines?kind=reply&proposal_id={proposal['id']}")
    again = next(d for d in items["items"] if d["status"] == "open")
    assert again["due_at"] == "2026-06-16T23:59:59+08:00"  # three months from the rating


def test_the_office_sets_and_clears_the_reply_date(world):
    session = add(world, current=True)

    set_ = world["office"].ok("PATCH", f"/sessions/{session['id']}", {"reply_due_on": AUGUST_END})
    cleared = world["office"].ok("PATCH", f"/sessions/{session['id']}", {"reply_due_on": None})

    assert set_["reply_due_on"] == AUGUST_END
    assert cleared["reply_due_on"] is None
    assert sessions(world)["十四届五次会议"]["reply_due_on"] is None


@pytest.mark.parametrize("day", ["2026-03-20", "2026-03-01"])
def test_a_reply_date_not_after_the_closing_day_is_refused(world, day):
    response = world["office"].post("/sessions", {**FIFTH, "reply_due_on": day})

    assert (response.status, list(response.error["details"])) == (422, ["reply_due_on"])
    assert "大会提案统一答复日期须晚于闭幕日期" in response.error["message"]
    assert "十四届五次会议" not in sessions(world)
