"""How fast the delivery sender empties a 交办会 day's outbox: 10,000 mails to a real SMTP server
(aiosmtpd on 127.0.0.1, one connection reused for the run) and 2,000 robot messages to a local
HTTP receiver, one sender process, then the same mails shared by two senders at once.

    .venv/bin/python bench/deliveries_bench.py [--mails 10000] [--robots 2000]

Builds its data as the service does (a temporary SQLite app; one proposal assigned over the
API), then copies the delivery row the assignment wrote to the sizes wanted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service import create_app  # noqa: E402
from service.clock import FrozenClock  # noqa: E402
from service.config import Settings  # noqa: E402
from service.db import unit_of_work  # noqa: E402
from service.jobs.delivery_sender import deliver_pending  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.models import Delivery, Notification  # noqa: E402
from tests.channels.receivers import HttpReceiver, MailServer  # noqa: E402
from tests.client import World  # noqa: E402
from tests.conftest import START  # noqa: E402
from tests.flows import Flow  # noqa: E402

TEXT = (
    "市交通运输局：\n\n提案第0001号《关于提升城区公交准点率的提案》已交办给贵单位（主办），"
    "请于3月19日前签收。\n\n查看详情：http://127.0.0.1:5000/assignments/1\n"
)


def queue(app, channel: str, count: int, address) -> None:
    """`count` deliveries of one channel on the notifications of the assignment."""
    with app.app_context(), unit_of_work() as session:
        notification_id, body_id = session.execute(
            select(Notification.id, Notification.body_id).limit(1)
        ).one()
        rows = [
            {
                "body_id": body_id,
                "notification_id": notification_id,
                "channel": channel,
                "address": address(n),
                "robot_kind": "wecom" if channel == "webhook" else None,
                "subject": "【政协提案】交办：提案第0001号《关于提升城区公交准点率的提案》",
                "text": TEXT,
                "link": "http://127.0.0.1:5000/assignments/1",
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": START,
                "created_at": START,
            }
            for n in range(count)
        ]
        session.execute(insert(Delivery), rows)


def timed(app, senders: int) -> tuple[float, int]:
    results, threads = [], []

    def run():
        with app.app_context():
            results.append(deliver_pending(now=START, limit=100_000))

    started = time.perf_counter()
    for _ in range(senders):
        threads.append(threading.Thread(target=run))
        threads[-1].start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, sum(r.sent for r in results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=10_000)
    parser.add_argument("--robots", type=int, default=2_000)
    args = parser.parse_args()
    mail, robots = MailServer().start(), HttpReceiver().start()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        upgrade(url)
        settings = replace(
            Settings(
                database_url=url,
                secret_key="bench",
                scheduler_enabled=False,
                documents_dir=f"{folder}/documents",
                password_cost="fast",
                instance_path=f"{folder}/instance",
            ),
            smtp_url=mail.url,
            mail_from="bench@example.gov.cn",
        )
        app = create_app(settings, clock=FrozenClock(START))
        Flow(World(app, FrozenClock(START))).assigned()

        queue(app, "email", args.mails, lambda n: f"clerk{n}@example.gov.cn")
        seconds, sent = timed(app, 1)
        print(
            f"mail, 1 sender: {sent} in {seconds:.1f} s = {sent / seconds:.0f}/s; "
            f"{len(mail.messages)} received"
        )

        queue(app, "webhook", args.robots, lambda n: robots.url(f"/robot/{n}"))
        seconds, sent = timed(app, 1)
        print(
            f"robots, 1 sender: {sent} in {seconds:.1f} s = {sent / seconds:.0f}/s; "
            f"{len(robots.posts)} received"
        )

        mail.messages.clear()
        with app.app_context(), unit_of_work() as session:
            session.execute(
                Delivery.__table__.update()
                .where(Delivery.channel == "email")
                .values(status="pending", sent_at=None, attempts=0, next_attempt_at=START)
            )
        seconds, sent = timed(app, 2)
        received = len(mail.messages)
        print(
            f"mail, 2 senders at once: {sent} in {seconds:.1f} s = {sent / seconds:.0f}/s; "
            f"{received} received, {len({m['To'] for m in mail.messages})} distinct"
        )
    mail.stop()
    robots.stop()


if __name__ == "__main__":
    main()
