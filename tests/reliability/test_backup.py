"""Backup and restore: a round trip gives back every row of every table and every PDF."""

import hashlib
import os
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from service import create_app
from service.backup import BackupError, backup, data_tables, restore
from service.db import make_engine
from service.jobs.render_worker import render_pending
from service.migrate import upgrade
from service.models import ConfigurationVersion
from tests.attachments.files import PDF, download, encoded_name, ofd, upload
from tests.client import ApiClient
from tests.conftest import POSTGRES_URL
from tests.flows import Flow


@pytest.fixture
def empty_database(tmp_path, migrated_database):
    """A second, freshly migrated database to restore into."""
    if not POSTGRES_URL:
        url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
        return
    schema = f"restore_{os.getpid()}"
    base = migrated_database.split("?")[0]
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{base}?options=-csearch_path%3D{schema}"
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def _tables(engine):
    with engine.connect() as connection:
        return {
            table.name: [
                dict(row)
                for row in connection.execute(select(table).order_by(*table.primary_key)).mappings()
            ]
            for table in data_tables()
        }


def _version(engine) -> str | None:
    with engine.connect() as connection:
        return connection.scalar(select(ConfigurationVersion.version))


def _files(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_round_trip_restores_every_table_and_document(
    app, world, clock, settings, tmp_path, shared_engine, owner_engine, empty_database
):
    flow = Flow(world)
    flow.closed(units=(("市交通运输局", "lead"), ("市教育局", "assisting")))
    target = flow.submitted()
    world["office"].act("proposal", flow.submitted(), "merge", into=target["id"])
    world["admin"].ok("POST", "/calendar/years", {"year": 2027, "published": True, "confirm": True})
    with app.app_context():
        render_pending(now=clock.now())
    archive = tmp_path / "backup.tar.gz"
    restored_docs = tmp_path / "restored-documents"

    manifest = backup(shared_engine, archive, documents_dir=Path(settings.documents_dir))
    restore(empty_database, archive, documents_dir=restored_docs)

    assert manifest["tables"]["audit_records"] > 10
    assert manifest["tables"]["calendar_years"] == 1
    assert _tables(empty_database) == _tables(owner_engine)  # as the owner: every body's rows
    assert _version(empty_database) not in (None, "initial")  # its kept settings start afresh
    assert _files(restored_docs) == _files(Path(settings.documents_dir))


def test_restore_refuses_a_database_that_already_has_data(world, settings, tmp_path, shared_engine):
    archive = tmp_path / "backup.tar.gz"
    backup(shared_engine, archive, documents_dir=Path(settings.documents_dir))

    with pytest.raises(BackupError, match="不是空的"):
        restore(shared_engine, archive, documents_dir=tmp_path / "docs")


def test_the_commands_write_and_read_an_archive(app, world, tmp_path):
    runner = app.test_cli_runner()

    result = runner.invoke(args=["backup", str(tmp_path / "b.tar.gz")])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "b.tar.gz").stat().st_size > 0
    refused = runner.invoke(args=["restore", str(tmp_path / "b.tar.gz")])
    assert refused.exit_code != 0 and "不是空的" in refused.output


def test_attachments_come_back_with_their_bytes_and_names(
    app, world, clock, settings, tmp_path, shared_engine, empty_database
):
    flow = Flow(world)
    draft = flow.filed()
    sent = upload(world["zhang"], draft["id"], PDF, name="调研报告（终稿）.pdf").json
    proposal = flow.assigned()
    minutes = upload(world["transport"], proposal["id"], ofd(), name="协商纪要.ofd", kind="minutes")
    archive, restored_docs = tmp_path / "backup.tar.gz", tmp_path / "restored-documents"

    backup(shared_engine, archive, documents_dir=Path(settings.documents_dir))
    restore(empty_database, archive, documents_dir=restored_docs)

    moved = replace(settings, documents_dir=str(restored_docs))
    restored = create_app(moved, clock=clock, engine=empty_database)
    for username, attachment in (("zhang", sent), ("transport", minutes.json)):
        client = ApiClient(restored.test_client(), world[username].token, username)
        response = download(client, attachment["id"])
        assert response.status_code == 200, response.get_json()
        assert hashlib.sha256(response.data).hexdigest() == attachment["sha256"]
        assert encoded_name(response.headers["Content-Disposition"]) == attachment["name"]
