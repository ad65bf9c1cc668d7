"""What the statistics count of each assignment, kept beside it.

A derived row, never edited by hand: `service.statistics.upkeep` rewrites it from the
assignment, its replies, ratings, contacts and reply deadlines in the same transaction as any
change to them, so year-wide figures read one narrow row per assignment instead of joining four
large tables each time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, UTCDateTime


class AssignmentFacts(Base):
    __tablename__ = "assignment_facts"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(20))
    # The deadline on the assignment now (for "overdue now", judged when the figures are read).
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The first-round reply deadline, against which 按期办复 is judged.
    reply_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # round * 10 + code of the latest final reply's category, and of the proposer's latest form.
    last_reply: Mapped[int | None] = mapped_column(Integer)
    last_form: Mapped[int | None] = mapped_column(Integer)
    contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_assignment_facts_proposal", "proposal_id"),
        Index("ix_assignment_facts_unit", "unit_id", "proposal_id"),
    )
