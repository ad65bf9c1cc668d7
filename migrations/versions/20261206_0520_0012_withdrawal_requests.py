"""a withdrawal asked for after acceptance waits for the committee

Withdrawing an accepted proposal needs the committee's approval (request_withdrawal →
approve_withdrawal / deny_withdrawal); the proposal keeps the pending request and its reason.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 05:20:00
"""

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "proposals", sa.Column("withdrawal_requested_at", UTCDateTime(timezone=True), nullable=True)
    )
    op.add_column("proposals", sa.Column("withdrawal_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("withdrawal_reason")
        batch.drop_column("withdrawal_requested_at")
