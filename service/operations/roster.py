"""Importing a roster of members (委员名册) from an .xlsx file: every row checked first, then
all of them added in the caller's one transaction, or none when any row is wrong.

The first row of the first sheet names the columns, in any order: 姓名 (required), 用户名
(optional: made from the name's pinyin when blank), 界别, 党派, 工作单位及职务, 手机, 邮箱.
Blank rows are skipped. A member is a duplicate when their 用户名, 手机 or 邮箱, or their 姓名
together with their 工作单位及职务, is that of another row or of someone already registered.
Every new member gets the one initial password given (hashed once: the import of a thousand
members would otherwise spend a minute hashing), to be changed by `user password` as needed."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.contacts import CHANNELS, checked_details
from service.errors import DomainError, InvalidInput
from service.models import Person, User
from service.operations.bodies import body_id_for
from service.operations.users import check_password
from service.passwords import hash_password
from service.usernames import ensure_valid_username, username_from_name

# Each column's heading, with the other headings offices write for it.
COLUMNS = {
    "name": ("姓名",),
    "username": ("用户名", "账号"),
    "sector": ("界别",),
    "party": ("党派",),
    "employer": ("工作单位及职务", "工作单位", "单位及职务"),
    "phone": ("手机", "手机号", "手机号码"),
    "email": ("邮箱", "电子邮箱", "电子邮件"),
}
HEADING = {heading: key for key, headings in COLUMNS.items() for heading in headings}
LABELS = {key: headings[0] for key, headings in COLUMNS.items()}


@dataclass
class RosterRow:
    number: int  # the row's number in the sheet, as the office sees it
    values: dict[str, str | None]


@dataclass
class RosterReport:
    dry_run: bool
    added: list[tuple[int, User]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    row_errors: dict[int, str] = field(default_factory=dict)  # row number → its error line

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> Iterable[str]:
        if self.errors:
            yield from self.errors
            yield f"名册有 {len(self.errors)} 处错误，未导入任何委员；请改正后重新导入。"
            return
        for number, user in self.added:
            details = "，".join(
                f"{LABELS[k]}：{getattr(user, k)}"
                for k in ("sector", "party", "employer", "phone", "email")
                if getattr(user, k)
            )
            yield f"第{number}行：{user.display_name}（{user.username}）" + (
                f"，{details}" if details else ""
            )
        verb = "将导入" if self.dry_run else "已导入"
        note = "（试导入，未作任何改动）。" if self.dry_run else "。"
        yield f"{verb} {len(self.added)} 名委员{note}"


def read_roster(path: Path) -> list[RosterRow]:
    """The rows of the roster file's first sheet (see `roster_rows`)."""
    return roster_rows(path.read_bytes())


def roster_rows(data: bytes) -> list[RosterRow]:
    """The rows of the roster's first sheet, by the headings of its first row.

    Raises:
        InvalidInput: not an .xlsx file, no 姓名 column, or a column it does not know.
    """
    from openpyxl import load_workbook

    try:
        # Read from memory: a sheet left half-read (a refused heading) holds no file open.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput(
            "无法读取名册：请提供 Excel 工作簿（.xlsx）。", details={"file": ["不是 .xlsx 文件。"]}
        ) from None
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        headings = [_cell(value) for value in next(lines, ())]
        keys = _columns(headings)
        rows = []
        for number, cells in enumerate(lines, start=2):
            values = {
                key: _cell(cells[index]) if index < len(cells) else None
                for index, key in keys.items()
            }
            if any(values.values()):
                rows.append(RosterRow(number, values))
        return rows
    finally:
        book.close()


def _cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():  # a phone typed as a number
        value = int(value)
    return str(value).strip() or None


def _columns(headings: list[str | None]) -> dict[int, str]:
    keys, unknown = {}, []
    for index, heading in enumerate(headings):
        if heading is None:
            continue
        key = HEADING.get(heading.replace(" ", ""))
        if key is None:
            unknown.append(heading)
        elif key in keys.values():
            raise InvalidInput(f"名册第1行有两列“{heading}”。", details={"file": ["列重复。"]})
        else:
            keys[index] = key
    if unknown:
        known = "、".join(LABELS.values())
        message = f"名册第1行有不认识的列：{'、'.join(unknown)}；可用的列为 {known}。"
        raise InvalidInput(message, details={"file": [message]})
    if "name" not in keys.values():
        raise InvalidInput("名册第1行须有“姓名”列。", details={"file": ["缺少“姓名”列。"]})
    return keys


