"""Fixtures: a migrated database per test (SQLite file copy, or PostgreSQL emptied after each
test when TEST_DATABASE_URL is set), an app with a frozen clock, and an API client per role."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, make_url, text

from service import configuration, create_app
from service.clock import FrozenClock
from service.config import Settings
from service.db import make_engine
from service.lists.public_window import PublicCache
from service.migrate import upgrade
from service.search.similar import rarity
from tests.client import ApiClient
from tests.snapshots import empty, scenario, world_for
from tests.stats.history import History, build_history

SHANGHAI = ZoneInfo("Asia/Shanghai")
# An ordinary Monday, away from holidays: 2026-03-16 09:00 in Beijing.
START = datetime(2026, 3, 16, 9, 0, tzinfo=SHANGHAI)
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_collection_modifyitems(items):
    """Tests that run for many seconds go first, so that the workers do not wait at the end of a
    run for one that started last (the sort keeps the order otherwise)."""
    items.sort(key=lambda item: item.get_closest_marker("long_running") is None)


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + POSTGRES_URL if POSTGRES_URL else 'SQLite'}"


def _sqlalchemy_url(url: str) -> str:
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


# The role the service connects as on PostgreSQL: not the tables' owner, no superuser, so the
# tables' row-level security applies to it as in production (migration 0028).
APPLICATION_ROLE = "proposals_app"
CREATE_ROLE = text(f"""
DO $$ BEGIN
    CREATE ROLE {APPLICATION_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$""")


# A run holds this advisory lock, keyed by its process id, for as long as it lives: PostgreSQL lets
# it go when the run's connection closes, however the run ended.
RUN_LOCK = 0x7E57


def _drop_abandoned_runs(connection) -> None:
    """A run that was killed never dropped its schema: drop those whose run no longer holds its
    lock, so that a server the suite runs against again and again does not fill with them."""
    names = connection.scalars(
        text("SELECT nspname FROM pg_namespace WHERE nspname ~ '^test_run_[0-9]+$'")
    )
    for name in list(names):
        pid = int(name.removeprefix("test_run_"))
        taken = text("SELECT pg_try_advisory_xact_lock(:kind, :pid)")
        if connection.scalar(taken, {"kind": RUN_LOCK, "pid": pid}):
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """The schema built by the migrations, once per run, as its owner. On PostgreSQL each run
    gets a schema of its own (through search_path), so two runs on one server never see each
    other's rows, and the application's role is allowed into it."""
    if POSTGRES_URL:
        base = _sqlalchemy_url(POSTGRES_URL)
        schema = f"test_run_{os.getpid()}"
        engine = create_engine(base)
        keeper = engine.connect()
        keeper.execute(
            text("SELECT pg_advisory_lock(:kind, :pid)"), {"kind": RUN_LOCK, "pid": os.getpid()}
        )
        keeper.commit()
        with engine.begin() as connection:
            _drop_abandoned_runs(connection)
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
            connection.execute(CREATE_ROLE)
        # A test's commit need not wait for the disk: nothing here must survive a crash.
        options = f"-csearch_path%3D{schema}%20-csynchronous_commit%3Doff"
        url = f"{base}{'&' if '?' in base else '?'}options={options}"
        upgrade(url, application_role=APPLICATION_ROLE)
        yield url
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        keeper.close()
        engine.dispose()
        return
    folder = tmp_path_factory.mktemp("db")
    url = f"sqlite:///{folder / 'test.sqlite3'}"
    upgrade(url)
    shutil.copyfile(folder / "test.sqlite3", folder / MIGRATED_TEMPLATE)
    yield url


# On SQLite, an untouched copy of the migrated database, for tests that need a database of their
# own at the newest revision (migrating one takes seconds).
MIGRATED_TEMPLATE = "migrated-template.sqlite3"


@pytest.fixture(scope="session")
def application_url(migrated_database) -> str:
    """The URL the service connects with: on PostgreSQL as the application's role."""
    if not POSTGRES_URL:
        return migrated_database
    return make_url(migrated_database).set(username=APPLICATION_ROLE).render_as_string(False)


@pytest.fixture(scope="session")
def shared_engine(application_url):
    """One engine for the run, so SQLAlchemy compiles each statement once, not once a test."""
    engine = make_engine(application_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def owner_engine(migrated_database, shared_engine):
    """The tables' owner (on PostgreSQL a superuser, past row-level security): for emptying the
    database after a test and for tests that look beneath the service."""
    if not POSTGRES_URL:
        yield shared_engine
        return
    engine = make_engine(migrated_database)
    yield engine
    engine.dispose()


@pytest.fixture
def database_url(migrated_database, owner_engine):
    """The test database (its owner's URL), emptied after each test (the schema stays)."""
    yield migrated_database
    empty(owner_engine)


@pytest.fixture
def clock():
    return FrozenClock(START)


@pytest.fixture
def settings(database_url, tmp_path):
    return _test_settings(database_url, tmp_path)


def _test_settings(database_url: str, folder) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key="test-secret",
        scheduler_enabled=False,
        documents_dir=str(folder / "documents"),
        password_cost="fast",
        instance_path=str(folder / "instance"),
    )


# What create_app builds into the app itself; a test whose settings differ here gets an app of
# its own, every other test shares the worker's app.
BUILT_IN = (
    "database_url",
    "secret_key",
    "scheduler_enabled",
    "trusted_proxies",
    "session_cookie_secure",
)


@pytest.fixture(scope="session")
def shared_app(migrated_database, shared_engine, tmp_path_factory):
    """One app per worker: building one (documenting the API, compiling 700 routes) costs more
    than most tests, so each test gets this one with its own clock and settings put in."""
    settings = _test_settings(migrated_database, tmp_path_factory.mktemp("shared_app"))
    app = create_app(settings, clock=FrozenClock(START), engine=shared_engine)
    app.config["TESTING"] = True
    return app, dict(app.config)


@pytest.fixture
def app(shared_app, settings, clock, shared_engine):
    app, config = shared_app
    # Word counts are kept a few minutes per process and database; each test has its own rows.
    rarity.forget()
    if any(
        getattr(settings, name) != getattr(app.extensions["settings"], name) for name in BUILT_IN
    ):
        app = create_app(settings, clock=clock, engine=shared_engine)
        app.config["TESTING"] = True
        return app
    app.config.clear()
    app.config.update(config)
    app.extensions.pop("scheduler", None)
    app.extensions.update(
        settings=settings,
        clock=clock,
        public_cache=PublicCache(settings.public_cache_seconds),
    )
    info = app.extensions["db_sessionmaker"].kw["info"]
    info["settings"] = settings
    info[configuration.KEPT] = {}
    return app


@pytest.fixture
def anonymous(app):
    return ApiClient(app.test_client(), token=None)


@pytest.fixture
def world(app, clock, owner_engine):
    """Units and users of a small city, and one logged-in client per person."""
    return world_for(app, clock, owner_engine)


@pytest.fixture
def history(app, clock, world, owner_engine) -> History:
    """The year of handling of tests/stats/history.py, whose figures are counted by hand."""
    p = scenario("history", app, clock, owner_engine, lambda: build_history(world).p, world=world)
    return History(world, p)


@pytest.fixture
def demo(app, clock, owner_engine) -> str:
    """`flask demo` loaded at the clock's time; what it printed."""
    return scenario("demo", app, clock, owner_engine, lambda: load_demo(app))


def load_demo(app) -> str:
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result.output
