"""Run the Alembic migrations in `migrations/` against the service's database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head", *, application_role: str = "") -> None:
    """Migrate as the tables' owner; on PostgreSQL, `application_role` (the role the service
    connects as, when not the owner) is then allowed to read and write every table, under the
    tables' row-level security, and nothing more: no DDL, so no switching the policies off."""
    command.upgrade(alembic_config(database_url), revision)
    if application_role:
        grant(database_url, application_role)


def grant(database_url: str, role: str) -> None:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            if connection.dialect.name != "postgresql":
                return
            schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
            names = {"schema": _quoted(connection, schema), "role": _quoted(connection, role)}
            for statement in GRANTS:
                connection.exec_driver_sql(statement.format(**names))
    finally:
        engine.dispose()


GRANTS = (
    "GRANT USAGE ON SCHEMA {schema} TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    "REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {role}",
)


def _quoted(connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def check() -> None:
    """Fail when the models and the migrations disagree (`alembic check` on a fresh database)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/check.sqlite3"
        upgrade(url)
        command.check(alembic_config(url))


if __name__ == "__main__":
    check()
    print("migrations match the models")
