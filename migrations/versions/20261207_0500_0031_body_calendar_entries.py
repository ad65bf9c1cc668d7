"""a body's own calendar entries

A body's own rest days and working days (a local holiday, a day its standing committee set),
counted for its deadlines on top of the national calendar, which stays the platform's. On
PostgreSQL the rows are the body's to write under row-level security, and every body's to read,
as the national calendar is.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

REACHED = "(SELECT coalesce(nullif(current_setting('app.bodies', true), ''), '{}'))::int[]"
ALL = "(SELECT current_setting('app.all_bodies', true) = 'on')"
RULE = f"{ALL} OR body_id = ANY ({REACHED})"


def upgrade() -> None:
    op.create_table(
        "body_calendar_entries",
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_body_calendar_entries_body_id_bodies")
        ),
        sa.PrimaryKeyConstraint("body_id", "day", name=op.f("pk_body_calendar_entries")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE POLICY body_rows ON body_calendar_entries USING ({RULE}) WITH CHECK ({RULE})")
    op.execute("CREATE POLICY read_by_all ON body_calendar_entries FOR SELECT USING (true)")
    op.execute("ALTER TABLE body_calendar_entries ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE body_calendar_entries FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    op.drop_table("body_calendar_entries")
