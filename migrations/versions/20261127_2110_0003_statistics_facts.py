"""assignment facts for the statistics

One narrow derived row per assignment (its replies', ratings' and contacts' dates and codes),
kept by the service as each transaction commits; filled here from the existing rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 21:10:00
"""

import sqlalchemy as sa
from alembic import op

import service.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    moment = service.db.UTCDateTime(timezone=True)
    op.create_table(
        "assignment_facts",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("due_at", moment, nullable=True),
        sa.Column("reply_due", moment, nullable=True),
        sa.Column("first_reply_at", moment, nullable=True),
        sa.Column("last_reply", sa.Integer(), nullable=True),
        sa.Column("last_form", sa.Integer(), nullable=True),
        sa.Column("contact_at", moment, nullable=True),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("assignment_id"),
    )
    op.create_index("ix_assignment_facts_proposal", "assignment_facts", ["proposal_id"])
    op.create_index("ix_assignment_facts_unit", "assignment_facts", ["unit_id", "proposal_id"])

    from service.statistics.facts import derivation
    from service.statistics.upkeep import derived_rows

    op.get_bind().execute(derived_rows(derivation()))


def downgrade() -> None:
    op.drop_index("ix_assignment_facts_unit", table_name="assignment_facts")
    op.drop_index("ix_assignment_facts_proposal", table_name="assignment_facts")
    op.drop_table("assignment_facts")
