"""Scale benchmark on PostgreSQL: the committee's reads and the sweep over 10,000, 100,000 and
1,000,000 proposals (not a test: it prints figures).

Each size gets a scratch schema (`scale_bench_<pid>_<size>`, reached through
`options=-csearch_path=…` as tests/conftest.py does), built by the migrations and filled by
INSERT … SELECT generate_series: proposals spread over ten session years with a hundred sessions
a year (a platform serving ~100 bodies: one session is one body's year; all rows are of the one
`bodies` row the migrations make), 170 units, 5,000 members (users, each with a `people` row);
assignments, replies, ratings, deadlines of every kind, contacts, follow-ups, the history of
every event, and the statistics' assignment facts. Each request is timed through the HTTP API
(median of 5 after one warm-up): the statistics of a year, a session and a unit, the
unit ranking, the first filtered page of each working list, a proposal's detail and its history.
Slower than the goal, its SQL is printed with EXPLAIN (ANALYZE, BUFFERS). Then 1,000 sign
deadlines fall due and one sweep fires them. The schema is dropped at the end.

    .venv/bin/python bench/scale_bench.py                      # 10k, 100k and 1M
    .venv/bin/python bench/scale_bench.py --sizes 100000 --explain-all
    .venv/bin/python bench/scale_bench.py --sizes 1000000 --keep   # then --reuse SCHEMA
    BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test),
    BENCH_EXPLAIN=0 to print no plans.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service import create_app  # noqa: E402
from service.clock import FrozenClock  # noqa: E402
from service.config import Settings  # noqa: E402
from service.db import make_engine, unit_of_work  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.models import User  # noqa: E402
from service.operations import users  # noqa: E402
from service.statistics.upkeep import refresh  # noqa: E402

BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 9, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LAST_YEAR, YEARS, SESSIONS, UNITS, MEMBERS, SECTORS = 2026, 10, 100, 170, 5000, 34
# A body's session of 2025 (each year has SESSIONS sessions: ~100 bodies on one platform).
SESSION_2025 = (2025 - (LAST_YEAR - YEARS + 1)) * SESSIONS + SESSIONS // 2
GOAL_MS = 300
EXPLAIN = os.environ.get("BENCH_EXPLAIN", "1") == "1"
REQUESTS = (
    ("stats, current year", "/stats?year=2026"),
    ("stats, past year", "/stats?year=2025"),
    ("stats, one session", f"/stats?year=2025&session_id={SESSION_2025}"),
    ("stats, one unit", "/stats?year=2025&unit_id=7"),
    ("unit ranking", "/stats/units?year=2025"),
    ("提案清单 first page", "/lists/proposals?year=2026&category=economy&state=handling"),
    ("提案清单 overdue", "/lists/proposals?year=2026&overdue=true&key=false"),
    ("交办清单 first page", "/lists/assignments?year=2026&unit_id=7&overdue=true"),
    ("交办清单 by state", "/lists/assignments?year=2025&state=replied&category=society"),
    ("跟踪清单 first page", "/lists/tracking?year=2025&unit_id=7"),
    ("跟踪清单 sector", "/lists/tracking?year=2025&sector=%E7%95%8C%E5%88%AB07"),
)

# Pseudo-random but repeatable choices: (id * prime) % m.
FILL = [
    # Every row belongs to one body, the one the migrations make (id 1; made here if not).
    """INSERT INTO bodies (id, name, level, created_at)
    SELECT 1, '政协示范市委员会', 'city', now() WHERE NOT EXISTS (SELECT 1 FROM bodies)""",
    """INSERT INTO plenary_sessions (id, body_id, name, term, meeting, year, opens_on, current,
        last_number)
    SELECT y * {S} + s + 1, 1, (first + y) || '年第' || (s + 1) || '政协全体会议', 14, s + 1,
           first + y, make_date(first + y, 3, 5), false, 0
    FROM generate_series(0, {Y} - 1) y, generate_series(0, {S} - 1) s,
         (SELECT {last} - {Y} + 1 AS first) f""",
    """INSERT INTO units (id, body_id, name, active, created_at)
    SELECT u, 1, '承办单位' || lpad(u::text, 3, '0'), true, now() FROM generate_series(1, {U}) u""",
    """INSERT INTO people (id, username, password_hash, created_at)
    SELECT u, 'clerk' || u, '!', now() FROM generate_series(1, {U}) u
    UNION ALL
    SELECT {U} + m, 'member' || m, '!', now() FROM generate_series(1, {M}) m""",
    """INSERT INTO users (id, person_id, body_id, username, display_name, role, unit_id, sector,
                          active, created_at)
    SELECT u, u, 1, 'clerk' || u, '办理员' || u, 'unit', u, NULL, true, now()
    FROM generate_series(1, {U}) u
    UNION ALL
    SELECT {U} + m, {U} + m, 1, 'member' || m, '委员' || m, 'member', NULL,
           '界别' || lpad((m % {SECTORS})::text, 2, '0'), true, now()
    FROM generate_series(1, {M}) m""",
    # Proposals: 3% withdrawn, 8% not accepted, 3% merged, 1% under review, the rest accepted;
    # in the current year 10% still handling and 10% awaiting the rating.
    """CREATE TEMP TABLE gen AS
    SELECT i::int AS i, ({last} - {Y} + 1 + (i - 1) / {B})::int AS year, ((i - 1) % {B})::int AS j,
           ((i * 7919) % 1000)::int AS r, ((i * 104729) % 1000)::int AS r2
    FROM generate_series(1::bigint, {N}) i""",
    """INSERT INTO proposals (id, body_id, plenary_session_id, number, title, body, category,
        type, sector, state, version, lead_proposer_id, key, disposition, created_at,
        submitted_at, accepted_at, replied_at, closed_at, updated_at)
    SELECT i, 1, (year - ({last} - {Y} + 1)) * {S} + j % {S} + 1,
           CASE WHEN state NOT IN ('withdrawn', 'not_accepted', 'merged', 'submitted')
                THEN j / {S} + 1 END,
           '关于第' || i || '号事项的提案', '背景、分析与建议。',
           (ARRAY['economy','politics','culture','society','ecology','other'])[i % 6 + 1],
           'individual', '界别' || lpad((((i % {M}) + 1) % {SECTORS})::text, 2, '0'), state, 1,
           {U} + (i % {M}) + 1, r2 % 20 = 0,
           CASE WHEN state = 'not_accepted'
                THEN (ARRAY['opinion','social_info','letter','reference','none'])[r % 5 + 1] END,
           submitted - interval '2 days', submitted,
           CASE WHEN state NOT IN ('withdrawn', 'not_accepted', 'merged', 'submitted')
                THEN submitted + interval '7 days' END,
           CASE WHEN state NOT IN ('withdrawn', 'not_accepted', 'merged', 'submitted',
                                   'handling') THEN submitted + interval '120 days' END,
           CASE WHEN state IN ('closed', 'completed', 'following_up', 'consulting')
                THEN submitted + interval '140 days' END,
           submitted
    FROM (
      SELECT i, year, j, r, r2,
             make_timestamptz(year, 1, 10, 9, 0, 0, 'Asia/Shanghai')
               + (j % 60) * interval '1 day' + (i % 480) * interval '1 minute' AS submitted,
             CASE WHEN r < 30 THEN 'withdrawn' WHEN r < 110 THEN 'not_accepted'
                  WHEN r < 140 THEN 'merged' WHEN r < 150 THEN 'submitted'
                  WHEN year = {last} AND r2 < 100 THEN 'handling'
                  WHEN year = {last} AND r2 < 200 THEN 'replied'
                  WHEN r2 < 50 THEN 'following_up' WHEN r2 < 300 THEN 'completed'
                  WHEN r2 < 320 THEN 'consulting' ELSE 'closed' END AS state
      FROM gen) p
    ORDER BY i""",
    # Assignments: 1–4 per accepted proposal (a lead and assisting units, or all separate);
    # 2% of the assisting ones returned, 3% of the answering ones re-handled.
    """INSERT INTO assignments (proposal_id, unit_id, role, state, version, rehandled, round,
        contact_waived, due_at, created_at, signed_at, replied_at, updated_at)
    SELECT id, unit_id, role, state, 1, rehandled, CASE WHEN rehandled THEN 2 ELSE 1 END, false,
           created + interval '92 days', created, created + interval '1 day',
           CASE WHEN state = 'replied' AND role = 'assisting' THEN created + interval '20 days'
                WHEN state = 'replied' THEN created + (40 + (id * 13 + s * 7) % 60)
                     * interval '1 day' + CASE WHEN rehandled THEN interval '60 days'
                                               ELSE interval '0 days' END END,
           created
    FROM (
      SELECT p.id, s, ((p.id * 31 + s * 17) % {U}) + 1 AS unit_id,
             p.accepted_at + interval '3 days' AS created,
             CASE WHEN p.id % 10 = 0 THEN 'separate' WHEN s = 0 THEN 'lead'
                  ELSE 'assisting' END AS role,
             CASE WHEN s > 0 AND p.id % 10 <> 0 AND (p.id + s) % 50 = 0 THEN 'returned'
                  WHEN p.state = 'handling' AND (s = 0 OR p.id % 10 = 0) THEN 'handling'
                  ELSE 'replied' END AS state,
             p.state <> 'handling' AND p.id % 33 = 0 AND (s = 0 OR p.id % 10 = 0) AS rehandled
      FROM proposals p CROSS JOIN generate_series(0, 3) s
      WHERE p.accepted_at IS NOT NULL AND s < 1 + p.id % 4) a
    ORDER BY id, s""",
    """INSERT INTO replies (assignment_id, kind, round, category, unit_category, body,
        commitments, status, created_by_id, created_at)
    SELECT a.id, 'reply', 1, c.category, c.category, '答复正文。',
           CASE WHEN c.category IN ('B', 'C') THEN ('[{{"text": "列入计划逐步解决", '
                || '"due_date": "' || (extract(year FROM a.created_at)::int + 1)
                || '-06-30"}}]')::json ELSE '[]'::json END,
           'final', a.unit_id, a.replied_at - CASE WHEN a.rehandled THEN interval '60 days'
                                                  ELSE interval '0 days' END
    FROM assignments a
    CROSS JOIN LATERAL (SELECT (ARRAY['A','A','A','A','B','B','B','B','C','D'])
                               [(a.id * 7) % 10 + 1] AS category) c
    WHERE a.role <> 'assisting' AND a.state = 'replied'
    UNION ALL
    SELECT a.id, 'reply', 2, 'A', 'A', '重新办理答复。', '[]'::json, 'final', a.unit_id,
           a.replied_at
    FROM assignments a WHERE a.rehandled
    UNION ALL
    SELECT a.id, 'opinion', 1, NULL, NULL, '协办意见。', '[]'::json, 'final', a.unit_id,
           a.replied_at
    FROM assignments a WHERE a.role = 'assisting' AND a.state = 'replied'
    ORDER BY 1, 3""",
    # Ratings of evaluated proposals: lapsed 8%, proxy 10%; co-signers' own ratings on 20%.
    """INSERT INTO ratings (proposal_id, assignment_id, round, rater_id, proxy, lapsed, cosigner,
        attitude, result, created_at)
    SELECT a.proposal_id, a.id, 1, CASE WHEN h >= 8 THEN p.lead_proposer_id END,
           h BETWEEN 60 AND 69, h < 8 AND NOT a.rehandled, false,
           CASE WHEN h >= 8 OR a.rehandled THEN 'satisfied' END,
           CASE WHEN a.rehandled THEN 'unsatisfied' WHEN h < 8 THEN NULL
                WHEN h < 70 THEN 'satisfied' WHEN h < 92 THEN 'basically_satisfied'
                ELSE 'unsatisfied' END,
           p.replied_at + interval '10 days'
    FROM assignments a JOIN proposals p ON p.id = a.proposal_id
    CROSS JOIN LATERAL (SELECT (a.id * 11) % 100 AS h) x
    WHERE a.role <> 'assisting' AND a.state = 'replied'
      AND p.state IN ('closed', 'completed', 'following_up', 'consulting')
    UNION ALL
    SELECT a.proposal_id, a.id, 2, p.lead_proposer_id, false, false, false, 'satisfied',
           'satisfied', a.replied_at + interval '10 days'
    FROM assignments a JOIN proposals p ON p.id = a.proposal_id WHERE a.rehandled
    UNION ALL
    SELECT a.proposal_id, a.id, 1, p.lead_proposer_id + 1, false, false, true, 'unsatisfied',
           'unsatisfied', p.replied_at + interval '12 days'
    FROM assignments a JOIN proposals p ON p.id = a.proposal_id
    WHERE a.role <> 'assisting' AND a.state = 'replied' AND a.id % 5 = 0
      AND p.state IN ('closed', 'completed', 'following_up', 'consulting')""",
    """INSERT INTO contacts (assignment_id, method, day, summary, status, logged_by_id, created_at)
    SELECT a.id, '电话', (a.created_at + interval '10 days')::date, '电话沟通办理思路。',
           CASE WHEN a.id % 20 = 0 THEN 'logged' ELSE 'confirmed' END, a.unit_id,
           a.created_at + interval '10 days'
    FROM assignments a WHERE a.role <> 'assisting' AND a.state <> 'returned'""",
    # Deadlines: per assignment sign, return window, contact, reply or opinion (and the
    # re-handling reply); per proposal review, evaluation and 回头看.
    """INSERT INTO deadlines (rule, kind, workflow, proposal_id, assignment_id, starts_on, due_at,
        status, provisional, reminders_sent, overdue_at, closed_at, explanation, version,
        created_at)
    SELECT d.kind, d.kind, 'assignment', a.proposal_id, a.id, a.created_at::date,
           a.created_at + d.span, 'done', false, 0, NULL, a.created_at + interval '1 day',
           '{{}}'::json, 1, a.created_at
    FROM assignments a CROSS JOIN (VALUES ('sign', interval '5 days'),
                                          ('return_window', interval '7 days'),
                                          ('contact', interval '21 days')) d(kind, span)
    WHERE d.kind <> 'contact' OR a.role <> 'assisting'
    UNION ALL
    SELECT 'reply', 'reply', 'assignment', a.proposal_id, a.id, a.created_at::date, a.due_at,
           CASE WHEN a.state = 'returned' THEN 'cancelled' WHEN a.state = 'handling' THEN
                CASE WHEN a.due_at < :now THEN 'overdue' ELSE 'open' END ELSE 'done' END,
           false, 0,
           CASE WHEN coalesce(r.created_at, :now) > a.due_at THEN a.due_at END,
           r.created_at, '{{}}'::json, 1, a.created_at
    FROM assignments a
    LEFT JOIN replies r ON r.assignment_id = a.id AND r.round = 1 AND r.kind = 'reply'
    WHERE a.role <> 'assisting'
    UNION ALL
    SELECT 'rehandle_reply', 'reply', 'assignment', a.proposal_id, a.id,
           (a.replied_at - interval '60 days')::date, a.replied_at + interval '30 days', 'done',
           false, 0, NULL, a.replied_at, '{{}}'::json, 1, a.replied_at - interval '50 days'
    FROM assignments a WHERE a.rehandled
    UNION ALL
    SELECT 'opinion', 'opinion', 'assignment', a.proposal_id, a.id, a.created_at::date,
           a.created_at + interval '30 days',
           CASE WHEN a.state = 'returned' THEN 'cancelled' ELSE 'done' END, false, 0, NULL,
           a.replied_at, '{{}}'::json, 1, a.created_at
    FROM assignments a WHERE a.role = 'assisting'
    UNION ALL
    SELECT 'review', 'review', 'proposal', p.id, NULL, p.submitted_at::date,
           p.submitted_at + interval '14 days',
           CASE WHEN p.state = 'submitted' THEN 'open' ELSE 'done' END, false, 0, NULL,
           p.accepted_at, '{{}}'::json, 1, p.submitted_at
    FROM proposals p
    UNION ALL
    SELECT 'evaluation', 'evaluation', 'proposal', p.id, NULL, p.replied_at::date,
           p.replied_at + interval '21 days',
           CASE WHEN p.state = 'replied' THEN 'open' ELSE 'done' END, false, 0, NULL,
           p.closed_at, '{{}}'::json, 1, p.replied_at
    FROM proposals p WHERE p.replied_at IS NOT NULL
    UNION ALL
    SELECT 'follow_up', 'follow_up', 'proposal', p.id, NULL, p.closed_at::date,
           p.replied_at + interval '180 days',
           CASE WHEN p.state = 'closed' THEN 'open' ELSE 'done' END, false, 0, NULL,
           CASE WHEN p.state <> 'closed' THEN p.replied_at + interval '180 days' END,
           '{{}}'::json, 1, p.closed_at
    FROM proposals p WHERE p.closed_at IS NOT NULL AND p.id % 3 = 0
    ORDER BY 4, 5""",
    """INSERT INTO follow_ups (proposal_id, started_at, completed_at, outcome, findings,
        commitments)
    SELECT p.id, p.replied_at + interval '180 days',
           CASE WHEN p.state = 'following_up' THEN NULL ELSE p.replied_at + interval '200 days'
           END,
           CASE WHEN p.state = 'completed' THEN 'implemented'
                WHEN p.state = 'closed' THEN 'partial' END,
           CASE WHEN p.state <> 'following_up' THEN '已核实。' END, '[]'::json
    FROM proposals p
    WHERE p.state IN ('completed', 'following_up') OR (p.state = 'closed' AND p.id % 7 = 0)""",
    """INSERT INTO cosigners (proposal_id, user_id, status, via, answered_at)
    SELECT p.id, {U} + ((p.lead_proposer_id - {U}) % {M}) + 1, 'confirmed', 'invitation',
           p.submitted_at
    FROM proposals p WHERE p.id % 3 = 0""",
    # History: the events that brought each proposal and assignment to its state (sealed: a
    # stand-in hash, so the service's sealing finds nothing of this to chain).
    """INSERT INTO audit_records (proposal_id, workflow, subject_id, event, actor_id, actor_name,
        from_state, to_state, data, at, prev_hash, hash)
    SELECT proposal_id, workflow, subject_id, event, NULL, actor, from_state, to_state,
           '{{}}'::json, at, repeat('0', 64), md5(subject_id || event) || md5(at::text)
    FROM (
      SELECT p.id AS proposal_id, 'proposal' AS workflow, p.id AS subject_id, e.event,
             e.actor, e.from_state, e.to_state, e.at
      FROM proposals p CROSS JOIN LATERAL (VALUES
        ('create', 'member', NULL, 'draft', p.created_at),
        ('submit', 'member', 'draft', 'submitted', p.submitted_at),
        (CASE p.state WHEN 'withdrawn' THEN 'withdraw' WHEN 'not_accepted' THEN 'reject'
                      WHEN 'merged' THEN 'merge' END,
         'office', 'submitted', p.state, p.submitted_at + interval '5 days'),
        ('accept', 'office', 'submitted', 'accepted', p.accepted_at),
        ('assign', 'office', 'accepted', 'handling', p.accepted_at + interval '3 days'),
        ('complete_handling', 'system', 'handling', 'replied', p.replied_at),
        ('evaluate', 'member', 'replied', 'closed', p.closed_at)
      ) e(event, actor, from_state, to_state, at)
      WHERE e.event IS NOT NULL AND e.at IS NOT NULL
        AND (e.event IN ('create', 'submit', 'withdraw', 'reject', 'merge')
             OR p.accepted_at IS NOT NULL)
      UNION ALL
      SELECT a.proposal_id, 'assignment', a.id, e.event, 'clerk', e.from_state, e.to_state, e.at
      FROM assignments a CROSS JOIN LATERAL (VALUES
        ('sign', 'pending', 'handling', a.signed_at),
        (CASE WHEN a.role = 'assisting' THEN 'submit_opinion' ELSE 'reply' END,
         'handling', 'replied', a.replied_at)
      ) e(event, from_state, to_state, at)
      WHERE e.at IS NOT NULL
    ) h
    ORDER BY proposal_id, at""",
]
FACTS = ("assignment_facts", "proposal_facts")
TABLES = (
    "plenary_sessions",
    "units",
    "people",
    "users",
    "proposals",
    "assignments",
    "replies",
    "ratings",
    "contacts",
    "deadlines",
    "follow_ups",
    "cosigners",
    *FACTS,
    "audit_records",
)


def schema_url(schema: str) -> str:
    joiner = "&" if "?" in BASE_URL else "?"
    return f"{BASE_URL}{joiner}options=-csearch_path%3D{schema}"


@contextmanager
def scratch_schema(name: str, *, keep: bool):
    """A schema of our own, built by the migrations, dropped afterwards (unless --keep)."""
    admin = make_engine(BASE_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {name}"))
    try:
        upgrade(schema_url(name))
        yield schema_url(name)
    finally:
        if not keep:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


DEFAULTS = {
    "boolean": "false",
    "integer": "0",
    "json": "'{}'",
    "jsonb": "'{}'",
    "date": "current_date",
    "text": "''",
    "character varying": "''",
}


def default_other_columns(connection) -> None:
    """Columns added since this script was written get a scratch default (only in the
    scratch schema), so the INSERTs below keep working while the models grow."""
    rows = connection.execute(
        text(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_nullable = 'NO' "
            "AND column_default IS NULL AND column_name <> 'id'"
        )
    )
    for table, column, kind in rows:
        value = DEFAULTS.get(kind, "now()" if "timestamp" in kind else None)
        if column == "body_id":
            value = "1"  # every row here is the one body's
        if table not in TABLES or value is None:
            continue
        connection.execute(text(f'ALTER TABLE {table} ALTER COLUMN "{column}" SET DEFAULT {value}'))


def drop_indexes(connection) -> list[str]:
    """Drop the plain indexes of the filled tables (rebuilt in bulk afterwards, which is many
    times faster than keeping them up to date row by row); their definitions are returned."""
    rows = connection.execute(
        text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = current_schema() AND t.relname = ANY(:tables) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
        ),
        {"tables": list(TABLES)},
    ).all()
    for name, _ in rows:
        connection.execute(text(f"DROP INDEX {name}"))
    return [definition for _, definition in rows]


def _insert_all(connection, size: int) -> None:
    names = dict(
        N=size,
        B=size // YEARS,
        Y=YEARS,
        S=SESSIONS,
        U=UNITS,
        M=MEMBERS,
        SECTORS=SECTORS,
        last=LAST_YEAR,
    )
    for statement in FILL:
        started = time.perf_counter()
        result = connection.execute(text(statement.format(**names)), {"now": NOW})
        words = statement.split()
        table = words[3] if words[0] == "CREATE" else words[2]
        elapsed = time.perf_counter() - started
        print(f"  {table:<18} {result.rowcount:>10,} rows {elapsed:6.1f} s")


def vacuum(engine) -> None:
    """VACUUM ANALYZE the scratch schema's filled tables only (never the other schemas)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        started = time.perf_counter()
        connection.execute(text(f"VACUUM ANALYZE {', '.join(TABLES)}"))
        print(f"  vacuum analyze {time.perf_counter() - started:.1f} s")


