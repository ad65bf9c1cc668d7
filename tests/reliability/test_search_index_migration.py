"""Migration 0025: the similar-proposal index is filled for the proposals already filed (not the
drafts) as the table is made, so an office upgrading finds its past proposals at once."""

from __future__ import annotations

import pytest
from sqlalchemy import column, create_engine, inspect, select, table

from service.migrate import downgrade, upgrade
from service.search.similar import rarity
from tests.flows import Flow

TERMS = table("search_terms", column("term"), column("proposal_id"))


@pytest.fixture
def world(migrating_world):
    return migrating_world


def test_proposals_filed_before_are_indexed_and_drafts_are_not(world, fresh_url):
    flow = Flow(world)
    accepted = flow.accepted(title="关于加快老旧小区加装电梯的建议")
    draft = flow.filed(member="wang", title="关于加快老旧小区加装电梯的建议")
    world.app.extensions["db_engine"].dispose()

    downgrade(fresh_url, "0024")
    engine = create_engine(fresh_url)
    down = set(inspect(engine).get_table_names())
    upgrade(fresh_url)
    with engine.connect() as connection:
        indexed = set(connection.scalars(select(TERMS.c.proposal_id)))
        words = set(connection.scalars(select(TERMS.c.term)))
    engine.dispose()

    assert "search_terms" not in down
    assert indexed == {accepted["id"]}
    assert {"电梯", "加装"} <= words and draft["id"] not in indexed
    rarity.forget()
    found = world.login("office").ok(
        "POST", "/proposals/similar", {"title": "关于推进老小区增设电梯的提案"}
    )["items"]
    assert [item["id"] for item in found] == [accepted["id"]]
