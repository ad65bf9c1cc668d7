"""The one clock all code asks for the time, so tests and `sweep --now` can move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from flask import current_app


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time, aware, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at

    def advance(self, **delta: float) -> datetime:
        self._at += timedelta(**delta)
        return self._at


def current_clock() -> Clock:
    return current_app.extensions["clock"]
