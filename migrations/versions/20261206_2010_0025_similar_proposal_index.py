"""the similar-proposal index: each filed proposal's words and their weights

`search_terms` holds one row per word of each filed proposal (not drafts), read by word, heaviest
first, when a member writing a proposal or the office merging them looks for similar ones. It is filled here
for the proposals already filed.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 20:10:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_terms",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=32), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_search_terms_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("proposal_id", "term", name=op.f("pk_search_terms")),
    )
    op.create_index(
        "ix_search_terms_term_weight", "search_terms", ["term", "weight", "proposal_id"]
    )
    from service.search.upkeep import rebuild_when_current

    rebuild_when_current(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_index("ix_search_terms_term_weight", table_name="search_terms")
    op.drop_table("search_terms")
