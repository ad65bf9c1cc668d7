"""append-only audit history on PostgreSQL

A trigger refuses DELETE on audit_records, and any UPDATE of a record that is already sealed
(its hash set): the engine only fills in the hash of this transaction's own new records.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 18:10:00
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE FUNCTION audit_records_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.hash IS NOT NULL THEN
        RAISE EXCEPTION 'audit_records is append-only: % refused on record %', TG_OP, OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no such guard; `audit verify` still detects any change
    op.execute(FUNCTION)
    op.execute("CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records"
               " FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER audit_records_append_only ON audit_records")
    op.execute("DROP FUNCTION audit_records_append_only()")
