"""Sessions of the committee (届次·会次) and the counter that numbers their proposals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base


class PlenarySession(Base):
    """A plenary session such as 十四届四次会议; proposals are numbered 第0001号… within it."""

    __tablename__ = "plenary_sessions"
    __table_args__ = (
        UniqueConstraint("body_id", "name"),
        # What a proposal's (body, session) refers to: the database refuses a proposal filed in
        # another body's session.
        UniqueConstraint("body_id", "id", name="uq_plenary_sessions_body_id_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Each body holds its own sessions and numbers its own proposals.
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    term: Mapped[int] = mapped_column(Integer)
    meeting: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer, index=True)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    # 大会提案 are those submitted by the end of this day; later ones are 平时提案.
    plenary_until: Mapped[date | None] = mapped_column(Date)
    # The one day its 大会提案 are to be answered by (统一答复日期, e.g. 8月31日), for those
    # assigned before it; null: three months from the assignment, as for 平时提案.
    reply_due_on: Mapped[date | None] = mapped_column(Date)
    current: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last number given; locked while a proposal is accepted, so numbers have no gaps.
    last_number: Mapped[int] = mapped_column(Integer, default=0)


def is_fallback(plenary: PlenarySession | None) -> bool:
    """Whether this is no session the office set up: none, or the one the service made for a
    year's proposals when none was current (term 0)."""
    return plenary is None or plenary.term == 0


# After 12月5日 a proposal counts toward the next year's session (DOMAIN.md).
NEXT_YEAR_FROM = (12, 6)


def session_year(now: datetime, zone) -> int:
    """The session year a moment counts toward when no session is marked current."""
    local = now.astimezone(zone)
    return local.year + (1 if (local.month, local.day) >= NEXT_YEAR_FROM else 0)
