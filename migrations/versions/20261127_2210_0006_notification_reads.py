"""notifications are read by each person on their own

A notice to a unit or a role was marked read for everyone once one person opened it. Reads are
now kept per person; what was read before stays read for everyone it was addressed to.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 22:10:00
"""

import sqlalchemy as sa
from alembic import op

import service.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification_reads",
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("read_at", service.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notifications.id"],
            name=op.f("fk_notification_reads_notification_id_notifications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notification_reads_user_id_users")
        ),
        sa.PrimaryKeyConstraint("notification_id", "user_id", name=op.f("pk_notification_reads")),
    )
    op.execute(
        "INSERT INTO notification_reads (notification_id, user_id, read_at) "
        "SELECT n.id, u.id, n.read_at FROM notifications n JOIN users u "
        "ON u.id = n.user_id OR u.role = n.role OR u.unit_id = n.unit_id "
        "WHERE n.read_at IS NOT NULL"
    )
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("read_at")


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(
            sa.Column("read_at", service.db.UTCDateTime(timezone=True), nullable=True)
        )
    op.execute(
        "UPDATE notifications SET read_at = (SELECT min(r.read_at) FROM notification_reads r "
        "WHERE r.notification_id = notifications.id)"
    )
    op.drop_table("notification_reads")
