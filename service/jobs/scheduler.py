"""APScheduler as the clock: it only calls the sweep, the document renderer and the delivery
sender on an interval.

The embedded default runs a BackgroundScheduler inside the web process, started by the first
request; production runs `flask --app wsgi scheduler` (a BlockingScheduler), as many as wanted:
the sweep is safe to run in several processes at once.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from flask import Flask

from service.jobs.daily_digest import queue_digests
from service.jobs.delivery_sender import deliver_pending
from service.jobs.render_worker import render_pending
from service.jobs.sweep import sweep

# Notices should be ready moments after the event that asked for them.
RENDER_INTERVAL_SECONDS = 10
# Mail and robot messages leave within a quarter of a minute of their event.
DELIVERY_INTERVAL_SECONDS = 15
# The daily digests go out from 08:00; looking every ten minutes finds the morning soon enough.
DIGEST_INTERVAL_SECONDS = 600

log = logging.getLogger(__name__)
_started = threading.Lock()


def jobs(app: Flask):
    """(function, seconds) pairs the scheduler runs; each gets `now` from the app's clock."""
    settings = app.extensions["settings"]
    return [
        (sweep, settings.sweep_interval_seconds),
        (render_pending, RENDER_INTERVAL_SECONDS),
        (deliver_pending, DELIVERY_INTERVAL_SECONDS),
        (queue_digests, DIGEST_INTERVAL_SECONDS),
    ]


def start_scheduler(app: Flask, scheduler: BaseScheduler) -> BaseScheduler:
    """Each job gets its own app context and calls the same function the tests call."""

    def run(job):
        with app.app_context():
            result = job(now=app.extensions["clock"].now())
            log.info("%s: %s", job.__name__, result)

    for job, seconds in jobs(app):
        scheduler.add_job(
            run,
            "interval",
            args=[job],
            id=job.__name__,
            seconds=seconds,
            coalesce=True,
            max_instances=1,
            replace_existing=True,
            next_run_time=_soon(),
        )
    scheduler.start()
    return scheduler


def _soon() -> datetime:
    return datetime.now(UTC)


def start_in_process(app: Flask) -> None:
    """Start the embedded scheduler once per process (on the first request)."""
    with _started:
        if "scheduler" in app.extensions:
            return
        app.extensions["scheduler"] = start_scheduler(app, BackgroundScheduler(daemon=True))
        log.info("in-process scheduler started")
