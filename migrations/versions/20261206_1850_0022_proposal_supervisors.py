"""a key proposal may have several supervising leaders

A 重点提案 had one supervising leader (`proposals.key_leader_id`); in practice a proposal of
wide concern is supervised by several (a vice-chair of the CPPCC and a deputy mayor). Each
supervising leader is now a row of `proposal_supervisors`; the leader each key proposal
already has becomes its first row, dated when the proposal was last changed.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 17:20:00
"""

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal_supervisors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_supervisors_proposal_id_proposals"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_proposal_supervisors_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_supervisors")),
        sa.UniqueConstraint(
            "proposal_id", "user_id", name=op.f("uq_proposal_supervisors_proposal_id")
        ),
    )
    for name in ("proposal_id", "user_id"):
        op.create_index(
            op.f(f"ix_proposal_supervisors_{name}"), "proposal_supervisors", [name], unique=False
        )
    op.execute(
        "INSERT INTO proposal_supervisors (proposal_id, user_id, created_at) "
        "SELECT id, key_leader_id, updated_at FROM proposals "
        "WHERE key_leader_id IS NOT NULL ORDER BY id"
    )


def downgrade() -> None:
    for name in ("user_id", "proposal_id"):
        op.drop_index(op.f(f"ix_proposal_supervisors_{name}"), table_name="proposal_supervisors")
    op.drop_table("proposal_supervisors")
