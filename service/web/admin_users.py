"""用户管理: the administrator finds a login by part of a name, username, unit, 界别 or role in a
paged table, adds one on its own page, and on each person's page changes their name, role, unit,
代录 designation, 党派, 工作单位及职务, phone, e-mail and notification channels, resets their
password, or stops and restarts their login."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import case, func, or_, select

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import DomainError, NotVisible
from service.models import Unit, User
from service.operations import users
from service.operations.bodies import units_of
from service.policy import several_bodies
from service.usernames import normalise_username
from service.validation import MAX_ID, plain_number
from service.vocabulary import PERSON_ROLES, ROLES
from service.web.admin import admin_only, attempt
from service.web.auth import current_user

blp = Blueprint("admin_users", __name__, url_prefix="/admin")
PAGE_SIZE = 20
STATUSES = {"active": "在用", "inactive": "已停用"}
# The table lists the office's own people first, then units, members, leaders, administrators.
ROLE_ORDER = case({role: index for index, role in enumerate(PERSON_ROLES)}, value=User.role)


def _matching(args):
    """Users whose name, username, unit, 界别 or role holds the words; of one role or status."""
    query = (
        select(User)
        .outerjoin(Unit, Unit.id == User.unit_id)
        .where(User.body_id == current_user().body_id)
    )
    words = args.get("q", "").strip()
    if words:
        # “委员” is the members' role, though 提案委员会 holds the word too.
        roles = [role for role in PERSON_ROLES if words == ROLES[role]] or [
            role for role in PERSON_ROLES if words in ROLES[role]
        ]
        query = query.where(
            or_(
                User.display_name.contains(words, autoescape=True),
                func.lower(User.username).contains(normalise_username(words), autoescape=True),
                Unit.name.contains(words, autoescape=True),
                User.sector.contains(words, autoescape=True),
                User.role.in_(roles),
            )
        )
    if args.get("role") in PERSON_ROLES:
        query = query.where(User.role == args["role"])
    if args.get("status") in STATUSES:
        query = query.where(User.active.is_(args["status"] == "active"))
    return query


@blp.route("/users")
@admin_only
def user_list():
    """Find a login: search, filter and page through everyone who has one."""
    session, args = current_session(), request.args
    page = max(plain_number(args.get("page"), "页码", maximum=MAX_ID // PAGE_SIZE) or 1, 1)
    query = _matching(args)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(
        query.order_by(ROLE_ORDER, User.username).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return render_template(
        "web/admin_users.html",
        title="用户管理",
        rows=rows,
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        roles=PERSON_ROLES,
        statuses=STATUSES,
        several_bodies=several_bodies(session),
    )


def _profile(form) -> dict:
    """The fields of the add and change forms, as the operations take them."""
    return {
        "display_name": form.get("display_name", "").strip(),
        "role": form.get("role", ""),
        "unit_name": form.get("unit") or None,
        "sector": form.get("sector", "").strip() or None,
        "proxy_rater": form.get("proxy_rater") == "on",
    }


def _details(form) -> dict:
    """The person's details as typed; the operations check and store them."""
    return {field: form.get(field, "") for field in ("party", "employer", "phone", "email")}


def _add_user(form) -> None:
    with unit_of_work() as session:
        profile = _profile(form)
        profile["display_name"] = profile["display_name"] or None
        users.add_user(
            session,
            form.get("username", "").strip(),
            password=form.get("password", ""),
            now=current_clock().now(),
            body_id=current_user().body_id,
            **profile,
            **_details(form),
        )


@blp.route("/users", methods=["POST"])
@blp.route("/users/new", methods=["GET", "POST"])
@admin_only
def new_user():
    """添加用户 (委员, 工作人员, 办理员, 领导); the new person's page follows."""
    error = None
    if request.method == "POST":
        error = attempt(_add_user, request.form, "用户已添加。")
        if error is None:
            added = users.find_user(
                current_session(), request.form["username"].strip(), current_user().body_id
            )
            return redirect(url_for("admin_users.user_page", user_id=added.id))
    return _form_page("web/admin_user_new.html", "添加用户", error)


