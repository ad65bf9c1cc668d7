"""Rate limit of the public window (提案公开): each client address may ask a number of pages a
minute (the setting PUBLIC_RATE_LIMIT), then waits for the next minute (429 with Retry-After).

The count is a database row per address, locked while a request is counted, as the login
throttle keeps its own (service/operations/login_throttle.py): several gunicorn workers and
instances count the same requests, and parallel ones queue on the lock instead of slipping past.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.errors import TooManyAttempts
from service.models import PublicThrottle
from service.operations.login_throttle import KEY_LENGTH, locked_row

WINDOW = timedelta(minutes=1)
# Rows of addresses quiet this long are dropped (a few at a time, never waiting for a lock).
FORGOTTEN_AFTER = timedelta(hours=1)
WAIT = "访问过于频繁，请{seconds}秒后再试。"


def count_request(session: Session, address: str, *, limit: int, now: datetime) -> int:
    """Count one request from `address`; the number it is in the current minute.

    Raises:
        TooManyAttempts: the address asked `limit` times this minute; nothing more is counted.
    """
    address = address[:KEY_LENGTH]
    row = locked_row(
        session, PublicThrottle, {"address": address}, requests=0, window_started_at=now
    )
    if row.window_started_at <= now - WINDOW:
        row.requests, row.window_started_at = 0, now
    if row.requests >= limit:
        seconds = max(1, math.ceil((row.window_started_at + WINDOW - now).total_seconds()))
        raise TooManyAttempts(WAIT.format(seconds=seconds), retry_after=seconds)
    row.requests += 1
    session.flush()
    if row.requests == 1:  # once a minute per address is often enough to tidy up
        _forget_idle(session, now)
    return row.requests


def _forget_idle(session: Session, now: datetime) -> None:
    idle = (
        select(PublicThrottle.address)
        .where(PublicThrottle.window_started_at < now - FORGOTTEN_AFTER)
        .limit(100)
        .with_for_update(skip_locked=True)
    )
    gone = delete(PublicThrottle).where(PublicThrottle.address.in_(idle))
    session.execute(gone.execution_options(synchronize_session=False))
