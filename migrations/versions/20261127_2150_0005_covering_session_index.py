"""proposals' session index carries the listed columns on PostgreSQL

The working lists filter a year's proposals by session, category, 界别, key flag and state;
the rows of one session lie scattered over the table, so the index carries those columns and
an index-only scan answers without reading the heap.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 21:50:00
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NAME = "ix_proposals_plenary_session_id"
CARRIED = ["submitted_at", "category", "sector", "key", "state"]


def _recreate(include: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no INCLUDE; its plain index stays as it is
    op.drop_index(NAME, table_name="proposals")
    op.create_index(NAME, "proposals", ["plenary_session_id"], postgresql_include=include)


def upgrade() -> None:
    _recreate(CARRIED)


def downgrade() -> None:
    _recreate([])
