"""a session's one reply date for its 大会提案

Some offices (the national committee among them) give every proposal filed during the plenary
one date to be answered by, e.g. 8月31日, instead of three months from its assignment. Null
keeps the three months.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plenary_sessions") as table:
        table.add_column(sa.Column("reply_due_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plenary_sessions") as table:
        table.drop_column("reply_due_on")
