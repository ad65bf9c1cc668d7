"""replies carry the unit's own letter number (文号)

A unit's 答复函 is one of its own documents and bears its own number (e.g. 杭交函〔2026〕15号);
the reply may now give it, and the letter prints it where it printed the proposal's number.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 17:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("replies", sa.Column("document_number", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("replies") as batch:
        batch.drop_column("document_number")
