"""The outbox of deliveries: one row per notification, channel and address, written with the
notification and sent by the delivery sender (service/jobs/delivery_sender.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, UTCDateTime


class Delivery(Base):
    """One message to one address: `pending` until sent (`sent`), or `failed` after its last
    retry until an administrator retries it. The text is fixed when the event happens."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("notification_id", "channel", "address"),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The body whose message it is: its administrator sees and resends it.
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    # None for a unit's daily digest, which is about many proposals.
    notification_id: Mapped[int | None] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), index=True
    )
    # A digest's (unit, day, channel, address): each is queued once a day, whoever queues it.
    digest_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(16))  # email | webhook | sms
    address: Mapped[str] = mapped_column(String(500))
    # The robot's kind for a webhook (wecom | dingtalk | generic).
    robot_kind: Mapped[str | None] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A sender's claim: while it is fresh no other sender takes the row; a claim left by a
    # sender that died is taken over once it is older than the sender's lease.
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
