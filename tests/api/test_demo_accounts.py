"""The demo's logins as `flask demo` lists them for a first-time user, and `flask demo --reset`,
which empties the demo's database and loads the demo again, dated from the day it is run."""

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from service.db import unit_of_work
from service.demo import DEMO_PASSWORD
from service.demo.people import ACCOUNTS, add_people
from service.models import Assignment, AuditRecord, Document, Proposal, Unit, User
from service.vocabulary import ROLES


def _cli(app, *args: str, input: str | None = None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def _demo(app, *args: str) -> str:
    result = _cli(app, "demo", *args)
    assert result.exit_code == 0, result.output
    return result.output


def _count(app, model) -> int:
    with app.app_context(), unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_demo_lists_every_login_with_its_role_and_unit(app, demo):
    lines = demo.splitlines()

    with app.app_context(), unit_of_work() as session:
        people = session.execute(
            select(User.username, User.role, User.display_name, Unit.name).outerjoin(User.unit)
        ).all()
    rows = {line.split()[0]: line for line in lines if line.startswith("  ")}
    assert DEMO_PASSWORD in "\n".join(lines)
    assert len(people) == len(rows) - 1  # and the heading
    for username, role, name, unit in people:
        assert ROLES[role] in rows[username] and name in rows[username]
        assert unit is None or unit in rows[username]


def test_every_demo_login_signs_in_with_the_demo_password(app, demo):
    with app.app_context(), unit_of_work() as session:
        usernames = session.scalars(select(User.username)).all()

    for username in usernames:
        answer = app.test_client().post(
            "/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD}
        )
        assert answer.status_code == 200, username


def test_every_unit_given_work_in_the_demo_has_a_clerk_to_do_it(app, demo):
    with app.app_context(), unit_of_work() as session:
        working = set(session.scalars(select(Assignment.unit_id)))
        staffed = set(session.scalars(select(User.unit_id).where(User.role == "unit")))

    assert working and working <= staffed


def test_reset_empties_the_demo_and_loads_it_dated_from_today(app, clock, demo):
    fresh = _count(app, Proposal)
    assert _cli(app, "unit", "add", "市测试局").exit_code == 0
    clock.advance(days=400)

    output = _demo(app, "--reset", "--yes")

    assert "已清空演示数据库并重新加载" in output and "zhangwei" in output
    with app.app_context(), unit_of_work() as session:
        assert session.scalar(select(Unit).where(Unit.name == "市测试局")) is None
        assert session.scalar(select(func.count()).select_from(Proposal)) == fresh
        latest = session.scalar(select(func.max(AuditRecord.at)))
    assert clock.now() - timedelta(days=3) < latest < clock.now()


def test_reset_removes_the_stored_pdfs_of_the_rows_it_empties(app, demo):
    documents = Path(app.extensions["settings"].documents_dir)
    stored, outside = documents / "2026/03/reply_letter-1.pdf", documents.parent / "kept.pdf"
    for path in (stored, outside):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7")
    with app.app_context(), unit_of_work() as session:
        first, second = session.scalars(select(Document).limit(2))
        first.file_name, second.file_name = "2026/03/reply_letter-1.pdf", "../kept.pdf"

    _demo(app, "--reset", "--yes")

    assert not stored.exists()
    assert outside.exists()  # a name pointing out of the documents folder is never followed


def test_reset_refuses_a_database_that_holds_more_than_the_demo(app):
    assert _cli(app, "unit", "add", "市交通运输局").exit_code == 0

    result = _cli(app, "demo", "--reset", "--yes")

    assert result.exit_code == 1
    assert "不是演示数据" in result.output
    assert _count(app, Unit) == 1 and _count(app, Proposal) == 0


def _earlier_demo(app, clock) -> None:
    """A demo loaded by an earlier version: its members and staff, clerks for two units only."""
    with app.app_context(), unit_of_work() as session:
        add_people(session, at=clock.now())
        for account in ACCOUNTS[-2:]:
            session.delete(session.scalar(select(User).where(User.username == account.username)))


def test_an_earlier_demo_lists_the_logins_it_has_and_can_be_reset(app, clock):
    _earlier_demo(app, clock)

    listed = _demo(app)
    output = _demo(app, "--reset", "--yes")

    assert "未重复加载" in listed and "zhangwei" in listed
    assert ACCOUNTS[-1].username not in listed
    assert "已清空演示数据库并重新加载" in output and ACCOUNTS[-1].username in output


def test_reset_asks_first_and_a_no_changes_nothing(app):
    _demo(app)
    assert _cli(app, "unit", "add", "市测试局").exit_code == 0
    units = _count(app, Unit)

    result = _cli(app, "demo", "--reset", input="n\n")

    assert result.exit_code == 1 and "确定吗" in result.output
    assert _count(app, Unit) == units


def test_reset_of_an_empty_database_loads_the_demo(app):
    output = _demo(app, "--reset", "--yes")

    assert "已加载演示数据" in output
    assert _count(app, Proposal) > 0