def fill(url: str, size: int) -> None:
    """Generate the rows in SQL (foreign-key triggers off, plain indexes rebuilt afterwards),
    then reset the id sequences and VACUUM ANALYZE."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        default_other_columns(connection)
        indexes = drop_indexes(connection)
        _insert_all(connection, size)
        rebuild_indexes(connection, indexes)
        derive_facts(connection)
        # The facts are keyed by their assignment or proposal: no sequence of their own.
        reset_sequences(connection, [table for table in TABLES if table not in FACTS])
    vacuum(engine)
    engine.dispose()


def rebuild_indexes(connection, indexes: list[str]) -> None:
    started = time.perf_counter()
    for definition in indexes:
        connection.execute(text(definition))
    print(f"  {len(indexes)} indexes rebuilt in {time.perf_counter() - started:.1f} s")


def derive_facts(connection) -> None:
    started = time.perf_counter()
    refresh(Session(bind=connection), everything=True)
    print(f"  statistics facts derived in {time.perf_counter() - started:6.1f} s")


def reset_sequences(connection, tables) -> None:
    """Each table's id sequence past the rows written with ids of their own (PostgreSQL)."""
    for table in tables:
        sequence = f"pg_get_serial_sequence('{table}', 'id')"
        connection.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))


def bench_app(url: str, folder: str):
    """The service on a bench's database, at the bench's moment, files kept in `folder`."""
    settings = Settings(
        database_url=url,
        secret_key="bench",
        scheduler_enabled=False,
        documents_dir=f"{folder}/documents",
        password_cost="fast",
        instance_path=f"{folder}/instance",
    )
    return create_app(settings, clock=FrozenClock(NOW))


