"""Logging in from the API or the pages: throttled, and a failure is remembered even though the
login itself is refused (so it is written in a transaction of its own)."""

from __future__ import annotations

from datetime import datetime

from service.db import unit_of_work
from service.errors import NotAuthenticated
from service.operations import users


def log_in(username: str, password: str, *, address: str, now: datetime):
    """(token, ApiToken row) for the right password; NotAuthenticated or TooManyAttempts else."""
    with unit_of_work() as session:
        users.ensure_not_throttled(session, username, address, now=now)
    try:
        with unit_of_work() as session:
            return users.issue_token(session, username, password, now=now)
    except NotAuthenticated:
        with unit_of_work() as session:
            users.record_failure(session, username, address, now=now)
        raise
