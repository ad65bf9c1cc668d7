"""transfers (跨级转办): a proposal sent by one body's committee to another body

Each row holds the sender's proposal, the two bodies, the reason, the text as it was sent, the
transfer's own state and version, and the receiver's proposal once it accepts; that proposal
keeps where it came from in `proposals.transferred_from`.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 01:00:00
"""

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("from_body_id", sa.Integer(), nullable=False),
        sa.Column("to_body_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("received_proposal_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_transfers_proposal_id_proposals")
        ),
        sa.ForeignKeyConstraint(
            ["from_body_id"], ["bodies.id"], name=op.f("fk_transfers_from_body_id_bodies")
        ),
        sa.ForeignKeyConstraint(
            ["to_body_id"], ["bodies.id"], name=op.f("fk_transfers_to_body_id_bodies")
        ),
        sa.ForeignKeyConstraint(
            ["received_proposal_id"],
            ["proposals.id"],
            name=op.f("fk_transfers_received_proposal_id_proposals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers")),
    )
    for column in ("proposal_id", "from_body_id", "to_body_id", "received_proposal_id"):
        op.create_index(op.f(f"ix_transfers_{column}"), "transfers", [column])
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("transferred_from", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("transferred_from")
    op.drop_table("transfers")
