"""Migration 0022: the one supervising leader each key proposal had becomes its first row of
`proposal_supervisors`, so that leader still reads and supervises it; down again, the table goes
and `key_leader_id` still names that leader."""

from __future__ import annotations

import pytest
from sqlalchemy import column, create_engine, inspect, select, table

from service.migrate import downgrade, upgrade
from tests.flows import Flow

SUPERVISORS = table("proposal_supervisors", column("proposal_id"), column("user_id"))
PROPOSALS = table("proposals", column("id"), column("key_leader_id"))


@pytest.fixture
def world(migrating_world):
    return migrating_world


def test_the_leader_of_a_key_proposal_made_before_still_supervises_it(world, fresh_url):
    flow, office = Flow(world), world["office"]
    key = office.act("proposal", flow.assigned(), "mark_key", leader="leader")
    ordinary = flow.assigned()
    world.app.extensions["db_engine"].dispose()

    downgrade(fresh_url, "0021")
    engine = create_engine(fresh_url)
    down = set(inspect(engine).get_table_names())
    upgrade(fresh_url)
    with engine.connect() as connection:
        rows = connection.execute(select(SUPERVISORS)).all()
        leader_id = connection.scalar(
            select(PROPOSALS.c.key_leader_id).where(PROPOSALS.c.id == key["id"])
        )
    engine.dispose()

    assert "proposal_supervisors" not in down
    assert [tuple(r) for r in rows] == [(key["id"], leader_id)]
    leader = world.login("leader")
    assert [p["id"] for p in leader.ok("GET", "/proposals")["items"]] == [key["id"]]
    assert leader.proposal(key["id"])["key_leaders"] == [{"username": "leader", "name": "赵副主席"}]
    assert leader.get(f"/proposals/{ordinary['id']}").status == 404
