"""Login throttling (登录限制): guessing is slowed per username and address, with a high ceiling
per address, so nobody can lock another person, or an office behind one NAT address, out.

An attempt is counted before its password is checked, under a row lock, and taken back when it
succeeds: parallel guesses queue on the lock and cannot slip past the count (on SQLite the
writers are serialised by BEGIN IMMEDIATE). Locks are taken in one order: address, then
username at that address.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.errors import TooManyAttempts
from service.models import AddressThrottle, LoginThrottle

# The first failures of a username from one address cost nothing; then each attempt waits
# 30 seconds, doubling after each further failure up to 15 minutes, until one succeeds.
FREE_FAILURES = 5
FIRST_DELAY, MAX_DELAY = timedelta(seconds=30), timedelta(minutes=15)
# One address, any usernames: 300 failures in a 15-minute window, then it waits for the next.
ADDRESS_LIMIT, ADDRESS_WINDOW = 300, timedelta(minutes=15)
# A username left alone this long from an address starts afresh there.
FORGOTTEN_AFTER = timedelta(days=1)
KEY_LENGTH = 64  # the columns' length; a longer name or address is counted by its beginning

WAIT_HERE = "登录失败次数较多，请{wait}后再试；如忘记密码，请联系系统管理员。"
WAIT_ADDRESS = "本网络地址登录失败次数过多，请{wait}后再试；如忘记密码，请联系系统管理员。"


@dataclass(frozen=True)
class Attempt:
    """One counted attempt: `failures` counts it and the failures before it."""

    username: str
    address: str
    failures: int


def delay_after(failures: int) -> timedelta:
    """How long the next attempt waits after this many failures."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES, 10)  # enough to reach the cap, never overflow
    return min(FIRST_DELAY * 2**doublings, MAX_DELAY)


def count_attempt(session: Session, username: str, address: str, *, now: datetime) -> Attempt:
    """Count one attempt of `username` (its normal form, known or not) from `address`.

    Raises:
        TooManyAttempts: the address, or the username from it, must wait; nothing is counted.
    """
    username, address = username[:KEY_LENGTH], address[:KEY_LENGTH]
    ceiling = locked_row(
        session, AddressThrottle, {"address": address}, failures=0, window_started_at=now
    )
    if ceiling.window_started_at <= now - ADDRESS_WINDOW:
        ceiling.failures, ceiling.window_started_at = 0, now
    if ceiling.failures >= ADDRESS_LIMIT:
        _ensure_waited(ceiling.window_started_at + ADDRESS_WINDOW, now, WAIT_ADDRESS)
    keys = {"username": username, "address": address}
    here = locked_row(session, LoginThrottle, keys, failures=0, last_attempt_at=now)
    if here.last_attempt_at <= now - FORGOTTEN_AFTER:
        here.failures = 0
    _ensure_waited(here.last_attempt_at + delay_after(here.failures), now, WAIT_HERE)
    ceiling.failures += 1
    here.failures, here.last_attempt_at = here.failures + 1, now
    session.flush()
    _forget_idle(session, now)  # last: it never waits, so it holds nobody up while waiting
    return Attempt(username, address, here.failures)


def forget_attempts(session: Session, attempt: Attempt) -> None:
    """The attempt succeeded: its username starts afresh from that address, and the address's
    count takes the attempt back."""
    session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.username == attempt.username, LoginThrottle.address == attempt.address
        )
    )
    fewer = case((AddressThrottle.failures > 0, AddressThrottle.failures - 1), else_=0)
    session.execute(
        update(AddressThrottle)
        .where(AddressThrottle.address == attempt.address)
        .values(failures=fewer)
    )


def failure_message(attempt: Attempt) -> str:
    """What a failed attempt tells the person: the tries left, or how long to wait."""
    left = FREE_FAILURES - attempt.failures
    if left > 0:
        return f"用户名或密码不正确，还可尝试{left}次。"
    wait = spoken_wait(math.ceil(delay_after(attempt.failures).total_seconds()))
    return f"用户名或密码不正确，请{wait}后再试。"


def spoken_wait(seconds: int) -> str:
    return f"{seconds}秒" if seconds < 60 else f"{math.ceil(seconds / 60)}分钟"


def _ensure_waited(until: datetime, now: datetime, message: str) -> None:
    if until > now:
        seconds = math.ceil((until - now).total_seconds())
        raise TooManyAttempts(message.format(wait=spoken_wait(seconds)), retry_after=seconds)


def locked_row(session: Session, model, keys: dict, **started):
    """The row of `model` with these keys, made with the `started` values if missing, locked
    until the transaction ends (the public window's rate limit counts the same way)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    new = dialect.insert(model.__table__).values(**keys, **started)
    session.execute(new.on_conflict_do_nothing())
    found = select(model).filter_by(**keys).with_for_update()
    return session.scalars(found.execution_options(populate_existing=True)).one()


def _forget_idle(session: Session, now: datetime) -> None:
    """Drop rows idle for a day, skipping any another attempt holds (so this never waits)."""
    since = now - FORGOTTEN_AFTER
    for key, moment in (
        (LoginThrottle.id, LoginThrottle.last_attempt_at),
        (AddressThrottle.address, AddressThrottle.window_started_at),
    ):
        idle = select(key).where(moment < since).with_for_update(skip_locked=True)
        gone = delete(key.class_).where(key.in_(idle))
        session.execute(gone.execution_options(synchronize_session=False))
