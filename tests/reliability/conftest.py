"""Fixtures of the migration tests: an empty database of a test's own, and the service on it."""

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from service import create_app
from service.config import Settings
from service.migrate import upgrade
from tests.client import World
from tests.conftest import MIGRATED_TEMPLATE, POSTGRES_URL


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


@pytest.fixture
def migrating_world(fresh_url, migrated_database, tmp_path, clock):
    """The service on a database of its own, which the test migrates down and up again."""
    if POSTGRES_URL:
        upgrade(fresh_url)
    else:  # the same migrations, run once for the whole run
        template = Path(make_url(migrated_database).database).with_name(MIGRATED_TEMPLATE)
        shutil.copyfile(template, make_url(fresh_url).database)
    settings = Settings(
        database_url=fresh_url,
        secret_key="test-secret",
        scheduler_enabled=False,
        documents_dir=str(tmp_path / "documents"),
        password_cost="fast",
        instance_path=str(tmp_path / "instance"),
    )
    app = create_app(settings, clock=clock)
    yield World(app, clock)
    app.extensions["db_engine"].dispose()
