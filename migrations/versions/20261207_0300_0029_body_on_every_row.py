"""the body on every row that hangs on a proposal, under row-level security

Assignments, deadlines, the history, replies, ratings … reached their body through their
proposal; each now carries `body_id` itself (filled here from the row it hangs on; the service
copies it as it inserts, service/models/body_rows.py), so that PostgreSQL's row-level security
(0028) reads it on the row. The word index and the statistics facts, derived by today's code,
are derived here when an earlier migration left them to the one that adds this column.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 03:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

# Each table, the column naming the row it hangs on, and that row's table; parents first.
HANGING = (
    ("assignments", "proposal_id", "proposals"),
    ("deadlines", "proposal_id", "proposals"),
    ("audit_records", "proposal_id", "proposals"),
    ("commitments", "proposal_id", "proposals"),
    ("ratings", "proposal_id", "proposals"),
    ("attachments", "proposal_id", "proposals"),
    ("cosigners", "proposal_id", "proposals"),
    ("proposal_supervisors", "proposal_id", "proposals"),
    ("follow_ups", "proposal_id", "proposals"),
    ("proposal_facts", "proposal_id", "proposals"),
    ("search_terms", "proposal_id", "proposals"),
    ("replies", "assignment_id", "assignments"),
    ("contacts", "assignment_id", "assignments"),
    ("extension_requests", "assignment_id", "assignments"),
    ("assignment_facts", "assignment_id", "assignments"),
    ("deadline_firings", "deadline_id", "deadlines"),
    ("document_progress", "document_id", "documents"),
    ("notification_reads", "notification_id", "notifications"),
)
# As in 0028: each setting read once a statement.
RULE = (
    "(SELECT current_setting('app.all_bodies', true) = 'on') OR body_id = ANY"
    " ((SELECT coalesce(nullif(current_setting('app.bodies', true), ''), '{}'))::int[])"
)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:  # the history's guard refuses to touch a sealed record: the owner lifts it
        op.execute("ALTER TABLE audit_records DISABLE TRIGGER audit_records_append_only")
    for table, column, parent in HANGING:
        op.add_column(table, sa.Column("body_id", sa.Integer(), nullable=True))
        op.execute(
            f"UPDATE {table} SET body_id = (SELECT {parent}.body_id FROM {parent}"
            f" WHERE {parent}.id = {table}.{column})"
        )
        with op.batch_alter_table(table) as batch:
            batch.alter_column("body_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                op.f(f"fk_{table}_body_id_bodies"), "bodies", ["body_id"], ["id"]
            )
        if postgres:
            op.execute(f"CREATE POLICY body_rows ON {table} USING ({RULE}) WITH CHECK ({RULE})")
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    if postgres:
        op.execute("ALTER TABLE audit_records ENABLE TRIGGER audit_records_append_only")
    # Similar proposals are looked for in the body's own: its heaviest uses of a word first.
    op.drop_index("ix_search_terms_term_weight", table_name="search_terms")
    op.create_index(
        "ix_search_terms_term_weight", "search_terms", ["term", "body_id", "weight", "proposal_id"]
    )
    _derive_what_was_left()


def _derive_what_was_left() -> None:
    """An older database on its way up left the word index and the facts to this migration
    (their earlier migrations found their tables without this column): the facts are derived
    anew (an earlier migration that added a column of theirs may have left it unfilled), the
    word index when it is empty."""
    from service.search.upkeep import rebuild_when_current
    from service.statistics.upkeep import refill_when_current

    session = Session(bind=op.get_bind())
    has = {
        table: session.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() is not None
        for table in ("proposals", "search_terms")
    }
    if has["proposals"]:
        refill_when_current(session)
        if not has["search_terms"]:
            rebuild_when_current(session)
    session.flush()


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.drop_index("ix_search_terms_term_weight", table_name="search_terms")
    op.create_index(
        "ix_search_terms_term_weight", "search_terms", ["term", "weight", "proposal_id"]
    )
    for table, _column, _parent in reversed(HANGING):
        if postgres:
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            op.execute(f"DROP POLICY body_rows ON {table}")
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"fk_{table}_body_id_bodies"), type_="foreignkey")
            batch.drop_column("body_id")