def make_client(url: str, folder: str):
    """The app on the scratch schema, and a logged-in committee client."""
    app = bench_app(url, folder)
    with app.app_context(), unit_of_work() as session:
        known = session.scalar(select(User.id).where(User.username == "bench-office"))
        if known is None:
            users.add_user(
                session,
                "bench-office",
                role="committee",
                password="bench-password",
                unit_name=None,
                display_name="办公室",
                sector=None,
                now=NOW,
            )
        token, _ = users.issue_token(session, "bench-office", "bench-password", now=NOW)
    return app, app.test_client(), {"Authorization": f"Bearer {token}"}


class Statements:
    """Records the SQL a request sends, to EXPLAIN the slow ones."""

    def __init__(self, engine) -> None:
        self.recording, self.seen = False, []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        if self.recording:
            self.seen.append((statement, parameters))

    @contextmanager
    def capture(self):
        self.seen, self.recording = [], True
        try:
            yield self.seen
        finally:
            self.recording = False


def timed(client, headers, path: str) -> tuple[float, object]:
    started = time.perf_counter()
    response = client.get(f"/api/v1{path}", headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code, response.get_data()[:300])
    return elapsed, response.get_json()


def explain(engine, statements) -> None:
    """EXPLAIN each SELECT of a request in one transaction, after the request's own SET LOCALs
    (the statistics turn JIT off for their transaction; a plan without that would mislead)."""
    with engine.begin() as connection:
        for statement, parameters in statements:
            words = statement.lstrip().upper()
            if words.startswith("SET"):
                connection.exec_driver_sql(statement, parameters)
                continue
            if not words.startswith(("SELECT", "WITH")):
                continue
            plan = connection.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
            ).scalars()
            print("    " + "\n    ".join(plan))
            print()


