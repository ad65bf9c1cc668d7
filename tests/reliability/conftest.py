"""Fixtures of the migration tests: an empty database of a test's own."""

import os

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES_URL


@pytest.fixture
def fresh_url(tmp_path, migrated_database):
    """An empty database of its own (a schema of its own on PostgreSQL)."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'migrating.sqlite3'}"
        return
    schema, base = f"migrating_{os.getpid()}", migrated_database.split("?")[0]
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield f"{base}?options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()
