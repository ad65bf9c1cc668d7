"""plenary sessions carry their closing day and the cut-off of 大会提案; proposals keep when
they were filed

A session now has `closes_on` and `plenary_until` (proposals submitted by the end of that day
are 大会提案). A proposal keeps `filed_during` (`plenary` or `regular`), fixed at its first
submission, and `session_chosen` when it was filed naming its session. Proposals submitted
before this had no cut-off to be measured against: they count as 平时提案 (`regular`).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 18:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plenary_sessions") as batch:
        batch.add_column(sa.Column("closes_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("plenary_until", sa.Date(), nullable=True))
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("filed_during", sa.String(length=8), nullable=True))
        batch.add_column(
            sa.Column("session_chosen", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE proposals SET filed_during = 'regular' WHERE state <> 'draft'")


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("session_chosen")
        batch.drop_column("filed_during")
    with op.batch_alter_table("plenary_sessions") as batch:
        batch.drop_column("plenary_until")
        batch.drop_column("closes_on")
