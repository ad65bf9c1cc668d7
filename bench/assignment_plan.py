"""交办会 at scale: a plan of 1,000 accepted proposals, checked (dry run) and applied.

Times, over the HTTP API with the committee's token:
  (a) the dry run of the plan sent as JSON;
  (b) the dry run of the same plan uploaded as a 交办表 (.xlsx, units by name);
  (c) applying it: 1,000 `assign` events, one transaction each;
  (d) for comparison, 100 single `assign` events posted one by one to
      `POST /api/v1/proposals/{id}/events`, the page's and the API's own path.
Each row gives a 主办 and a 会办 unit, so (c) creates 2,000 assignments with their deadlines,
notices and notifications.

    .venv/bin/python bench/assignment_plan.py [--rows 1000] [--url postgresql+psycopg://…]

Without `--url` it works in a temporary SQLite file; with one, in a scratch schema it creates
and drops.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from sqlalchemy import create_engine, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service import create_app  # noqa: E402
from service.clock import FrozenClock  # noqa: E402
from service.config import Settings  # noqa: E402
from service.db import unit_of_work  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.models import PlenarySession, Proposal  # noqa: E402
from service.operations import users  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 16, 9, 0, tzinfo=ZONE)
PASSWORD = "bench-password-2026"
UNITS = 40
SINGLE = 100


def _scratch(url: str) -> tuple[str, str]:
    schema = f"bench_plans_{os.getpid()}"
    with create_engine(url).begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    return schema, f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def _seed(app, count: int) -> tuple[str, dict[str, int], list[int]]:
    """Units, the office and a member, and `count` accepted proposals numbered 1…count: the
    office's token, the units by name and the proposals' ids by number."""
    with app.app_context(), unit_of_work() as session:
        units = {
            unit.name: unit.id
            for unit in (users.add_unit(session, f"市第{i:02d}局", now=NOW) for i in range(UNITS))
        }
        users.add_user(session, "office", role="committee", password=PASSWORD, now=NOW)
        member = users.add_user(session, "member", role="member", password=PASSWORD, now=NOW)
        session.add(
            PlenarySession(
                id=1,
                body_id=member.body_id,
                name="十四届五次会议",
                term=14,
                meeting=5,
                year=2026,
                current=True,
                last_number=count,
            )
        )
        session.flush()
        session.execute(insert(Proposal), [_proposal(n, member) for n in range(1, count + 1)])
        ids = list(session.scalars(select(Proposal.id).order_by(Proposal.number)))
        token, _ = users.issue_token(session, "office", PASSWORD, now=NOW)
    return token, units, ids


def _proposal(number: int, member) -> dict:
    return {
        "body_id": member.body_id,
        "plenary_session_id": 1,
        "number": number,
        "title": f"关于第{number}项工作的提案",
        "body_text": "正文",
        "category": "economy",
        "type": "individual",
        "state": "accepted",
        "version": 1,
        "lead_proposer_id": member.id,
        "key": False,
        "created_at": NOW,
        "submitted_at": NOW,
        "accepted_at": NOW,
        "updated_at": NOW,
    }


def _plan(units: dict[str, int], ids: list[int]) -> tuple[list[dict], bytes]:
    """The same plan as JSON rows and as a 交办表: each proposal a 主办 and a 会办 unit."""
    names, rows, book = sorted(units), [], Workbook()
    sheet = book.active
    sheet.append(["提案号", "主办单位", "会办单位", "分办单位"])
    for number, proposal_id in enumerate(ids, start=1):
        lead, assisting = names[number % len(names)], names[(number + 7) % len(names)]
        units_of = [
            {"unit_id": units[lead], "role": "lead"},
            {"unit_id": units[assisting], "role": "assisting"},
        ]
        rows.append({"proposal_id": proposal_id, "units": units_of})
        sheet.append([f"第{number:04d}号", lead, assisting, None])
    buffer = BytesIO()
    book.save(buffer)
    return rows, buffer.getvalue()


def _timed(call):
    started, cpu = time.perf_counter(), time.process_time()
    answer = call()
    return answer, time.perf_counter() - started, time.process_time() - cpu


def _post_plan(client, headers, rows, dry_run):
    response = client.post(
        "/api/v1/assignment-plans", json={"rows": rows, "dry_run": dry_run}, headers=headers
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _upload(client, headers, data):
    form = {"file": (BytesIO(data), "交办表.xlsx"), "dry_run": "true"}
    response = client.post(
        "/api/v1/assignment-plans", data=form, headers=headers, content_type="multipart/form-data"
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _singles(client, headers, rows):
    for row in rows:
        response = client.post(
            f"/api/v1/proposals/{row['proposal_id']}/events",
            json={"event": "assign", "version": 1, "units": row["units"]},
            headers=headers,
        )
        assert response.status_code == 200, response.get_json()


def _line(label: str, seconds: float, cpu: float, rows: int) -> None:
    print(
        f"{label:<44} {seconds:7.2f} s  {seconds / rows * 1000:6.1f} ms/row  "
        f"{rows / seconds:7.1f} rows/s  (CPU {cpu:.2f} s)"
    )


def run(url: str, count: int) -> None:
    settings = Settings(
        database_url=url,
        secret_key="bench",
        scheduler_enabled=False,
        documents_dir=tempfile.mkdtemp(prefix="bench-plans-docs-"),
        password_cost="fast",
        instance_path=tempfile.mkdtemp(prefix="bench-plans-instance-"),
    )
    app = create_app(settings, clock=FrozenClock(NOW))
    token, units, ids = _seed(app, count + SINGLE)
    rows, sheet = _plan(units, ids)
    plan, singles = rows[:count], rows[count:]
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
    print(f"{count} rows, each a 主办 and a 会办 unit; database {url.split(':')[0]}")

    answer, seconds, cpu = _timed(lambda: _post_plan(client, headers, plan, True))
    assert answer["applied"] == 0 and all(r["ok"] for r in answer["rows"])
    _line("(a) dry run, JSON", seconds, cpu, count)
    answer, seconds, cpu = _timed(lambda: _upload(client, headers, sheet))
    assert sum(r["ok"] for r in answer["rows"]) == count + SINGLE
    _line(f"(b) dry run, .xlsx upload ({count + SINGLE} rows)", seconds, cpu, count + SINGLE)
    answer, seconds, cpu = _timed(lambda: _post_plan(client, headers, plan, False))
    assert answer["applied"] == count, answer["rows"][:3]
    _line("(c) applied: one assign event a row", seconds, cpu, count)
    _, seconds, cpu = _timed(lambda: _singles(client, headers, singles))
    _line(f"(d) {SINGLE} single assign events, one by one", seconds, cpu, SINGLE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    if args.url is None:
        with tempfile.TemporaryDirectory(prefix="bench-plans-") as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            upgrade(url)
            run(url, args.rows)
        return
    schema, url = _scratch(args.url)
    try:
        upgrade(url)
        run(url, args.rows)
    finally:
        with create_engine(args.url).begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


if __name__ == "__main__":
    main()
