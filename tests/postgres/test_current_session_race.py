"""Offices making different sessions current at the same moment: every request succeeds and
exactly one session is current afterwards (row locks on PostgreSQL, one writer on SQLite)."""

from tests.api.test_sessions import add, sessions
from tests.postgres.threads import all_at_once


def test_six_sessions_made_current_at_once_leave_exactly_one_current(world):
    added = [add(world, name=f"十四届{n}次会议", number=n) for n in range(1, 7)]
    clients = [world.login("office" if i % 2 else "office2") for i in range(6)]

    responses = all_at_once(
        [
            (lambda c=c, s=s: c.request("PATCH", f"/sessions/{s['id']}", {"current": True}))
            for c, s in zip(clients, added, strict=True)
        ]
    )

    assert [r.status for r in responses] == [200] * 6
    assert sum(s["current"] for s in sessions(world).values()) == 1
