"""A 跨级转办 between two bodies: the sender's proposal, the text as it was sent, and — once the
receiver accepts — the receiver's own proposal filed from that text."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base, UTCDateTime
from service.models.body import Body

if TYPE_CHECKING:
    from service.models.proposal import Proposal


class Transfer(Base):
    __tablename__ = "transfers"
    __workflow__ = "transfer"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    from_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    to_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # The proposal as it was sent (案由, 正文, its proposers' names and sectors): what the
    # receiver reads before deciding and files from when it accepts.
    snapshot: Mapped[dict] = mapped_column(JSON)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    received_proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}

    proposal: Mapped[Proposal] = relationship(foreign_keys=[proposal_id])
    received_proposal: Mapped[Proposal | None] = relationship(foreign_keys=[received_proposal_id])
    from_body: Mapped[Body] = relationship(foreign_keys=[from_body_id], lazy="joined")
    to_body: Mapped[Body] = relationship(foreign_keys=[to_body_id], lazy="joined")

    @property
    def body_id(self) -> int:
        """The body whose workflow this is: the receiver decides, under its own settings."""
        return self.to_body_id
