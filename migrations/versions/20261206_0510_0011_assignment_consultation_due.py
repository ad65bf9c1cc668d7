"""an assignment remembers that its answer goes to 当面协商

With two 分办 units, one may be rated 不满意 a second time (→ 当面协商) while the other re-handles
first; the first unit's consultation is kept on its assignment until it is recorded.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 05:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "assignments",
        sa.Column("consultation_due", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("assignments") as batch:
        batch.drop_column("consultation_due")
