"""What the statistics count, kept beside the rows it is counted from.

Derived rows, never edited by hand: `service.statistics.upkeep` derives them anew in the same
transaction as any change to what they are derived from, so a year's figures count a narrow
row per assignment (by unit) and per proposal (by category and 界别) instead of joining the
large tables each time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, UTCDateTime


class AssignmentFacts(Base):
    """One assignment: its unit, its proposal's session, category and 界别, and what its
    replies, the proposer's forms and its contacts say, as flags."""

    __tablename__ = "assignment_facts"
    __body_from__ = "assignment_id"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True
    )
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its assignment's
    proposal_id: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(Integer)
    plenary_session_id: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(20))
    sector: Mapped[str | None] = mapped_column(String(64))
    # 个人、联名 or 集体提案 (the proposal's `type`).
    type: Mapped[str] = mapped_column(String(20))
    # A lead or separate unit that has not been returned: it owes the proposer a reply.
    answering: Mapped[bool] = mapped_column(Boolean)
    assisting: Mapped[bool] = mapped_column(Boolean)
    opinion: Mapped[bool] = mapped_column(Boolean)
    returned: Mapped[bool] = mapped_column(Boolean)
    replied: Mapped[bool] = mapped_column(Boolean)
    # First reply by the first-round reply deadline (as extended); or after it.
    on_time: Mapped[bool] = mapped_column(Boolean)
    late_reply: Mapped[bool] = mapped_column(Boolean)
    # The proposer's form on the latest reply: rated (not lapsed), satisfied or basically, …
    rated: Mapped[bool] = mapped_column(Boolean)
    satisfied: Mapped[bool] = mapped_column(Boolean)
    unsatisfied: Mapped[bool] = mapped_column(Boolean)
    lapsed: Mapped[bool] = mapped_column(Boolean)
    # That form rated the unit's attitude (办理态度) 不满意, whatever it said of the result.
    attitude_unsatisfied: Mapped[bool] = mapped_column(Boolean)
    # A contact the proposer did not deny, logged before the first reply (办前沟通).
    contacted: Mapped[bool] = mapped_column(Boolean)
    # The latest final reply's category, A–D.
    reply_category: Mapped[str | None] = mapped_column(String(4))
    # Deadlines against which "overdue now" and "late now" are judged when figures are read:
    # the one still owed (null once replied or returned), and the unreplied first-round one.
    owing_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unreplied_due: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_assignment_facts_proposal", "proposal_id"),
        Index("ix_assignment_facts_unit", "unit_id", "proposal_id"),
    )


class ProposalFacts(Base):
    """One submitted proposal: what it is, where it stands, and sums over its assignments'
    facts and its 回头看."""

    __tablename__ = "proposal_facts"
    __body_from__ = "proposal_id"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    plenary_session_id: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(20))
    sector: Mapped[str | None] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(20))
    lead_proposer_id: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    disposition: Mapped[str | None] = mapped_column(String(20))
    accepted: Mapped[bool] = mapped_column(Boolean)
    replied: Mapped[bool] = mapped_column(Boolean)
    assignments: Mapped[int] = mapped_column(Integer)
    returned_assignments: Mapped[int] = mapped_column(Integer)
    answers: Mapped[int] = mapped_column(Integer)
    rated_forms: Mapped[int] = mapped_column(Integer)
    satisfied_forms: Mapped[int] = mapped_column(Integer)
    unsatisfied_forms: Mapped[int] = mapped_column(Integer)
    lapsed_forms: Mapped[int] = mapped_column(Integer)
    attitude_unsatisfied_forms: Mapped[int] = mapped_column(Integer)
    contacted: Mapped[int] = mapped_column(Integer)
    category_A: Mapped[int] = mapped_column(Integer)  # noqa: N815 - named as the figure
    category_B: Mapped[int] = mapped_column(Integer)  # noqa: N815
    category_C: Mapped[int] = mapped_column(Integer)  # noqa: N815
    category_D: Mapped[int] = mapped_column(Integer)  # noqa: N815
    # Late or overdue now, as for an assignment: the earliest of its assignments' deadlines.
    late_replies: Mapped[int] = mapped_column(Integer)
    unreplied_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    owing_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_ups_started: Mapped[int] = mapped_column(Integer)
    follow_ups_completed: Mapped[int] = mapped_column(Integer)
    implemented: Mapped[int] = mapped_column(Integer)
    partial: Mapped[int] = mapped_column(Integer)
    not_implemented: Mapped[int] = mapped_column(Integer)


def _covering(table) -> Index:
    """A year's figures read every row of its sessions, and the rows of one session lie
    scattered over the table (a platform's bodies file side by side): on PostgreSQL the
    session index carries every column, so the figures read the index alone."""
    others = [c.name for c in table.columns if c.name != "plenary_session_id"]
    return Index(f"ix_{table.name}_session", table.c.plenary_session_id, postgresql_include=others)


_covering(AssignmentFacts.__table__)
_covering(ProposalFacts.__table__)
