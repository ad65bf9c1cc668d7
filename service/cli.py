"""Flask commands: `flask --app wsgi db upgrade`, `unit add`, `user add`, `demo`, ...

Each parses, opens one unit of work, calls an operation and prints one line.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from service.clock import current_clock
from service.db import unit_of_work
from service.errors import DomainError
from service.migrate import downgrade, upgrade
from service.operations import users
from service.vocabulary import PERSON_ROLES

db_group = AppGroup("db", help="Database schema (Alembic migrations).")
unit_group = AppGroup("unit", help="Handling units (承办单位).")
user_group = AppGroup("user", help="User accounts.")


def _url() -> str:
    return current_app.extensions["settings"].database_url


def one_transaction(command: Callable[..., str]) -> Callable[..., None]:
    """Run a command in one unit of work, given as its first argument, and print the line it
    returns once that committed; an operation's refusal is the command's error (exit 1)."""

    @functools.wraps(command)
    def run(*args, **kwargs) -> None:
        try:
            with unit_of_work() as session:
                line = command(session, *args, **kwargs)
        except DomainError as error:
            raise click.ClickException(error.message) from None
        click.echo(line)

    return run


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Create or update the schema to the latest migration."""
    upgrade(_url(), revision)
    click.echo(f"database at revision {revision}")


@db_group.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Step the schema back to REVISION (e.g. -1 or base)."""
    downgrade(_url(), revision)
    click.echo(f"database at revision {revision}")


@unit_group.command("add")
@click.argument("name")
@one_transaction
def unit_add(session, name: str) -> str:
    """Add a handling unit NAME."""
    unit = users.add_unit(session, name, now=current_clock().now())
    return f"已添加承办单位：{unit.name}（编号 {unit.id}）"


@user_group.command("deactivate")
@click.argument("username")
@one_transaction
def user_deactivate(session, username) -> str:
    """Stop USERNAME's login (停用); they are logged out at once."""
    return _set_active(session, username, False)


@user_group.command("activate")
@click.argument("username")
@one_transaction
def user_activate(session, username) -> str:
    """Let a stopped USERNAME log in again (启用)."""
    return _set_active(session, username, True)


def _set_active(session, username: str, active: bool) -> str:
    users.set_active(session, username, active, actor=None, now=current_clock().now())
    return f"已{'启用' if active else '停用'}用户：{username}"


@user_group.command("password")
@click.argument("username")
@click.option(
    "--password-stdin",
    is_flag=True,
    required=True,
    help="Read the new password from standard input (never from the command line).",
)
@one_transaction
def user_password(session, username, password_stdin) -> str:
    """Set a new password for USERNAME; their open logins end."""
    password = sys.stdin.readline().rstrip("\r\n")
    users.reset_password(session, username, password, actor=None, now=current_clock().now())
    return f"已重置用户 {username} 的密码。"


@user_group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(PERSON_ROLES))
@click.option("--unit", "unit_name", help="The unit of a `unit` user.")
@click.option("--name", "display_name", help="Display name, e.g. 张三.")
@click.option("--sector", help="界别 of a member.")
@click.option(
    "--proxy-rater",
    is_flag=True,
    help="Committee staff who may enter a member's signed paper rating (代录).",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    required=True,
    help="Read the password from standard input (never from the command line).",
)
@one_transaction
def user_add(
    session, username, role, unit_name, display_name, sector, proxy_rater, password_stdin
) -> str:
    """Add a user USERNAME with a role; the password is read from standard input."""
    password = sys.stdin.readline().rstrip("\r\n")
    user = users.add_user(
        session,
        username,
        role=role,
        password=password,
        unit_name=unit_name,
        display_name=display_name,
        sector=sector,
        proxy_rater=proxy_rater,
        now=current_clock().now(),
    )
    return f"已添加用户：{user.username}（{user.role}）"