def run_requests(app, client, headers, requests, *, explain_all: bool) -> list[tuple[str, float]]:
    engine = app.extensions["db_engine"]
    recorder = Statements(engine)
    results = []
    for label, path in requests:
        _, body = timed(client, headers, path)
        times = [timed(client, headers, path)[0] for _ in range(5)]
        median = statistics.median(times)
        results.append((label, median))
        summary = _summary(body)
        print(f"  {label:<24} median {median:7.1f} ms  (min {min(times):.1f})  {summary}")
        if (median > GOAL_MS and EXPLAIN) or explain_all:
            with recorder.capture() as statements:
                timed(client, headers, path)
            explain(engine, statements)
    return results


def _summary(body) -> str:
    if isinstance(body, list):
        return f"{len(body)} records"
    if "available_events" in body:
        return f"state {body['state']}, {len(body['assignments'])} units"
    if "items" in body:
        return f"total {body['total']}, page {len(body['items'])}"
    if "units" in body:
        return f"{len(body['units'])} units"
    return (
        f"received {body['received']}, assigned {body['assigned']}, "
        f"replied {body['replied']}, on time {body['replied_on_time']}, "
        f"overdue {body['overdue']}, satisfaction {body['satisfaction_rate']}"
    )


@contextmanager
def _schema(name: str, *, keep: bool, reuse: str | None):
    """A new scratch schema, or (`--reuse`, for iterating on queries) one kept earlier."""
    if reuse:
        yield schema_url(name)
        return
    with scratch_schema(name, keep=keep) as url:
        yield url


