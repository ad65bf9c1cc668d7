"""The CPPCC bodies that share the platform (三级联动): adding and changing one, which body a
command or request works on, and a person's memberships (one `users` row in each body)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from service.db.scope import widened
from service.errors import Conflict, InvalidInput, NotVisible, RoleRefused, echoed
from service.models import Body, Unit, User
from service.models.body import LEVEL_NAMES, LEVELS
from service.operations.inputs import BodyArgs, BodyChangeArgs
from service.permissions import GRANTS, Permission, ensure
from service.policy import load_policy
from service.validation import load_or_refuse

REGION_CODE = re.compile(r"\d{6}")


def body_name(office: str) -> str:
    """政协某市委员会提案委员会办公室 → 政协某市委员会: the body is the committee, not its
    office."""
    office = office.strip()
    for suffix in ("提案委员会办公室", "提案委办公室", "提案委员会"):
        if office.endswith(suffix) and len(office) > len(suffix):
            return office.removesuffix(suffix)
    return office


def home_body(session: Session, *, now: datetime) -> Body:
    """The body a command without `--body` works on: the only one. A database with none yet
    (new, or emptied) gets it here, named after the office, so a single office never has to
    set one up."""
    bodies = session.scalars(select(Body).order_by(Body.id).limit(2)).all()
    if len(bodies) == 1:
        return bodies[0]
    if bodies:
        raise InvalidInput("平台上有多个政协，请指明是哪一个（--body 政协名称）。")
    try:
        with session.begin_nested():
            body = Body(
                name=body_name(load_policy(session)["office_name"]),
                level="city",
                created_at=now,
            )
            session.add(body)
        return body
    except IntegrityError:  # made at the same moment by another request
        return session.scalars(select(Body).order_by(Body.id)).first()


def _ensure_a_body(session: Session, now: datetime) -> None:
    """A new database has one body from the start, named after the office."""
    if session.scalar(select(Body.id).limit(1)) is None:
        home_body(session, now=now)


def body_id_for(session: Session, actor, *, now: datetime, body_id: int | None = None) -> int:
    """The body a new row belongs to: the actor's (the body their token is bound to), else the
    one a command named, else the only one."""
    if actor is not None:
        return actor.body_id
    return body_id if body_id is not None else home_body(session, now=now).id


def find_body(session: Session, ref: str | int, *, now: datetime) -> Body:
    """A body by its id or its name (as a command names it). A new database has its one body
    already here, though nobody has logged in yet."""
    _ensure_a_body(session, now)
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        found = session.get(Body, int(ref))
    else:
        found = session.scalar(select(Body).where(Body.name == ref.strip()))
    if found is None:
        raise NotVisible("政协")
    return found


def is_platform_admin(session: Session, actor) -> bool:
    """An administrator of a body at the top of the platform (one without a parent)."""
    if actor is None or actor.role != "admin":
        return False
    return session.get(Body, actor.body_id).parent_id is None


def ensure_platform_admin(session: Session, actor) -> None:
    """`None` is the operator at the server's command line, trusted as the one who installed it."""
    if actor is None:
        return
    ensure(actor, Permission.BODIES_MANAGE)
    if not is_platform_admin(session, actor):
        raise RoleRefused(GRANTS[Permission.BODIES_MANAGE].refusal)


def visible_bodies(session: Session, actor) -> list[Body]:
    """The bodies the person holds a membership in; a platform administrator sees every body."""
    query = select(Body).order_by(Body.id)
    if not is_platform_admin(session, actor):
        held = select(User.body_id).where(User.person_id == actor.person_id, User.active)
        query = query.where(Body.id.in_(held))
    return list(session.scalars(query))


def transfer_targets(session: Session, body_id: int) -> list[Body]:
    """Where a body's committee may transfer a proposal (跨级转办): every other body of the
    platform, the one above and those below it first."""
    body = session.get(Body, body_id)
    near = or_(Body.id == body.parent_id, Body.parent_id == body_id)
    query = select(Body).where(Body.id != body_id).order_by(near.desc(), Body.id)
    return list(session.scalars(query))


