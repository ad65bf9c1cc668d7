"""Event throughput and latency under load: gunicorn on PostgreSQL, 32 concurrent clients
replaying the real mix over HTTP, then a raw-SQL baseline in the same run (not a test: it prints
figures).

    .venv/bin/python bench/load_bench.py                       # one instance, then the baseline
    .venv/bin/python bench/load_bench.py --workers 4 --seconds 60
    .venv/bin/python bench/load_bench.py --instances 1,2       # one, then two instances, with
                                                               # two sweep processes each time
    .venv/bin/python bench/load_bench.py --profile             # py-spy on every worker
    BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test)

Everything happens in a scratch schema (`load_bench_<pid>`, reached through
`options=-csearch_path=…` as tests/conftest.py does), built by the migrations and dropped at the
end (`--keep` leaves it). Units and users are made through service.operations; gunicorn serves
`wsgi:app` with SCHEDULER_ENABLED=0, so only the bench's own sweepers fire timers.

The event phase: each client files its own proposals and drives each through its life — file
(submitted at once), accept, assign to 3 or 4 units (one lead, the others assisting), sign by
each unit, the assisting opinions, a logged contact and the lead's reply, the member's
evaluation — with the reads a person makes in between (the office's list of submitted proposals,
the lead unit's list of its pending assignments, the member's detail before rating). Clients never
share a subject, so every answer should be 2xx. An event is one POST; its latency is the
client's wall time for that request.

Events whose answer the client reads only for the next version (all but 交办, whose answer lists
the new assignments) send `Prefer: return=minimal` and get `{id, state, version}`;
`--full-answers` asks for the whole representation every time, as before 2026-12-06.

Then a read phase (GET /api/v1/proposals/{id} by the proposal's member, then the list pages),
a contention phase (each client files `--accepts` proposals, then all accept theirs at once:
every accept takes the next number of the same session, whose counter row stays locked until
its commit; p99 of accept, and a check that the numbers are gapless and unique), the stack's
floor and the baseline. The floor is bench/floor_app.py under the same gunicorn
settings and clients: a Flask "hello", a minimal detail read (the token's row and the
proposal's, through the ORM) and the baseline's event through Flask with psycopg alone, with
SQLAlchemy Core, then with the ORM (`--no-floor` skips it). The baseline: psycopg 3 directly,
as many threads, each "event" one transaction that locks a proposal row, updates its state and
version, appends an audit row and opens a deadline.

With `--instances 1,2` the event phase runs once per instance count, each on fresh proposals and
alongside two sweep processes whose clock stands ahead of real time (`--ahead-days`), so that
sign deadlines fall due — a backlog loaded before the phase, and the run's own. Afterwards the
history is checked: each subject's version is the count of its recorded version-taking events
(no lost update), each state follows from the record before, no timer step is recorded twice,
every timer firing has its record, and no due deadline is left.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BIN = Path(sys.executable).parent
PASSWORD = "load-bench-password"
UNITS = 8
PARTS = {
    "background": "城区早晚高峰公交准点率低于70%，群众反映强烈。",
    "analysis": "公交专用道不连续，信号优先未落实，线网重复。",
    "suggestions": "一是加密公交专用道；二是推行公交信号优先；三是优化线网。",
}
REPLY = {
    "category": "B",
    "body": "经研究，已将公交专用道建设列入明年计划，并逐步推行信号优先。",
    "signed_by": "陈局长",
    "contact_name": "刘科员",
    "contact_phone": "0571-87000000",
    # B without a dated commitment says why (DOMAIN.md: B and C replies promise or explain).
    "no_commitment_reason": "专用道选线须待明年综合交通规划批复后确定。",
}
APP_NAME = "load_bench"


# ---------------------------------------------------------------------------------------------
# The scratch database


def scoped_url(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}&application_name={APP_NAME}"


def make_schema(url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()


def drop_schema(url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def make_app(url: str, workdir: Path, clock=None):
    from service import create_app
    from service.config import Settings

    settings = Settings(
        database_url=url,
        scheduler_enabled=False,
        secret_key="load-bench",
        instance_path=str(workdir / "instance"),
        documents_dir=str(workdir / "documents"),
    )
    return create_app(settings, clock=clock)


def make_people(app, members: int) -> dict:
    """Units, one handler per unit, the office and one member per client, at production cost."""
    from service.clock import current_clock
    from service.db import unit_of_work
    from service.operations import users

    people = {"units": {}, "members": []}
    with app.app_context(), unit_of_work() as session:
        now = current_clock().now()
        users.add_user(session, "office", role="committee", password=PASSWORD, now=now)
        for n in range(1, UNITS + 1):
            name = f"承办单位{n:02d}"
            unit = users.add_unit(session, name, now=now)
            users.add_user(
                session, f"clerk{n:02d}", role="unit", unit_name=name, password=PASSWORD, now=now
            )
            people["units"][unit.id] = f"clerk{n:02d}"
        for n in range(1, members + 1):
            users.add_user(
                session,
                f"member{n:03d}",
                role="member",
                password=PASSWORD,
                display_name=f"委员{n}",
                sector="经济界",
                now=now,
            )
            people["members"].append(f"member{n:03d}")
    return people


# ---------------------------------------------------------------------------------------------
# Processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(url: str, workdir: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SCHEDULER_ENABLED": "0",
        "SECRET_KEY": "load-bench",
        "DOCUMENTS_DIR": str(workdir / "documents"),
        "PYTHONUNBUFFERED": "1",
    }


class Gunicorn:
    def __init__(
        self,
        url: str,
        workdir: Path,
        workers: int,
        worker_class: str,
        threads: int,
        *,
        target: str = "wsgi:app",
        health: str = "/healthz",
        env: dict | None = None,
        preload: bool = True,
    ):
        self.port, self.health = free_port(), health
        self.log = open(workdir / f"gunicorn-{self.port}.log", "w")  # noqa: SIM115
        args = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{self.port}"]
        args += ["-k", worker_class, "--backlog", "256", "--timeout", "120"]
        if preload:  # as the README deploys it: loaded once, the workers forked from it
            args.append("--preload")
        if worker_class == "gthread":
            args += ["--threads", str(threads)]
        self.process = subprocess.Popen(
            [*args, target],
            cwd=ROOT,
            env={**server_env(url, workdir), **(env or {})},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.workers = workers

    def wait_ready(self, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", self.health)
                if (
                    connection.getresponse().status == 200
                    and len(self.worker_pids()) >= self.workers
                ):
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer {self.health}")

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return sorted(found)


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def peak_rss_mib(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def postgres_backends(url: str) -> list[int]:
    """Server processes serving this bench's connections (they carry its application_name)."""
    import psycopg

    with psycopg.connect(libpq(BASE_URL), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (APP_NAME,)
        ).fetchall()
    return [r[0] for r in rows]


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


