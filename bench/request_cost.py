"""What one request costs in-process: SQL statements and CPU time for each step of a proposal's
life and for the reads in between (not a test: it prints figures).

    .venv/bin/python bench/request_cost.py [--proposals 30] [--profile KIND] [--minimal]

Runs the app in this process (Flask's test client, no HTTP server) on PostgreSQL in a scratch
schema, drives `--proposals` proposals through the same mix as bench/load_bench.py, and prints for
each kind of request the statements it sent and the median CPU time of this process (the
database's own time not included). `--profile KIND` (e.g. `list:assignments`, `event:reply`,
`event:*`) prints a pyinstrument profile of that kind's requests (`SHOW_ALL=1`: with the library
frames it folds away), `--statements KIND` the SQL of
the last one with each statement's round trip and the service's line that sent it. `--floor`
times bench/floor_app.py's minimal event and detail read in the same process and schema and
prints each request's CPU as a multiple of them (the event's for events, the read's for reads).
`--minimal`: the events whose answer the next step reads only for its version ask for `Prefer:
return=minimal`; `--compare-minimal` runs the lives in turn with whole and minimal answers.
Statement counts are exact and do not depend on the machine's load; CPU times do, a little.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import os
import re
import statistics
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, event, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_bench import BASE_URL, drop_schema, make_schema, scoped_url  # noqa: E402
from service import create_app  # noqa: E402
from service.clock import FrozenClock  # noqa: E402
from service.config import Settings  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from tests.client import World  # noqa: E402
from tests.flows import PARTS, REPLY  # noqa: E402

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
UNITS = ("市交通运输局", "市教育局", "市生态环境局", "市卫生健康委员会")
CLERKS = {"市交通运输局": "transport", "市教育局": "education", "市生态环境局": "ecology"}
CLERKS["市卫生健康委员会"] = "health"


def _sender() -> str:
    """The service's innermost frame that sent a statement, to see who sends it."""
    for frame in reversed(traceback.extract_stack()):
        if "/service/" in frame.filename and "/service/db/" not in frame.filename:
            return f"{frame.filename.split('/service/')[-1]}:{frame.lineno} {frame.name}"
    return "?"


def _condensed(statement: str) -> str:
    """The statement on one line, its column lists elided, so the tables and conditions show."""
    text = " ".join(statement.split())
    text = re.sub(r"SELECT .*? FROM", "SELECT … FROM", text)
    text = re.sub(r"^(INSERT INTO \S+) \(.*?\) VALUES", r"\1 (…) VALUES", text)
    return text[:240]


class Meter:
    def __init__(self, engine, profile: str | None, show: str | None = None):
        self.statements = 0
        self.show, self.shown, self.current = show, [], None
        self.costs: dict[str, list[tuple[float, int]]] = defaultdict(list)
        self.profile, self.profiler = profile, None
        if profile:
            from pyinstrument import Profiler

            self.profiler = Profiler(interval=0.0005)

        @event.listens_for(engine, "before_cursor_execute")
        def _count(_conn, _cursor, statement, *_args) -> None:
            self.statements += 1
            if self.current is not None:
                self.current.append([_condensed(statement), time.perf_counter(), _sender()])

        @event.listens_for(engine, "after_cursor_execute")
        def _time(*_args) -> None:
            if self.current:  # the round trip, database time included
                self.current[-1][1] = time.perf_counter() - self.current[-1][1]

    def __call__(self, kind: str, call):
        profiling = self.profiler is not None and fnmatch.fnmatchcase(kind, self.profile)
        if profiling:
            self.profiler.start()
        if kind == self.show:
            self.current = []
        before, cpu = self.statements, time.process_time()
        result = call()
        if kind == self.show:
            self.shown, self.current = self.current, None
        self.costs[kind].append((time.process_time() - cpu, self.statements - before))
        if profiling:
            self.profiler.stop()
        return result


