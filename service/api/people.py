"""JSON API for logging in, the caller, and handling units."""

from __future__ import annotations

from flask import request
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
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.login import log_in
from service.models import Unit
from service.operations import profiles, users
from service.operations.inputs import TokenArgs, UnitArgs
from service.permissions import Permission, ensure
from service.presenters import Presenter
from service.validation import load_or_refuse

blp = Blueprint("people", __name__, url_prefix="/api/v1", description="登录、当前用户、承办单位")


@blp.route("/auth/token", methods=["POST"])
@blp.response(200, TokenSchema)
@blp.doc(security=[], **json_body(TokenArgs))
def login():
    """登录：用用户名和密码换取访问令牌

    请求体为 `{"username": ..., "password": ...}`；响应含令牌 `token`、到期时间 `expires_at`
    和当前用户 `user`。此后每个请求带上请求头 `Authorization: Bearer TOKEN`。
    用户名或密码不对答 401，`message` 说明还可尝试几次或需等待多久；等待期间再试答 429，
    请求头 `Retry-After` 为需等待的秒数。
    """
    now = current_clock().now()
    args = load_or_refuse(TokenArgs(), request.get_json(silent=True))
    token, row = log_in(
        args["username"], args["password"], address=request.remote_addr or "", now=now
    )
    session = current_session()
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
    邮箱 `email` 和通知方式 `notify_by`。
    """
    session = current_session()
    actor = current_actor(session)
    return Presenter(session, actor, now=current_clock().now()).user(actor)


@blp.route("/me", methods=["PATCH"])
@blp.response(200, UserSchema)
@blp.doc(**json_body(ProfileArgsSchema))
def update_me():
    """修改本人资料：手机、邮箱、工作单位及职务、通知方式

    请求体可含 `phone`、`email`、`employer`、`notify_by`（`["email", "sms"]` 的子集，
    默认两者都要；某种方式只在本人留有相应地址时使用），只改给出的字段，空字符串或 `null`
    表示清除。手机或邮箱格式不对、或含其他字段时答 422，`details` 指明字段。成功答 200，
    内容同 `GET /api/v1/me`。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        profiles.update_own_profile(session, actor, request.get_json(silent=True), now=now)
        return Presenter(session, actor, now=now).user(actor)


@blp.route("/units", methods=["GET"])
@blp.response(200, UnitSchema(many=True))
def list_units():
    """承办单位名录（登录用户均可查看）

    按单位名称排序。
    """
    session = current_session()
    current_actor(session)
    return list(session.scalars(select(Unit).order_by(Unit.name)))


@blp.route("/units", methods=["POST"])
@blp.response(201, UnitSchema)
@blp.doc(**json_body(UnitArgs))
def add_unit():
    """新增承办单位（系统管理员）

    请求体为 `{"name": 单位名称}`；同名单位已存在时答 409。
    """
    with unit_of_work() as session:
        ensure(current_actor(session), Permission.UNITS_ADD)
        args = load_or_refuse(UnitArgs(), request.get_json(silent=True))
        return users.add_unit(session, args["name"], now=current_clock().now())