class CpuMeter:
    """CPU used by the gunicorn workers, the PostgreSQL backends of this bench and this process
    between start() and stop(); the machine's load average alongside."""

    def __init__(self, servers: list[Gunicorn], url: str, extra_pids=()):
        self.servers, self.url, self.extra = servers, url, list(extra_pids)

    def _snapshot(self) -> dict:
        workers = {p: cpu_seconds(p) for s in self.servers for p in s.worker_pids()}
        backends = {p: cpu_seconds(p) for p in postgres_backends(self.url)}
        extra = {p: cpu_seconds(p) for p in self.extra}
        return {"workers": workers, "backends": backends, "extra": extra, "me": time.process_time()}

    def start(self) -> None:
        self.before = self._snapshot()

    def stop(self) -> dict:
        after = self._snapshot()

        def used(kind):
            return sum(v - self.before[kind].get(p, 0.0) for p, v in after[kind].items())

        return {
            "server": used("workers"),
            "postgres": used("backends"),
            "sweepers": used("extra"),
            "client": after["me"] - self.before["me"],
            "load": os.getloadavg()[0],
        }


# ---------------------------------------------------------------------------------------------
# The HTTP client


class Http:
    """One keep-alive connection per client thread (reopened when a sync worker closes it)."""

    def __init__(self, port: int, prefix: str = "/api/v1"):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.prefix = prefix

    def call(
        self, method: str, path: str, token: str | None, body=None, minimal: bool = False
    ) -> tuple[int, object]:
        headers = {"Accept": "application/json"}
        if minimal:
            headers["Prefer"] = "return=minimal"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.connection.request(method, self.prefix + path, data, headers)
                response = self.connection.getresponse()
                raw = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                if attempt == 2:
                    raise
        if response.will_close:
            self.connection.close()
        return response.status, (json.loads(raw) if raw else None)


class Recorder:
    """Latencies and statuses of one phase, collected from every client thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.samples: dict[int, str] = {}

    def add(self, kind: str, seconds: float, status: int, body) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.statuses[status] += 1
            if status >= 300 and status not in self.samples:
                self.samples[status] = json.dumps(body, ensure_ascii=False)[:300]


class ProposalClient(threading.Thread):
    """One simulated member and the office and unit staff working on that member's proposals."""

    def __init__(self, index, port, tokens, people, recorder, stop_at, max_proposals, minimal=True):
        super().__init__(daemon=True)
        # Events whose answer the next step reads only for its version ask for a minimal one
        # (`Prefer: return=minimal`); 交办's answer lists the new assignments, so it stays whole.
        self.minimal = minimal
        self.index, self.http = index, Http(port)
        self.tokens, self.recorder, self.stop_at = tokens, recorder, stop_at
        self.member = people["members"][index]
        self.unit_ids = sorted(people["units"])
        self.clerk = people["units"]
        self.max_proposals = max_proposals
        self.done: list[int] = []
        self.events_ok: Counter = Counter()  # (workflow, subject id) -> events answered 2xx
        self.random = random.Random(index)
        self.failed = False

    def call(self, kind: str, method: str, path: str, user: str, body=None, minimal=False):
        started = time.perf_counter()
        status, answer = self.http.call(
            method, path, self.tokens[user], body, minimal and self.minimal
        )
        self.recorder.add(kind, time.perf_counter() - started, status, answer)
        if status >= 300:
            raise Refused(status)
        return answer

    def event(self, workflow: str, subject: dict, user: str, name: str, **fields) -> dict:
        body = {"event": name, "version": subject["version"], **fields}
        path = f"/{workflow}s/{subject['id']}/events"
        answer = self.call(f"event:{name}", "POST", path, user, body, minimal=name != "assign")
        self.events_ok[(workflow, subject["id"])] += 1
        return answer

    def lifecycle(self) -> None:
        member, office = self.member, "office"
        title = f"关于提升第{self.index}片区公交准点率的提案"
        proposal = self.call(
            "event:file",
            "POST",
            "/proposals",
            member,
            {"title": title, "category": "economy", "submit": True, **PARTS},
            minimal=True,
        )
        self.events_ok[("proposal", proposal["id"])] += 1
        self.call("list:proposals", "GET", "/proposals?state=submitted&limit=50", office)
        proposal = self.event("proposal", proposal, office, "accept")
        count = 3 + len(self.done) % 2  # 3 or 4 units: 3.5 on average, as in practice
        units = self.random.sample(self.unit_ids, count)
        entries = [{"unit_id": u, "role": "assisting"} for u in units[1:]]
        entries.insert(0, {"unit_id": units[0], "role": "lead"})
        proposal = self.event("proposal", proposal, office, "assign", units=entries)
        assignments = sorted(proposal["assignments"], key=lambda a: a["role"] == "lead")
        lead_clerk = self.clerk[units[0]]
        self.call("list:assignments", "GET", "/assignments?state=pending&limit=50", lead_clerk)
        for assignment in assignments:
            clerk = self.clerk[assignment["unit_id"]]
            current = self.event("assignment", assignment, clerk, "sign")
            if assignment["role"] == "assisting":
                self.event(
                    "assignment", current, clerk, "submit_opinion", body="同意主办单位意见。"
                )
            else:
                current = self.event(
                    "assignment",
                    current,
                    clerk,
                    "log_contact",
                    method="电话",
                    date=date.today().isoformat(),
                    summary="与提案人电话沟通办理思路。",
                )
                self.event("assignment", current, clerk, "reply", **REPLY)
        proposal = self.call("detail", "GET", f"/proposals/{proposal['id']}", member)
        ratings = [
            {"assignment_id": a["id"], "attitude": "satisfied", "result": "satisfied"}
            for a in proposal["assignments"]
            if a["role"] == "lead"
        ]
        self.event("proposal", proposal, member, "evaluate", ratings=ratings)
        self.done.append(proposal["id"])

    def run(self) -> None:
        try:
            while time.monotonic() < self.stop_at and len(self.done) < self.max_proposals:
                self.lifecycle()
        except Refused:
            self.failed = True  # the rest of that proposal's life cannot follow; stop this client


