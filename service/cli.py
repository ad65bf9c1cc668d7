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
from service.db import owners_unit_of_work, unit_of_work
from service.errors import DomainError
from service.migrate import downgrade, upgrade
from service.operations import bodies, organisations, plenary_sessions, profiles, users
from service.vocabulary import PERSON_ROLES, BodyLevel, OrganisationKind

db_group = AppGroup("db", help="Database schema (Alembic migrations).")
unit_group = AppGroup("unit", help="Handling units (承办单位).")
user_group = AppGroup("user", help="User accounts.")
organisation_group = AppGroup(
    "organisation", help="Organisations that file collective proposals (集体提案)."
)
session_group = AppGroup("session", help="Plenary sessions (届次会次).")
body_group = AppGroup("body", help="CPPCC bodies on the platform (省、市、县三级政协).")


def _settings():
    return current_app.extensions["settings"]


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


def _body_id(session, name: str | None) -> int | None:
    """The id of the body a command names, None when it names none."""
    return bodies.find_body(session, name, now=current_clock().now()).id if name else None


def body_option(command: Callable) -> Callable:
    """`--body NAME`: the body a command works on (default: the only one); the command gets
    `body_id`, or None for the default."""

    @functools.wraps(command)
    def run(session, *args, body=None, **kwargs):
        return command(session, *args, body_id=_body_id(session, body), **kwargs)

    return click.option("--body", help="The body (政协) by name; default: the only one.")(run)


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Create or update the schema to the latest migration."""
    settings = _settings()
    upgrade(settings.owner_url, revision, application_role=settings.application_role)
    click.echo(f"database at revision {revision}")


@db_group.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Step the schema back to REVISION (e.g. -1 or base)."""
    downgrade(_settings().owner_url, revision)
    click.echo(f"database at revision {revision}")


@unit_group.command("add")
@click.argument("name")
@one_transaction
@body_option
def unit_add(session, name: str, body_id) -> str:
    """Add a handling unit NAME."""
    unit = users.add_unit(session, name, now=current_clock().now(), body_id=body_id)
    return f"已添加承办单位：{unit.name}（编号 {unit.id}）"


@organisation_group.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(OrganisationKind.codes()))
@click.option(
    "--contact",
    "contacts",
    multiple=True,
    help="USERNAME of a member who files for it (联系人); repeat for several.",
)
@one_transaction
@body_option
def organisation_add(session, name: str, kind: str, contacts: tuple[str, ...], body_id) -> str:
    """Register NAME (e.g. 民盟市委会) as an organisation filing collective proposals."""
    raw = {"name": name, "kind": kind, "contacts": list(contacts)}
    organisation = organisations.add_organisation(
        session, raw, actor=None, now=current_clock().now(), body_id=body_id
    )
    names = "、".join(u.display_name for u in organisation.contacts) or "暂无"
    return f"已登记集体提案单位：{organisation.name}（编号 {organisation.id}，联系人：{names}）"


@user_group.command("deactivate")
@click.argument("username")
@one_transaction
@body_option
def user_deactivate(session, username, body_id) -> str:
    """Stop USERNAME's login (停用) in the body; they are logged out of it at once."""
    return _set_active(session, username, False, body_id)


@user_group.command("activate")
@click.argument("username")
@one_transaction
@body_option
def user_activate(session, username, body_id) -> str:
    """Let a stopped USERNAME log in again (启用)."""
    return _set_active(session, username, True, body_id)


def _set_active(session, username: str, active: bool, body_id) -> str:
    now = current_clock().now()
    users.set_active(session, username, active, actor=None, now=now, body_id=body_id)
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
@body_option
def user_password(session, username, password_stdin, body_id) -> str:
    """Set a new password for USERNAME (in every body); their open logins end."""
    password = sys.stdin.readline().rstrip("\r\n")
    now = current_clock().now()
    users.reset_password(session, username, password, actor=None, now=now, body_id=body_id)
    return f"已重置用户 {username} 的密码。"


def person_options(command: Callable) -> Callable:
    """The person's details `user add` and `user update` both take."""
    for flag, text in reversed(
        (
            ("--name", "Name, e.g. 张三."),
            ("--sector", "界别 of a member."),
            ("--party", "党派, e.g. 中共, 民盟, 无党派."),
            ("--employer", "工作单位及职务."),
            ("--phone", "Mobile (11 digits) or fixed line with its area code."),
            ("--email", "E-mail address."),
        )
    ):
        command = click.option(flag, flag.removeprefix("--"), help=text)(command)
    return command


