"""organisations that file collective proposals (集体提案)

A democratic party's city committee, a people's organisation, a 界别 or a special committee files
proposals in its own name through the members named its contacts; a collective proposal names
the organisation, and its notices and reply letters are written to it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 18:00:00
"""

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_table(
        "organisation_contacts",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_contacts_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_organisation_contacts_user_id_users")
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "user_id", name=op.f("pk_organisation_contacts")
        ),
    )
    op.create_index(
        op.f("ix_organisation_contacts_user_id"), "organisation_contacts", ["user_id"]
    )
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_proposals_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )
        batch.create_index(batch.f("ix_proposals_organisation_id"), ["organisation_id"])


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_index(batch.f("ix_proposals_organisation_id"))
        batch.drop_constraint(
            batch.f("fk_proposals_organisation_id_organisations"), type_="foreignkey"
        )
        batch.drop_column("organisation_id")
    op.drop_index(op.f("ix_organisation_contacts_user_id"), table_name="organisation_contacts")
    op.drop_table("organisation_contacts")
    op.drop_table("organisations")
