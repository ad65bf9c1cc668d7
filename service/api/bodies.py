"""JSON API for the bodies on the platform (三级联动) and moving between one's memberships."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from service.api.auth import current_actor
from service.api.people import token_answer
from service.api.schemas import BodySchema, TokenSchema, json_body
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.operations import bodies, users
from service.operations.inputs import BodyArgs, SwitchArgs
from service.presenters import Presenter
from service.validation import load_or_refuse

blp = Blueprint("bodies", __name__, url_prefix="/api/v1", description="政协（省、市、县三级）")


def _body(body) -> dict:
    return {**Presenter.body(body), "parent_id": body.parent_id, "region_code": body.region_code}


@blp.route("/bodies", methods=["GET"])
@blp.response(200, BodySchema(many=True))
def list_bodies():
    """本人所在的政协

    列出本人有账号的各政协；平台管理员（最上一级政协的系统管理员）看到平台上的全部政协。
    `level` 为 `province`（省级）、`city`（市级）或 `county`（县级），`parent_id` 为上一级政协。
    """
    session = current_session()
    actor = current_actor(session)
    return [_body(body) for body in bodies.visible_bodies(session, actor)]


@blp.route("/bodies", methods=["POST"])
@blp.response(201, BodySchema)
@blp.doc(**json_body(BodyArgs))
def add_body():
    """新增政协（平台管理员）

    请求体为 `{"name", "level", "parent_id", "region_code"}`。省级政协不设上一级；市级政协的
    上一级须是省级，县级的须是市级；县级政协下不能再设政协。行政区划代码为6位数字，可省。
    名称已被使用答 409，层级或上一级不符答 422。
    """
    with unit_of_work() as session:
        actor = current_actor(session)
        body = bodies.add_body(
            session, request.get_json(silent=True), actor=actor, now=current_clock().now()
        )
        return _body(body)


@blp.route("/auth/switch", methods=["POST"])
@blp.response(200, TokenSchema)
@blp.doc(**json_body(SwitchArgs))
def switch():
    """切换到本人所在的另一个政协

    请求体为 `{"body_id": 政协编号}`；答复新令牌 `token` 和该政协中的本人 `user`。
    原令牌在其政协中仍然有效，直到到期或退出登录。本人在该政协没有账号时答 403。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        args = load_or_refuse(SwitchArgs(), request.get_json(silent=True))
        issued = users.switch_body(session, actor, args["body_id"], now=now)
        return token_answer(session, issued, now=now)
