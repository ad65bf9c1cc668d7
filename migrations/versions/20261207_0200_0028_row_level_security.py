"""row-level security on PostgreSQL for the tables that carry a body

Each of these tables gets a policy that lets a statement see and write the rows of the bodies the
transaction names (`app.bodies`, set per transaction by the service: service/db/scope.py) or
every row while `app.all_bodies` is on; with neither set, no row. FORCE applies it to the tables'
owner too, so only a superuser or a role with BYPASSRLS passes it by (the service connects as a
role that is neither, and not the owner: it cannot switch the policies off). A body's settings
are read by all (an office name on the login page and the public window), written by the body.
A transfer is the two bodies': the sender's and the receiver's.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 02:00:00
"""

from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

# Each setting is read once a statement (a sub-select, evaluated once as an init plan), not once
# a row: on a roll-up of a million facts that is the difference.
REACHED = "(SELECT coalesce(nullif(current_setting('app.bodies', true), ''), '{}'))::int[]"
ALL = "(SELECT current_setting('app.all_bodies', true) = 'on')"

BODY_TABLES = {
    "proposals": ("body_id",),
    "plenary_sessions": ("body_id",),
    "units": ("body_id",),
    "users": ("body_id",),
    "organisations": ("body_id",),
    "settings": ("body_id",),
    "documents": ("body_id",),
    "notifications": ("body_id",),
    "deliveries": ("body_id",),
    "transfers": ("from_body_id", "to_body_id"),
}
READ_BY_ALL = ("settings",)


def _reached(columns: tuple[str, ...]) -> str:
    either = " OR ".join(f"{column} = ANY ({REACHED})" for column in columns)
    return f"{ALL} OR {either}"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no row-level security: access.py alone keeps the bodies apart
    for table, columns in BODY_TABLES.items():
        rule = _reached(columns)
        op.execute(f"CREATE POLICY body_rows ON {table} USING ({rule}) WITH CHECK ({rule})")
        if table in READ_BY_ALL:
            op.execute(f"CREATE POLICY read_by_all ON {table} FOR SELECT USING (true)")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in BODY_TABLES:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        if table in READ_BY_ALL:
            op.execute(f"DROP POLICY read_by_all ON {table}")
        op.execute(f"DROP POLICY body_rows ON {table}")