@user_group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(PERSON_ROLES))
@click.option("--unit", "unit_name", help="The unit of a `unit` user.")
@person_options
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
@body_option
def user_add(session, username, role, unit_name, proxy_rater, password_stdin, **person) -> str:
    """Add a user USERNAME with a role in the body; the password is read from standard input."""
    password = sys.stdin.readline().rstrip("\r\n")
    user = users.add_user(
        session,
        username,
        role=role,
        password=password,
        unit_name=unit_name,
        display_name=person.pop("name"),
        proxy_rater=proxy_rater,
        now=current_clock().now(),
        **person,
    )
    return f"已添加用户：{user.username}（{user.role}）"


@user_group.command("grant")
@click.argument("username")
@click.option("--body", "body_name", required=True, help="The body (政协) by name.")
@click.option("--role", required=True, type=click.Choice(PERSON_ROLES))
@click.option("--unit", "unit_name", help="The unit, in that body, of a `unit` user.")
@one_transaction
def user_grant(session, username, body_name, role, unit_name) -> str:
    """Give USERNAME a membership in another body: one login, a role in each body."""
    body = bodies.find_body(session, body_name, now=current_clock().now())
    user = users.grant(
        session,
        username,
        body_id=body.id,
        role=role,
        unit_name=unit_name,
        now=current_clock().now(),
    )
    return f"已为 {user.username} 在{body.name}开通账号（{user.role}）"


@session_group.command("add")
@click.argument("name")
@click.option("--term", required=True, type=int, help="届次, e.g. 14.")
@click.option("--number", required=True, type=int, help="会次 within the term, e.g. 4.")
@click.option("--year", required=True, type=int, help="The session year.")
@click.option("--opens", required=True, help="Opening day, YYYY-MM-DD.")
@click.option("--closes", required=True, help="Closing day, YYYY-MM-DD.")
@click.option("--plenary-until", help="Last day of 大会提案 (default: the closing day).")
@click.option(
    "--reply-due",
    help="One day every 大会提案 assigned before it is to be answered by, YYYY-MM-DD "
    "(default: none, three months from the assignment).",
)
@click.option("--current", is_flag=True, help="Make it the current session.")
@one_transaction
@body_option
def session_add(
    session, name, term, number, year, opens, closes, plenary_until, reply_due, current, body_id
) -> str:
    """Add a plenary session NAME, e.g. 十四届四次会议."""
    raw = {"name": name, "term": term, "number": number, "year": year, "opens_on": opens}
    raw |= {"closes_on": closes, "current": current}
    if plenary_until:
        raw["plenary_until"] = plenary_until
    if reply_due:
        raw["reply_due_on"] = reply_due
    plenary = plenary_sessions.add_plenary(
        session, raw, actor=None, now=current_clock().now(), body_id=body_id
    )
    marked = "，已设为当前会次" if plenary.current else ""
    return f"已添加会次：{plenary.name}（编号 {plenary.id}）{marked}"


@body_group.command("add")
@click.argument("name")
@click.option("--level", required=True, type=click.Choice(BodyLevel.codes()))
@click.option("--parent", help="The body one level above, by name (none for a province).")
@click.option("--region-code", help="行政区划代码, six digits, e.g. 330100.")
@one_transaction
def body_add(session, name, level, parent, region_code) -> str:
    """Add a body NAME (e.g. 政协某县委员会) under PARENT."""
    raw = {"name": name, "level": level, "region_code": region_code}
    raw["parent_id"] = _body_id(session, parent)
    body = bodies.add_body(session, raw, actor=None, now=current_clock().now())
    return f"已添加政协：{body.name}（编号 {body.id}，{BodyLevel.labels()[body.level]}）"


@body_group.command("update")
@click.argument("name")
@click.option("--name", "new_name", help="A new name.")
@click.option("--level", type=click.Choice(BodyLevel.codes()))
@click.option("--parent", help="The body one level above, by name.")
@click.option("--region-code", help="行政区划代码, six digits.")
@one_transaction
def body_update(session, name, new_name, level, parent, region_code) -> str:
    """Change body NAME: its name, level, parent or region code."""
    raw = {"name": new_name, "level": level, "region_code": region_code}
    raw = {key: value for key, value in raw.items() if value is not None}
    if parent is not None:
        raw["parent_id"] = _body_id(session, parent)
    if not raw:
        raise click.UsageError("请至少给出一项要修改的内容（--name、--level 等）。")
    body = bodies.change_body(session, name, raw, actor=None, now=current_clock().now())
    return f"已更新政协：{body.name}（{BodyLevel.labels()[body.level]}）"


