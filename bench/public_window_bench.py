"""The public window (提案公开) at scale: 100,000 published proposals, each with its unit and
reply, then the times of what citizens ask for.

Times, through the whole Flask stack (rate limit counted in the database, cache, template), of
  (a) the list page /public/ (first page), with the cache off and then on;
  (b) a search, /public/?q=…, of a word in one proposal in ten, and of a word in none;
  (c) a proposal's page, /public/proposals/<id>, for random ids (mostly cache misses);
  (d) the JSON list /api/v1/public/proposals;
and the query plan of the list's page query (it should read the partial index
ix_proposals_published, not the table).

    .venv/bin/python bench/public_window_bench.py [--count 100000] [--requests 200]
        [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Without `--url` it works in a temporary SQLite file; with one, in a scratch schema it creates
and drops. The proposals are written by bulk inserts (Core executemany), not by events.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service import create_app  # noqa: E402
from service.clock import FrozenClock  # noqa: E402
from service.config import Settings  # noqa: E402
from service.db import make_engine, unit_of_work  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.models import Assignment, PlenarySession, Proposal, Reply, SearchTerm  # noqa: E402
from service.operations import users  # noqa: E402
from service.search.text import term_weights  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=ZONE)
PASSWORD = "bench-password-2026"
UNITS, MEMBERS, BATCH = 60, 300, 5_000
CATEGORIES = ("economy", "politics", "culture", "society", "ecology", "other")
PART = "城区早晚高峰交通拥堵，群众出行不便，相关部门已作多次调研。" * 6


def _scratch(url: str) -> tuple[str, str]:
    schema = f"bench_public_{os.getpid()}"
    with create_engine(url).begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    return schema, f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def _people(app) -> tuple[list[int], list[int], int, int]:
    with app.app_context(), unit_of_work() as session:
        units = [users.add_unit(session, f"市第{i:02d}局", now=NOW).id for i in range(UNITS)]
        members = [
            users.add_user(
                session,
                f"member{i:03d}",
                role="member",
                password=PASSWORD,
                display_name=f"委员{i:03d}",
                sector=("经济界", "教育界", "医药卫生界", "科技界")[i % 4],
                now=NOW,
            ).id
            for i in range(MEMBERS)
        ]
        clerk = users.add_user(
            session, "clerk", role="unit", unit_name="市第00局", password=PASSWORD, now=NOW
        )
        for year, meeting in ((2024, 3), (2025, 4), (2026, 5)):
            session.add(
                PlenarySession(
                    id=meeting,
                    body_id=clerk.body_id,
                    name=f"十四届{meeting}次会议",
                    term=14,
                    meeting=meeting,
                    year=year,
                    current=year == 2026,
                )
            )
        return units, members, clerk.id, clerk.body_id


def _seed(engine, count: int, units: list[int], members: list[int], clerk: int, body: int) -> None:
    """`count` published proposals of the body over three sessions, each with a lead unit and
    its reply."""
    rng = random.Random(7)
    # Each proposal's words, as filing indexes them (the number in a title is no word).
    weights = {w: term_weights(f"关于推进第1项{w}工作的提案", PART * 3) for w in ("公交", "养老")}
    for start in range(1, count + 1, BATCH):
        numbers = range(start, min(start + BATCH, count + 1))
        proposals, assignments, replies, terms = [], [], [], []
        for n in numbers:
            session_id = 3 + n % 3
            published = NOW - timedelta(minutes=count - n)
            word = "公交" if n % 10 == 0 else "养老"
            terms += [
                {"term": term, "proposal_id": n, "body_id": body, "weight": weight}
                for term, weight in weights[word].items()
            ]
            proposals.append(
                {
                    "id": n,
                    "body_id": body,
                    "plenary_session_id": session_id,
                    "number": n // 3 + 1,
                    "title": f"关于推进第{n}项{word}工作的提案",
                    "background": PART,
                    "analysis": PART,
                    "suggestions": PART,
                    "category": CATEGORIES[n % len(CATEGORIES)],
                    "type": "individual",
                    "state": "closed",
                    "version": 1,
                    "lead_proposer_id": rng.choice(members),
                    "key": False,
                    "created_at": published,
                    "submitted_at": published,
                    "accepted_at": published,
                    "closed_at": published,
                    "updated_at": published,
                    "publish_consent": True,
                    "published_at": published,
                }
            )
            assignments.append(
                {
                    "id": n,
                    "proposal_id": n,
                    "body_id": body,
                    "unit_id": units[n % len(units)],
                    "role": "lead",
                    "state": "replied",
                    "version": 1,
                    "rehandled": False,
                    "consultation_due": False,
                    "round": 1,
                    "contact_waived": False,
                    "created_at": published,
                    "updated_at": published,
                }
            )
            replies.append(
                {
                    "assignment_id": n,
                    "body_id": body,
                    "kind": "reply",
                    "round": 1,
                    "category": "A",
                    "body": PART,
                    "commitments": [],
                    "status": "final",
                    "created_by_id": clerk,
                    "created_at": published,
                }
            )
        with engine.begin() as connection:
            connection.execute(insert(Proposal), proposals)
            connection.execute(insert(Assignment), assignments)
            connection.execute(insert(Reply), replies)
            connection.execute(insert(SearchTerm), terms)
    with engine.begin() as connection:
        for meeting in (3, 4, 5):
            connection.execute(
                text("UPDATE plenary_sessions SET last_number = :n WHERE id = :id"),
                {"n": count // 3 + 1, "id": meeting},
            )
    if engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load: statistics, and the visibility map that lets
        # the count and the title search read the index alone.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def _times(client, paths: list[str]) -> tuple[float, float]:
    spent = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        spent.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    spent.sort()
    return statistics.median(spent), spent[int(len(spent) * 0.95) - 1]


def _plan(engine) -> str:
    page = (
        "SELECT id FROM proposals WHERE published_at IS NOT NULL "
        "ORDER BY published_at DESC, id DESC LIMIT 21"
    )
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        rows = connection.execute(text(explain + page)).all()
    return " | ".join(str(row[-1]) for row in rows)


def _report(app, count: int, requests: int) -> None:
    rng = random.Random(11)
    client = app.test_client()
    lines = []
    for label, cached in (("cache off", 0), ("cache on", 60)):
        app.extensions["public_cache"].seconds = cached
        app.extensions["public_cache"].entries.clear()
        lines += [
            (f"list page /public/ ({label})", _times(client, ["/public/"] * requests)),
            (
                f"list page, 2nd year filter ({label})",
                _times(client, ["/public/?year=2025&category=society"] * requests),
            ),
            (
                f"search, 1 in 10 match ({label})",
                _times(client, ["/public/?q=%E5%85%AC%E4%BA%A4"] * requests),
            ),
            (f"search, no match ({label})", _times(client, ["/public/?q=%E6%97%A0"] * requests)),
            (
                f"search in the text, every one matches ({label})",
                _times(client, [f"/public/?q={quote('拥堵')}"] * requests),
            ),
            (
                f"search, a title word and a text word, 1 in 10 ({label})",
                _times(client, [f"/public/?q={quote('公交 拥堵')}"] * requests),
            ),
            (
                f"search, a word in no title nor text ({label})",
                _times(client, [f"/public/?q={quote('地铁')}"] * requests),
            ),
            (
                f"detail page, random ids ({label})",
                _times(
                    client, [f"/public/proposals/{rng.randint(1, count)}" for _ in range(requests)]
                ),
            ),
            (f"JSON list ({label})", _times(client, ["/api/v1/public/proposals"] * requests)),
        ]
    width = max(len(label) for label, _ in lines)
    print(f"{count} published proposals, {requests} requests each (ms)")
    print(f"{'':{width}}     p50     p95")
    for label, (p50, p95) in lines:
        print(f"{label:{width}} {p50:7.1f} {p95:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        schema = None
        if args.url:
            schema, url = _scratch(args.url)
        else:
            url = f"sqlite:///{folder}/public.sqlite3"
        upgrade(url)
        engine = make_engine(url)
        settings = replace(
            Settings(),
            database_url=url,
            secret_key="bench",
            scheduler_enabled=False,
            documents_dir=f"{folder}/documents",
            instance_path=f"{folder}/instance",
            password_cost="fast",
            public_rate_limit=10**9,
        )
        app = create_app(settings, clock=FrozenClock(NOW), engine=engine)
        units, members, clerk, body = _people(app)
        started = time.perf_counter()
        _seed(engine, args.count, units, members, clerk, body)
        print(f"{engine.dialect.name}: seeded in {time.perf_counter() - started:.1f} s")
        print(f"list query plan: {_plan(engine)}")
        _report(app, args.count, args.requests)
        engine.dispose()
        if schema:
            with create_engine(args.url).begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


if __name__ == "__main__":
    main()
