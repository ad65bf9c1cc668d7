"""statistics facts

One narrow derived row per assignment (the flags the figures count, decided from its replies,
ratings and contacts) and per submitted proposal (sums over its assignments and 回头看), kept by
the service as each transaction commits; filled here from the existing rows.

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
    op.create_table(
        "proposal_facts",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("plenary_session_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("sector", sa.String(length=64), nullable=True),
        sa.Column("lead_proposer_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("disposition", sa.String(length=20), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("replied", sa.Boolean(), nullable=False),
        sa.Column("assignments", sa.Integer(), nullable=False),
        sa.Column("returned_assignments", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("rated_forms", sa.Integer(), nullable=False),
        sa.Column("satisfied_forms", sa.Integer(), nullable=False),
        sa.Column("unsatisfied_forms", sa.Integer(), nullable=False),
        sa.Column("lapsed_forms", sa.Integer(), nullable=False),
        sa.Column("contacted", sa.Integer(), nullable=False),
        sa.Column("category_A", sa.Integer(), nullable=False),
        sa.Column("category_B", sa.Integer(), nullable=False),
        sa.Column("category_C", sa.Integer(), nullable=False),
        sa.Column("category_D", sa.Integer(), nullable=False),
        sa.Column("late_replies", sa.Integer(), nullable=False),
        sa.Column("unreplied_due", service.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("owing_due", service.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("follow_ups_started", sa.Integer(), nullable=False),
        sa.Column("follow_ups_completed", sa.Integer(), nullable=False),
        sa.Column("implemented", sa.Integer(), nullable=False),
        sa.Column("partial", sa.Integer(), nullable=False),
        sa.Column("not_implemented", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_facts_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("proposal_id", name=op.f("pk_proposal_facts")),
    )
    op.create_index(
        "ix_proposal_facts_session",
        "proposal_facts",
        ["plenary_session_id"],
        unique=False,
        postgresql_include=[
            "proposal_id",
            "category",
            "sector",
            "lead_proposer_id",
            "state",
            "disposition",
            "accepted",
            "replied",
            "assignments",
            "returned_assignments",
            "answers",
            "rated_forms",
            "satisfied_forms",
            "unsatisfied_forms",
            "lapsed_forms",
            "contacted",
            "category_A",
            "category_B",
            "category_C",
            "category_D",
            "late_replies",
            "unreplied_due",
            "owing_due",
            "follow_ups_started",
            "follow_ups_completed",
            "implemented",
            "partial",
            "not_implemented",
        ],
    )
    op.create_table(
        "assignment_facts",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("plenary_session_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("sector", sa.String(length=64), nullable=True),
        sa.Column("answering", sa.Boolean(), nullable=False),
        sa.Column("assisting", sa.Boolean(), nullable=False),
        sa.Column("opinion", sa.Boolean(), nullable=False),
        sa.Column("returned", sa.Boolean(), nullable=False),
        sa.Column("replied", sa.Boolean(), nullable=False),
        sa.Column("on_time", sa.Boolean(), nullable=False),
        sa.Column("late_reply", sa.Boolean(), nullable=False),
        sa.Column("rated", sa.Boolean(), nullable=False),
        sa.Column("satisfied", sa.Boolean(), nullable=False),
        sa.Column("unsatisfied", sa.Boolean(), nullable=False),
        sa.Column("lapsed", sa.Boolean(), nullable=False),
        sa.Column("contacted", sa.Boolean(), nullable=False),
        sa.Column("reply_category", sa.String(length=4), nullable=True),
        sa.Column("owing_due", service.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("unreplied_due", service.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_assignment_facts_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assignment_id", name=op.f("pk_assignment_facts")),
    )
    op.create_index(
        "ix_assignment_facts_proposal", "assignment_facts", ["proposal_id"], unique=False
    )
    op.create_index(
        "ix_assignment_facts_session",
        "assignment_facts",
        ["plenary_session_id"],
        unique=False,
        postgresql_include=[
            "assignment_id",
            "proposal_id",
            "unit_id",
            "category",
            "sector",
            "answering",
            "assisting",
            "opinion",
            "returned",
            "replied",
            "on_time",
            "late_reply",
            "rated",
            "satisfied",
            "unsatisfied",
            "lapsed",
            "contacted",
            "reply_category",
            "owing_due",
            "unreplied_due",
        ],
    )
    op.create_index(
        "ix_assignment_facts_unit", "assignment_facts", ["unit_id", "proposal_id"], unique=False
    )

    from sqlalchemy.orm import Session

    from service.statistics.upkeep import refill_when_current

    # Derived with today's code: only once the tables have today's columns (else a later
    # migration that adds them fills them).
    refill_when_current(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_table("proposal_facts")
    op.drop_table("assignment_facts")
