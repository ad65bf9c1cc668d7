"""a year is known when an administrator marks its holidays as published

A year the statutory calendar package does not know counted as known as soon as any one
administrator entry of that year existed, so one holiday typed in early made every deadline of
the year firm. Each year now has a switch an administrator sets once all of its holidays are
entered. No year is marked here: entries made so far still count, and an administrator publishes
their year once it is complete.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 05:30:00
"""

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("changed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_calendar_years_changed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_years")),
    )


def downgrade() -> None:
    op.drop_table("calendar_years")
