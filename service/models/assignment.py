"""An assignment to one handling unit (交办), and what the unit writes while handling it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base, UTCDateTime
from service.models.people import Unit
from service.models.proposal import Proposal

FOLLOW_UP_CATEGORIES = ("B", "C")


class Assignment(Base):
    __tablename__ = "assignments"
    __body_from__ = "proposal_id"
    __workflow__ = "assignment"
    # The unit is the assignment's body's: the database refuses another body's.
    __table_args__ = (
        ForeignKeyConstraint(["body_id", "unit_id"], ["units.body_id", "units.id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(20), index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # Re-handled after an unsatisfied rating (allowed once); `round` counts handling rounds.
    rehandled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Unsatisfied again after re-handling: this unit's answer goes to 当面协商, even while another
    # unit of the proposal re-handles first.
    consultation_due: Mapped[bool] = mapped_column(Boolean, default=False)
    round: Mapped[int] = mapped_column(Integer, default=1)
    contact_waived: Mapped[bool] = mapped_column(Boolean, default=False)
    return_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_on: Mapped[date | None] = mapped_column(Date)
    reply_limit_on: Mapped[date | None] = mapped_column(Date)
    reassigned_from_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}

    proposal: Mapped[Proposal] = relationship(back_populates="assignments")

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id], lazy="joined")
    replies: Mapped[list[Reply]] = relationship(order_by="Reply.id")
    contacts: Mapped[list[Contact]] = relationship(order_by="Contact.id")
    extensions: Mapped[list[ExtensionRequest]] = relationship(order_by="ExtensionRequest.id")
    ratings: Mapped[list[Rating]] = relationship(order_by="Rating.id")

    @property
    def answers(self) -> bool:
        return self.role in ("lead", "separate")

    @property
    def latest_reply(self) -> Reply | None:
        return next((r for r in reversed(self.replies) if r.kind == "reply"), None)

    @property
    def latest_reply_rated(self) -> bool:
        reply = self.latest_reply
        return reply is not None and any(
            r.round == reply.round and not r.cosigner for r in self.ratings
        )

    @property
    def has_contact(self) -> bool:
        return any(c.status != "denied" for c in self.contacts)

    @property
    def pending_extension(self) -> ExtensionRequest | None:
        return next((e for e in self.extensions if e.status == "pending"), None)

    @property
    def awaited_opinions(self) -> list[Assignment]:
        """Assisting units of the same proposal whose opinion the lead unit still waits for."""
        return [
            a
            for a in self.proposal.assignments
            if a.role == "assisting" and a.state not in ("replied", "returned")
        ]


class Reply(Base):
    """A unit's written answer: the 答复 of a lead/separate unit or an assisting unit's 会办意见."""

    __tablename__ = "replies"
    __body_from__ = "assignment_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its assignment's
    kind: Mapped[str] = mapped_column(String(16))
    round: Mapped[int] = mapped_column(Integer, default=1)
    category: Mapped[str | None] = mapped_column(String(4))
    unit_category: Mapped[str | None] = mapped_column(String(4))
    body: Mapped[str] = mapped_column(Text)
    signed_by: Mapped[str | None] = mapped_column(String(64))
    document_number: Mapped[str | None] = mapped_column(String(40))
    contact_name: Mapped[str | None] = mapped_column(String(64))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    commitments: Mapped[list] = mapped_column(JSON, default=list)
    # A B or C reply without commitments says why none can be given.
    no_commitment_reason: Mapped[str | None] = mapped_column(Text)
    # `in_review` while the committee checks it, `returned` if sent back; members read `final`.
    status: Mapped[str] = mapped_column(String(16), default="final")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def promises_nothing_dated(self) -> bool:
        """A final B or C reply that gave a reason instead of dated commitments: 回头看 still
        looks at it, as a whole."""
        return (
            self.kind == "reply"
            and self.status == "final"
            and self.category in FOLLOW_UP_CATEGORIES
            and not self.commitments
        )


class Commitment(Base):
    """承诺事项: one dated measure a unit promised in a final reply, tracked until a 回头看
    settles it. The reply keeps its own words (`Reply.commitments`, what its letter printed);
    this row is what 回头看 checks: never checked (`outcome` None), found partly done
    (`partial`, looked at again on `next_due_on`: still open), done (`implemented`) or not done
    (`not_implemented`: the unit handles the proposal again, 督办)."""

    __tablename__ = "commitments"
    __body_from__ = "proposal_id"

    OPEN_OUTCOMES = (None, "partial")

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id"), index=True)
    # The handling round of the reply, and the commitment's place in it (from 1).
    round: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # Always given through the service; None only for a measure an old record left undated.
    due_date: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    next_due_on: Mapped[date | None] = mapped_column(Date)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignment: Mapped[Assignment] = relationship()
    reply: Mapped[Reply] = relationship()

    @property
    def is_open(self) -> bool:
        return self.outcome in self.OPEN_OUTCOMES

    @property
    def next_look_on(self) -> date | None:
        """When 回头看 looks at it next: its due date, or the date set when found partly done
        (none for one settled `partial` before a date was required)."""
        return self.next_due_on if self.outcome == "partial" else self.due_date


class Contact(Base):
    """办前沟通: a contact with the proposer that the unit logged, and whether they confirmed it."""

    __tablename__ = "contacts"
    __body_from__ = "assignment_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its assignment's
    method: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="logged")
    logged_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExtensionRequest(Base):
    """A unit's request to reply later than its deadline, and the committee's decision."""

    __tablename__ = "extension_requests"
    __body_from__ = "assignment_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its assignment's
    until: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decision_reason: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Rating(Base):
    """满意度测评 of one reply: by the proposer, by committee staff from a paper form (`proxy`),
    or recorded as 未反馈 (`lapsed`) when nobody rated in time."""

    __tablename__ = "ratings"
    __body_from__ = "proposal_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proxy: Mapped[bool] = mapped_column(Boolean, default=False)
    lapsed: Mapped[bool] = mapped_column(Boolean, default=False)
    # A co-signer's own rating: recorded and shown, but the proposer's rating decides.
    cosigner: Mapped[bool] = mapped_column(Boolean, default=False)
    attitude: Mapped[str | None] = mapped_column(String(24))
    result: Mapped[str | None] = mapped_column(String(24))
    contacted: Mapped[str | None] = mapped_column(String(200))
    on_point: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
