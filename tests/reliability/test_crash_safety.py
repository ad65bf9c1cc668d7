"""Crash safety: the real service (gunicorn) and sweeps, SIGKILLed again and again under load.

Client threads drive proposals over HTTP while the server's workers, the whole server and sweep
processes (running far ahead in time) are killed at random moments and restarted. Afterwards the
database must still tell one consistent story: states replay from the audit history, no deadline
step fired twice or was left due, no document row was lost, and the audit chain verifies.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from service.db import make_engine
from tests.conftest import POSTGRES_URL
from tests.reliability.crash_invariants import (
    chain_problems,
    deadline_problems,
    outbox_problems,
    replay_problems,
)
from tests.reliability.crash_traffic import Driver, Tally, drive, login

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MIN_KILLS = 50
MIN_SERVER_KILLS = 20  # of them, a worker's or the whole server's, in the middle of requests
MIN_ANSWERED = 100
# Chaos lasts until the three minimums are met, and at most this long.
CHAOS_LIMIT_SECONDS = 300
# The server is killed again only once a few more requests were answered since its last kill:
# a worker's or the server's restart costs seconds on a slow machine, and killing on a fixed
# beat there would leave the clients nothing but a server coming up.
ANSWERS_BETWEEN_KILLS = 3
DRIVERS = ("zhang", "li", "wang", "zhang", "li", "wang")
# Sweeps run as of times ever further ahead, so each finds new reminders and overdue steps.
FAR = datetime.now(ZoneInfo("Asia/Shanghai")).replace(microsecond=0)


class Processes:
    """The server and the sweeps this test started; each is killed by its own process group."""

    def __init__(self, database_url: str, tmp_path: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SCHEDULER_ENABLED": "0",
            "SECRET_KEY": "x",
            "DOCUMENTS_DIR": str(tmp_path / "documents"),
        }
        self.log = open(tmp_path / "processes.log", "ab")  # noqa: SIM115 - closed in close()
        self.server: subprocess.Popen | None = None
        self.kills = {"worker": 0, "server": 0, "sweep": 0}
        self.sweeps: subprocess.Popen | None = None  # the forker, started with the first sweep

    def start(self, args: list[str], **pipes) -> subprocess.Popen:
        pipes = {"stdout": self.log, **pipes}
        return subprocess.Popen(
            args, cwd=ROOT, env=self.env, stderr=self.log, start_new_session=True, **pipes
        )

    def start_server(self) -> None:
        # Preloaded, as README deploys it: a killed worker is forked again from the loaded app.
        address = f"127.0.0.1:{self.port}"
        gunicorn = [str(BIN / "gunicorn"), "--preload", "-w", "2", "-b", address, "wsgi:app"]
        self.server = self.start(gunicorn)
        deadline = time.monotonic() + 60
        while not healthy(self.base):
            assert time.monotonic() < deadline, "the server did not come up"
            assert self.server.poll() is None, "the server exited at start-up"
            time.sleep(0.1)

    def kill(self, process: subprocess.Popen) -> bool:
        """SIGKILL the process and everything it started; True when it was still running."""
        alive = process.poll() is None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        return alive

    def kill_a_worker(self) -> bool:
        workers = children(self.server.pid)
        if not workers:
            return False
        os.kill(random.choice(workers), signal.SIGKILL)
        self.kills["worker"] += 1
        return True

    def restart_server(self) -> None:
        self.kills["server"] += self.kill(self.server)
        self.start_server()

    def sweep(self, now: datetime) -> int:
        """A sweep as of `now`, forked from a process with the service loaded (see
        tests/reliability/sweep_forks.py): its pid, which is also its process group's."""
        if self.sweeps is None:
            forker = [sys.executable, "-m", "tests.reliability.sweep_forks"]
            pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
            self.sweeps = self.start(forker, text=True, **pipes)
        self.sweeps.stdin.write(f"{now.isoformat()}\n")
        self.sweeps.stdin.flush()
        return int(self.sweeps.stdout.readline())

    def kill_sweep(self, pid: int) -> bool:
        """SIGKILL the sweep; True when it was still sweeping (its forker reaps it)."""
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            return False
        deadline = time.monotonic() + 30
        while Path(f"/proc/{pid}").exists():
            assert time.monotonic() < deadline, f"sweep {pid} outlived SIGKILL"
            time.sleep(0.01)
        return True

    def close(self) -> None:
        for process in (self.server, self.sweeps):
            if process is not None:
                self.kill(process)
        if self.sweeps is not None:
            self.sweeps.stdin.close()
            self.sweeps.stdout.close()
        self.log.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().split()[3]) == pid:
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def kill_servers(processes: Processes, stop: threading.Event, tally: Tally) -> None:
    """Kill a worker (the master forks a new one) or, one time in five, the whole server."""
    answered_at_last_kill = 0
    while not stop.wait(random.uniform(0.5, 1.5)):
        if tally.total() - answered_at_last_kill < ANSWERS_BETWEEN_KILLS:
            continue
        answered_at_last_kill = tally.total()
        if random.random() < 0.2:
            processes.restart_server()
        else:
            processes.kill_a_worker()


