"""The test world's rows, built through the service once per worker and put back before each
later test: one multi-row INSERT per table instead of a hundred statements and eleven password
checks. Kept per (database, settings that shape the rows, clock), so a test whose world would be
built differently gets its own."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select, text

from service.db import Base
from tests.client import World


@dataclass(frozen=True)
class Snapshot:
    rows: dict  # table name → its rows, in the order the tables may be filled
    sequences: dict  # PostgreSQL: sequence name → its last value
    units: dict
    body_id: int
    tokens: dict


SNAPSHOTS: dict[tuple, Snapshot] = {}


def world_for(app, clock, owner_engine: Engine) -> World:
    settings = app.extensions["settings"]
    key = (
        settings.database_url,
        settings.timezone,
        settings.token_hours,
        settings.password_cost,
        repr(settings.extra),
        clock.now(),
    )
    snapshot = SNAPSHOTS.get(key)
    if snapshot is None:
        world = World(app, clock)
        SNAPSHOTS[key] = _take(owner_engine, world)
        return world
    _put_back(owner_engine, snapshot)
    return World(
        app, clock, units=dict(snapshot.units), body_id=snapshot.body_id, tokens=snapshot.tokens
    )


def _take(engine: Engine, world: World) -> Snapshot:
    with engine.connect() as connection:
        rows = {}
        for table in Base.metadata.sorted_tables:
            found = [dict(row._mapping) for row in connection.execute(select(table))]
            if found:
                rows[table.name] = found
        sequences = {}
        if engine.dialect.name == "postgresql":
            sequences = dict(
                connection.execute(
                    text(
                        "SELECT sequencename, last_value FROM pg_sequences"
                        " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
                    )
                ).all()
            )
    return Snapshot(rows, sequences, dict(world.units), world.body_id, dict(world.tokens))


def _put_back(engine: Engine, snapshot: Snapshot) -> None:
    tables = Base.metadata.tables
    with engine.begin() as connection:
        for name, rows in snapshot.rows.items():
            connection.execute(tables[name].insert(), rows)
        if snapshot.sequences:
            pairs = ", ".join(f"('{name}', {value})" for name, value in snapshot.sequences.items())
            connection.execute(
                text(f"SELECT count(setval(n::regclass, v)) FROM (VALUES {pairs}) AS s(n, v)")
            )