@user_group.command("update")
@click.argument("username")
@person_options
@one_transaction
@body_option
def user_update(session, username, body_id, **person) -> str:
    """Change USERNAME's details; only the options given change (an empty value clears one)."""
    changes = {field: value for field, value in person.items() if value is not None}
    if not changes:
        raise click.UsageError("请至少给出一项要修改的资料（--name、--phone 等）。")
    now = current_clock().now()
    user = profiles.update_person(
        session, username, changes, actor=None, now=now, body_id=body_id
    )
    return f"已更新用户资料：{user.username}（{user.display_name}）"


@user_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Check the roster and print what would happen; change nothing."
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read one initial password for every new member from standard input.",
)
@click.option("--body", "body_name", help="The body (政协) by name; default: the only one.")
def user_import(path: Path, dry_run: bool, password_stdin: bool, body_name: str | None) -> None:
    """Add the members of a roster (.xlsx, 委员名册): all of them, or none when a row is wrong."""
    from service.operations.roster import import_roster, read_roster

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        rows = read_roster(path)
        with unit_of_work() as session:
            body_id = _body_id(session, body_name)
            report = import_roster(
                session,
                rows,
                password=password,
                dry_run=dry_run,
                now=current_clock().now(),
                body_id=body_id,
            )
    except DomainError as error:
        raise click.ClickException(error.message) from None
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(1)


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
        with owners_unit_of_work() if reset else unit_of_work() as session:
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


search_group = AppGroup("search", help="The similar-proposal index (相似提案).")


@search_group.command("rebuild")
def search_rebuild() -> None:
    """Derive every filed proposal's words anew (after changing the word lists). Filing and
    searching wait while it runs (about a minute per 10,000 proposals): run it in a quiet hour."""
    from service.search.similar import rarity
    from service.search.upkeep import rebuild

    with owners_unit_of_work() as session:  # the index by word is dropped and made again
        count = rebuild(session)
    rarity.forget()
    click.echo(f"search rebuild: {count} proposals indexed")


@click.command("render-pending")
@with_appcontext
@click.option(
    "--now",
    "now_text",
    help="Run as of this time (ISO 8601; no offset = Asia/Shanghai): renders what a "
    "`sweep --now` of that time asked for.",
)
@click.option("--limit", default=500, show_default=True, help="At most this many documents.")
def render_pending_command(now_text: str | None, limit: int) -> None:
    """Render the PDF notices that are waiting."""
    from service.jobs.render_worker import render_pending

    click.echo(f"render-pending: {render_pending(now=_parse_now(now_text), limit=limit)}")


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


signing_group = AppGroup("signing", help="电子签章: signing notices and letters.")


@signing_group.command("make-test-cert")
@with_appcontext
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--name", default=None, help="The certificate's name (default: the office's).")
@click.option("--password", default=None, help="The PKCS#12 password (default: a random one).")
def make_test_cert(folder: Path | None, name: str | None, password: str | None) -> None:
    """Make a self-signed certificate and a seal picture to try signing (not for real use)."""
    import secrets

    from service.db import unit_of_work
    from service.documents.signing import make_test_certificate
    from service.policy import load_policy

    settings = current_app.extensions["settings"]
    if name is None:
        with unit_of_work() as session:
            name = load_policy(session)["office_name"]
    password = password or secrets.token_urlsafe(12)
    folder = folder or Path(settings.instance_path) / "signing"
    p12, seal = make_test_certificate(folder, name, password, now=current_clock().now())
    click.echo(f"test certificate for {name} (self-signed: for trying out only)")
    click.echo(f"SIGNING_P12={p12}\nSIGNING_P12_PASSWORD={password}\nSEAL_IMAGE={seal}")


def register_commands(app: Flask) -> None:
    for command in (
        db_group,
        audit_group,
        unit_group,
        user_group,
        organisation_group,
        session_group,
        body_group,
        demo,
        sweep_command,
        scheduler_command,
        render_pending_command,
        deliver_pending_command,
        digest_command,
        backup_command,
        restore_command,
        signing_group,
        search_group,
    ):
        app.cli.add_command(command)
