"""the page that files a proposal carries a one-time token

Going back and submitting the form again filed a second, identical proposal. The token the form
carries is kept with the proposal it filed, once per lead proposer, so the same form sent twice
finds the first.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("form_token", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(
            batch.f("uq_proposals_lead_proposer_id"), ["lead_proposer_id", "form_token"]
        )


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_constraint(batch.f("uq_proposals_lead_proposer_id"), type_="unique")
        batch.drop_column("form_token")
