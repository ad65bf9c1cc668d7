"""Notifications leave the service: an outbox of deliveries, units' group robots, people's
addresses, calendar feeds

Each notification is also delivered by mail, group robot or SMS: one `deliveries` row per
(notification, channel, address), written with the notification, and the units' daily digests of their deadlines. Units get their robot
(`webhook_url`, `webhook_kind`); users get `calendar_generation`, bumped to revoke their
iCalendar feed's address (their `email` and `phone` came with migration 0019).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 17:30:00
"""

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "notification_id",
            sa.Integer(),
            sa.ForeignKey("notifications.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("digest_key", sa.String(200), nullable=True, unique=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.String(500), nullable=False),
        sa.Column("robot_kind", sa.String(16), nullable=True),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("link", sa.String(500), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(32), nullable=True),
        sa.Column("claimed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", UTCDateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("notification_id", "channel", "address"),
    )
    op.create_index("ix_deliveries_due", "deliveries", ["status", "next_attempt_at"])
    op.create_index("ix_deliveries_notification_id", "deliveries", ["notification_id"])
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("webhook_url", sa.String(500), nullable=True))
        batch.add_column(sa.Column("webhook_kind", sa.String(16), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("calendar_generation", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("calendar_generation")
    with op.batch_alter_table("units") as batch:
        batch.drop_column("webhook_kind")
        batch.drop_column("webhook_url")
    op.drop_index("ix_deliveries_notification_id", table_name="deliveries")
    op.drop_index("ix_deliveries_due", table_name="deliveries")
    op.drop_table("deliveries")