def detail_requests(engine) -> list[tuple[str, str]]:
    """A proposal of the current year with four units and its whole history, as the committee
    opens it."""
    with engine.connect() as connection:
        proposal = connection.execute(
            text(
                "SELECT p.id FROM proposals p JOIN assignments a ON a.proposal_id = p.id "
                "WHERE p.state = 'handling' GROUP BY p.id HAVING count(*) = 4 "
                "ORDER BY p.id DESC LIMIT 1"
            )
        ).scalar_one()
    return [
        ("提案详情 (4 units)", f"/proposals/{proposal}"),
        ("提案办理记录", f"/proposals/{proposal}/history"),
    ]


SWEEP_FILL = (
    """INSERT INTO proposals (id, body_id, plenary_session_id, number, title, body, category,
        type, sector, state, version, lead_proposer_id, key, created_at, submitted_at,
        accepted_at, updated_at)
    SELECT id, 1, (SELECT max(id) FROM plenary_sessions), NULL, '待签收提案' || id, '正文',
           'economy', 'individual', '界别01', 'handling', 1, {U} + 1, false, :t, :t, :t, :t
    FROM generate_series((SELECT max(id) + 1 FROM proposals),
                         (SELECT max(id) + {due} FROM proposals)) id""",
    """INSERT INTO assignments (proposal_id, unit_id, role, state, version, rehandled, round,
        contact_waived, due_at, created_at, updated_at)
    SELECT id, 1 + id % {U}, 'lead', 'pending', 1, false, 1, false, :t + interval '92 days',
           :t, :t
    FROM proposals WHERE title LIKE '待签收提案%' ORDER BY id""",
    """INSERT INTO deadlines (rule, kind, workflow, proposal_id, assignment_id, starts_on, due_at,
        status, provisional, next_fire_at, reminders_sent, explanation, version, created_at)
    SELECT 'sign', 'sign', 'assignment', a.proposal_id, a.id, (:t)::date, :due, 'open', false,
           :due, 0, '{{"reminders": []}}'::json, 1, :t
    FROM assignments a JOIN proposals p ON p.id = a.proposal_id
    WHERE p.title LIKE '待签收提案%'""",
)