class Minimal:
    """A client that asks for minimal event answers (`Prefer: return=minimal`)."""

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        return getattr(self.client, name)

    def ok(self, method: str, path: str, body=None, status: int = 200):
        headers = {**self.client._headers(), "Prefer": "return=minimal"}
        response = self.client.client.open(
            f"/api/v1{path}", method=method, json=body, headers=headers
        )
        assert response.status_code == status, (response.status_code, response.get_json())
        return response.get_json()

    def act(self, kind: str, subject: dict, event: str, **fields) -> dict:
        body = {"event": event, "version": subject["version"], **fields}
        return self.ok("POST", f"/{kind}s/{subject['id']}/events", body)


def lifecycle(world: World, meter: Meter, n: int, minimal: bool = False) -> None:
    """One proposal's life; with `minimal`, every event whose answer the next step reads only
    for its version asks for a minimal answer (交办's answer lists the new assignments)."""
    lean = Minimal if minimal else (lambda client: client)
    member, office = world["zhang"], world["office"]
    body = {"title": f"关于公交准点率的提案{n}", "category": "economy", "submit": True, **PARTS}
    proposal = meter("event:file", lambda: lean(member).ok("POST", "/proposals", body, status=201))
    meter("list:proposals", lambda: office.ok("GET", "/proposals?limit=50"))
    proposal = meter("event:accept", lambda: lean(office).act("proposal", proposal, "accept"))
    units = UNITS[: 3 + n % 2]
    entries = [
        {"unit_id": world.units[name], "role": "lead" if i == 0 else "assisting"}
        for i, name in enumerate(units)
    ]
    proposal = meter(
        "event:assign", lambda: office.act("proposal", proposal, "assign", units=entries)
    )
    lead = world[CLERKS[units[0]]]
    meter("list:assignments", lambda: lead.ok("GET", "/assignments?limit=50"))
    for assignment in sorted(proposal["assignments"], key=lambda a: a["role"] == "lead"):
        clerk = lean(world[CLERKS[assignment["unit_name"]]])
        current = meter("event:sign", lambda a=assignment, c=clerk: c.act("assignment", a, "sign"))
        if assignment["role"] == "assisting":
            meter(
                "event:submit_opinion",
                lambda a=current, c=clerk: c.act("assignment", a, "submit_opinion", body="同意。"),
            )
            continue
        current = meter(
            "event:log_contact",
            lambda a=current, c=clerk: c.act(
                "assignment", a, "log_contact", method="电话", date="2026-03-09", summary="沟通。"
            ),
        )
        meter("event:reply", lambda a=current, c=clerk: c.act("assignment", a, "reply", **REPLY))
    proposal = meter("detail", lambda: member.proposal(proposal["id"]))
    ratings = [
        {"assignment_id": a["id"], "attitude": "satisfied", "result": "satisfied"}
        for a in proposal["assignments"]
        if a["role"] == "lead"
    ]
    meter(
        "event:evaluate",
        lambda: lean(member).act("proposal", proposal, "evaluate", ratings=ratings),
    )


def compare_minimal(world: World, engine, proposals: int) -> None:
    """Whole and minimal answers in one process, proposal by proposal in turn: the machine's
    drift, larger here than the difference, touches both alike. Requests that are the same in
    both (交办, the reads) show what is left of the noise."""
    meters = {minimal: Meter(engine, None) for minimal in (False, True)}
    for n in range(proposals):
        for minimal, meter in meters.items():
            lifecycle(world, meter, 2 * n + minimal, minimal)
    print(
        f"{'request':<24}{'whole':>18}{'minimal':>18}{'ratio':>8}\n{'':<24}"
        + 2 * "  statements   CPU"
    )
    for kind in sorted(meters[False].costs):
        row = []
        for meter in meters.values():
            costs = meter.costs[kind][1:] or meter.costs[kind]
            row.append(
                (statistics.mean(s for _, s in costs), statistics.median(c for c, _ in costs))
            )
        (sql, cpu), (lean_sql, lean_cpu) = row
        print(
            f"{kind:<24}{sql:>12.1f}{cpu * 1000:>6.2f}{lean_sql:>12.1f}{lean_cpu * 1000:>6.2f}"
            f"{lean_cpu / cpu:>8.2f}"
        )


FLOOR_CALLS = 300
FLOOR_STATEMENTS = {"event": 5, "read": 2}


