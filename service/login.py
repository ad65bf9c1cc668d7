"""Logging in from the API or the pages: each attempt is counted, in a transaction of its own,
before its password is checked (service/operations/login_throttle.py), and taken back when the
password is right."""

from __future__ import annotations

from datetime import datetime

from service.db import unit_of_work
from service.errors import NotAuthenticated, RoleRefused
from service.operations import login_throttle, users
from service.usernames import normalise_username


def log_in(username: str, password: str, *, address: str, now: datetime, body_id=None):
    """(token, ApiToken row) for the right password; NotAuthenticated (saying how many tries
    are left) or TooManyAttempts (saying how long to wait) else; RoleRefused for a body the
    person is no member of (not a failed attempt: the password was right)."""
    with unit_of_work() as session:
        attempt = login_throttle.count_attempt(
            session, normalise_username(username), address, now=now
        )
    try:
        with unit_of_work() as session:
            issued = users.issue_token(session, username, password, now=now, body_id=body_id)
            login_throttle.forget_attempts(session, attempt)
            return issued
    except NotAuthenticated:
        raise NotAuthenticated(login_throttle.failure_message(attempt)) from None
    except RoleRefused:  # the right password for a body the person is no member of
        with unit_of_work() as session:
            login_throttle.forget_attempts(session, attempt)
        raise
