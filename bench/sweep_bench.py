"""Sweep cost against the number of open deadlines (PostgreSQL).

For 10,000 / 100,000 / 1,000,000 open deadlines that are not yet due, plus 1,000 sign deadlines
that are, time one `sweep(now=...)` firing those 1,000 `sign_overdue` events through the engine.
The goal is a flat line: the sweep's cost follows the due rows, not all open ones.

    .venv/bin/python bench/sweep_bench.py [--url postgresql+psycopg://postgres@127.0.0.1/test]

Works in a scratch schema that it creates and drops; nothing else in the database is touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service import create_app  # noqa: E402
from service.clock import FrozenClock  # noqa: E402
from service.config import Settings  # noqa: E402
from service.jobs.sweep import sweep  # noqa: E402
from service.migrate import upgrade  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=ZONE)
DUE = 1000
SIZES = (10_000, 100_000, 1_000_000)

SEED = (
    # The migrations make the database's one body (id 1); made here if they did not.
    "INSERT INTO bodies (id, name, level, created_at) SELECT 1, '政协示范市委员会', 'city', :t"
    " WHERE NOT EXISTS (SELECT 1 FROM bodies WHERE id = 1)",
    "INSERT INTO plenary_sessions (id, body_id, name, term, meeting, year, current, last_number)"
    " VALUES (1, 1, '十四届五次会议', 14, 5, 2026, true, 0)",
    "INSERT INTO units (id, body_id, name, active, created_at)"
    " VALUES (1, 1, '市交通运输局', true, :t)",
    "INSERT INTO people (id, username, password_hash, created_at) VALUES (1, 'member', 'x', :t)",
    "INSERT INTO users (id, person_id, body_id, username, display_name, role, notify_by, active,"
    " proxy_rater, created_at)"
    " VALUES (1, 1, 1, 'member', '委员', 'member', '[\"email\", \"sms\"]', true, false, :t)",
)
PROPOSALS = """
INSERT INTO proposals (id, body_id, plenary_session_id, number, title, body, category, type, state,
    version, lead_proposer_id, key, created_at, submitted_at, accepted_at, updated_at)
SELECT g, 1, 1, g, '提案' || g, '正文', 'economy', 'individual', 'handling', 1, 1, false,
       :t, :t, :t, :t
FROM generate_series(CAST(:first AS int), CAST(:last AS int)) g
"""
ASSIGNMENTS = """
INSERT INTO assignments (id, proposal_id, unit_id, role, state, version, rehandled, round,
    contact_waived, created_at, updated_at)
SELECT g, g, 1, 'lead', 'pending', 1, false, 1, false, :t, :t
FROM generate_series(CAST(:first AS int), CAST(:last AS int)) g
"""
DEADLINES = """
INSERT INTO deadlines (rule, kind, workflow, proposal_id, assignment_id, starts_on, due_at, status,
    provisional, next_fire_at, reminders_sent, explanation, version, created_at)
SELECT 'sign', 'sign', 'assignment', g, g, :day, :due, 'open', false, :due, 0,
       '{"reminders": []}', 1, :t
FROM generate_series(CAST(:first AS int), CAST(:last AS int)) g
"""


def _scratch(url: str) -> tuple[str, str]:
    schema = f"bench_sweep_{os.getpid()}"
    with create_engine(url).begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    return schema, f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def _fill(engine, first: int, last: int, due: datetime) -> None:
    values = {
        "t": NOW - timedelta(days=10),
        "first": first,
        "last": last,
        "due": due,
        "day": (NOW - timedelta(days=10)).date(),
    }
    with engine.begin() as connection:
        for statement in (PROPOSALS, ASSIGNMENTS, DEADLINES):
            connection.execute(text(statement), values)
        connection.execute(text("ANALYZE"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    url = parser.parse_args().url
    schema, scoped = _scratch(url)
    try:
        upgrade(scoped)
        engine = create_engine(scoped)
        with engine.begin() as connection:
            for statement in SEED:
                connection.execute(text(statement), {"t": NOW - timedelta(days=30)})
        app = create_app(
            Settings(
                database_url=scoped, scheduler_enabled=False, instance_path="/tmp/bench-sweep"
            ),
            clock=FrozenClock(NOW),
        )
        background, next_id = 0, 1
        print(f"{'open deadlines':>15} {'due':>6} {'sweep s':>8} {'per event ms':>13}")
        for size in SIZES:
            _fill(engine, next_id, next_id + (size - background) - 1, NOW + timedelta(days=90))
            next_id += size - background
            background = size
            _fill(engine, next_id, next_id + DUE - 1, NOW - timedelta(hours=1))
            next_id += DUE
            with app.app_context():
                started = time.perf_counter()
                result = sweep(now=NOW, limit=DUE * 2)
                took = time.perf_counter() - started
            print(f"{size:>15,} {result.fired:>6} {took:>8.2f} {took / DUE * 1000:>13.2f}")
        engine.dispose()
        app.extensions["db_engine"].dispose()
    finally:
        with create_engine(url).begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


if __name__ == "__main__":
    main()