class Refused(Exception):
    pass


class Reader(threading.Thread):
    """One request after another, chosen by `next_request` (kind, method, path, token, body),
    until stop_at."""

    def __init__(self, port, recorder, stop_at, next_request, prefix="/api/v1"):
        super().__init__(daemon=True)
        self.http, self.recorder, self.stop_at = Http(port, prefix), recorder, stop_at
        self.next_request = next_request

    def run(self) -> None:
        while time.monotonic() < self.stop_at:
            kind, method, path, token, body = self.next_request()
            started = time.perf_counter()
            status, answer = self.http.call(method, path, token, body)
            self.recorder.add(kind, time.perf_counter() - started, status, answer)


def login(port: int, usernames) -> dict:
    client, tokens = Http(port), {}
    for username in usernames:
        status, answer = client.call(
            "POST", "/auth/token", None, {"username": username, "password": PASSWORD}
        )
        if status != 200:
            raise RuntimeError(f"login {username}: {status} {answer}")
        tokens[username] = answer["token"]
    return tokens


def quantiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (float("nan"),) * 3
    ordered = sorted(values)

    def at(q):
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return at(0.50), at(0.95), at(0.99)


def run_events(servers, tokens, people, clients, seconds, max_proposals, meter, minimal=True):
    """The event phase; clients are spread over the servers' ports in turn."""
    recorder = Recorder()
    stop_at = time.monotonic() + seconds
    threads = [
        ProposalClient(
            i,
            servers[i % len(servers)].port,
            tokens,
            people,
            recorder,
            stop_at,
            max_proposals,
            minimal,
        )
        for i in range(clients)
    ]
    meter.start()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = meter.stop()
    events = sum(len(v) for k, v in recorder.latency.items() if k.startswith("event:"))
    return recorder, threads, wall, cpu, events


def report_events(title, recorder, threads, wall, cpu, events) -> dict:
    event_latency = [x for k, v in recorder.latency.items() if k.startswith("event:") for x in v]
    p50, p95, p99 = quantiles(event_latency)
    reads = sum(len(v) for k, v in recorder.latency.items() if not k.startswith("event:"))
    proposals = sum(len(t.done) for t in threads)
    errors = {s: n for s, n in recorder.statuses.items() if s >= 300}
    print(f"\n== {title}")
    print(
        f"events {events:,} in {wall:.1f} s: {events / wall:,.0f} events/s; "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms; "
        f"{proposals:,} proposals through their whole life; {reads:,} reads in between"
    )
    print(
        f"CPU per event: server {cpu['server'] / events * 1000:.2f} ms, PostgreSQL "
        f"{cpu['postgres'] / events * 1000:.2f} ms, client {cpu['client'] / events * 1000:.2f} ms"
        + (f", sweepers {cpu['sweepers']:.1f} s in all" if cpu["sweepers"] else "")
        + f"; load average {cpu['load']:.1f}"
    )
    print(f"errors by status: {errors or 'none'}")
    for status, sample in recorder.samples.items():
        print(f"  {status}: {sample}")
    print(f"{'request':<26}{'count':>8}{'p50 ms':>9}{'p99 ms':>9}")
    for kind in sorted(recorder.latency):
        values = recorder.latency[kind]
        a, _, c = quantiles(values)
        print(f"{kind:<26}{len(values):>8}{a:>9.1f}{c:>9.1f}")
    return {"events_per_s": events / wall, "p50": p50, "p99": p99, "errors": errors}


def run_reads(servers, tokens, people, threads, seconds, meter, kind):
    """Detail reads of the proposals the event phase made (by their member), or list pages."""
    owned = [(t.member, pid) for t in threads for pid in t.done]
    chooser = random.Random(7)
    office, clerks = tokens["office"], [tokens[c] for c in people["units"].values()]

    def detail():
        member, pid = chooser.choice(owned)
        return "detail", "GET", f"/proposals/{pid}", tokens[member], None

    def listing():
        if chooser.random() < 0.5:
            return "list:proposals", "GET", "/proposals?limit=50", office, None
        return "list:assignments", "GET", "/assignments?limit=50", chooser.choice(clerks), None

    ports = [s.port for s in servers]
    chosen = detail if kind == "detail" else listing
    return run_requests(ports, len(threads), seconds, meter, chosen, f"{kind} reads")


class Accepter(threading.Thread):
    """Files `count` proposals for its member, waits for every other accepter, then accepts
    them one after another: all clients accept at once, each taking the session's next number."""

    def __init__(self, index, port, tokens, people, recorder, count, barrier, minimal):
        super().__init__(daemon=True)
        self.http, self.tokens, self.recorder = Http(port), tokens, recorder
        self.member = people["members"][index]
        self.count, self.barrier, self.minimal = count, barrier, minimal
        self.title = f"关于第{index}片区停车难的提案"

    def run(self) -> None:
        filed = []
        for _ in range(self.count):
            body = {"title": self.title, "category": "economy", "submit": True, **PARTS}
            status, answer = self.http.call("POST", "/proposals", self.tokens[self.member], body)
            if status == 201:
                filed.append(answer)
        self.barrier.wait()
        for proposal in filed:
            body = {"event": "accept", "version": proposal["version"]}
            path = f"/proposals/{proposal['id']}/events"
            started = time.perf_counter()
            status, answer = self.http.call("POST", path, self.tokens["office"], body, self.minimal)
            self.recorder.add("event:accept", time.perf_counter() - started, status, answer)


