"""a document says why it was left unsigned, and a long render how far it has got

With 电子签章 configured, a notice rendered while the certificate could not be used (missing,
wrong password, expired) is kept unsigned; the reason stays with it for the office to see. A
汇编 of hundreds of proposals renders for minutes; its progress is kept beside it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 17:30:00
"""

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("unsigned_reason", sa.String(length=200), nullable=True))
    op.create_table(
        "document_progress",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_progress_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_progress")),
    )


def downgrade() -> None:
    op.drop_table("document_progress")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("unsigned_reason")
