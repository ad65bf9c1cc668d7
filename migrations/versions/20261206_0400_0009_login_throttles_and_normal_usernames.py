"""logins are slowed per username and address; usernames are kept in their normal form

`login_failures` (one row per failure, counted per account and per address) gives way to
`login_throttles` (one row per username and address, locked while an attempt is counted) and
`address_throttles` (a high ceiling per address). The failures counted so far are dropped: they
would only lock people out under the old rule.

Usernames are stored in their normal form (NFKC, lower case; service/usernames.py), so a
look-alike of a name is that name. A name whose normal form another user already has is left as
it is (and named in the log): it still logs in as typed exactly. The audit history keeps the
names as they were when each event happened. The downgrade restores the tables, not the
spellings.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 04:00:00
"""

import logging
import unicodedata

import sqlalchemy as sa
from alembic import op

import service.db

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")


def upgrade() -> None:
    op.create_table(
        "login_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", service.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttles")),
        sa.UniqueConstraint("username", "address", name=op.f("uq_login_throttles_username")),
    )
    op.create_index(
        op.f("ix_login_throttles_last_attempt_at"), "login_throttles", ["last_attempt_at"]
    )
    op.create_table(
        "address_throttles",
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", service.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("address", name=op.f("pk_address_throttles")),
    )
    op.create_index(
        op.f("ix_address_throttles_window_started_at"), "address_throttles", ["window_started_at"]
    )
    _drop_login_failures()
    _normalise_usernames()


def _normalise_usernames() -> None:
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("username", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id)).all()
    taken = {username for _, username in rows}
    for user_id, username in rows:
        name = unicodedata.normalize("NFKC", username).strip().lower()
        if name == username:
            continue
        if name in taken or not 0 < len(name) <= 64:
            log.warning(
                "username %r kept as it is: its normal form %r is taken, empty or too long",
                username,
                name,
            )
            continue
        connection.execute(users.update().where(users.c.id == user_id).values(username=name))
        taken.discard(username)
        taken.add(name)


def _drop_login_failures() -> None:
    for column in ("username", "at", "address"):
        op.drop_index(op.f(f"ix_login_failures_{column}"), table_name="login_failures")
    op.drop_table("login_failures")


def downgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", service.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    for column in ("address", "at", "username"):
        op.create_index(op.f(f"ix_login_failures_{column}"), "login_failures", [column])
    op.drop_index(op.f("ix_address_throttles_window_started_at"), table_name="address_throttles")
    op.drop_table("address_throttles")
    op.drop_index(op.f("ix_login_throttles_last_attempt_at"), table_name="login_throttles")
    op.drop_table("login_throttles")
