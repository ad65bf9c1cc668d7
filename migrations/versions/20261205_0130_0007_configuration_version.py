"""settings and calendar entries carry a version

Every change of a setting or a calendar entry writes a new version into this one-row table, so
a process may keep them between requests and check them current with the request's first query.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 01:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "configuration_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_configuration_version")),
    )
    op.bulk_insert(table, [{"id": 1, "version": "initial"}])


def downgrade() -> None:
    op.drop_table("configuration_version")