class _Registered:
    """Who is registered already, and who the rows checked so far are, to find duplicates."""

    def __init__(self, session: Session, body_id: int) -> None:
        found = session.execute(
            select(User.username, User.display_name, User.employer, User.phone, User.email).where(
                User.body_id == body_id
            )
        ).all()
        # A username names one person on the whole platform.
        self.usernames = set(session.scalars(select(Person.username)))
        self.by = {
            "phone": {u.phone: "已登记的用户" for u in found if u.phone},
            "email": {u.email.lower(): "已登记的用户" for u in found if u.email},
            "person": {(u.display_name, u.employer): "已登记的用户" for u in found if u.employer},
        }
        self.given = {}  # username given in the file → its row

    def clashes(self, number: int, details: dict, username: str | None) -> list[str]:
        keys = {
            "phone": details.get("phone"),
            "email": (details.get("email") or "").lower() or None,
            "person": (details["name"], details["employer"]) if details.get("employer") else None,
        }
        what = {"phone": "手机号码", "email": "邮箱", "person": "姓名和工作单位及职务"}
        found = [
            f"{what[kind]}与{self.by[kind][key]}相同"
            for kind, key in keys.items()
            if key is not None and key in self.by[kind]
        ]
        if username is not None:
            if username in self.given:
                found.insert(0, f"用户名“{username}”与第{self.given[username]}行相同")
            elif username in self.usernames:
                found.insert(0, f"用户名“{username}”已被使用")
        for kind, key in keys.items():
            if key is not None:
                self.by[kind].setdefault(key, f"第{number}行")
        if username is not None:
            self.given.setdefault(username, number)
        return found


def import_roster(
    session: Session,
    rows: list[RosterRow],
    *,
    password: str | None,
    dry_run: bool,
    now: datetime,
    body_id: int | None = None,
) -> RosterReport:
    """Check every row; unless this is a dry run and when no row is wrong, add them all as
    members of the body (the only one when none is named). Nothing is added when any row is
    wrong (the report says each row's errors)."""
    report = RosterReport(dry_run=dry_run)
    if not rows:
        report.errors.append("名册中没有委员（除第1行的列名外都是空行）。")
        return report
    body_id = body_id_for(session, None, now=now, body_id=body_id)
    registered = _Registered(session, body_id)
    checked = []
    for row in rows:
        details, problems = _row_details(row)
        username = _given_username(row, problems)
        problems += registered.clashes(row.number, details, username) if "name" in details else []
        if problems:
            report.errors.append(f"第{row.number}行：{'；'.join(problems)}。")
            report.row_errors[row.number] = report.errors[-1]
        checked.append((row.number, username, details))
    if report.errors:
        return report
    if not dry_run:
        if password is None:
            raise InvalidInput("请提供新委员的初始密码（--password-stdin）。")
        check_password(password)
    password_hash = (
        hash_password(password, cost=session.info["settings"].password_cost) if not dry_run else ""
    )
    taken = registered.usernames | set(registered.given)
    for number, username, details in checked:
        name = details.pop("name")
        username = username or username_from_name(name, taken)
        user = User(
            person=Person(username=username, password_hash=password_hash, created_at=now),
            body_id=body_id,
            username=username,
            display_name=name,
            role="member",
            **details,
            notify_by=list(CHANNELS),
            proxy_rater=False,
            active=True,
            created_at=now,
        )
        report.added.append((number, user))
    if not dry_run:
        session.add_all(user for _, user in report.added)
        session.flush()
    return report


def _row_details(row: RosterRow) -> tuple[dict, list[str]]:
    details, problems = {}, []
    for key in ("name", "sector", "party", "employer", "phone", "email"):
        try:
            details.update(checked_details({key: row.values.get(key)}, labels=LABELS))
        except DomainError as error:
            problems.append(error.message.rstrip("。"))
    return details, problems


def _given_username(row: RosterRow, problems: list[str]) -> str | None:
    typed = row.values.get("username")
    if typed is None:
        return None
    try:
        return ensure_valid_username(typed)
    except DomainError as error:
        problems.append(f"用户名“{typed}”不可用：{error.message.rstrip('。')}")
        return None
