"""bodies (三级联动): the CPPCC bodies that share the platform, and people who log in once

`bodies` holds each 政协委员会 (level, parent, 行政区划代码); `people` holds who logs in, by name and
password; each `users` row becomes a person's membership in one body, with their role and unit
there. Units, organisations, sessions, proposals, documents, notifications, deliveries and settings
each belong to one body, and names are unique within a body only. A database that served one
office gets one body, named after its office, holding all its rows; an empty one gets its body
with its first unit or login.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 00:00:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

BODY_OWNED = (
    "units",
    "organisations",
    "plenary_sessions",
    "proposals",
    "documents",
    "notifications",
    "deliveries",
)
# Unique by name before, unique by name within a body after.
NAMED = {"units": "name", "organisations": "name", "plenary_sessions": "name", "users": "username"}
DEFAULT_OFFICE = "政协示范市委员会提案委员会办公室"


def upgrade() -> None:
    op.create_table(
        "bodies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("region_code", sa.String(length=12), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["bodies.id"], name=op.f("fk_bodies_parent_id_bodies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bodies")),
        sa.UniqueConstraint("name", name=op.f("uq_bodies_name")),
    )
    op.create_index(op.f("ix_bodies_parent_id"), "bodies", ["parent_id"])
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("username", name=op.f("uq_people_username")),
    )
    connection = op.get_bind()
    body_id = _the_one_body(connection)
    # Each login becomes a person with the same number, and stays their membership.
    connection.execute(
        sa.text(
            "INSERT INTO people (id, username, password_hash, created_at)"
            " SELECT id, username, password_hash, created_at FROM users"
        )
    )
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('people', 'id'),"
                " coalesce((SELECT max(id) FROM people), 0) + 1, false)"
            )
        )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("body_id", sa.Integer(), nullable=True))
    connection.execute(
        sa.text("UPDATE users SET person_id = id, body_id = :body"), {"body": body_id}
    )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(
            batch.f("fk_users_person_id_people"), "people", ["person_id"], ["id"]
        )
        batch.create_unique_constraint(batch.f("uq_users_person_id"), ["person_id", "body_id"])
        batch.drop_column("password_hash")
    for table in BODY_OWNED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("body_id", sa.Integer(), nullable=True))
        connection.execute(sa.text(f"UPDATE {table} SET body_id = :body"), {"body": body_id})
    # Each body's settings are its own: the office's become its body's.
    with op.batch_alter_table("settings") as batch:
        batch.add_column(sa.Column("body_id", sa.Integer(), nullable=True))
    connection.execute(sa.text("UPDATE settings SET body_id = :body"), {"body": body_id})
    with op.batch_alter_table("settings") as batch:
        batch.alter_column("body_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint("pk_settings", type_="primary")
        batch.create_primary_key("pk_settings", ["body_id", "key"])
        batch.create_foreign_key(
            batch.f("fk_settings_body_id_bodies"), "bodies", ["body_id"], ["id"]
        )
    for table in ("users", *BODY_OWNED):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("body_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                batch.f(f"fk_{table}_body_id_bodies"), "bodies", ["body_id"], ["id"]
            )
            # A body's proposals are read newest first: by body, then id.
            columns = ["body_id", "id"] if table == "proposals" else ["body_id"]
            batch.create_index(batch.f(f"ix_{table}_body_id"), columns)
            if table in NAMED:
                batch.drop_constraint(f"uq_{table}_{NAMED[table]}", type_="unique")
                batch.create_unique_constraint(
                    batch.f(f"uq_{table}_body_id"), ["body_id", NAMED[table]]
                )


def _the_one_body(connection) -> int | None:
    """The body the office's rows belong to, named after the office (its 提案委员会办公室). A
    database with no rows yet gets none here: the service makes it with the first unit or
    login (and a backup restores into it as into any empty database)."""
    held = ("users", "settings", *BODY_OWNED)
    if not any(connection.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in held):
        return None
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.JSON))
    office = connection.scalar(
        sa.select(settings.c.value).where(settings.c.key == "office_name")
    )
    name = office if isinstance(office, str) and office.strip() else DEFAULT_OFFICE
    bodies = sa.table(
        "bodies",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("level", sa.String),
        sa.column("created_at", UTCDateTime(timezone=True)),
    )
    return connection.execute(
        sa.insert(bodies)
        .values(name=body_name(name), level="city", created_at=datetime.now(UTC))
        .returning(bodies.c.id)
    ).scalar_one()


def body_name(office: str) -> str:
    """政协某市委员会提案委员会办公室 → 政协某市委员会: the body is the committee, not its office."""
    office = office.strip()
    for suffix in ("提案委员会办公室", "提案委办公室", "提案委员会"):
        if office.endswith(suffix) and len(office) > len(suffix):
            return office.removesuffix(suffix)
    return office


def downgrade() -> None:
    connection = op.get_bind()
    if connection.scalar(sa.text("SELECT count(*) FROM bodies")) > 1:
        raise RuntimeError("several bodies share this database: it cannot go back to one")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_person_id", type_="unique")
    with op.batch_alter_table("settings") as batch:
        batch.drop_constraint("fk_settings_body_id_bodies", type_="foreignkey")
        batch.drop_constraint("pk_settings", type_="primary")
        batch.create_primary_key("pk_settings", ["key"])
        batch.drop_column("body_id")
    for table in ("users", *BODY_OWNED):
        with op.batch_alter_table(table) as batch:
            if table in NAMED:
                batch.drop_constraint(f"uq_{table}_body_id", type_="unique")
                batch.create_unique_constraint(f"uq_{table}_{NAMED[table]}", [NAMED[table]])
            batch.drop_index(f"ix_{table}_body_id")
            batch.drop_constraint(f"fk_{table}_body_id_bodies", type_="foreignkey")
            batch.drop_column("body_id")
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(length=255), nullable=True))
    connection.execute(
        sa.text(
            "UPDATE users SET password_hash ="
            " (SELECT password_hash FROM people WHERE people.id = users.person_id)"
        )
    )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("password_hash", existing_type=sa.String(255), nullable=False)
        batch.drop_constraint("fk_users_person_id_people", type_="foreignkey")
        batch.drop_column("person_id")
    op.drop_table("people")
    op.drop_index(op.f("ix_bodies_parent_id"), table_name="bodies")
    op.drop_table("bodies")
