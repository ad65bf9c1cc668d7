"""a proposal's session and an assignment's or a clerk's unit are its own body's, as the
database sees it

A proposal refers to its session by (body, session), an assignment and a clerk to their unit by
(body, unit), each a foreign key onto a (body_id, id) key of sessions and units: the database
refuses a proposal filed in another body's session, or an assignment or a clerk given another
body's unit, whatever the code above it does (the row-level policies check the body a transaction writes in, not which
body a referenced row belongs to: a transfer's transaction reaches two).

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 04:00:00
"""

from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

# (table, its columns, referred table); each referred table gets a unique (body_id, id).
KEYS = (
    ("proposals", ["body_id", "plenary_session_id"], "plenary_sessions"),
    ("assignments", ["body_id", "unit_id"], "units"),
    ("users", ["body_id", "unit_id"], "units"),
)
REFERRED = ("plenary_sessions", "units")


def upgrade() -> None:
    for referred in REFERRED:
        with op.batch_alter_table(referred) as batch:
            batch.create_unique_constraint(f"uq_{referred}_body_id_id", ["body_id", "id"])
    for table, columns, referred in KEYS:
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(
                op.f(f"fk_{table}_body_id_{referred}"), referred, columns, ["body_id", "id"]
            )


def downgrade() -> None:
    for table, _columns, referred in reversed(KEYS):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"fk_{table}_body_id_{referred}"), type_="foreignkey")
    for referred in reversed(REFERRED):
        with op.batch_alter_table(referred) as batch:
            batch.drop_constraint(f"uq_{referred}_body_id_id", type_="unique")
