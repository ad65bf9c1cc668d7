"""statistics facts carry the proposal's type and an attitude rated 不满意

The figures are broken down by type of proposal (个人、联名、集体) and count the forms that rate a
unit's attitude (办理态度) 不满意, which a 满意 result left unseen. Both facts tables carry the
proposal's `type`; an assignment's facts say whether its latest form rated the attitude
不满意, and a proposal's facts count those forms. Every fact is derived anew from the rows.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

ADDED = {
    "assignment_facts": [
        sa.Column("type", sa.String(length=20), nullable=False, server_default="individual"),
        sa.Column("attitude_unsatisfied", sa.Boolean(), nullable=False, server_default=sa.false()),
    ],
    "proposal_facts": [
        sa.Column("type", sa.String(length=20), nullable=False, server_default="individual"),
        sa.Column("attitude_unsatisfied_forms", sa.Integer(), nullable=False, server_default="0"),
    ],
}
# What each session index carries on PostgreSQL (index-only scans of a year's figures), before.
BEFORE = {
    "assignment_facts": [
        "assignment_id", "proposal_id", "unit_id", "category", "sector", "answering",
        "assisting", "opinion", "returned", "replied", "on_time", "late_reply", "rated",
        "satisfied", "unsatisfied", "lapsed", "contacted", "reply_category", "owing_due",
        "unreplied_due",
    ],
    "proposal_facts": [
        "proposal_id", "category", "sector", "lead_proposer_id", "state", "disposition",
        "accepted", "replied", "assignments", "returned_assignments", "answers", "rated_forms",
        "satisfied_forms", "unsatisfied_forms", "lapsed_forms", "contacted", "category_A",
        "category_B", "category_C", "category_D", "late_replies", "unreplied_due", "owing_due",
        "follow_ups_started", "follow_ups_completed", "implemented", "partial",
        "not_implemented",
    ],
}


def _session_index(table: str, include: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no INCLUDE; its plain index stays as it is
    name = f"ix_{table}_session"
    op.drop_index(name, table_name=table)
    op.create_index(name, table, ["plenary_session_id"], postgresql_include=include)


def upgrade() -> None:
    for table, columns in ADDED.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.add_column(column)
        _session_index(table, BEFORE[table] + [c.name for c in columns])

    from sqlalchemy.orm import Session

    from service.statistics.upkeep import refill_when_current

    refill_when_current(Session(bind=op.get_bind()))


def downgrade() -> None:
    for table, columns in ADDED.items():
        _session_index(table, BEFORE[table])
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column.name)
