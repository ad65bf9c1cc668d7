"""A file someone attached to a proposal (附件): the member's material, a unit's sealed reply or
minutes, the evidence of 回头看. The bytes live under DOCUMENTS_DIR, named by their SHA-256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base, UTCDateTime
from service.models.assignment import Assignment
from service.models.people import User


class Attachment(Base):
    __tablename__ = "attachments"
    __body_from__ = "proposal_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    # Tied to one unit's assignment, it is that unit's and never shown to the other units.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The name as the uploader's computer called it, Chinese and all; only shown, never a path.
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Relative to DOCUMENTS_DIR; one file per content, shared by uploads of the same bytes.
    file_name: Mapped[str] = mapped_column(String(200))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    uploaded_by: Mapped[User] = relationship(lazy="joined")
    assignment: Mapped[Assignment | None] = relationship()
