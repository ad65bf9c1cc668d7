"""Sessions of the committee (届次·会次) and the counter that numbers their proposals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base


class PlenarySession(Base):
    """A plenary session such as 十四届四次会议; proposals are numbered 第0001号… within it."""

    __tablename__ = "plenary_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    term: Mapped[int] = mapped_column(Integer)
    meeting: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer, index=True)
    opens_on: Mapped[date | None] = mapped_column(Date)
    current: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last number given; locked while a proposal is accepted, so numbers have no gaps.
    last_number: Mapped[int] = mapped_column(Integer, default=0)