def floor_costs(url: str, world: World) -> dict[str, float]:
    """Median CPU ms of bench/floor_app.py's ORM event and detail read, in this process, on
    this schema's proposals, with the member's token: the same measure as the service's."""
    from bench.floor_app import create_floor_app

    app = create_floor_app(url)
    client, token = app.test_client(), world.tokens["zhang"]
    # The floor reads the real clock; the service's token was made at the frozen one.
    with create_engine(url).begin() as connection:
        connection.execute(
            text("UPDATE api_tokens SET expires_at = now() + interval '1 day' WHERE digest = :d"),
            {"d": hashlib.sha256(token.encode()).hexdigest()},
        )
    headers = {"Authorization": f"Bearer {token}"}
    paths = {"event": ("POST", "/floor/proposals/1/events"), "read": ("GET", "/floor/proposals/1")}
    costs = {}
    for kind, (method, path) in paths.items():
        times = []
        for _ in range(FLOOR_CALLS):
            cpu = time.process_time()
            response = client.open(path, method=method, json={}, headers=headers)
            times.append(time.process_time() - cpu)
            assert response.status_code == 200, (path, response.status_code)
        costs[kind] = statistics.median(times[1:]) * 1000
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=30)
    parser.add_argument("--profile", help="pyinstrument profile of one kind of request")
    parser.add_argument("--statements", help="print the SQL of the last request of this kind")
    parser.add_argument(
        "--minimal", action="store_true", help="events ask for `Prefer: return=minimal` answers"
    )
    parser.add_argument(
        "--floor", action="store_true", help="each request's CPU as a multiple of the floor's"
    )
    parser.add_argument(
        "--compare-minimal",
        action="store_true",
        help="each proposal's life twice in turn, with whole and with minimal answers",
    )
    args = parser.parse_args()
    schema = f"request_cost_{os.getpid()}"
    url = scoped_url(BASE_URL, schema)
    make_schema(BASE_URL, schema)
    try:
        upgrade(url)
        folder = tempfile.mkdtemp(prefix="request-cost-")
        clock = FrozenClock(NOW)
        settings = Settings(
            database_url=url,
            scheduler_enabled=False,
            password_cost="fast",
            secret_key="request-cost",
            instance_path=folder,
            documents_dir=folder,
        )
        app = create_app(settings, clock=clock)
        world = World(app, clock)
        if args.compare_minimal:
            compare_minimal(world, app.extensions["db_engine"], args.proposals)
            return
        meter = Meter(app.extensions["db_engine"], args.profile, args.statements)
        for n in range(args.proposals):
            lifecycle(world, meter, n, args.minimal)
        floor = floor_costs(url, world) if args.floor else {}
        print(
            f"{args.proposals} proposals, PostgreSQL, load average {os.getloadavg()[0]:.1f}\n"
            f"{'request':<24}{'count':>7}{'statements':>12}{'CPU ms (median)':>17}"
            + (f"{'× floor':>9}" if floor else "")
        )
        for kind in sorted(meter.costs):
            costs = meter.costs[kind][1:] or meter.costs[kind]  # the first warms caches
            cpu = statistics.median(c for c, _ in costs) * 1000
            sql = statistics.mean(s for _, s in costs)
            line = f"{kind:<24}{len(costs):>7}{sql:>12.1f}{cpu:>17.2f}"
            if floor:
                line += f"{cpu / floor['event' if kind.startswith('event:') else 'read']:>9.1f}"
            print(line)
        for kind, cpu in floor.items():
            print(f"{'floor:' + kind:<24}{FLOOR_CALLS:>7}{FLOOR_STATEMENTS[kind]:>12}{cpu:>17.2f}")
        for number, (statement, seconds, sender) in enumerate(meter.shown, 1):
            print(f"{number:>3} {seconds * 1000:6.2f} ms  {statement}\n{'':>14}from {sender}")
        if meter.profiler is not None:
            unfolded = bool(os.environ.get("SHOW_ALL"))
            print(meter.profiler.output_text(unicode=True, color=False, show_all=unfolded))
        app.extensions["db_engine"].dispose()
    finally:
        drop_schema(BASE_URL, schema)


if __name__ == "__main__":
    main()