def add_body(session: Session, raw: Any, *, actor, now: datetime) -> Body:
    """Add a body under an existing one, one level below it (a county under a city, a city
    under a province); a province has no parent."""
    ensure_platform_admin(session, actor)
    data = load_or_refuse(BodyArgs(), raw)
    _ensure_a_body(session, now)  # a new database's one body comes first
    body = Body(name=_free_name(session, data["name"]), level=data["level"], created_at=now)
    body.parent_id = _parent_for(session, body.level, data.get("parent_id"))
    body.region_code = _region_code(data.get("region_code"))
    session.add(body)
    session.flush()
    return body


def change_body(session: Session, ref: str | int, raw: Any, *, actor, now: datetime) -> Body:
    ensure_platform_admin(session, actor)
    body = find_body(session, ref, now=now)
    data = load_or_refuse(BodyChangeArgs(), raw)
    if "name" in data and data["name"].strip() != body.name:
        body.name = _free_name(session, data["name"])
    if "level" in data or "parent_id" in data:
        level = data.get("level", body.level)
        parent_id = data.get("parent_id", body.parent_id)
        if parent_id == body.id:
            raise _invalid("parent_id", "政协不能隶属于自己。")
        below = session.scalar(select(Body.id).where(Body.parent_id == body.id).limit(1))
        if below is not None and level != body.level:
            raise _invalid("level", "下面已有政协，不能改变层级。")
        body.parent_id = _parent_for(session, level, parent_id)
        body.level = level
    if "region_code" in data:
        body.region_code = _region_code(data["region_code"])
    session.flush()
    return body


def _free_name(session: Session, name: str) -> str:
    name = name.strip()
    if not name:
        raise _invalid("name", "请填写政协名称。")
    if session.scalar(select(Body.id).where(Body.name == name)) is not None:
        raise Conflict(f"政协“{echoed(name)}”已存在。", details={"name": ["该名称已被使用。"]})
    return name


def _parent_for(session: Session, level: str, parent_id: int | None) -> int | None:
    """The parent a body of `level` may have: none for a province, one level up otherwise."""
    if level == LEVELS[0]:
        if parent_id is not None:
            raise _invalid("parent_id", "省级政协不隶属于其他政协。")
        return None
    if parent_id is None:
        raise _invalid("parent_id", f"{LEVEL_NAMES[level]}政协须指明上一级政协。")
    parent = session.get(Body, parent_id)
    if parent is None:
        raise _invalid("parent_id", "上一级政协不存在。")
    if parent.level == LEVELS[-1]:
        raise _invalid("parent_id", f"“{parent.name}”是县级政协，其下不能再设政协。")
    wanted = LEVELS[LEVELS.index(level) - 1]
    if parent.level != wanted:
        raise _invalid(
            "parent_id",
            f"“{parent.name}”是{LEVEL_NAMES[parent.level]}政协，"
            f"{LEVEL_NAMES[level]}政协的上一级须是{LEVEL_NAMES[wanted]}政协。",
        )
    return parent.id


def _region_code(code: str | None) -> str | None:
    if code is None or not code.strip():
        return None
    if REGION_CODE.fullmatch(code.strip()) is None:
        raise _invalid("region_code", "行政区划代码为6位数字，如 330100。")
    return code.strip()


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, details={field: [message]})


def membership_in(
    session: Session, person_id: int, body_id: int, *, active_only: bool = True
) -> User | None:
    """The person's (active) membership in that body (read there, whatever body asks)."""
    query = select(User).where(User.person_id == person_id, User.body_id == body_id)
    with widened(session, (body_id,)):
        return session.scalar(query.where(User.active) if active_only else query)


def units_of(body_id: int, *, active_only: bool = False) -> Select:
    """The body's units by the pinyin of their names, as every chooser and list offers them."""
    query = select(Unit).where(Unit.body_id == body_id)
    if active_only:
        query = query.where(Unit.active.is_(True))
    return query.order_by(Unit.name_key, Unit.name)


def members_of(body_id: int) -> Select:
    """The body's active members, by 界别 and name, as the choosers of members offer them."""
    return (
        select(User)
        .where(User.body_id == body_id, User.role == "member", User.active)
        .order_by(User.sector, User.display_name)
    )
