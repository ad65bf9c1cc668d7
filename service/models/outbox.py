"""Outbox rows the events write: documents to render and notifications to show."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base, UTCDateTime

if TYPE_CHECKING:
    from service.models.transfer import Transfer


class Document(Base):
    """A PDF notice: written `pending` with the snapshot it is rendered from, then `ready`.
    Office-wide reports (the annual report) belong to no proposal."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_pending", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The body whose document it is (its proposal's, or the office's that asked for a report).
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    sha256: Mapped[str | None] = mapped_column(String(64))
    # Relative to DOCUMENTS_DIR; the file is written once and checked against sha256 on reading.
    file_name: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when 电子签章 is configured but this PDF was left unsigned: why (for the office).
    unsigned_reason: Mapped[str | None] = mapped_column(String(200))


class DocumentProgress(Base):
    """How far a long render (a 汇编 of hundreds of proposals) has got. Written by the worker in
    transactions of its own while the document's row stays locked by the render, so that the
    office's page can show the figure."""

    __tablename__ = "document_progress"
    __body_from__ = "document_id"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its document's
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Notification(Base):
    """A message for one user, or for everyone of a unit or a role, about one proposal."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Its proposal's body (a transfer's receiving body for that committee's notice): a notice
    # to a role goes to that role's people of this body only.
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(16))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    # A receiving body's notice of a 跨级转办 leads to the transfer: the proposal is the sender's.
    transfer_id: Mapped[int | None] = mapped_column(ForeignKey("transfers.id"))
    event: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    transfer: Mapped[Transfer | None] = relationship()


class NotificationRead(Base):
    """When one person read a notification: a unit's or a role's notice is read by each of its
    people on their own."""

    __tablename__ = "notification_reads"
    __body_from__ = "notification_id"

    notification_id: Mapped[int] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), primary_key=True
    )
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))  # its notification's
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime)