def time_sweep(app, *, due: int = 1000) -> tuple[float, float]:
    """Add `due` pending assignments whose sign deadline has passed; time finding them, and the
    sweep that fires their `sign_overdue` events through the engine (one transaction each)."""
    from service.jobs.sweep import sweep

    engine = app.extensions["db_engine"]
    values = {"t": NOW - timedelta(days=10), "due": NOW - timedelta(hours=1)}
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in SWEEP_FILL:
            connection.execute(text(statement.format(U=UNITS, due=due)), values)
        for table in ("proposals", "assignments", "deadlines"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            connection.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))
        connection.execute(text("ANALYZE proposals, assignments, deadlines"))
    found_ms = _finding_due(engine, due)
    with app.app_context():
        started = time.perf_counter()
        result = sweep(now=NOW, limit=due * 2)
        took = time.perf_counter() - started
    print(
        f"  sweep, {due:,} due{'':<12} {took * 1000:9.1f} ms  fired {result.fired}, "
        f"{took / max(result.fired, 1) * 1000:.1f} ms an event"
    )
    return found_ms, took * 1000


def _finding_due(engine, due: int) -> float:
    """What the sweep's claims read to find the due rows among all open deadlines (the partial
    index on next_fire_at), timed alone: median of 5."""
    query = text(
        "SELECT id FROM deadlines WHERE next_fire_at <= :now "
        "AND status IN ('open', 'reminded', 'overdue') ORDER BY next_fire_at, id LIMIT :due"
    )
    times = []
    with engine.connect() as connection:
        for _ in range(5):
            started = time.perf_counter()
            found = connection.execute(query, {"now": NOW, "due": due}).all()
            times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    print(f"  finding {len(found):,} due deadlines{'':<4} {median:9.1f} ms")
    return median


