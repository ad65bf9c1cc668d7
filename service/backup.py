"""Backup and restore of the whole service: every table and every stored PDF, in one archive
that does not depend on the database engine (a SQLite backup restores into PostgreSQL too).

The archive is a .tar.gz holding manifest.json (schema revision, row counts), one JSON-lines
file per table, and the documents folder. Restoring needs an empty database at the same
schema revision; rows go in parent tables first, and links within one table (a merged
proposal, a reassignment, a regenerated document) are filled in after all rows exist.
"""

from __future__ import annotations

import base64
import io
import json
import tarfile
from datetime import date, datetime
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Date, LargeBinary, func, select, text, update
from sqlalchemy.engine import Connection, Engine

from service.configuration import write_new_version
from service.db import Base, UTCDateTime
from service.db.scope import ALL, name_on
from service.models import ConfigurationVersion

FORMAT = 1


class BackupError(RuntimeError):
    """The archive or the target database is not fit for a restore; the message says why."""


def _encode(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _decoder(column):
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return lambda v: v if v is None else datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: v if v is None else date.fromisoformat(v)
    if isinstance(kind, LargeBinary):
        return lambda v: v if v is None else base64.b64decode(v)
    return lambda v: v


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def data_tables() -> list:
    """Every table but the configuration's version, which is the database's own bookkeeping (a
    restored database gets a version of its own)."""
    return [t for t in Base.metadata.sorted_tables if t is not ConfigurationVersion.__table__]


def backup(engine: Engine, target: Path, *, documents_dir: Path) -> dict:
    """Write the archive; return the manifest (row counts per table)."""
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now().astimezone().isoformat(),
        "tables": {},
    }
    with engine.connect() as connection, tarfile.open(target, "w:gz") as archive:
        name_on(connection, ALL)  # every body's rows
        manifest["revision"] = _revision(connection)
        for table in data_tables():
            lines = [
                json.dumps(
                    {c.name: _encode(row[c.name]) for c in table.columns}, ensure_ascii=False
                )
                for row in connection.execute(select(table).order_by(*table.primary_key)).mappings()
            ]
            _add(archive, f"tables/{table.name}.jsonl", "\n".join(lines).encode())
            manifest["tables"][table.name] = len(lines)
        if documents_dir.is_dir():
            archive.add(documents_dir, arcname="documents")
        _add(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False).encode())
    return manifest


def _self_links(table) -> list[str]:
    return [c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]


def restore(engine: Engine, source: Path, *, documents_dir: Path) -> dict:
    """Load the archive into an empty database at the same schema revision."""
    with tarfile.open(source, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        with engine.begin() as connection:
            name_on(connection, ALL)
            _check_target(connection, manifest)
            for table in data_tables():
                _load_table(connection, table, archive)
            write_new_version(connection)
        _restore_documents(archive, documents_dir)
    return manifest


def _check_target(connection: Connection, manifest: dict) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError("备份文件格式不符，无法恢复。")
    if _revision(connection) != manifest.get("revision"):
        raise BackupError(
            f"数据库结构版本（{_revision(connection)}）与备份"
            f"（{manifest.get('revision')}）不一致，请先升级到相同版本。"
        )
    for table in data_tables():
        if connection.scalar(select(func.count()).select_from(table)):
            raise BackupError(
                f"目标数据库不是空的（{table.name} 已有数据），为防止覆盖，已停止恢复。"
            )


def _load_table(connection: Connection, table, archive: tarfile.TarFile) -> None:
    raw = archive.extractfile(f"tables/{table.name}.jsonl").read().decode()
    decoders = {c.name: _decoder(c) for c in table.columns}
    rows = [
        {k: decoders[k](v) for k, v in json.loads(line).items()}
        for line in raw.splitlines()
        if line
    ]
    links = _self_links(table)
    later = [
        {"id": r["id"], **{k: r[k] for k in links}}
        for r in rows
        if any(r[k] is not None for k in links)
    ]
    for start in range(0, len(rows), 1000):
        chunk = [{**r, **{k: None for k in links}} for r in rows[start : start + 1000]]
        connection.execute(table.insert(), chunk)
    for row in later:
        connection.execute(
            update(table).where(table.c.id == row["id"]).values({k: row[k] for k in links})
        )
    if connection.dialect.name == "postgresql" and "id" in table.c and rows:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                f" (SELECT max(id) FROM {table.name}))"
            )
        )


def _restore_documents(archive: tarfile.TarFile, documents_dir: Path) -> None:
    """Put the stored PDFs back, refusing any path that would land outside the folder."""
    root = documents_dir.resolve()
    for member in archive.getmembers():
        if not member.isfile() or not member.name.startswith("documents/"):
            continue
        destination = (root / member.name.removeprefix("documents/")).resolve()
        if root not in destination.parents:
            raise BackupError(f"备份中的文件路径不安全：{member.name}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(archive.extractfile(member).read())
