"""Migration 0015: the commitments of final replies become rows of their own, and a 回头看
completed before it applies its one outcome to every commitment of its proposal promised before
it began (a `partial` one keeps the date that 回头看 set, if it set one)."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, create_engine, select

from service.migrate import downgrade, upgrade
from tests.flows import REPLY, Flow

PROMISING = {k: v for k, v in REPLY.items() if k != "no_commitment_reason"}
FIRST = [
    {"text": "年内新增公交专用道12公里", "due_date": "2026-09-30"},
    {"text": "在中山路推行公交信号优先", "due_date": "2026-10-31"},
]
SECOND = [{"text": "优化夜间公交线网", "due_date": "2026-12-31"}]


@pytest.fixture
def world(migrating_world):
    return migrating_world


def _rate(world, proposal_id: int, result: str = "satisfied") -> dict:
    member = world["zhang"]
    current = member.proposal(proposal_id)
    return member.act("proposal", current, "evaluate", ratings=Flow(world).ratings(current, result))


def _looked_back(world, proposal_id: int, **found) -> dict:
    office = world["office"]
    started = office.act("proposal", office.proposal(proposal_id), "start_follow_up")
    return office.act("proposal", started, "complete_follow_up", findings="已核查。", **found)


def _handled(world, *replies) -> int:
    """A proposal whose unit replied these, each after the one before was rated 不满意."""
    flow = Flow(world)
    proposal = flow.assigned()
    for index, reply in enumerate(replies):
        if index:
            _rate(world, proposal["id"], "unsatisfied")
        flow.handle(proposal["assignments"][0], reply={**PROMISING, **reply})
    _rate(world, proposal["id"])
    return proposal["id"]


def _as_before(url: str) -> None:
    """Down to 0014, with each 回头看's list as it kept it then ({unit, text, due_date}, the
    latest replies only), and the partly done one without a next date, as it was allowed."""
    downgrade(url, "0014")
    engine = create_engine(url)
    follow_ups = MetaData()
    follow_ups.reflect(engine, only=["follow_ups"])
    table = follow_ups.tables["follow_ups"]
    with engine.begin() as connection:
        for row in connection.execute(select(table)).mappings().all():
            latest = max((e["round"] for e in row["commitments"]), default=1)
            kept = [
                {k: e[k] for k in ("unit", "text", "due_date")}
                for e in row["commitments"]
                if e["round"] == latest
            ]
            connection.execute(
                table.update()
                .where(table.c.id == row["id"])
                .values(commitments=kept, next_due_on=None)
            )
    engine.dispose()


def _rows(url: str, name: str, order: str = "id") -> list[dict]:
    engine = create_engine(url)
    tables = MetaData()
    tables.reflect(engine, only=[name])
    table = tables.tables[name]
    with engine.connect() as connection:
        found = [
            dict(r) for r in connection.execute(select(table).order_by(table.c[order])).mappings()
        ]
    engine.dispose()
    return found


def test_each_outcome_applies_to_the_commitments_of_its_proposal(world, fresh_url):
    partly = _handled(world, {"commitments": FIRST})
    _looked_back(world, partly, outcome="partial", next_follow_up="2026-12-31")
    done = _handled(world, {"commitments": FIRST[:1]}, {"category": "A", "commitments": SECOND})
    _looked_back(world, done, outcome="implemented")
    unchecked = _handled(world, {"commitments": SECOND})
    world.app.extensions["db_engine"].dispose()

    _as_before(fresh_url)
    upgrade(fresh_url)

    commitments = _rows(fresh_url, "commitments")
    follow_ups = {f["proposal_id"]: f for f in _rows(fresh_url, "follow_ups")}
    found = [
        (c["proposal_id"], c["round"], c["text"], c["outcome"], c["next_due_on"])
        for c in commitments
    ]
    assert found == [
        (partly, 1, FIRST[0]["text"], "partial", None),
        (partly, 1, FIRST[1]["text"], "partial", None),
        (done, 1, FIRST[0]["text"], "implemented", None),
        (done, 2, SECOND[0]["text"], "implemented", None),
        (unchecked, 1, SECOND[0]["text"], None, None),
    ]
    assert [c["settled_at"] is not None for c in commitments] == [True] * 4 + [False]
    assert [(e["id"], e["outcome"]) for e in follow_ups[partly]["commitments"]] == [
        (commitments[0]["id"], "partial"),
        (commitments[1]["id"], "partial"),
    ]
    assert [(e["id"], e["outcome"]) for e in follow_ups[done]["commitments"]] == [
        (commitments[3]["id"], "implemented")
    ]


def test_after_the_migration_the_partly_done_commitments_are_open(world, fresh_url):
    partly = _handled(world, {"commitments": FIRST})
    _looked_back(world, partly, outcome="partial", next_follow_up="2026-12-31")
    world.app.extensions["db_engine"].dispose()

    _as_before(fresh_url)
    upgrade(fresh_url)

    shown = world["office"].proposal(partly)
    assert [(c["outcome"], c["open"], c["next_follow_up"]) for c in shown["commitments"]] == [
        ("partial", True, None),
        ("partial", True, None),
    ]
    rows = world["office"].ok("GET", "/lists/tracking")["items"]
    assert [[c["text"] for c in r["commitments"] if c["open"]] for r in rows] == [
        [FIRST[0]["text"], FIRST[1]["text"]]
    ]


def test_the_migration_steps_down_and_up_again(world, fresh_url):
    _handled(world, {"commitments": FIRST})
    world.app.extensions["db_engine"].dispose()

    downgrade(fresh_url, "0014")
    upgrade(fresh_url)

    assert [c["text"] for c in _rows(fresh_url, "commitments")] == [f["text"] for f in FIRST]
