"""Row-level security on PostgreSQL, beneath access.py: the role the service connects as sees no
body's rows until a transaction names its bodies, then those bodies' rows only; it cannot write
into another body, and it cannot switch the policies off."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from service.db import Base
from service.db.scope import ALL, name_on
from tests.conftest import POSTGRES_URL
from tests.flows import PARTS, Flow

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="row-level security is PostgreSQL's")

COUNTED = (
    "proposals", "plenary_sessions", "units", "users", "documents", "notifications",
    "assignments", "deadlines", "audit_records", "search_terms", "proposal_facts",
)
BODY_COLUMNS = ("body_id", "from_body_id", "to_body_id")


def _counts(engine, scope) -> dict[str, int]:
    with engine.begin() as connection:
        name_on(connection, scope)
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in COUNTED
        }


@pytest.fixture
def two_bodies(world, county):
    """A proposal in each body, so every counted table holds rows of both."""
    Flow(world).assigned()
    county["county_member"].ok(
        "POST", "/proposals",
        {"title": "关于县域交通的建议", "category": "economy", "submit": True, **PARTS}, 201,
    )
    return world, county


def test_the_service_role_sees_no_row_without_a_body(two_bodies, shared_engine, owner_engine):
    everything = _counts(owner_engine, None)  # the owner here is a superuser: no policy applies
    assert all(everything[table] > 0 for table in COUNTED)

    assert _counts(shared_engine, None) == dict.fromkeys(COUNTED, 0)


def test_a_body_named_sees_its_own_rows_and_both_named_see_all(
    two_bodies, shared_engine, owner_engine
):
    world, county = two_bodies
    everything = _counts(owner_engine, None)
    city = _counts(shared_engine, frozenset({world.body_id}))
    county_only = _counts(shared_engine, frozenset({county.id}))

    assert 0 < city["proposals"] < everything["proposals"]
    assert county_only["proposals"] == 1 and county_only["units"] == 1
    for table in COUNTED:
        assert city[table] + county_only[table] == everything[table], table
    assert _counts(shared_engine, frozenset({world.body_id, county.id})) == everything
    assert _counts(shared_engine, ALL) == everything


def test_a_row_cannot_be_written_into_another_body(two_bodies, shared_engine):
    world, county = two_bodies
    refused = pytest.raises(ProgrammingError, match="row-level security")
    with refused, shared_engine.begin() as connection:
        name_on(connection, frozenset({world.body_id}))
        connection.execute(
            text("INSERT INTO units (body_id, name, active, created_at)"
                 " VALUES (:body, '县里冒名的单位', true, now())"),
            {"body": county.id},
        )
    with shared_engine.begin() as connection:
        name_on(connection, frozenset({world.body_id}))
        moved = connection.execute(
            text("UPDATE units SET name = name || '（改）' WHERE body_id = :body"),
            {"body": county.id},
        )
        assert moved.rowcount == 0  # the county's units are not there to update


@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE proposals DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE proposals NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY body_rows ON proposals",
        "SET ROLE postgres",
    ],
)
def test_the_service_role_cannot_switch_the_policies_off(shared_engine, statement, world):
    with pytest.raises(DBAPIError) as refused, shared_engine.begin() as connection:
        connection.execute(text(statement))
    assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege)


def test_row_security_off_refuses_rather_than_shows(shared_engine, world):
    with pytest.raises(DBAPIError, match="row-level security"), shared_engine.begin() as c:
        c.execute(text("SET LOCAL row_security = off"))
        c.execute(text("SELECT count(*) FROM proposals"))


def test_every_table_with_a_body_column_has_its_policy_forced(owner_engine, world):
    with owner_engine.connect() as connection:
        forced = dict(
            connection.execute(
                text("SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class"
                     " WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'")
            ).all()
        )
    body_tables = {
        table.name
        for table in Base.metadata.sorted_tables
        if any(column.name in BODY_COLUMNS for column in table.columns)
    }
    assert body_tables and {t for t in body_tables if not forced.get(t)} == set()
