"""Concurrent requests on real connections: gapless numbers, and exactly one winner per version.

Run on PostgreSQL (row locks) when TEST_DATABASE_URL is set, and on SQLite (serialised writers)
otherwise; both must give the same answers, and neither may fail with "database is locked".
"""

from tests.flows import Flow
from tests.postgres.threads import all_at_once


def _office_client(world, index):
    return world.login("office") if index else world["office"]


def test_twenty_four_concurrent_accepts_get_gapless_numbers(world):
    flow = Flow(world)
    submitted = [flow.submitted() for _ in range(24)]
    clients = [_office_client(world, i) for i in range(24)]

    responses = all_at_once(
        [
            (lambda c=c, p=p: c.fire("proposal", p, "accept"))
            for c, p in zip(clients, submitted, strict=True)
        ]
    )

    assert [r.status for r in responses] == [200] * 24
    assert sorted(r.json["number"] for r in responses) == list(range(1, 25))
    assert len({r.json["number_label"] for r in responses}) == 24


def test_ten_concurrent_replies_with_one_version_give_one_success(world):
    flow = Flow(world)
    proposal = flow.assigned()
    clerk = world["transport"]
    assignment = clerk.act("assignment", proposal["assignments"][0], "sign")
    assignment = clerk.act(
        "assignment",
        assignment,
        "log_contact",
        method="电话",
        date="2026-03-16",
        summary="电话沟通。",
    )
    clients = [world.login("transport") for _ in range(10)]
    reply = {
        "category": "A",
        "body": "已解决。",
        "signed_by": "陈局长",
        "contact_name": "刘科员",
        "contact_phone": "0571-87000000",
    }

    responses = all_at_once(
        [(lambda c=c: c.fire("assignment", assignment, "reply", **reply)) for c in clients]
    )

    statuses = sorted(r.status for r in responses)
    assert statuses == [200] + [409] * 9
    assert {r.json["error"]["code"] for r in responses if r.status == 409} == {"stale_version"}
    final = clerk.assignment(assignment["id"])
    assert (final["state"], len(final["replies"])) == ("replied", 1)
    history = clerk.ok("GET", f"/proposals/{proposal['id']}/history")
    assert [r["event"] for r in history].count("reply") == 1
