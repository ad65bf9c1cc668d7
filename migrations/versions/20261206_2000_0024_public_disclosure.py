"""the public window (提案公开): consent, publication, its generation and rate limit

Proposals get `publish_consent` (the proposer's consent given when filing; false for every
proposal filed so far, since nobody was asked), `published_at` and `published_by_id` (set by
the committee's `publish`, cleared by `unpublish`), and a partial index of the published ones in
the order the public list shows them, carrying the columns its filters, count and title search
read. `public_window` holds the publication generation every
instance reads to drop its cached public pages; `public_throttles` counts each address's
requests to the public window (in the database: several workers count together).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 20:00:00
"""

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

PUBLISHED = sa.text("published_at IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(
            sa.Column("publish_consent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("published_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("published_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_proposals_published_by_id_users"), "users", ["published_by_id"], ["id"]
        )
    op.create_index(
        "ix_proposals_published",
        "proposals",
        ["published_at", "id", "plenary_session_id", "category", "title"],
        sqlite_where=PUBLISHED,
        postgresql_where=PUBLISHED,
    )
    op.create_table(
        "public_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_window")),
    )
    op.create_table(
        "public_throttles",
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("window_started_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("address", name=op.f("pk_public_throttles")),
    )
    op.create_index(
        op.f("ix_public_throttles_window_started_at"), "public_throttles", ["window_started_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_public_throttles_window_started_at"), table_name="public_throttles")
    op.drop_table("public_throttles")
    op.drop_table("public_window")
    op.drop_index("ix_proposals_published", table_name="proposals")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_constraint(op.f("fk_proposals_published_by_id_users"), type_="foreignkey")
        batch.drop_column("published_by_id")
        batch.drop_column("published_at")
        batch.drop_column("publish_consent")
