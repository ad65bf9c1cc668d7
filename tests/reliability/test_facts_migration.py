"""Migration 0021: the statistics facts gain the proposal's type and the attitude rated 不满意,
derived from the rows already there; down again, they lose them and keep the rest."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, create_engine, select

from service.migrate import downgrade, upgrade
from tests.flows import Flow


@pytest.fixture
def world(migrating_world):
    return migrating_world


def _facts(url: str, name: str) -> list[dict]:
    engine = create_engine(url)
    tables = MetaData()
    tables.reflect(engine, only=[name])
    table = tables.tables[name]
    with engine.connect() as connection:
        found = [dict(r) for r in connection.execute(select(table)).mappings()]
    engine.dispose()
    return found


def test_the_facts_are_derived_with_type_and_attitude_on_the_way_up(world, fresh_url):
    proposal = Flow(world).replied(type="joint")
    rating = {"assignment_id": proposal["assignments"][0]["id"], "attitude": "unsatisfied"}
    zhang = world["zhang"]
    zhang.act("proposal", proposal, "evaluate", ratings=[{**rating, "result": "satisfied"}])
    world.app.extensions["db_engine"].dispose()

    downgrade(fresh_url, "0020")
    assert "type" not in _facts(fresh_url, "proposal_facts")[0]
    upgrade(fresh_url)

    [assignment] = _facts(fresh_url, "assignment_facts")
    [filed] = _facts(fresh_url, "proposal_facts")
    assert (assignment["type"], assignment["attitude_unsatisfied"]) == ("joint", True)
    assert (filed["type"], filed["attitude_unsatisfied_forms"], filed["satisfied_forms"]) == (
        "joint",
        1,
        1,
    )
