"""The public window's own rows (提案公开): the publication generation every instance reads to
know its cached pages are stale, and the per-address request counts that rate-limit citizens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, UTCDateTime


class PublicWindow(Base):
    """One row: `generation` goes up with every publish and unpublish, so each instance of the
    service drops its cached public pages when it reads a new number."""

    __tablename__ = "public_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)


class PublicThrottle(Base):
    """Requests from one address to the public window in the current window of time. Kept in
    the database, so every worker and instance counts the same requests (like LoginThrottle);
    the row is locked while a request is counted."""

    __tablename__ = "public_throttles"

    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
