"""JSON API for the outbox of deliveries (消息推送): the administrator sees them by status and
sends a failed one again."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields

from service.api.auth import current_actor
from service.api.pagination import PageArgs, paginate
from service.api.schemas import page_of
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.models import Delivery
from service.operations import deliveries
from service.validation import choice
from service.vocabulary import DeliveryStatus

blp = Blueprint(
    "deliveries", __name__, url_prefix="/api/v1", description="消息推送（邮件、群机器人、短信）"
)


class DeliveryFilter(PageArgs):
    status = choice("状态", DeliveryStatus, required=False)


class DeliverySchema(Schema):
    id = fields.Integer(required=True)
    channel = fields.String(
        required=True, metadata={"description": "渠道：`email`、`webhook`、`sms`"}
    )
    address = fields.String(required=True, metadata={"description": "邮箱、机器人地址或手机号"})
    status = fields.String(
        required=True, metadata={"description": "状态：`pending`、`sent`、`failed`"}
    )
    attempts = fields.Integer(required=True, metadata={"description": "已尝试发送的次数"})
    last_error = fields.String(
        allow_none=True, required=True, metadata={"description": "最近一次失败的原因"}
    )
    notification_id = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    sent_at = fields.DateTime(allow_none=True, required=True)
    next_attempt_at = fields.DateTime(allow_none=True, metadata={"description": "下次发送时间"})
    subject = fields.String(metadata={"description": "标题"})


@blp.route("/deliveries", methods=["GET"])
@blp.arguments(DeliveryFilter, location="query", unknown=RAISE)
@blp.response(200, page_of(DeliverySchema, "DeliveryPage"))
def list_deliveries(args):
    """消息推送记录（系统管理员）

    每条通知按收件人的渠道（邮件、群机器人、短信）各推送一次。可按 `status` 筛选：
    `pending` 待发送、`sent` 已送达、`failed` 多次重试后仍失败；分页同其他清单。
    """
    session = current_session()
    query = deliveries.visible_deliveries(current_actor(session), args.get("status"))
    zone = session.info["settings"].zone
    return paginate(
        session,
        query,
        Delivery.id,
        limit=args["limit"],
        cursor=args["cursor"],
        present=lambda d: deliveries.present(d, zone),
    )


@blp.route("/deliveries/<int:delivery_id>/retry", methods=["POST"])
@blp.response(200, DeliverySchema)
def retry_delivery(delivery_id: int):
    """重发一条发送失败的消息（系统管理员）

    该消息重新排队，立即发送，失败后仍按 1、5、30 分钟和 2、12 小时重试。不是发送失败的消息答 409。
    """
    with unit_of_work() as session:
        now = current_clock().now()
        delivery = deliveries.retry_delivery(
            session, delivery_id, actor=current_actor(session), now=now
        )
        return deliveries.present(delivery, session.info["settings"].zone)
