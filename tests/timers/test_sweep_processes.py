"""`flask --app wsgi sweep --now` as real processes: its output, its time zone, three at once."""

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from service.db import current_session
from service.models import Deadline, DeadlineFiring
from tests.flows import Flow

# The flask of the environment running the tests, in the checkout the tests come from.
FLASK = str(Path(sys.executable).with_name("flask"))
ROOT = Path(__file__).resolve().parents[2]
COUNTS = re.compile(
    r"^sweep: fired (\d+), skipped (\d+), failed (\d+), left for later (\d+)$", re.MULTILINE
)


def _command(database_url: str, tmp_path, now: str) -> dict:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SCHEDULER_ENABLED": "0",
        "SECRET_KEY": "sweep-test",
        "DOCUMENTS_DIR": str(tmp_path / "documents"),
    }
    return dict(
        args=[FLASK, "--app", "wsgi", "sweep", "--now", now],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(database_url: str, tmp_path, now: str) -> tuple[int, ...]:
    done = subprocess.run(**_command(database_url, tmp_path, now), timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return _counts(done.stdout)


def _counts(output: str) -> tuple[int, ...]:
    match = COUNTS.search(output)
    assert match, output
    return tuple(int(n) for n in match.groups())


def _firings(app) -> tuple[list, list]:
    """Every (deadline, step) fired, and the ids of the sign deadlines."""
    with app.app_context():
        session = current_session()
        rows = session.execute(select(DeadlineFiring.deadline_id, DeadlineFiring.step))
        keys = [tuple(row) for row in rows]
        return keys, list(session.scalars(select(Deadline.id).where(Deadline.kind == "sign")))


def _history(world, proposal) -> list:
    return world["office"].ok("GET", f"/proposals/{proposal['id']}/history")


def _assigned(world, proposals: int, assisting: int) -> list[dict]:
    """Proposals led by 市交通运输局, each with `assisting` assisting units too."""
    for number in range(len(world.units), assisting + 1):
        world.add_unit(f"市第{number}协办单位")
    others = [name for name in world.units if name != "市交通运输局"][:assisting]
    units = (("市交通运输局", "lead"), *((name, "assisting") for name in others))
    flow = Flow(world)
    return [flow.assigned(units) for _ in range(proposals)]


def test_sweep_command_prints_its_counts_and_fires_what_fell_due(world, application_url, tmp_path):
    proposal = Flow(world).assigned()

    fired, skipped, failed, busy = _run(application_url, tmp_path, "2026-06-20T09:00")

    records = [r for r in _history(world, proposal) if r["event"].endswith("_overdue")]
    assert sorted(r["event"] for r in records) == [
        "contact_overdue",
        "reply_overdue",
        "sign_overdue",
    ]
    assert {(r["actor"], r["data"]["late"]) for r in records} == {("system", True)}
    assert (failed, busy) == (0, 0)
    assert fired + skipped == 4  # three overdue events and the silent return window
    assert _run(application_url, tmp_path, "2026-06-20T09:00")[0] == 0


def test_sweep_time_without_offset_is_shanghai_time(world, application_url, tmp_path):
    proposal = Flow(world).assigned()  # sign due 2026-03-19 23:59:59 in Beijing

    _run(application_url, tmp_path, "2026-03-19T23:30")
    before = [r["event"] for r in _history(world, proposal)].count("sign_overdue")
    _run(application_url, tmp_path, "2026-03-19T16:00:30+00:00")  # 2026-03-20 00:00:30 in Beijing

    [record] = [r for r in _history(world, proposal) if r["event"] == "sign_overdue"]
    assert before == 0
    assert record["at"] == "2026-03-20T00:00:30+08:00"


def test_sweep_command_refuses_a_time_that_is_not_iso(world, application_url, tmp_path):
    proposal = Flow(world).assigned()
    length = len(_history(world, proposal))

    done = subprocess.run(**_command(application_url, tmp_path, "20.3.2026"), timeout=120)

    assert done.returncode != 0
    assert "ISO 8601" in done.stderr
    assert len(_history(world, proposal)) == length


@pytest.mark.parametrize(
    ("proposals", "assisting"),
    [(30, 0), (6, 7)],
    ids=["thirty-proposals-one-unit", "six-proposals-eight-units"],
)
@pytest.mark.long_running
def test_three_sweeps_at_once_fire_each_overdue_exactly_once(
    app, world, application_url, tmp_path, proposals, assisting
):
    made = _assigned(world, proposals, assisting)
    command = _command(application_url, tmp_path, "2026-03-20T09:00")

    running = [subprocess.Popen(**command) for _ in range(3)]
    outputs = [process.communicate(timeout=120) for process in running]

    assert [p.returncode for p in running] == [0, 0, 0], [err for _, err in outputs]
    keys, sign_ids = _firings(app)
    signs = Counter(
        r["subject"] for p in made for r in _history(world, p) if r["event"] == "sign_overdue"
    )
    assert max(signs.values()) == 1 and len(keys) == len(set(keys))  # never twice
    expected = {f"assignment:{a['id']}" for p in made for a in p["assignments"]}
    assert set(signs) == expected  # and none left behind by all three
    assert sorted(keys) == sorted((deadline_id, "due") for deadline_id in sign_ids)
    assert sum(_counts(out)[0] for out, _ in outputs) == len(expected)
