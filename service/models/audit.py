"""The audit history: one record per event, written by the engine in the event's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, UTCDateTime

SYSTEM_ACTOR = "system"


class AuditRecord(Base):
    __tablename__ = "audit_records"
    __body_from__ = "proposal_id"
    __table_args__ = (
        Index("ix_audit_records_proposal_order", "proposal_id", "id"),
        Index(
            "ix_audit_records_unsealed",
            "id",
            postgresql_where=text("hash IS NULL"),
            sqlite_where=text("hash IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its proposal's
    workflow: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # SHA-256 over this record and the previous record's hash of the same proposal, set when the
    # event's transaction commits; a changed or removed record breaks the chain.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))

    @property
    def subject(self) -> str:
        return f"{self.workflow}:{self.subject_id}"
