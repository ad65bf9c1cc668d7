"""office-wide documents

The annual report goes through the document outbox but belongs to no proposal, so a document's
proposal becomes optional.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("proposal_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM documents WHERE proposal_id IS NULL")
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("proposal_id", existing_type=sa.Integer(), nullable=False)
