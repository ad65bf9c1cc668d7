"""attachments (附件) to proposals and assignments

Members attach material to a draft, units their sealed reply and the minutes of a consultation,
the office the evidence of 回头看. Each row names a file stored under DOCUMENTS_DIR by its
SHA-256; the bytes themselves are not in the database.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 17:20:00
"""

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_attachments_assignment_id_assignments"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_attachments_proposal_id_proposals")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_attachments_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    for name in ("proposal_id", "assignment_id"):
        op.create_index(op.f(f"ix_attachments_{name}"), "attachments", [name], unique=False)


def downgrade() -> None:
    for name in ("assignment_id", "proposal_id"):
        op.drop_index(op.f(f"ix_attachments_{name}"), table_name="attachments")
    op.drop_table("attachments")
