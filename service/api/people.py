"""JSON API for logging in, the caller, and handling units."""

from __future__ import annotations

from flask import current_app, request
from flask_smorest import Blueprint
from sqlalchemy import select

from service.api.auth import bearer_token, current_actor
from service.api.schemas import (
    ProfileArgsSchema,
    TokenSchema,
    UnitSchema,
    UserSchema,
    json_body,
)
from service.channels.calendar_feed import feed_url
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.login import log_in
from service.models import Unit
from service.operations import calendar_feeds, profiles, unit_robots, users
from service.operations.inputs import TokenArgs, UnitArgs, UnitChangeArgs
from service.permissions import Permission, can, ensure
from service.presenters import Presenter
from service.validation import load_or_refuse

blp = Blueprint("people", __name__, url_prefix="/api/v1", description="登录、当前用户、承办单位")


@blp.route("/auth/token", methods=["POST"])
@blp.response(200, TokenSchema)
@blp.doc(security=[], **json_body(TokenArgs))
def login():
    """登录：用用户名和密码换取访问令牌

    请求体为 `{"username": ..., "password": ..., "body_id": ...}`；响应含令牌 `token`、到期时间
    `expires_at` 和当前用户 `user`。此后每个请求带上请求头 `Authorization: Bearer TOKEN`。
    令牌只用于一个政协：`body_id` 指明进入哪个政协，省略时为本人的第一个账号所在的政协；
    本人在该政协没有账号时答 403。
    用户名或密码不对答 401，`message` 说明还可尝试几次或需等待多久；等待期间再试答 429，
    请求头 `Retry-After` 为需等待的秒数。
    """
    now = current_clock().now()
    args = load_or_refuse(TokenArgs(), request.get_json(silent=True))
    issued = log_in(
        args["username"],
        args["password"],
        body_id=args["body_id"],
        address=request.remote_addr or "",
        now=now,
    )
    return token_answer(current_session(), issued, now=now)


def token_answer(session, issued, *, now) -> dict:
    token, row = issued
    return {
        "token": token,
        "expires_at": row.expires_at.astimezone(session.info["settings"].zone),
        "user": Presenter(session, row.user, now=now).user(row.user),
    }


@blp.route("/auth/token", methods=["DELETE"])
@blp.response(204)
def logout():
    """退出登录：吊销本次请求所用的令牌"""
    with unit_of_work() as session:
        current_actor(session)
        users.revoke_token(session, bearer_token(), now=current_clock().now())


@blp.route("/me", methods=["GET"])
@blp.response(200, UserSchema)
def me():
    """当前用户：本人的账号、角色、所属单位和个人资料

    含姓名 `name`、界别 `sector`、党派 `party`、工作单位及职务 `employer`、手机 `phone`、
    邮箱 `email` 和通知方式 `notify_by`。`calendar_url` 为本人办理时限的日历订阅地址（`.ics`），
    可在电脑或手机的日历程序中订阅。
    """
    session = current_session()
    actor = current_actor(session)
    return _me(session, actor)


@blp.route("/me/calendar-token", methods=["POST"])
@blp.response(200, UserSchema)
def renew_calendar_token():
    """更换日历订阅地址：旧地址立即失效

    答复同 `GET /api/v1/me`，其中 `calendar_url` 为新地址；已用旧地址订阅的日历不再更新。
    """
    with unit_of_work() as session:
        actor = current_actor(session)
        return _me(session, calendar_feeds.renew_calendar_token(session, actor))


def _me(session, user) -> dict:
    settings = session.info["settings"]
    url = feed_url(user, secret=current_app.config["SECRET_KEY"], base_url=settings.base_url)
    return {**Presenter(session, user, now=current_clock().now()).user(user), "calendar_url": url}


@blp.route("/me", methods=["PATCH"])
@blp.response(200, UserSchema)
@blp.doc(**json_body(ProfileArgsSchema))
def update_me():
    """修改本人资料：手机、邮箱、工作单位及职务、通知方式

    请求体可含 `phone`、`email`、`employer`、`notify_by`（`["email", "sms"]` 的子集，
    默认两者都要；某种方式只在本人留有相应地址时使用），只改给出的字段，空字符串或 `null`
    表示清除。手机、邮箱、工作单位及职务是本人的，在其所在的各级政协一并更新；通知方式只改
    当前政协的。手机或邮箱格式不对、或含其他字段时答 422，`details` 指明字段。成功答 200，
    内容同 `GET /api/v1/me`。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        profiles.update_own_profile(session, actor, request.get_json(silent=True), now=now)
        return _me(session, actor)


@blp.route("/units", methods=["GET"])
@blp.response(200, UnitSchema(many=True))
def list_units():
    """承办单位名录（登录用户均可查看）

    按单位名称排序。群机器人地址 `webhook_url` 仅提案委员会和管理员可见。
    """
    session = current_session()
    actor = current_actor(session)
    query = select(Unit).where(Unit.body_id == actor.body_id).order_by(Unit.name)
    return [_unit(unit, actor) for unit in session.scalars(query)]


@blp.route("/units", methods=["POST"])
@blp.response(201, UnitSchema)
@blp.doc(**json_body(UnitArgs))
def add_unit():
    """新增承办单位（系统管理员）

    请求体为 `{"name": 单位名称, "webhook_url": 群机器人地址, "webhook_kind": 类型}`，后两项可省；
    同名单位已存在时答 409。类型为 `wecom`（企业微信）、`dingtalk`（钉钉）或 `generic`（通用），
    省略时按地址判断。
    """
    with unit_of_work() as session:
        actor = current_actor(session)
        ensure(actor, Permission.UNITS_ADD)
        args = load_or_refuse(UnitArgs(), request.get_json(silent=True))
        unit = users.add_unit(
            session, args["name"], now=current_clock().now(), body_id=actor.body_id
        )
        if args.get("webhook_url"):
            unit_robots.set_robot(unit, args["webhook_url"], args.get("webhook_kind"))
        return _unit(unit, actor)


@blp.route("/units/<int:unit_id>", methods=["PATCH"])
@blp.response(200, UnitSchema)
@blp.doc(**json_body(UnitChangeArgs))
def change_unit(unit_id: int):
    """修改承办单位的名称或群机器人（提案委员会、系统管理员）

    请求体可含 `name`、`webhook_url`、`webhook_kind`；`webhook_url` 为空字符串或 `null` 时取消
    该单位的群机器人。地址须以 `http://` 或 `https://` 开头，否则答 422。
    """
    with unit_of_work() as session:
        actor = current_actor(session)
        ensure(actor, Permission.UNITS_CHANGE)
        args = load_or_refuse(UnitChangeArgs(), request.get_json(silent=True))
        return _unit(unit_robots.change_unit(session, unit_id, args, actor=actor), actor)


def _unit(unit: Unit, actor) -> dict:
    """A unit; its robot's address (which holds the robot's key) only for the office."""
    return {
        "id": unit.id,
        "name": unit.name,
        "active": unit.active,
        "webhook_kind": unit.webhook_kind,
        "webhook_url": unit.webhook_url if can(actor, Permission.UNITS_CHANGE) else None,
    }
