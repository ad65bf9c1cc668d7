"""units listed by the pinyin of their names

The choosers and lists offered units in the code-point order of their names (交通, 人社, 住建,
公安 …), which nobody looks things up by. Each unit keeps the pinyin of its name as its sort key,
computed here for the units there are and by the model for every name written after.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07 14:00:00
"""

import sqlalchemy as sa
from alembic import op

from service.collation import KEY_LENGTH, name_key

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("units") as table:
        table.add_column(
            sa.Column("name_key", sa.String(KEY_LENGTH), nullable=True, server_default="")
        )
    units = sa.table(
        "units",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("name_key", sa.String),
    )
    bind = op.get_bind()  # across every body's rows (migrations/env.py)
    for unit_id, name in bind.execute(sa.select(units.c.id, units.c.name)).all():
        bind.execute(units.update().where(units.c.id == unit_id).values(name_key=name_key(name)))
    with op.batch_alter_table("units") as table:
        table.alter_column(
            "name_key", existing_type=sa.String(KEY_LENGTH), nullable=False, server_default=""
        )
        table.create_index("ix_units_name_key", ["name_key"])


def downgrade() -> None:
    with op.batch_alter_table("units") as table:
        table.drop_index("ix_units_name_key")
        table.drop_column("name_key")
