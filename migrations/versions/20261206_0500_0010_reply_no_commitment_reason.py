"""replies may say why no commitment can be given

A B or C reply (正在解决 / 以后解决) promises measures with their dates, or states why it cannot
(DOMAIN.md "Rules made precise after the first review"); the reason is kept with the reply and
printed in its letter.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("replies", sa.Column("no_commitment_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("replies") as batch:
        batch.drop_column("no_commitment_reason")
