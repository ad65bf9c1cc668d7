"""`flask --app wsgi deliver-pending` as real processes: three at once, and one killed in the
middle of its batch and followed by another; every mail arrives exactly once."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from service.jobs.delivery_sender import LEASE
from tests.channels.test_sender import clerks_with_mail

FLASK = str(Path(sys.executable).with_name("flask"))
ROOT = Path(__file__).resolve().parents[2]
COUNTS = re.compile(r"^deliver-pending: sent (\d+), retrying (\d+), failed (\d+)$", re.MULTILINE)


def command(settings, now: str) -> dict:
    environment = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "SCHEDULER_ENABLED": "0",
        "SECRET_KEY": "deliveries-test",
        "DOCUMENTS_DIR": settings.documents_dir,
        "SMTP_URL": settings.smtp_url,
        "MAIL_FROM": settings.mail_from,
        "SMS_URL": settings.sms_url,
    }
    return dict(
        args=[FLASK, "--app", "wsgi", "deliver-pending", "--now", now],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def sent_by(done: tuple[str, str]) -> int:
    stdout, stderr = done
    match = COUNTS.search(stdout)
    assert match, stderr
    return int(match.group(1))


@pytest.fixture
def as_the_service(settings, application_url):
    """The commands connect as the service does (on PostgreSQL: its role, under row-level
    security), not as the tables' owner."""
    return dataclasses.replace(settings, database_url=application_url)


def test_three_sender_processes_at_once_send_each_mail_once(
    world, flow, outbox, mail_server, as_the_service
):
    addresses = clerks_with_mail(world, outbox, 30)
    flow.assigned()

    senders = [subprocess.Popen(**command(as_the_service, "2026-03-16T09:00")) for _ in range(3)]
    outputs = [sender.communicate(timeout=120) for sender in senders]

    assert sum(sent_by(output) for output in outputs) == 30
    assert Counter(m["To"] for m in mail_server.messages) == Counter(addresses)


@pytest.mark.long_running
def test_a_sender_killed_mid_batch_is_followed_by_one_that_sends_the_rest_once(
    world, flow, outbox, mail_server, as_the_service
):
    addresses = clerks_with_mail(world, outbox, 20)
    flow.assigned()
    mail_server.hold_after(7)

    killed = subprocess.Popen(**command(as_the_service, "2026-03-16T09:00"))
    assert mail_server.held.wait(timeout=120), killed.communicate(timeout=5)
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=30)
    mail_server.hold_at = None
    mail_server.release.set()
    too_soon = subprocess.run(**command(as_the_service, "2026-03-16T09:02"), timeout=120)
    minutes = int(LEASE.total_seconds() // 60) + 1
    later_on = f"2026-03-16T09:{minutes:02d}:30"
    later = subprocess.run(**command(as_the_service, later_on), timeout=120)

    assert len(mail_server.messages) == 20, (too_soon.stdout, later.stdout)
    assert Counter(m["To"] for m in mail_server.messages) == Counter(addresses)
    assert sent_by((too_soon.stdout, too_soon.stderr)) == 0
    assert {row["status"] for row in outbox.rows()} == {"sent"}
