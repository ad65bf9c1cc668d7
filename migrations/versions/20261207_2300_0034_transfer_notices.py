"""a notice may lead to a 跨级转办: the receiving body's committee is told of a transfer

The receiving committee could see a transfer waiting only on its workbench; it now gets a notice
in its own inbox (and its channels), which leads to the transfer, not to the sending body's
proposal it may not open.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07 23:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as table:
        table.add_column(sa.Column("transfer_id", sa.Integer(), nullable=True))
        table.create_foreign_key(
            op.f("fk_notifications_transfer_id_transfers"), "transfers", ["transfer_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("notifications") as table:
        table.drop_constraint(op.f("fk_notifications_transfer_id_transfers"), type_="foreignkey")
        table.drop_column("transfer_id")
