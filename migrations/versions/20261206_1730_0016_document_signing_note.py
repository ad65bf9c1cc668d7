"""a document says why it was left unsigned

With 电子签章 configured, a notice rendered while the certificate could not be used (missing,
wrong password, expired) is kept unsigned; the reason stays with it for the office to see.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 17:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("unsigned_reason", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("unsigned_reason")