def run_accepts(servers, tokens, people, clients, per_client, meter, url, minimal=True):
    """The contention phase: `clients` threads accept at once, every accept taking the next
    number of the same session (a row lock held to the commit). Prints accepts/s, p50/p99 and
    whether the numbers are gapless and unique."""
    recorder = Recorder()
    barrier = threading.Barrier(clients + 1)
    threads = [
        Accepter(
            i,
            servers[i % len(servers)].port,
            tokens,
            people,
            recorder,
            per_client,
            barrier,
            minimal,
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    meter.start()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = meter.stop()
    values = recorder.latency["event:accept"]
    p50, p95, p99 = quantiles(values)
    errors = {s: n for s, n in recorder.statuses.items() if s >= 300}
    print(
        f"accepts by {clients} clients at once: {len(values):,} in {wall:.1f} s: "
        f"{len(values) / wall:,.0f}/s; p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms; "
        f"CPU each: server {cpu['server'] / max(1, len(values)) * 1000:.2f} ms, PostgreSQL "
        f"{cpu['postgres'] / max(1, len(values)) * 1000:.2f} ms; errors {errors or 'none'}; "
        f"load average {cpu['load']:.1f}"
    )
    print(f"numbering: {_numbering_problem(url) or 'gapless and unique in every session'}")
    return {"accepts_per_s": len(values) / wall, "p50": p50, "p99": p99, "errors": errors}


def _numbering_problem(url: str) -> str | None:
    import psycopg

    with psycopg.connect(libpq(url)) as connection:
        rows = connection.execute(
            "SELECT plenary_session_id, count(number), count(DISTINCT number), max(number),"
            " (SELECT last_number FROM plenary_sessions s WHERE s.id = plenary_session_id)"
            " FROM proposals WHERE number IS NOT NULL GROUP BY plenary_session_id"
        ).fetchall()
    for session_id, count, distinct, highest, last in rows:
        if not count == distinct == highest == last:
            return (
                f"session {session_id}: {count} numbers, {distinct} distinct, highest "
                f"{highest}, counter {last}"
            )
    return None


def run_requests(ports, clients, seconds, meter, next_request, label, prefix="/api/v1"):
    """`clients` threads sending `next_request`'s requests for `seconds`; prints the rate, the
    latency and the CPU each, and returns the rate."""
    recorder = Recorder()
    stop_at = time.monotonic() + seconds
    readers = [
        Reader(ports[i % len(ports)], recorder, stop_at, next_request, prefix)
        for i in range(clients)
    ]
    meter.start()
    started = time.perf_counter()
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    wall = time.perf_counter() - started
    cpu = meter.stop()
    values = [x for v in recorder.latency.values() for x in v]
    p50, _, p99 = quantiles(values)
    errors = {s: n for s, n in recorder.statuses.items() if s >= 300}
    print(
        f"{label}: {len(values):,} in {wall:.1f} s: {len(values) / wall:,.0f}/s; "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms; CPU each: server "
        f"{cpu['server'] / max(1, len(values)) * 1000:.2f} ms, PostgreSQL "
        f"{cpu['postgres'] / max(1, len(values)) * 1000:.2f} ms; errors {errors or 'none'}; "
        f"load average {cpu['load']:.1f}"
    )
    return len(values) / wall


# ---------------------------------------------------------------------------------------------
# The stack's floor (bench/floor_app.py)


# Each phase of the floor: its key in the figures, its label, and its request on a proposal.
BASELINE_BODY = {"reason": "基线"}
FLOOR_PHASES = (
    ("detail", "Flask + SQLAlchemy ORM, minimal detail read", ("GET", "", None)),
    ("psycopg", "Flask + psycopg, minimal event", ("POST", "/raw-events", BASELINE_BODY)),
    ("core", "Flask + SQLAlchemy Core, minimal event", ("POST", "/core-events", BASELINE_BODY)),
    ("event", "Flask + SQLAlchemy ORM, minimal event", ("POST", "/events", BASELINE_BODY)),
)


def floor_phase(url: str, workdir: Path, args, tokens: dict, owned: list) -> dict:
    """bench/floor_app.py served as the service is: a Flask hello, then each of FLOOR_PHASES,
    each client thread on proposals of its own (as in the raw-SQL baseline)."""
    server = Gunicorn(
        url,
        workdir,
        args.workers,
        args.worker_class,
        args.threads,
        target="bench.floor_app:app",
        health="/floor/hello",
        env={"FLOOR_DATABASE_URL": url},
        preload=args.preload,
    )

    def hello():
        return "hello", "GET", "/floor/hello", None, None

    def on_own_proposals(key: str, method: str, suffix: str, body):
        shares, lock = {}, threading.Lock()

        def next_request():
            mine = shares.get(threading.get_ident())
            if mine is None:
                with lock:
                    share = owned[len(shares) % args.clients :: args.clients]
                    mine = shares[threading.get_ident()] = itertools.cycle(share)
            member, pid = next(mine)
            return key, method, f"/floor/proposals/{pid}{suffix}", tokens[member], body

        return next_request

    try:
        server.wait_ready()
        meter, ports, seconds = CpuMeter([server], url), [server.port], args.raw_seconds
        figures = {
            "hello": run_requests(ports, args.clients, seconds / 2, meter, hello, "Flask hello", "")
        }
        for key, label, request in FLOOR_PHASES:
            chosen = on_own_proposals(key, *request)
            figures[key] = run_requests(ports, args.clients, seconds, meter, chosen, label, "")
        return figures
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------
# The raw-SQL baseline


RAW_EVENT = (
    "SELECT state, version, body_id FROM proposals WHERE id = %s FOR UPDATE",
    "UPDATE proposals SET state = %s, version = version + 1, updated_at = %s WHERE id = %s",
    "INSERT INTO audit_records (proposal_id, body_id, workflow, subject_id, event, actor_id,"
    " actor_name, from_state, to_state, data, at) VALUES (%s, %s, 'proposal', %s, 'raw', NULL,"
    " 'bench', %s, %s, %s, %s)",
    "INSERT INTO deadlines (rule, kind, workflow, proposal_id, body_id, starts_on, due_at, status,"
    " provisional, next_fire_at, reminders_sent, explanation, version, created_at)"
    " VALUES ('review', 'review', 'proposal', %s, %s, %s, %s, 'open', false, %s, 0, %s, 1, %s)",
)


def raw_baseline(url: str, schema: str, threads: int, seconds: float) -> tuple[float, float]:
    """Each thread works its own proposals; an event is one transaction of the minimal writes."""
    import psycopg

    conninfo = libpq(BASE_URL)
    with psycopg.connect(conninfo, options=f"-csearch_path={schema}") as connection:
        ids = [r[0] for r in connection.execute("SELECT id FROM proposals ORDER BY id")]
    counts = [0] * threads
    stop_at = time.monotonic() + seconds

    def work(n: int) -> None:
        mine = ids[n::threads]
        payload = json.dumps(BASELINE_BODY, ensure_ascii=False)
        explanation = json.dumps({"reminders": []})
        with psycopg.connect(
            conninfo, options=f"-csearch_path={schema}", application_name=APP_NAME
        ) as connection:
            i = 0
            while time.monotonic() < stop_at:
                pid = mine[i % len(mine)]
                i += 1
                now = datetime.now(UTC)
                due = now + timedelta(days=14)
                with connection.transaction():
                    state, _version, body = connection.execute(RAW_EVENT[0], (pid,)).fetchone()
                    connection.execute(RAW_EVENT[1], (state, now, pid))
                    connection.execute(RAW_EVENT[2], (pid, body, pid, state, state, payload, now))
                    connection.execute(
                        RAW_EVENT[3], (pid, body, now.date(), due, due, explanation, now)
                    )
                counts[n] += 1

    pool = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(threads)]
    cpu_before = time.process_time()
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    client_cpu = time.process_time() - cpu_before
    return sum(counts) / wall, client_cpu / max(1, sum(counts))


# ---------------------------------------------------------------------------------------------
# Sweepers and the checks afterwards


def sweeper_main(url: str, now_text: str, seconds: float, workdir: str) -> None:
    """A sweep loop in its own process, with the clock `now_text`; runs until the load stops
    and nothing is left due, then prints its counts as JSON."""
    from service.jobs.sweep import sweep

    app = make_app(url, Path(workdir))
    now = datetime.fromisoformat(now_text)
    stop_at = time.monotonic() + seconds
    totals = Counter()
    while True:
        with app.app_context():
            result = sweep(now=now, limit=100)
        for name in ("fired", "skipped", "failed", "busy"):
            totals[name] += getattr(result, name)
        idle = result.fired == 0 and result.busy == 0 and result.skipped == 0
        if idle and time.monotonic() >= stop_at:
            break
        if idle:
            time.sleep(0.5)
    print(json.dumps(dict(totals)))


def start_sweepers(url, now, seconds, workdir, count=2):
    return [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--sweeper",
                url,
                now.isoformat(),
                str(seconds),
                str(workdir),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]


def load_backlog(port: int, tokens: dict, people: dict, proposals: int) -> int:
    """Proposals assigned to three units and left unsigned: their sign deadlines fall due for the
    sweepers. Driven over the API by a single client, before the timed phase."""
    client, members = Http(port), people["members"]
    units = sorted(people["units"])
    made = 0
    for n in range(proposals):
        member = members[n % len(members)]
        status, proposal = client.call(
            "POST",
            "/proposals",
            tokens[member],
            {"title": f"待签收提案{n}", "category": "society", "submit": True, **PARTS},
        )
        assert status == 201, (status, proposal)
        for name, fields in (
            ("accept", {}),
            (
                "assign",
                {
                    "units": [
                        {"unit_id": u, "role": "lead" if i == 0 else "assisting"}
                        for i, u in enumerate(random.Random(n).sample(units, 3))
                    ]
                },
            ),
        ):
            body = {"event": name, "version": proposal["version"], **fields}
            status, proposal = client.call(
                "POST", f"/proposals/{proposal['id']}/events", tokens["office"], body
            )
            assert status == 200, (status, proposal)
        made += len(proposal["assignments"])
    return made


def check_history(url: str, clients_events: Counter, ahead: datetime) -> list[str]:
    """What must hold afterwards, from the audit history and the deadline rows."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.connect() as connection:
        problems = _subject_problems(connection, clients_events) + _timer_problems(
            connection, ahead
        )
    engine.dispose()
    return problems


def _versioning() -> dict:
    import workflows

    return {(w.name, e.name): not e.internal for w in workflows.ALL for e in w.all_events.values()}


def _subject_problems(connection, clients_events: Counter) -> list[str]:
    """No lost update: each event a client saw answered is recorded; the history of each subject
    is a chain of states ending in its state; its version took a step for every such event."""
    from sqlalchemy import text

    versioning, problems, extra = _versioning(), [], Counter()
    history = defaultdict(list)
    for row in connection.execute(
        text(
            "SELECT workflow, subject_id, event, from_state, to_state FROM audit_records"
            " WHERE event <> 'raw' ORDER BY id"
        )
    ):
        history[(row.workflow, row.subject_id)].append(row)
    for table, workflow in (("proposals", "proposal"), ("assignments", "assignment")):
        for subject_id, state, version in connection.execute(
            text(f"SELECT id, state, version FROM {table}")
        ):
            records = history.get((workflow, subject_id), [])
            if not records or records[0].event != "create":
                problems.append(f"{workflow} {subject_id}: no creation record")
                continue
            # The engine writes the row (and so takes a version) for every event a person
            # fires, and for the clock's events only when they move the state. A new row is
            # version 1 (an assignment is inserted with the due dates its deadlines set).
            taken = sum(
                1
                for r in records[1:]
                if versioning[(workflow, r.event)] or r.from_state != r.to_state
            )
            expected = 1 + taken
            if version < expected:
                problems.append(
                    f"{workflow} {subject_id}: version {version} < {expected}: an event"
                    " was recorded without its write (lost update)"
                )
            elif version > expected:
                extra[f"{workflow} {state}"] += 1
            problems += _chain_problems(f"{workflow} {subject_id}", records, state)
    for (workflow, subject_id), answered in clients_events.items():
        # Filing records `create` and `submit`: the client counted one answer, for `submit`.
        recorded = sum(
            1
            for r in history.get((workflow, subject_id), [])[1:]
            if versioning[(workflow, r.event)]
        )
        if recorded != answered:
            problems.append(
                f"{workflow} {subject_id}: {answered} events answered, {recorded} recorded"
            )
    if extra:
        print(
            "subjects whose version moved more than once in one event's transaction (a flush"
            " before the event's last change; not a lost update): "
            + ", ".join(f"{k} {n}" for k, n in sorted(extra.items()))
        )
    return problems


def _chain_problems(where: str, records, state: str) -> list[str]:
    """Each record starts where the one before ended, and the last ends in the row's state."""
    pairs = zip(records, records[1:], strict=False)
    jumps = [f"{where}: history jumps at {b.event}" for a, b in pairs if b.from_state != a.to_state]
    if records[-1].to_state != state:
        jumps.append(f"{where}: state {state} is not where its history ends")
    return jumps


def _timer_problems(connection, ahead: datetime) -> list[str]:
    """No timer step recorded twice, none fired without its record, none due left unfired."""
    from sqlalchemy import text

    def rows(sql, **values):
        return connection.execute(text(sql), values).all()

    twice = rows(
        "SELECT (data->>'deadline_id'), event, count(*) FROM audit_records"
        " WHERE actor_name = 'system' AND data->>'deadline_id' IS NOT NULL"
        " GROUP BY 1, 2 HAVING count(*) > 1"
    )
    missed = rows(
        "SELECT f.deadline_id, f.event FROM deadline_firings f"
        " JOIN deadlines d ON d.id = f.deadline_id"
        " WHERE f.event IS NOT NULL AND d.status <> 'cancelled' AND NOT EXISTS ("
        "  SELECT 1 FROM audit_records a WHERE a.actor_name = 'system'"
        "  AND a.event = f.event AND a.data->>'deadline_id' = f.deadline_id::text)"
    )
    left = rows(
        "SELECT id FROM deadlines WHERE status IN ('open', 'reminded', 'overdue')"
        " AND next_fire_at <= :ahead",
        ahead=ahead,
    )
    failed = rows("SELECT id FROM deadlines WHERE status = 'failed'")
    fired = rows(
        "SELECT event, count(*) FROM audit_records WHERE actor_name = 'system'"
        " AND data->>'deadline_id' IS NOT NULL GROUP BY event ORDER BY event"
    )
    silent = rows("SELECT count(*) FROM deadline_firings WHERE event IS NULL")[0][0]
    print(
        "timer events recorded: "
        + (", ".join(f"{e} {n:,}" for e, n in fired) or "none")
        + f"; silent steps fired {silent:,}"
    )
    return [
        *(f"timer event {e} of deadline {d} recorded {n} times" for d, e, n in twice),
        *(f"firing {e} of deadline {d} has no record" for d, e in missed),
        *([f"{len(left)} deadlines due by {ahead.isoformat()} left unfired"] if left else []),
        *([f"{len(failed)} deadlines failed"] if failed else []),
    ]


# ---------------------------------------------------------------------------------------------
# Profiling


def start_profilers(servers, workdir: Path, seconds: float) -> list:
    """py-spy on every worker for the event phase; its raw stacks are kept after the run."""
    spy = BIN / "py-spy"
    if not spy.exists():
        spy = Path(shutil.which("py-spy") or "py-spy")
    return [
        (
            pid,
            subprocess.Popen(
                [
                    str(spy),
                    "record",
                    "-p",
                    str(pid),
                    "-d",
                    str(int(seconds)),
                    "-r",
                    "200",
                    "--format",
                    "raw",
                    "-o",
                    str(workdir / f"profile-{pid}.txt"),
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
        )
        for server in servers
        for pid in server.worker_pids()
    ]


# Where a sample's time goes: the first of these found in its stack, innermost first.
CATEGORIES = (
    ("audit seal (hash chain at commit)", ("service/audit.py",)),
    ("document snapshot / outbox", ("service/documents/",)),
    ("notifications", ("service/notifications.py",)),
    ("deadlines (calendar, reschedule)", ("service/deadlines/",)),
    ("statistics facts upkeep", ("service/statistics/",)),
    ("available events", ("service/engine/available.py",)),
    ("presenter (representation)", ("service/presenters.py",)),
    ("marshmallow (payloads, responses)", ("marshmallow/",)),
    ("transitions", ("transitions/",)),
    ("auth / token lookup", ("actor_for_token", "service/api/auth.py")),
    ("access (visibility, locks)", ("service/access.py",)),
    ("engine (fire, guards)", ("service/engine/",)),
    ("operations", ("service/operations/",)),
    ("SQLAlchemy flush", ("orm/unitofwork.py", "orm/persistence.py")),
    ("SQLAlchemy query/compile/load", ("sqlalchemy/",)),
    ("psycopg / waiting on PostgreSQL", ("psycopg/",)),
    ("flask-smorest / werkzeug / flask", ("flask_smorest/", "werkzeug/", "flask/")),
    ("gunicorn (accept, parse, write)", ("gunicorn/",)),
)


def _samples(paths: list[Path]):
    """(frames, count) of each stack py-spy recorded in a request (not idle in accept)."""
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if count.isdigit() and ("handle_request" in stack or "process_request" in stack):
                yield stack, int(count)


def summarise_profiles(paths: list[Path]) -> None:
    """Each sample counts toward the first category found in its stack, in CATEGORIES' order —
    crude, but it says which part of the request eats the time."""
    totals, samples = Counter(), 0
    for stack, n in _samples(paths):
        samples += n
        label = next((lb for lb, marks in CATEGORIES if any(m in stack for m in marks)), "other")
        totals[label] += n
    if not samples:
        print("no profile samples")
        return
    print(f"\n== Profile: {samples:,} samples of the workers in requests")
    print("(a sample counts toward the first category its stack passes through, in this order)")
    for label, _marks in CATEGORIES:
        print(f"{label:<40}{totals[label] / samples:>7.1%}")
    print(f"{'other':<40}{totals['other'] / samples:>7.1%}")


def inclusive_profile(paths: list[Path], marks: dict[str, str]) -> None:
    """Inclusive share of request samples whose stack passes through each named function, and
    the share of each endpoint."""
    totals, samples, views = Counter(), 0, Counter()
    for stack, n in _samples(paths):
        samples += n
        totals.update({label: n for label, mark in marks.items() if mark in stack})
        views[next((label for mark, label in VIEWS.items() if mark in stack), "other")] += n
    if samples:
        print("\ninclusive share of request samples:")
        for label in marks:
            print(f"{label:<40}{totals[label] / samples:>7.1%}")
        print("by endpoint:")
        for view, n in views.most_common():
            print(f"{view:<40}{n / samples:>7.1%}")


VIEWS = {
    "post_event (service/api/proposals.py": "POST /proposals/{id}/events",
    "post_event (service/api/assignments.py": "POST /assignments/{id}/events",
    "create_proposal (service/api/proposals.py": "POST /proposals (file)",
    "get_proposal (service/api/proposals.py": "GET /proposals/{id}",
    "list_proposals (service/api/proposals.py": "GET /proposals",
    "list_assignments (service/api/assignments.py": "GET /assignments",
}


INCLUSIVE = {
    "fire() (engine, all of an event)": "fire (service/engine/fire.py",
    "audit seal at commit": "seal (service/audit.py",
    "queue_documents (snapshot)": "queue_documents (",
    "notify": "notify (service/notifications.py",
    "reschedule (deadlines)": "reschedule (service/deadlines",
    "statistics upkeep": "service/statistics/upkeep.py",
    "Presenter.proposal": "proposal (service/presenters.py",
    "Presenter.assignment": "assignment (service/presenters.py",
    "available_events": "available_events (",
    "current_actor (token lookup)": "current_actor (",
    "find_proposal/find_assignment": "service/access.py",
    "session.commit": "commit (sqlalchemy/orm/session.py",
    "SQLAlchemy flush": "flush (sqlalchemy/orm/session.py",
    "load_or_refuse (marshmallow)": "load_or_refuse (",
    "SQLAlchemy lazy loads": "_emit_lazyload (",
    "psycopg execute (waiting incl.)": "execute (psycopg/cursor.py",
}


# ---------------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per instance")
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument(
        "--no-preload",
        dest="preload",
        action="store_false",
        help="each worker loads the app itself (as the earlier rounds ran)",
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60, help="event phase length")
    parser.add_argument("--read-seconds", type=float, default=20)
    parser.add_argument("--raw-seconds", type=float, default=20)
    parser.add_argument(
        "--no-floor", action="store_true", help="skip the stack's floor (bench/floor_app.py)"
    )
    parser.add_argument("--max-proposals", type=int, default=10_000, help="per client")
    parser.add_argument(
        "--full-answers",
        action="store_true",
        help="events answer with the whole representation (no `Prefer: return=minimal`)",
    )
    parser.add_argument(
        "--accepts",
        type=int,
        default=10,
        help="accepts per client in the contention phase (0: none)",
    )
    parser.add_argument(
        "--instances", default="1", help="comma list, e.g. 1,2: an event phase per count"
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="sweep processes and the history check (implied by 1,2)",
    )
    parser.add_argument("--sweepers", type=int, default=2, help="sweep processes")
    parser.add_argument("--backlog", type=int, default=150, help="unsigned proposals per phase")
    parser.add_argument("--ahead-days", type=int, default=10, help="sweepers' clock ahead")
    parser.add_argument("--profile", action="store_true", help="py-spy every worker")
    parser.add_argument("--keep", action="store_true", help="keep the scratch schema")
    parser.add_argument("--sweeper", nargs=4, help=argparse.SUPPRESS)
    return parser.parse_args()


def print_problems(problems: list[str]) -> None:
    """Each kind of problem once, with how many subjects have it and the first of them."""
    kinds = defaultdict(list)
    for line in problems:
        kinds[re.sub(r"\d+", "N", line.split(": ", 1)[-1])].append(line)
    for lines in kinds.values():
        print(f"  {len(lines)} × {lines[0]}")


def print_rss(servers) -> None:
    print(
        "peak RSS of each worker (VmHWM): "
        + ", ".join(f"{peak_rss_mib(pid):.0f} MiB" for s in servers for pid in s.worker_pids())
    )


def event_phase(args, count: int, url: str, workdir: Path, people: dict, sweep: bool):
    """Start `count` instances, load the backlog and the sweepers when asked, run the clients,
    report; returns the servers (still running), their tokens, the clients and the figures."""
    servers = [
        Gunicorn(url, workdir, args.workers, args.worker_class, args.threads, preload=args.preload)
        for _ in range(count)
    ]
    for server in servers:
        server.wait_ready()
    tokens = login(servers[0].port, ["office", *people["units"].values(), *people["members"]])
    sweepers, ahead = [], None
    if sweep:
        made = load_backlog(servers[0].port, tokens, people, args.backlog)
        ahead = datetime.now(UTC) + timedelta(days=args.ahead_days)
        print(f"\nbacklog: {made} unsigned assignments; sweepers' clock at {ahead:%Y-%m-%d %H:%M}Z")
        sweepers = start_sweepers(url, ahead, args.seconds, workdir, args.sweepers)
    meter = CpuMeter(servers, url, [s.pid for s in sweepers])
    profile_dir = Path(tempfile.gettempdir()) / f"load-bench-profile-{os.getpid()}-{count}"
    profilers = []
    if args.profile:
        profile_dir.mkdir(exist_ok=True)
        profilers = start_profilers(servers, profile_dir, args.seconds)
    result = run_events(
        servers,
        tokens,
        people,
        args.clients,
        args.seconds,
        args.max_proposals,
        meter,
        not args.full_answers,
    )
    title = f"event phase: {count} instance(s) × {args.workers} workers" + (
        f", {len(sweepers)} sweep processes" if sweepers else ""
    )
    figures = report_events(title, *result)
    for _pid, profiler in profilers:
        profiler.wait()
    if profilers:
        paths = [profile_dir / f"profile-{pid}.txt" for pid, _ in profilers]
        summarise_profiles(paths)
        inclusive_profile(paths, INCLUSIVE)
        print(f"raw py-spy stacks: {profile_dir}")
    for sweeper in sweepers:
        out, err = sweeper.communicate(timeout=600)
        print(f"sweeper failed: {err[-2000:]}" if sweeper.returncode else f"sweeper: {out.strip()}")
    threads = result[1]
    if sweep:
        answered = Counter()
        for thread in threads:
            answered.update(thread.events_ok)
        problems = check_history(url, answered, ahead)
        verdict = "no lost update, no timer event twice or missed, nothing due left"
        print(f"history check: {verdict if not problems else f'{len(problems)} problems'}")
        print_problems(problems)
    return servers, tokens, threads, meter, figures


def read_phases(args, servers, tokens, people, threads, meter, url, summary) -> None:
    """After the first event phase: detail reads, list reads, and the accept contention."""
    print("\n== Read phase")
    summary["detail"] = run_reads(
        servers, tokens, people, threads, args.read_seconds, meter, "detail"
    )
    summary["list"] = run_reads(
        servers, tokens, people, threads, args.read_seconds / 2, meter, "list"
    )
    if args.accepts:
        print("\n== Contention: every client accepts at once (one number counter)")
        summary["accepts"] = run_accepts(
            servers,
            tokens,
            people,
            args.clients,
            args.accepts,
            meter,
            url,
            not args.full_answers,
        )


def main() -> None:
    args = parse_args()
    if args.sweeper:
        sweeper_main(args.sweeper[0], args.sweeper[1], float(args.sweeper[2]), args.sweeper[3])
        return
    counts = [int(n) for n in args.instances.split(",")]
    schema = f"load_bench_{os.getpid()}"
    url = scoped_url(BASE_URL, schema)
    workdir = Path(tempfile.mkdtemp(prefix="load-bench-"))
    print(
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; "
        f"{args.clients} clients, gunicorn -w {args.workers} -k {args.worker_class}"
        + (f" --threads {args.threads}" if args.worker_class == "gthread" else "")
        + (" --preload" if args.preload else "")
        + f" per instance; schema {schema}"
    )
    make_schema(BASE_URL, schema)
    from service.migrate import upgrade

    upgrade(url)
    app = make_app(url, workdir)
    people = make_people(app, args.clients)
    app.extensions["db_engine"].dispose()
    summary, servers = {}, []
    try:
        for count in counts:
            servers, tokens, threads, meter, summary[count] = event_phase(
                args, count, url, workdir, people, args.sweep or len(counts) > 1
            )
            if count == counts[0]:
                first_tokens = tokens
                owned = [(t.member, pid) for t in threads for pid in t.done]
                read_phases(args, servers, tokens, people, threads, meter, url, summary)
            print_rss(servers)
            for server in servers:
                server.stop()
        if len(counts) > 1:
            print(
                "\n== Instances: "
                + "; ".join(
                    f"{n} instance(s): {summary[n]['events_per_s']:,.0f} events/s, "
                    f"p99 {summary[n]['p99']:.0f} ms"
                    for n in counts
                )
            )
        floor = None
        if not args.no_floor:
            print(f"\n== The stack's floor (bench/floor_app.py, gunicorn -w {args.workers})")
            floor = floor_phase(url, workdir, args, first_tokens, owned)
        print("\n== Raw-SQL baseline (psycopg 3, lock + update + audit row + deadline row)")
        raw, raw_cpu = raw_baseline(url, schema, args.clients, args.raw_seconds)
        ours = summary[counts[0]]["events_per_s"]
        print(
            f"raw SQL: {raw:,.0f} events/s ({raw_cpu * 1000:.2f} ms client CPU each); "
            f"service: {ours:,.0f} events/s; ratio {raw / ours:.1f}×; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"\nsummary: {ours:,.0f} events/s, p50 {summary[counts[0]]['p50']:.0f} ms, "
            f"p99 {summary[counts[0]]['p99']:.0f} ms (goal p99 ≤ 250 ms at 32 clients); "
            f"detail reads {summary['detail']:,.0f}/s; "
            f"list reads {summary['list']:,.0f}/s"
            + (
                f"; accepts by {args.clients} at once p99 {summary['accepts']['p99']:.0f} ms "
                "(goal ≤ 250 ms)"
                if "accepts" in summary
                else ""
            )
        )
        if floor:
            print(
                f"beside it, on this machine now: Flask hello {floor['hello']:,.0f}/s; "
                f"the raw-SQL event through Flask and psycopg alone {floor['psycopg']:,.0f}/s "
                f"({raw / floor['psycopg']:.1f}× raw SQL), "
                f"through Flask and SQLAlchemy Core {floor['core']:,.0f}/s "
                f"({raw / floor['core']:.1f}× raw SQL), through the ORM {floor['event']:,.0f}/s "
                f"({raw / floor['event']:.1f}× raw SQL); the service is "
                f"{floor['event'] / ours:.1f}× slower than the ORM floor; a minimal detail read "
                f"through the ORM {floor['detail']:,.0f}/s"
            )
            print(
                f"ratios to the floor: events {ours / floor['event']:.0%} of the ORM floor's "
                f"(goal ≥ 50%), detail reads {summary['detail'] / floor['detail']:.0%} of its "
                f"minimal detail read (goal ≥ 70%)"
            )
    finally:
        for server in servers:
            server.stop()
        if args.keep:
            print(f"kept schema {schema} and {workdir}")
        else:
            drop_schema(BASE_URL, schema)
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
