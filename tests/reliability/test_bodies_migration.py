"""Migration 0026: a database that served one office gets one body, named after the office,
holding all its rows; every login becomes a person with a membership there and logs in with the
same password. Down again, the one body's rows stay and the passwords go back to the users; a
database holding several bodies refuses to go down."""

from __future__ import annotations

import pytest
from sqlalchemy import JSON, column, create_engine, inspect, select, table

from service.db import unit_of_work
from service.migrate import downgrade, upgrade
from service.operations import bodies
from tests.flows import Flow

BODIES = table("bodies", column("id"), column("name"), column("level"), column("parent_id"))
SETTINGS = table("settings", column("key"), column("value", JSON))


@pytest.fixture
def world(migrating_world):
    return migrating_world


def _down_and_up(world, fresh_url, *, office_name: str | None = None) -> list[tuple]:
    world.app.extensions["db_engine"].dispose()
    downgrade(fresh_url, "0025")
    engine = create_engine(fresh_url)
    down_tables = set(inspect(engine).get_table_names())
    user_columns = {c["name"] for c in inspect(engine).get_columns("users")}
    if office_name is not None:
        with engine.begin() as connection:
            connection.execute(SETTINGS.insert().values(key="office_name", value=office_name))
    upgrade(fresh_url)
    with engine.connect() as connection:
        found = [tuple(row) for row in connection.execute(select(BODIES))]
    engine.dispose()
    assert "bodies" not in down_tables and "people" not in down_tables
    assert "password_hash" in user_columns and "body_id" not in user_columns
    return found


def test_one_offices_rows_become_the_one_body_and_everyone_logs_in_as_before(world, fresh_url):
    flow = Flow(world)
    assigned = flow.assigned()
    accepted = flow.accepted()

    found = _down_and_up(world, fresh_url)

    assert [(name, level, parent) for _, name, level, parent in found] == [
        ("政协示范市委员会", "city", None)
    ]
    office = world.login("office")
    assert {p["id"] for p in office.ok("GET", "/proposals")["items"]} == {
        assigned["id"],
        accepted["id"],
    }
    assert office.ok("GET", "/me")["body"]["name"] == "政协示范市委员会"
    clerk = world.login("transport")
    assert clerk.proposal(assigned["id"])["title"] == assigned["title"]
    assert {u["name"] for u in clerk.ok("GET", "/units")} == set(world.units)
    # New rows still number on from the old ones.
    assert world.add_user("newcomer", "member").ok("GET", "/me")["username"] == "newcomer"
    assert flow.submitted(member="newcomer")["id"] > accepted["id"]


def test_the_body_is_named_after_the_office_name_set_before(world, fresh_url):
    Flow(world).submitted()

    found = _down_and_up(world, fresh_url, office_name="政协某某市委员会提案委员会办公室")

    assert [name for _, name, _, _ in found] == ["政协某某市委员会"]


def test_a_database_of_several_bodies_does_not_go_down(world, fresh_url):
    with world.app.app_context(), unit_of_work() as session:
        raw = {"name": "政协示范县委员会", "level": "county", "parent_id": world.body_id}
        bodies.add_body(session, raw, actor=None, now=world.clock.now())
    world.app.extensions["db_engine"].dispose()

    with pytest.raises(RuntimeError, match="several bodies"):
        downgrade(fresh_url, "0025")
    engine = create_engine(fresh_url)
    with engine.connect() as connection:
        assert len(connection.execute(select(BODIES)).all()) == 2
    engine.dispose()
