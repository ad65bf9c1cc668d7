"""A proposal (提案), its co-signers (联名人) and its follow-ups (回头看)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base, UTCDateTime
from service.models.people import Organisation, User
from service.models.plenary import PlenarySession

if TYPE_CHECKING:
    from service.models.assignment import Assignment, Commitment, Rating
    from service.models.transfer import Transfer

BODY_PARTS = (("background", "背景情况"), ("analysis", "问题分析"), ("suggestions", "具体建议"))


class Proposal(Base):
    __tablename__ = "proposals"
    __workflow__ = "proposal"
    __table_args__ = (
        UniqueConstraint("plenary_session_id", "number"),
        ForeignKeyConstraint(
            ["body_id", "plenary_session_id"], ["plenary_sessions.body_id", "plenary_sessions.id"]
        ),
        # The page that files a proposal carries a one-time token: sent twice (back and submit
        # again, a double click), it finds the proposal the first sending filed.
        UniqueConstraint("lead_proposer_id", "form_token"),
        # A body's proposals newest first (the lists' first page) read from the index, however
        # many newer proposals the other bodies of the platform filed.
        Index("ix_proposals_body_id", "body_id", "id"),
        # The working lists filter a year's proposals by these; one session's rows lie scattered
        # over the table, so on PostgreSQL the index carries them and the heap is not read.
        Index(
            "ix_proposals_plenary_session_id",
            "plenary_session_id",
            postgresql_include=["submitted_at", "category", "sector", "key", "state"],
        ),
        # The public window (提案公开) lists published proposals newest first; only they are in
        # this index, so a page of it reads a few index entries whatever the table's size, and
        # its filters, its count and its search of titles read the index alone (not the rows
        # with their long texts).
        Index(
            "ix_proposals_published",
            "published_at",
            "id",
            "plenary_session_id",
            "category",
            "title",
            sqlite_where=text("published_at IS NOT NULL"),
            postgresql_where=text("published_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The body it is filed with: its lead proposer's, and its session's.
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    plenary_session_id: Mapped[int] = mapped_column(ForeignKey("plenary_sessions.id"))
    number: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str | None] = mapped_column("body", Text)
    background: Mapped[str | None] = mapped_column(Text)
    analysis: Mapped[str | None] = mapped_column(Text)
    suggestions: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20), index=True)
    type: Mapped[str] = mapped_column(String(20), default="individual")
    sector: Mapped[str | None] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    lead_proposer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The organisation a collective proposal (集体提案) is filed for, by one of its contacts.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    key: Mapped[bool] = mapped_column(Boolean, default=False)
    key_leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    reason_code: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    disposition: Mapped[str | None] = mapped_column(String(20))
    # A withdrawal asked for after acceptance, waiting for the committee's decision.
    withdrawal_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    form_token: Mapped[str | None] = mapped_column(String(64))
    # `plenary` (大会提案) or `regular` (平时提案), fixed when the proposal is first submitted.
    filed_during: Mapped[str | None] = mapped_column(String(8))
    # Filed naming its session: it stays there when submitted instead of joining the current one.
    session_chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    # 公开: the proposer's consent, given when filing (or revising a draft), that the proposal
    # and its replies may be published; the committee publishes only with it.
    publish_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # When the committee published it (null: not public), and who did: the office's record,
    # never shown in the public window.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # 跨级转办: where a proposal another body sent here came from ({body_id, body_name,
    # proposal_id}), as it was when this body accepted it; null for one filed here.
    transferred_from: Mapped[dict | None] = mapped_column(JSON)

    __mapper_args__ = {"version_id_col": version}

    plenary_session: Mapped[PlenarySession] = relationship(
        foreign_keys=[plenary_session_id], lazy="joined"
    )
    lead_proposer: Mapped[User] = relationship(foreign_keys=[lead_proposer_id], lazy="joined")
    # The first supervising leader named, kept for the single-leader representation; every
    # leader who supervises is a row of `supervisors`.
    key_leader: Mapped[User | None] = relationship(foreign_keys=[key_leader_id])
    organisation: Mapped[Organisation | None] = relationship()
    supervisors: Mapped[list[ProposalSupervisor]] = relationship(
        order_by="ProposalSupervisor.id", cascade="all, delete-orphan"
    )
    cosigners: Mapped[list[CoSigner]] = relationship(
        back_populates="proposal", order_by="CoSigner.id", cascade="all, delete-orphan"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="proposal", order_by="Assignment.id"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(order_by="FollowUp.id")
    # What the units promised in their final replies, every round, in the order promised.
    commitments: Mapped[list[Commitment]] = relationship(order_by="Commitment.id")
    # Every rating of every assignment, read at once for the proposal's representation (one
    # query instead of one per assignment); written through each assignment's `ratings`.
    ratings: Mapped[list[Rating]] = relationship(order_by="Rating.id", viewonly=True)
    # 跨级转办: the transfers this proposal was sent to other bodies by.
    transfers: Mapped[list[Transfer]] = relationship(
        primaryjoin="Transfer.proposal_id == Proposal.id", order_by="Transfer.id", viewonly=True
    )

    @property
    def body(self) -> str:
        if self.body_text:
            return self.body_text
        return "\n\n".join(
            f"{label}\n{getattr(self, name)}" for name, label in BODY_PARTS if getattr(self, name)
        )

    @property
    def number_label(self) -> str | None:
        return None if self.number is None else f"第{self.number:04d}号"

    @property
    def supervisor_ids(self) -> list[int]:
        return [s.user_id for s in self.supervisors]

    @property
    def pending_cosigner_ids(self) -> set[int]:
        return {c.user_id for c in self.cosigners if c.status == "invited"}

    @property
    def awaiting_rating(self) -> list:
        """Replied lead/separate assignments whose latest reply has not been rated yet."""
        return [
            a
            for a in self.assignments
            if a.answers
            and a.state == "replied"
            and a.latest_reply is not None
            and not a.latest_reply_rated
        ]

    @property
    def proposer_ids(self) -> set[int]:
        return {self.lead_proposer_id} | {
            c.user_id for c in self.cosigners if c.status == "confirmed"
        }

    @property
    def follower_ids(self) -> set[int]:
        """Who is told of what happens to it: its proposers and, for a collective proposal,
        every contact of its organisation."""
        contacts = self.organisation.contact_ids if self.organisation else set()
        return self.proposer_ids | contacts

    @property
    def open_commitments(self) -> list[Commitment]:
        """The commitments of every round that no 回头看 has settled yet, or found partly done."""
        if self.state == "withdrawn":
            return []
        return [c for c in self.commitments if c.is_open]

    @property
    def has_open_commitments(self) -> bool:
        """What 回头看 checks: an open commitment, or a B or C reply that promised nothing dated."""
        return bool(self.open_commitments) or any(
            a.answers
            and a.state not in ("returned", "withdrawn")
            and a.latest_reply is not None
            and a.latest_reply.promises_nothing_dated
            for a in self.assignments
        )

    @property
    def next_follow_up_on(self) -> date | None:
        """The day 回头看 is due next: the earliest date an open commitment is to be looked at;
        without commitments, the date the latest 回头看 set when it found the reply partly
        carried out."""
        days = [c.next_look_on for c in self.open_commitments if c.next_look_on is not None]
        if not self.open_commitments and self.follow_ups:
            latest = self.follow_ups[-1]
            if latest.outcome == "partial" and latest.next_due_on is not None:
                days.append(latest.next_due_on)
        return min(days, default=None)


class ProposalSupervisor(Base):
    """A leader supervising a key proposal (重点提案督办领导); a proposal may have several."""

    __tablename__ = "proposal_supervisors"
    __body_from__ = "proposal_id"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class CoSigner(Base):
    """A member invited to co-sign; `via` is `merge` when they joined through 并案. `status` is
    invited, confirmed, declined, or lapsed (no answer by the co-signing deadline)."""

    # Who turned the invitation down or let it lapse is no co-signer and no longer reads it.
    LEFT_OUT = ("declined", "lapsed")

    __tablename__ = "cosigners"
    __body_from__ = "proposal_id"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="invited")
    via: Mapped[str] = mapped_column(String(16), default="invitation")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal: Mapped[Proposal] = relationship(back_populates="cosigners")
    user: Mapped[User] = relationship(lazy="joined")


class FollowUp(Base):
    """One 回头看: when it began, what the committee found. `commitments` lists those it checked
    as they stood when it began ({id, unit, round, text, due_date}), each with what it found
    once complete (outcome, next_follow_up, note); `outcome` sums them up: not_implemented when
    any was not carried out, partial when any stays open, else implemented."""

    __tablename__ = "follow_ups"
    __body_from__ = "proposal_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))
    findings: Mapped[str | None] = mapped_column(Text)
    next_due_on: Mapped[date | None] = mapped_column(Date)
    commitments: Mapped[list] = mapped_column(JSON, default=list)