def bench(
    size: int, *, keep: bool, explain_all: bool, reuse: str | None, sweep: bool
) -> list[tuple]:
    schema = reuse or f"scale_bench_{os.getpid()}_{size}"
    print(f"\n== {size:,} proposals (schema {schema}) ==")
    with _schema(schema, keep=keep, reuse=reuse) as url, tempfile.TemporaryDirectory() as folder:
        if not reuse:
            started = time.perf_counter()
            fill(url, size)
            print(f"  generated in {time.perf_counter() - started:.1f} s")
        app, client, headers = make_client(url, folder)
        engine = app.extensions["db_engine"]
        requests = [*REQUESTS, *detail_requests(engine)]
        results = run_requests(app, client, headers, requests, explain_all=explain_all)
        if sweep:
            found_ms, fired_ms = time_sweep(app)
            results.append(("sweep: finding 1,000 due", found_ms))
            results.append(("sweep: firing 1,000 (engine)", fired_ms))
        engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--keep", action="store_true", help="keep the scratch schemas")
    parser.add_argument("--explain-all", action="store_true", help="EXPLAIN every request")
    parser.add_argument("--reuse", help="time a schema kept by --keep (no generation)")
    parser.add_argument("--no-sweep", action="store_true", help="time the reads only")
    options = parser.parse_args()
    table = {}
    for size in options.sizes:
        for label, ms in bench(
            size,
            keep=options.keep,
            explain_all=options.explain_all,
            reuse=options.reuse,
            sweep=not options.no_sweep,
        ):
            table.setdefault(label, {})[size] = ms
    print("\n== median ms by size (goal: each request ≤ 300 ms at 1,000,000) ==")
    print(f"  {'':<32}" + "".join(f"{size:>12,}" for size in options.sizes))
    for label, by_size in table.items():
        cells = "".join(f"{by_size.get(size, float('nan')):>12.1f}" for size in options.sizes)
        print(f"  {label:<32}{cells}")


if __name__ == "__main__":
    main()