def kill_sweeps(processes: Processes, stop: threading.Event, step: list[int]) -> None:
    """Start sweeps ever further ahead in time and kill each at a random moment of its work."""
    while not stop.is_set():
        step[0] += 1
        sweep = processes.sweep(FAR + timedelta(days=9 * step[0]))
        time.sleep(random.uniform(0.02, 0.5))
        processes.kills["sweep"] += processes.kill_sweep(sweep)


def final_sweep(processes: Processes, now: datetime) -> None:
    """A clean sweep, repeated until it fires nothing more (each run handles at most 1000)."""
    flask = str(BIN / "flask")
    for _ in range(20):
        done = subprocess.run(
            [flask, "--app", "wsgi", "sweep", "--now", now.isoformat()],
            cwd=ROOT,
            env=processes.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        if "fired 0, skipped 0, failed 0, left for later 0" in done.stdout:
            return
    raise AssertionError("the final sweep did not settle")


def enough(processes: Processes, tally: Tally) -> bool:
    kills = processes.kills
    return (
        sum(kills.values()) >= MIN_KILLS
        and kills["worker"] + kills["server"] >= MIN_SERVER_KILLS
        and tally.answered.get(200, 0) > MIN_ANSWERED
    )


def chaos(processes: Processes, world, tally: Tally) -> int:
    people = {name: login(processes.base, name) for name in set(DRIVERS)}
    people |= {name: login(processes.base, name) for name in ("office", "transport", "education")}
    stop, step = threading.Event(), [0]
    drivers = [Driver(people, world.units, tally, member) for member in DRIVERS]
    drivers[0].file()  # the year's session row exists before the rush (see the test below)
    threads = [threading.Thread(target=drive, args=(d, stop)) for d in drivers]
    threads += [
        threading.Thread(target=kill_servers, args=(processes, stop, tally)),
        threading.Thread(target=kill_sweeps, args=(processes, stop, step)),
    ]
    for thread in threads:
        thread.start()
    # Until enough kills and enough events to mean something, however long that takes here.
    started = time.monotonic()
    while time.monotonic() - started < CHAOS_LIMIT_SECONDS and not enough(processes, tally):
        time.sleep(1)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    return step[0]


@pytest.mark.skipif(not POSTGRES_URL, reason="several processes at once: PostgreSQL")
@pytest.mark.long_running
def test_database_stays_consistent_through_fifty_kills(
    world, database_url, application_url, tmp_path, capsys
):
    # The processes connect as the service does (its role, under row-level security); the
    # checks afterwards read every row as the owner.
    processes, tally = Processes(application_url, tmp_path), Tally()
    processes.start_server()
    try:
        sweeps = chaos(processes, world, tally)
        if not healthy(processes.base):
            processes.restart_server()
        final_now = FAR + timedelta(days=9 * sweeps + 3 * 365)
        final_sweep(processes, final_now)
    finally:
        processes.close()
    engine = make_engine(database_url)
    with Session(engine) as session:
        problems = (
            replay_problems(session)
            + deadline_problems(session, final_now)
            + outbox_problems(session)
            + chain_problems(session)
        )
    engine.dispose()

    kills = sum(processes.kills.values())
    with capsys.disabled():
        print(
            f"\ncrash safety: {kills} kills survived {processes.kills}, "
            f"{sweeps} sweeps started, {tally.sent} events sent, "
            f"answers {dict(sorted(tally.answered.items()))}"
        )
    assert enough(processes, tally), (processes.kills, tally.answered)
    server_errors = [f"server error: {what}" for what in tally.server_errors]
    assert not problems + server_errors, "\n".join((problems + server_errors)[:50])


def _file_at_once(world, count: int) -> list:
    barrier = threading.Barrier(count)
    body = {"title": "关于优化公交线网的提案", "category": "economy", "body": "建议。"}

    def file(client):
        barrier.wait()
        return client.post("/proposals", body).status

    clients = [world.login(name) for name in ("zhang", "li", "wang") * (count // 3)]
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(file, clients))


@pytest.mark.skipif(not POSTGRES_URL, reason="concurrent transactions: PostgreSQL")
def test_first_proposals_of_a_year_filed_at_once_all_succeed(world):
    statuses = _file_at_once(world, 9)

    assert statuses == [201] * 9
