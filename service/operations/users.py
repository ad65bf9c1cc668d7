"""Units, users and their API tokens (登录)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from service.access import memberships_of
from service.configuration import current_version, note_version
from service.contacts import CHANNELS, checked_channels, checked_details
from service.db.scope import in_bodies, in_no_body, scope_of, widened
from service.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotVisible,
    RoleRefused,
    echoed,
)
from service.models import ApiToken, CoSigner, Person, Proposal, ProposalSupervisor, Unit, User
from service.operations.bodies import body_id_for, membership_in
from service.passwords import hash_password, verify_password
from service.permissions import Permission, ensure
from service.policy import in_body
from service.usernames import ensure_valid_username, find_by_username, find_person
from service.vocabulary import PERSON_ROLES

NOT_A_MEMBER = "您不是该政协的成员，不能进入。"


def add_unit(session: Session, name: str, *, now: datetime, body_id: int | None = None) -> Unit:
    """A unit of the body (the only one when none is named)."""
    body_id = body_id_for(session, None, now=now, body_id=body_id)
    name = name.strip()
    if not name:
        raise InvalidInput("请填写单位名称。", details={"name": ["请填写单位名称。"]})
    if session.scalar(select(Unit).where(Unit.body_id == body_id, Unit.name == name)):
        raise Conflict(f"单位“{echoed(name)}”已存在。", details={"name": ["该单位已存在。"]})
    unit = Unit(body_id=body_id, name=name, active=True, created_at=now)
    session.add(unit)
    session.flush()
    return unit


def add_user(
    session: Session,
    username: str,
    *,
    role: str,
    password: str,
    now: datetime,
    unit_name: str | None = None,
    display_name: str | None = None,
    sector: str | None = None,
    proxy_rater: bool = False,
    party: str | None = None,
    employer: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    body_id: int | None = None,
) -> User:
    """Add a person who logs in under the normal form of `username` (service/usernames.py),
    with their membership in the body (the only one when none is named). A unit handler must
    name one of the body's units; nobody else belongs to one; only committee staff may be
    designated to enter paper ratings. Phone and e-mail are checked as everywhere
    (service/contacts.py)."""
    _check_role(role)
    name = ensure_valid_username(username)
    check_password(password)
    details = checked_details(
        {"sector": sector, "party": party, "employer": employer, "phone": phone, "email": email}
    )
    _ensure_username_free(session, username, name)
    body_id = body_id_for(session, None, now=now, body_id=body_id)
    unit = _unit_for(session, role, unit_name, proxy_rater, body_id)
    cost = session.info["settings"].password_cost
    person = Person(username=name, password_hash=hash_password(password, cost=cost), created_at=now)
    user = User(
        person=person,
        body_id=body_id,
        username=name,
        display_name=(display_name or "").strip() or name,
        role=role,
        unit=unit,
        **details,
        notify_by=list(CHANNELS),
        proxy_rater=proxy_rater,
        active=True,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def grant(
    session: Session,
    username: str,
    *,
    body_id: int,
    role: str,
    now: datetime,
    unit_name: str | None = None,
    sector: str | None = None,
) -> User:
    """A membership in another body for a person who already logs in (user grant, or that
    body's administrator by the person's username): the same name, password and contact
    details, with a role (and unit, and a member's 界别 when it differs) of that body."""
    person = find_person(session, username)
    if person is None:
        message = f"本平台没有用户名为“{username}”的人员，请核对其在其他政协使用的用户名。"
        raise InvalidInput(message, details={"username": ["没有这个用户名。"]})
    if membership_in(session, person.id, body_id, active_only=False) is not None:
        raise Conflict(
            f"“{person.username}”在该政协已有账号。",
            details={"body": ["已是该政协的成员。"], "username": ["已在本级政协有账号。"]},
        )
    unit = _unit_for(session, role, unit_name, False, body_id)
    # Every person is someone's member somewhere: their latest membership, in whichever body,
    # has their details.
    with widened(session):
        known = session.scalars(
            select(User).where(User.person_id == person.id).order_by(User.id.desc())
        ).first()
    details = {field: getattr(known, field) for field in ("party", "employer", "phone", "email")}
    user = User(
        person=person,
        body_id=body_id,
        username=person.username,
        display_name=known.display_name,
        role=role,
        unit=unit,
        sector=(sector or known.sector) if role == "member" else None,
        **details,
        notify_by=list(known.notify_by),
        proxy_rater=False,
        active=True,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def _ensure_username_free(session: Session, typed: str, name: str) -> None:
    if session.scalar(select(Person.id).where(Person.username == name)) is None:
        return
    shown = typed.strip()  # no longer than `name`, which fits the pattern
    if shown == name:
        message = f"用户名“{name}”已被使用。"
    else:  # a look-alike: say which name it is taken for
        message = f"用户名“{shown}”即“{name}”（不区分大小写和全角半角），已被使用。"
    raise Conflict(message, details={"username": ["用户名已被使用。"]})


def check_password(password: str) -> None:
    if len(password) < 8:
        raise InvalidInput("密码至少需要8个字符。", details={"password": ["密码至少需要8个字符。"]})


def account_of(session: Session, user_id: int, actor) -> User:
    """A membership of the actor's body, by its id (the administrator's pages); 404 for one of
    another body, as for none."""
    found = session.get(User, user_id)
    if found is None or found.body_id != actor.body_id:
        raise NotVisible("用户")
    return found


def find_user(session: Session, username: str, body_id: int) -> User:
    """The person's membership in the body; 404 when they hold none there."""
    user = find_by_username(session, username, body_id)
    if user is None:
        raise NotVisible("用户")
    return user


def _log_out(session: Session, whose, now: datetime) -> None:
    """End the open logins of the memberships `whose` names (one id, or a subquery of ids)."""
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id.in_(whose), ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def ensure_account_manager(actor) -> None:
    """Only an administrator stops, restarts or resets another's login; `None` is the operator
    at the server's command line, who is trusted as the one who installed it."""
    if actor is not None:
        ensure(actor, Permission.ACCOUNTS_MANAGE)


def set_active(
    session: Session, username: str, active: bool, *, actor, now: datetime, body_id=None
) -> User:
    """停用 or 启用 a login. A stopped user is logged out at once and cannot log in; what they
    did stays in the history under their name."""
    ensure_account_manager(actor)
    user = find_user(session, username, body_id_for(session, actor, now=now, body_id=body_id))
    if not active and actor is not None and user.id == actor.id:
        raise Conflict("不能停用自己正在使用的账号。")
    user.active = active
    if not active:
        _log_out(session, [user.id], now)
    return user


def reset_password(
    session: Session, username: str, password: str, *, actor, now: datetime, body_id=None
) -> Person:
    """Set a new password (the person forgot theirs): one password for every body they are a
    member of, so every open login of theirs ends, in each body. An administrator resets the
    password of a member of their own body; the command line of anyone's."""
    ensure_account_manager(actor)
    check_password(password)
    if actor is None and body_id is None:
        person = find_person(session, username)
        if person is None:
            raise NotVisible("用户")
    else:
        body = body_id_for(session, actor, now=now, body_id=body_id)
        person = find_user(session, username, body).person
    person.password_hash = hash_password(password, cost=session.info["settings"].password_cost)
    _log_out(session, select(User.id).where(User.person_id == person.id), now)
    return person


def change_user(
    session: Session,
    username: str,
    *,
    actor,
    now: datetime,
    display_name: str,
    role: str,
    unit_name: str | None,
    sector: str | None,
    proxy_rater: bool,
    contacts: dict | None = None,
    body_id: int | None = None,
) -> User:
    """Change a login's name, role, unit, 界别 or 代录 designation, and the details in
    `contacts` (party, employer, phone, email, notify_by), on add_user's rules. What
    the person did stays in the history under their name; a member who filed or co-signed
    proposals, and a leader who supervises any, keep their role (their proposals depend on it),
    and nobody changes the role of the login they are using."""
    ensure_account_manager(actor)
    user = find_user(session, username, body_id_for(session, actor, now=now, body_id=body_id))
    if not display_name.strip():
        raise InvalidInput("请填写姓名。", details={"display_name": ["请填写姓名。"]})
    unit = _unit_for(session, role, unit_name, proxy_rater, user.body_id)
    wanted = dict(contacts or {})
    channels = wanted.pop("notify_by", None)
    details = checked_details(wanted)
    if role != user.role:
        _ensure_role_may_change(session, user, actor)
    for field, value in details.items():
        setattr(user, field, value)
    if channels is not None:
        user.notify_by = checked_channels(channels)
    user.display_name, user.role, user.unit = display_name.strip(), role, unit
    user.sector, user.proxy_rater = sector or None, proxy_rater
    return user


def _unit_for(
    session: Session, role: str, unit_name: str | None, proxy_rater: bool, body_id: int
) -> Unit | None:
    """The body's unit a login of this role belongs to (a unit handler's, nobody else's)."""
    _check_role(role)
    if proxy_rater and role != "committee":
        raise InvalidInput(
            "只有提案委员会工作人员可以指定为测评代录人。",
            details={"proxy_rater": ["不适用于该角色。"]},
        )
    if role != "unit":
        if unit_name:
            raise InvalidInput("只有承办单位用户才隶属于单位。", details={"unit": ["不适用。"]})
        return None
    unit = session.scalar(
        select(Unit).where(Unit.body_id == body_id, Unit.name == (unit_name or ""))
    )
    if unit is None:
        named = f"没有名为“{echoed(unit_name)}”的承办单位。" if unit_name else None
        field = named or "请选择所属承办单位。"
        raise InvalidInput("承办单位用户须选择已登记的承办单位。", details={"unit": [field]})
    return unit


def _check_role(role: str) -> None:
    if not role:
        raise InvalidInput("请选择角色。", details={"role": ["请选择角色。"]})
    if role not in PERSON_ROLES:
        allowed = "/".join(PERSON_ROLES)
        raise InvalidInput(f"角色须为 {allowed} 之一。", details={"role": ["角色无效。"]})


def _ensure_role_may_change(session: Session, user: User, actor) -> None:
    if actor is not None and user.id == actor.id:
        raise Conflict("不能修改自己正在使用的账号的角色。", details={"role": ["不能修改。"]})
    proposes = select(Proposal.id).where(Proposal.lead_proposer_id == user.id).exists()
    cosigns = select(CoSigner.id).where(CoSigner.user_id == user.id).exists()
    supervises = select(ProposalSupervisor.id).where(ProposalSupervisor.user_id == user.id).exists()
    if session.scalar(select(proposes | cosigns)):
        message = "该委员已提出或受邀联名提案，不能改为其他角色；如需其他角色，请另建账号。"
        raise Conflict(message, details={"role": ["该委员已有提案，不能修改角色。"]})
    if session.scalar(select(supervises)):
        message = "该领导正在督办重点提案，不能改为其他角色；如需其他角色，请另建账号。"
        raise Conflict(message, details={"role": ["正在督办重点提案，不能修改角色。"]})


@functools.cache
def _decoy(cost: str) -> str:
    return hash_password(secrets.token_hex(16), cost=cost)


def _decoy_hash(session: Session) -> str:
    return _decoy(session.info["settings"].password_cost)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    session: Session, username: str, password: str, *, now: datetime, body_id: int | None = None
) -> tuple[str, ApiToken]:
    """Log in: a new bearer token, bound to one body, for a known person with the right
    password: in the body asked for (403 without a membership there), else in their first."""
    person = find_person(session, username)
    # An unknown name costs the same hash check, so timing does not tell which names exist.
    stored = person.password_hash if person is not None else _decoy_hash(session)
    if not verify_password(stored, password) or person is None:
        raise NotAuthenticated("用户名或密码不正确。")
    held = memberships_of(session, person.id)
    if not held:
        raise NotAuthenticated("用户名或密码不正确。")
    user = held[0] if body_id is None else next((u for u in held if u.body_id == body_id), None)
    if user is None:
        raise RoleRefused(NOT_A_MEMBER)
    return _new_token(session, user, now)


def switch_body(session: Session, actor, body_id: int, *, now: datetime) -> tuple[str, ApiToken]:
    """A token for the actor's membership in another body (auth/switch); the token they came
    with stays valid for its own body."""
    user = membership_in(session, actor.person_id, body_id)
    if user is None:
        raise RoleRefused(NOT_A_MEMBER)
    return _new_token(session, user, now)


def _new_token(session: Session, user: User, now: datetime) -> tuple[str, ApiToken]:
    """A token for this membership; the request goes on in the membership's body."""
    in_body(session, user.body_id)
    # The token names its body (not secret, and no key to it: the digest is of the whole token,
    # so another number matches no row), and its lookup is made in that body alone.
    token = f"{user.body_id}.{secrets.token_urlsafe(32)}"
    hours = session.info["settings"].token_hours
    row = ApiToken(
        digest=_digest(token), user=user, created_at=now, expires_at=now + timedelta(hours=hours)
    )
    session.add(row)
    session.flush()
    return token, row


def actor_for_token(session: Session, token: str, *, now: datetime) -> User:
    """The token's user; the configuration's version is read by the same query (it tells
    whether the settings a process keeps are current, service/configuration.py). A request
    starts in no body: the token's lookup is made in the body the token names (one scope for
    the whole request), or, for a token that names none, across bodies."""
    before, named = scope_of(session), _body_named_by(token)
    if named is not None and before is None:
        in_bodies(session, (named,))
        reach = contextlib.nullcontext()
    else:
        reach = widened(session)
    with reach:
        found = session.execute(_token_lookup(), {"digest": _digest(token)}).first()
    row, version = found if found is not None else (None, None)
    user = row.user if row is not None else None
    note_version(session, version)
    if user is None or row.revoked_at is not None or row.expires_at <= now or not user.active:
        if before is None:
            in_no_body(session)  # a token that names a body but is no good opens none
        raise NotAuthenticated("登录已失效，请重新登录。")
    in_body(session, user.body_id)
    return user


def _body_named_by(token: str) -> int | None:
    number, dot, _ = token.partition(".")
    if dot and number.isascii() and number.isdecimal() and len(number) <= 9:
        return int(number)
    return None


@functools.cache
def _token_lookup():
    """Built once: every API request runs it."""
    version = current_version().scalar_subquery()
    return select(ApiToken, version).where(ApiToken.digest == bindparam("digest"))


def revoke_token(session: Session, token: str, *, now: datetime) -> None:
    row = session.scalar(select(ApiToken).where(ApiToken.digest == _digest(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