def _grant(form) -> None:
    with unit_of_work() as session:
        users.grant(
            session,
            form.get("username", "").strip(),
            body_id=current_user().body_id,
            role=form.get("role", ""),
            unit_name=form.get("unit") or None,
            sector=form.get("sector", "").strip() or None,
            now=current_clock().now(),
        )


@blp.route("/users/grant", methods=["GET", "POST"])
@admin_only
def grant_membership():
    """添加已有账号的人员: someone who already logs in to another body of the platform (a member
    of the city's and the county's CPPCC) gets a login of this body too, by their username,
    with their name, password and details as they are."""
    error = None
    if request.method == "POST":
        error = attempt(_grant, request.form, None)
        if error is None:
            body_id = current_user().body_id
            added = users.find_user(current_session(), request.form["username"].strip(), body_id)
            flash(
                f"已为 {added.display_name}（{added.username}）开通{added.body.name}的账号"
                f"（{ROLES[added.role]}），沿用其原有的用户名和密码，登录后可在页头切换政协。"
            )
            return redirect(url_for("admin_users.user_page", user_id=added.id))
    return _form_page("web/admin_user_grant.html", "添加已有账号的人员", error)


def _form_page(template: str, title: str, error: DomainError | None, **extra):
    session = current_session()
    return render_template(
        template,
        title=title,
        errors=error.details if error else {},
        values=request.form,
        roles=PERSON_ROLES,
        units=session.scalars(units_of(current_user().body_id)).all(),
        several_bodies=several_bodies(session),
        **extra,
    ), (error.status if error else 200)


def _person(user_id: int) -> User:
    try:
        return users.account_of(current_session(), user_id, current_user())
    except NotVisible:
        abort(404)


@blp.route("/users/<int:user_id>")
@admin_only
def user_page(user_id: int):
    """One person's login: who they are, and what the administrator may change."""
    return _user_page(_person(user_id), None)


def _user_page(person: User, error: DomainError | None):
    is_self = person.id == current_user().id
    return _form_page(
        "web/admin_user.html", person.display_name, error, person=person, is_self=is_self
    )


@blp.route("/users/<int:user_id>", methods=["POST"])
@admin_only
def change_user(user_id: int):
    """修改资料: name, role, unit, 界别, 代录 designation, and the person's details."""
    person = _person(user_id)

    def change(form) -> None:
        with unit_of_work() as session:
            users.change_user(
                session,
                person.username,
                actor=current_user(),
                now=current_clock().now(),
                **_profile(form),
                contacts={**_details(form), "notify_by": form.getlist("notify_by")},
            )

    name = request.form.get("display_name", "").strip() or person.display_name
    error = attempt(change, request.form, f"已保存 {name}（{person.username}）的资料。")
    if error is not None:
        return _user_page(_person(user_id), error)
    return redirect(url_for("admin_users.user_page", user_id=user_id))


@blp.route("/users/<int:user_id>/active", methods=["POST"])
@admin_only
def user_active(user_id: int):
    """停用 or 启用 a login."""
    person, active = _person(user_id), request.form.get("active") == "1"

    def change(form) -> None:
        with unit_of_work() as session:
            users.set_active(
                session, person.username, active, actor=current_user(), now=current_clock().now()
            )

    done = f"已{'启用' if active else '停用'}用户 {person.display_name}（{person.username}）。"
    attempt(change, request.form, done)
    return redirect(url_for("admin_users.user_page", user_id=user_id))


@blp.route("/users/<int:user_id>/password", methods=["POST"])
@admin_only
def user_password(user_id: int):
    """Set a new password for someone who forgot theirs."""
    person = _person(user_id)

    def change(form) -> None:
        with unit_of_work() as session:
            users.reset_password(
                session,
                person.username,
                form.get("password", ""),
                actor=current_user(),
                now=current_clock().now(),
            )

    done = f"已重置 {person.display_name}（{person.username}）的密码，其原有登录已失效。"
    error = attempt(change, request.form, done)
    if error is not None:
        return _user_page(_person(user_id), error)
    return redirect(url_for("admin_users.user_page", user_id=user_id))
