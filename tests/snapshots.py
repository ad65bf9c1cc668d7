"""Rows built through the service once per worker and put back before each later test that asks
for the same: the test world (one multi-row INSERT per table instead of a hundred statements and
eleven password checks), and the larger scenarios many tests read (a year of handling, the demo).

A snapshot is kept per (database, settings that shape the rows, clock, scenario), so a test whose
rows would be built differently gets its own. The first test in a worker to ask builds it through
the service as ever; the tests after it start from the very rows that build left, with the clock
where it left it and the people it logged in. The flows of tests/flows.py are remembered the same
way, by the exact rows they start from (`remembered`)."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Engine, select, text

from service.db import Base
from tests.client import ApiClient, World

T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot:
    rows: dict  # table name → its rows, in the order the tables may be filled
    sequences: dict  # PostgreSQL: sequence name → its last value
    now: datetime
    units: dict
    body_id: int
    tokens: dict  # username → the token of the client the world holds for them
    kept: object = None  # what the scenario's build returned, copied for each later test


SNAPSHOTS: dict[tuple, Snapshot] = {}

# Numbering starts again at 1 in each test, as in an empty database. (TRUNCATE … RESTART
# IDENTITY does the same, but makes new files for every table: twenty times slower.)
RESTART_SEQUENCES = text(
    "SELECT count(setval(c.oid, 1, false)) FROM pg_class c"
    " WHERE c.relkind = 'S' AND c.relnamespace = current_schema()::regnamespace"
)


def empty(engine: Engine) -> None:
    """Every row gone, numbering back at 1; the schema stays."""
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name != "postgresql":
            for name in tables:
                connection.exec_driver_sql(f"DELETE FROM {name}")
            return
        # The audit trail's append-only trigger would refuse the DELETE (TRUNCATE passes row
        # triggers by); as a replica, this transaction fires none. One round trip for all.
        connection.execute(RESTART_SEQUENCES)
        connection.exec_driver_sql(
            "SET LOCAL session_replication_role = replica; "
            + "; ".join(f"DELETE FROM {name}" for name in tables)
        )


def world_for(app, clock, owner_engine: Engine) -> World:
    """Units and users of a small city, each with a logged-in client."""
    key = _key("world", app, clock)
    snapshot = SNAPSHOTS.get(key)
    if snapshot is None:
        world = World(app, clock, owner_engine=owner_engine)
        SNAPSHOTS[key] = _take(owner_engine, clock, world)
        return world
    _put_back(owner_engine, snapshot)
    return World(
        app,
        clock,
        units=dict(snapshot.units),
        body_id=snapshot.body_id,
        tokens=snapshot.tokens,
        owner_engine=owner_engine,
    )


def scenario(
    name: object,
    app,
    clock,
    owner_engine: Engine,
    build: Callable[[], T],
    *,
    world: World | None = None,
) -> T:
    """What `build()` returns, and the rows it leaves behind in the database. The clock, and
    `world` when the build runs in one (its units, its logged-in clients), are brought where the
    build left them; the value returned is a copy of the first build's, so it must not hold the
    app or the world."""
    key = _key(name, app, clock)
    snapshot = SNAPSHOTS.get(key)
    if snapshot is None:
        kept = build()
        SNAPSHOTS[key] = _take(owner_engine, clock, world, copy.deepcopy(kept))
        return kept
    empty(owner_engine)  # the world's rows, if put back already, are in the snapshot too
    _put_back(owner_engine, snapshot)
    clock.set(snapshot.now)
    if world is not None:
        world.units.clear()
        world.units.update(snapshot.units)
        world.clients = {
            username: ApiClient(app.test_client(), token, username)
            for username, token in snapshot.tokens.items()
        }
    return copy.deepcopy(snapshot.kept)


_remembering = False


def remembered(world: World, name: str, args: tuple, build: Callable[[], T]) -> T:
    """`build()` (a flow driving a proposal through the service), remembered by the exact rows
    of the database it starts from: when a test starts the same flow from the same rows (most
    start from the bare world), the rows and the answer of the first build are put back instead.
    Flows inside a remembered flow just run."""
    global _remembering
    engine = world.owner_engine
    if engine is None or _remembering:
        return build()
    marker = (name, repr(args), _fingerprint(engine))
    _remembering = True
    try:
        return scenario(marker, world.app, world.clock, engine, build, world=world)
    finally:
        _remembering = False


def _fingerprint(engine: Engine) -> str:
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for _table, rows in _every_row(connection):
            digest.update(repr(rows).encode())
    return digest.hexdigest()


def _every_row(connection):
    """Each table (in the order the tables may be filled) with its rows in key order."""
    for table in Base.metadata.sorted_tables:
        yield table, connection.execute(select(table).order_by(*table.primary_key.columns)).all()


def _key(name, app, clock) -> tuple:
    settings = app.extensions["settings"]
    return (
        name,
        settings.database_url,
        settings.timezone,
        settings.token_hours,
        settings.password_cost,
        repr(settings.extra),
        clock.now(),
    )


def _take(engine: Engine, clock, world: World | None, kept: object = None) -> Snapshot:
    with engine.connect() as connection:
        rows = {
            table.name: [dict(row._mapping) for row in found]
            for table, found in _every_row(connection)
            if found
        }
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
    if world is None:
        return Snapshot(rows, sequences, clock.now(), {}, 0, {}, kept)
    tokens = {username: client.token for username, client in world.clients.items()}
    return Snapshot(rows, sequences, clock.now(), dict(world.units), world.body_id, tokens, kept)


def _put_back(engine: Engine, snapshot: Snapshot) -> None:
    tables = Base.metadata.tables
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # The rows were consistent when taken; as a replica, this transaction does not check
            # a row's references to rows inserted after it (a reassignment's earlier assignment).
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        for name, rows in snapshot.rows.items():
            connection.execute(tables[name].insert(), rows)
        if snapshot.sequences:
            pairs = ", ".join(f"('{name}', {value})" for name, value in snapshot.sequences.items())
            connection.execute(
                text(f"SELECT count(setval(n::regclass, v)) FROM (VALUES {pairs}) AS s(n, v)")
            )
