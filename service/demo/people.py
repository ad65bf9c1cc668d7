"""Who is in the demo: a city's departments and every demo login (members of several 界别,
committee staff, a leader, an administrator, a clerk for each unit the demo gives work to), and
the table of those logins that `flask demo` prints for a first-time user."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import User
from service.operations import organisations, users
from service.vocabulary import ROLES

DEMO_PASSWORD = "demo-pass-2026"
OFFICE = "提案委员会办公室"
UNITS = (
    "市发展和改革委员会",
    "市教育局",
    "市科学技术局",
    "市公安局",
    "市民政局",
    "市财政局",
    "市人力资源和社会保障局",
    "市自然资源和规划局",
    "市生态环境局",
    "市住房和城乡建设局",
    "市交通运输局",
    "市农业农村局",
    "市商务局",
    "市文化广电旅游局",
    "市卫生健康委员会",
    "市市场监督管理局",
    "市医疗保障局",
    "市城市管理局",
)


@dataclass(frozen=True)
class Account:
    """One demo login: what the table says of it and what `users.add_user` needs."""

    username: str
    role: str
    name: str
    sector: str | None = None
    unit: str | None = None
    proxy_rater: bool = False

    @property
    def who(self) -> str:
        if self.sector:
            return f"{self.name}（{self.sector}）"
        if self.proxy_rater:
            return f"{self.name}（可代录委员的纸质测评）"
        return self.name

    @property
    def workplace(self) -> str:
        if self.unit:
            return self.unit
        return OFFICE if self.role == "committee" else "—"


def _member(username: str, name: str, sector: str) -> Account:
    return Account(username, "member", name, sector=sector)


def _clerk(username: str, unit: str) -> Account:
    return Account(username, "unit", f"{unit}办理员", unit=unit)


ACCOUNTS = (
    _member("zhangwei", "张伟", "经济界"),
    _member("lina", "李娜", "教育界"),
    _member("wangfang", "王芳", "医药卫生界"),
    _member("liuyang", "刘洋", "科学技术界"),
    _member("chenjing", "陈静", "农业界"),
    _member("zhaolei", "赵磊", "民建"),
    _member("sunli", "孙丽", "文化艺术界"),
    _member("zhouqiang", "周强", "工商联"),
    _member("wuxia", "吴霞", "妇联"),
    _member("zhengtao", "郑涛", "无党派人士"),
    Account("office", "committee", "王建国", proxy_rater=True),
    Account("office2", "committee", "林晓梅"),
    Account("leader", "leader", "黄副主席"),
    Account("admin", "admin", "系统管理员"),
    _clerk("jiaotong", "市交通运输局"),
    _clerk("jiaoyu", "市教育局"),
    _clerk("weijian", "市卫生健康委员会"),
    _clerk("huanjing", "市生态环境局"),
    _clerk("zhujian", "市住房和城乡建设局"),
    _clerk("caizheng", "市财政局"),
    _clerk("guihua", "市自然资源和规划局"),
)


@dataclass(frozen=True)
class Letterhead:
    """What a unit's 答复函 carries beside its text: the leader who signs it (签发人), the clerk
    who answers for it and their telephone, and the prefix of the unit's letter numbers."""

    signer: str
    contact: str
    phone: str
    prefix: str


LETTERHEADS = {
    "市交通运输局": Letterhead("陈志刚", "刘晓东", "0571-87010218", "市交通函"),
    "市教育局": Letterhead("吴建华", "何丽萍", "0571-87020316", "市教函"),
    "市卫生健康委员会": Letterhead("郑国平", "许晴", "0571-87030522", "市卫健函"),
    "市生态环境局": Letterhead("马卫东", "沈佳", "0571-87040135", "市环函"),
    "市住房和城乡建设局": Letterhead("周文斌", "钱磊", "0571-87050647", "市建函"),
    "市财政局": Letterhead("冯志强", "韩雪", "0571-87060259", "市财函"),
    "市自然资源和规划局": Letterhead("蒋海涛", "杨帆", "0571-87070361", "市规划函"),
}
# Collective proposers (集体提案) and the demo members who file for them.
ORGANISATIONS = (
    ("民建市委会", "party", ("zhaolei",)),
    ("市工商联", "group", ("zhouqiang",)),
)
USERNAMES = frozenset(a.username for a in ACCOUNTS)
CORE = frozenset(a.username for a in ACCOUNTS if a.role != "unit")


def clerk_of(unit: str) -> str:
    """The username of the demo clerk who acts for `unit`."""
    return next(a.username for a in ACCOUNTS if a.unit == unit)


# Members' details as offices keep them (党派, 工作单位及职务), with made-up contacts on the
# 13800138xxx range and an example.cn address, so units see whom to call (办前沟通).
PARTIES = ("民盟", "民进", "农工党", "九三学社", "民建", "致公党", "中共", "民革", "无党派", "台盟")
EMPLOYERS = (
    "市工商联副主席",
    "市第一中学校长",
    "市人民医院副院长",
    "市科学院研究员",
    "市农科所所长",
    "某建设集团总经理",
    "市歌舞剧院院长",
    "市商会会长",
    "市妇幼保健院主任",
    "市律师协会副会长",
)


def _details(account: Account, index: int) -> dict:
    if account.role != "member":
        return {}
    return {
        "party": PARTIES[index % len(PARTIES)],
        "employer": EMPLOYERS[index % len(EMPLOYERS)],
        "phone": f"13800138{index:03d}",
        "email": f"{account.username}@example.cn",
    }


def add_people(session: Session, *, at: datetime) -> None:
    """The units, every demo login (all with the demo password) and the organisations."""
    for name in UNITS:
        users.add_unit(session, name, now=at)
    for index, account in enumerate(ACCOUNTS):
        users.add_user(
            session,
            account.username,
            role=account.role,
            password=DEMO_PASSWORD,
            now=at,
            unit_name=account.unit,
            display_name=account.name,
            sector=account.sector,
            proxy_rater=account.proxy_rater,
            **_details(account, index),
        )
    for name, kind, contacts in ORGANISATIONS:
        raw = {"name": name, "kind": kind, "contacts": list(contacts)}
        organisations.add_organisation(session, raw, actor=None, now=at)


def demo_logins(session: Session) -> set[str]:
    """The demo logins this database has."""
    return set(session.scalars(select(User.username).where(User.username.in_(USERNAMES))))


def holds_demo(session: Session) -> bool:
    """Whether the demo's members and office staff are all in this database: it is the demo's,
    not an office's own. (Clerks are not asked for: earlier demos had fewer of them.)"""
    return CORE.issubset(demo_logins(session))


def accounts_table(present: set[str] | frozenset[str] = USERNAMES) -> str:
    """The demo logins `present` as an aligned table, in the order a newcomer would try them."""
    rows = [("用户名", "角色", "姓名", "单位")] + [
        (a.username, ROLES[a.role], a.who, a.workplace) for a in ACCOUNTS if a.username in present
    ]
    widths = [max(_width(cell) for cell in column) + 2 for column in zip(*rows, strict=True)]
    lines = ["  " + "".join(map(_padded, row, widths)).rstrip() for row in rows]
    return "\n".join([f"演示账号（密码均为 {DEMO_PASSWORD}）：", *lines])


def _padded(cell: str, width: int) -> str:
    return cell + " " * (width - _width(cell))


def _width(text: str) -> int:
    """Columns a terminal gives the text: two for each Chinese character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
