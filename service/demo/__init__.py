"""A believable demo data set, dated from the day it is loaded: a city's departments, members of
several 界别, committee staff, and proposals in every state, made through the same operations
people use. `flask demo` loads it once; `flask demo --reset` empties the demo's database and
loads it afresh, dated from that day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from service.backup import data_tables
from service.configuration import VERSION, forget, write_new_version
from service.demo.cases import tell
from service.demo.people import (
    ACCOUNTS,
    DEMO_PASSWORD,
    UNITS,
    accounts_table,
    add_people,
    demo_logins,
    holds_demo,
)
from service.demo.story import Story
from service.documents.render import chinese_number
from service.errors import Conflict
from service.models import Document, PlenarySession, Proposal, Unit
from service.operations import administration
from service.operations.bodies import home_body
from service.usernames import find_by_username

__all__ = ["DEMO_PASSWORD", "ResetDemo", "load_demo", "reset_demo"]

RESET_HINT = (
    "演示数据的日期以加载当天为准。想清除试用中的改动、让日期回到今天："
    "先按 Ctrl+C 停止服务，再运行 RESET_DEMO=1 bash .ci/serve"
    "（或 .venv/bin/flask --app wsgi demo --reset）。"
)
DEMO_OFFICE_CONTACT = "提案委员会办公室，电话 0571-87051234"
# The 14th committee's first plenary session was held in 2023; a committee sits five years.
FIRST_TERM, FIRST_YEAR = 14, 2023


def load_demo(session: Session, *, now: datetime) -> str:
    """Load the demo set once; a second run changes nothing."""
    if session.scalar(select(Unit).limit(1)) is not None:
        if not holds_demo(session):
            return "数据库中已有数据，未重复加载演示数据。"
        table = accounts_table(demo_logins(session))
        return "\n".join(("数据库中已有演示数据，未重复加载。", table, RESET_HINT))
    add_people(session, at=now - timedelta(days=300))
    # The office's telephone, as its documents print it (the default names no number), set as
    # its administrator sets it.
    administration.change_settings(
        session,
        {"office_contact": DEMO_OFFICE_CONTACT},
        actor=find_by_username(session, "admin", home_body(session, now=now).id),
        confirm=True,
        apply_to_open=False,
        now=now,
    )
    _plenary_session(session, now)
    tell(Story(session, now))
    count = session.scalar(select(func.count()).select_from(Proposal))
    day = now.astimezone(session.info["settings"].zone).date()
    return "\n".join(
        (
            f"已加载演示数据：{len(UNITS)} 个承办单位，{len(ACCOUNTS)} 个账号，{count} 件提案，"
            f"日期以今天（{day.year}年{day.month}月{day.day}日）为准。",
            accounts_table(),
            RESET_HINT,
        )
    )


def _plenary_session(session: Session, now: datetime) -> None:
    """The current session: this year's plenary session of the committee sitting this year.
    It opened a little under six months ago, so the older demo proposals, filed in the months
    before it up to its cut-off, are 大会提案 and the later ones 平时提案."""
    today = now.astimezone(session.info["settings"].zone).date()
    year = today.year
    term, meeting = FIRST_TERM + (year - FIRST_YEAR) // 5, (year - FIRST_YEAR) % 5 + 1
    opens_on = today - timedelta(days=170)
    session.add(
        PlenarySession(
            body_id=home_body(session, now=now).id,
            name=f"{chinese_number(term)}届{chinese_number(meeting)}次会议",
            term=term,
            meeting=meeting,
            year=year,
            opens_on=opens_on,
            plenary_until=opens_on + timedelta(days=3),
            closes_on=opens_on + timedelta(days=5),
            current=True,
            last_number=0,
        )
    )
    session.flush()


@dataclass
class ResetDemo:
    """What a reset did: its report, and the stored PDFs of the emptied rows, to be removed
    once the reset is committed (before that, a rollback still needs them)."""

    report: str
    stored: list[str] = field(default_factory=list)

    def remove_stored(self, documents_dir: Path) -> None:
        root = documents_dir.resolve()
        for name in self.stored:
            path = (root / name).resolve()
            if root in path.parents:
                path.unlink(missing_ok=True)


def reset_demo(session: Session, *, now: datetime) -> ResetDemo:
    """Empty a database that holds the demo (or nothing) and load the demo anew.

    Raises:
        Conflict: the database holds something else than the demo; nothing is touched.
    """
    if session.scalar(select(Unit).limit(1)) is not None and not holds_demo(session):
        raise Conflict(
            "这个数据库中不是演示数据（缺少演示的委员或工作人员账号），为防止误删，未重置。"
            "演示数据只能在演示用的数据库上重置。"
        )
    stored = list(
        session.scalars(select(Document.file_name).where(Document.file_name.is_not(None)))
    )
    _empty(session)
    return ResetDemo("已清空演示数据库并重新加载。\n" + load_demo(session, now=now), stored)


def _empty(session: Session) -> None:
    """Every row of every table, as one statement per table (PostgreSQL: one TRUNCATE, which
    the append-only history's row trigger does not refuse)."""
    tables = data_tables()
    if session.get_bind().dialect.name == "postgresql":
        names = ", ".join(table.name for table in tables)
        session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            session.execute(table.delete())
    session.expunge_all()
    # The settings and calendar went with the rows: every process reads them again.
    write_new_version(session)
    session.info.pop(VERSION, None)
    forget(session, "policy", "calendar")
