"""Migration 0029: every row that hangs on a proposal (or on one of its rows) gets the body of the
row it hangs on, in a database of two bodies with work in each; the service goes on after it, and
new rows get their body as they are written. Down again, the column goes."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from service.db import Base, unit_of_work
from service.migrate import downgrade, upgrade
from service.operations import bodies, users
from tests.client import PASSWORD
from tests.flows import PARTS, Flow

HANGING = [
    (table.name, mapper.class_.__body_from__)
    for mapper in Base.registry.mappers
    if hasattr(mapper.class_, "__body_from__")
    for table in [mapper.local_table]
]


@pytest.fixture
def world(migrating_world):
    return migrating_world


def _with_a_county(world) -> int:
    now = world.clock.now()
    with world.app.app_context(), unit_of_work() as session:
        raw = {"name": "政协示范县委员会", "level": "county", "parent_id": world.body_id}
        county = bodies.add_body(session, raw, actor=None, now=now).id
        users.add_user(session, "county_member", role="member", password=PASSWORD, now=now,
                       body_id=county)
    world.login("county_member").ok(
        "POST", "/proposals",
        {"title": "关于县域道路的建议", "category": "economy", "submit": True, **PARTS}, 201,
    )
    return county


def _mismatches(connection) -> dict[str, int]:
    """Rows whose body is not the body of the row they hang on, per table."""
    found = {}
    for table_name, column in HANGING:
        table = Base.metadata.tables[table_name]
        [key] = table.c[column].foreign_keys
        parent = key.column.table
        found[table_name] = connection.scalar(
            select(func.count())
            .select_from(table.join(parent, key.column == table.c[column]))
            .where(table.c.body_id != parent.c.body_id)
        )
    return found


def test_each_row_gets_the_body_of_the_row_it_hangs_on(world, fresh_url):
    Flow(world).closed(units=(("市交通运输局", "lead"), ("市教育局", "assisting")))
    _with_a_county(world)
    world.app.extensions["db_engine"].dispose()
    engine = create_engine(fresh_url)
    with engine.connect() as connection:
        before = {t: connection.scalar(text(f"SELECT count(*) FROM {t}")) for t, _ in HANGING}

    downgrade(fresh_url, "0028")
    down = {t: {c["name"] for c in inspect(engine).get_columns(t)} for t, _ in HANGING}
    upgrade(fresh_url)

    with engine.connect() as connection:
        after = {t: connection.scalar(text(f"SELECT count(*) FROM {t}")) for t, _ in HANGING}
        assert _mismatches(connection) == dict.fromkeys(before, 0)
        counties = connection.scalar(text(
            "SELECT count(*) FROM audit_records a JOIN bodies b ON b.id = a.body_id"
            " WHERE b.level = 'county'"
        ))
    engine.dispose()
    assert not any("body_id" in columns for columns in down.values())
    assert after == before and before["audit_records"] > 10 and before["replies"] > 0
    assert counties > 0  # the county's own history is the county's

    # The service works on after it, and what it writes next gets its body.
    flow = Flow(world)
    flow.assigned(member="li")
    with world.app.app_context(), unit_of_work() as session:
        assert _mismatches(session.connection()) == dict.fromkeys(before, 0)