@click.command("demo")
@click.option("--reset", is_flag=True, help="Empty the demo's database and load it anew.")
@click.option("--yes", is_flag=True, help="Reset without asking to confirm.")
@with_appcontext
def demo(reset: bool, yes: bool) -> None:
    """Load the demo data set (units, users, proposals in every state), dated from today."""
    from service.demo import load_demo, reset_demo

    if reset and not yes:
        click.confirm("将清空数据库中的全部数据并重新加载演示数据，确定吗？", abort=True)
    now = current_clock().now()
    try:
        with unit_of_work() as session:
            done = reset_demo(session, now=now) if reset else None
            report = done.report if done else load_demo(session, now=now)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    if done:
        done.remove_stored(Path(current_app.extensions["settings"].documents_dir))
    click.echo(report)


@click.command("sweep")
@with_appcontext
@click.option(
    "--now", "now_text", help="Run as of this time (ISO 8601; no offset = Asia/Shanghai)."
)
def sweep_command(now_text: str | None) -> None:
    """Fire the reminders, overdue and escalation events that fell due."""
    from service.jobs.sweep import sweep

    click.echo(f"sweep: {sweep(now=_parse_now(now_text))}")


audit_group = AppGroup("audit", help="The tamper-evident audit history.")


@audit_group.command("verify")
def audit_verify() -> None:
    """Recompute every proposal's hash chain; exit 1 when a record was changed or removed."""
    from service.audit import verify
    from service.db import current_session

    result = verify(current_session())
    for line in result.breaks:
        click.echo(line)
    click.echo(
        f"checked {result.records} records of {result.proposals} proposals: "
        f"{len(result.breaks)} broken"
    )
    if result.breaks:
        sys.exit(1)


@click.command("render-pending")
@with_appcontext
@click.option("--limit", default=500, show_default=True, help="At most this many documents.")
def render_pending_command(limit: int) -> None:
    """Render the PDF notices that are waiting."""
    from service.jobs.render_worker import render_pending

    click.echo(f"render-pending: {render_pending(now=current_clock().now(), limit=limit)}")


@click.command("deliver-pending")
@with_appcontext
@click.option(
    "--now", "now_text", help="Run as of this time (ISO 8601; no offset = Asia/Shanghai)."
)
@click.option("--limit", default=10000, show_default=True, help="At most this many deliveries.")
def deliver_pending_command(now_text: str | None, limit: int) -> None:
    """Send the mail, group-robot messages and SMS that are due."""
    from service.jobs.delivery_sender import deliver_pending

    click.echo(f"deliver-pending: {deliver_pending(now=_parse_now(now_text), limit=limit)}")


@click.command("digest")
@with_appcontext
@click.option(
    "--now", "now_text", help="Run as of this time (ISO 8601; no offset = Asia/Shanghai)."
)
def digest_command(now_text: str | None) -> None:
    """Queue each unit's daily digest of its deadlines (once a day, from 08:00)."""
    from service.jobs.daily_digest import queue_digests

    click.echo(f"digest: queued {queue_digests(now=_parse_now(now_text))}")


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the clock: the sweep every minute (safe to run in several processes)."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    from service.jobs.scheduler import start_scheduler

    click.echo("scheduler running; Ctrl+C to stop")
    start_scheduler(current_app._get_current_object(), BlockingScheduler())


def _parse_now(text: str | None) -> datetime:
    if not text:
        return current_clock().now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter("use ISO 8601, e.g. 2026-10-09T09:00") from None
    zone = current_app.extensions["settings"].zone
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write every table and every stored PDF to PATH (.tar.gz)."""
    from service.backup import backup

    settings = current_app.extensions["settings"]
    manifest = backup(
        current_app.extensions["db_engine"], path, documents_dir=Path(settings.documents_dir)
    )
    click.echo(f"backup written to {path}: {sum(manifest['tables'].values())} rows")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(path: Path) -> None:
    """Load a backup into this (empty, migrated) database and documents folder."""
    from service.backup import BackupError, restore

    settings = current_app.extensions["settings"]
    try:
        manifest = restore(
            current_app.extensions["db_engine"], path, documents_dir=Path(settings.documents_dir)
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"restored {sum(manifest['tables'].values())} rows from {path}")


def register_commands(app: Flask) -> None:
    for command in (
        db_group,
        audit_group,
        unit_group,
        user_group,
        demo,
        sweep_command,
        scheduler_command,
        render_pending_command,
        deliver_pending_command,
        digest_command,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)
