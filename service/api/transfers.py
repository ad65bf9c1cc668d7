"""JSON API for 跨级转办: the transfers between the caller's body and others, and the receiving
committee's answer."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE

from service.access import find_transfer
from service.api.auth import current_actor
from service.api.minimal import minimal_answer, wants_minimal
from service.api.pagination import PageArgs, paginate
from service.api.schemas import EventRequestSchema, TransferSchema, json_body, page_of
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.models import Transfer
from service.operations import transfers
from service.operations.events import apply_request
from service.presenters import Presenter
from service.validation import choice

blp = Blueprint(
    "transfers",
    __name__,
    url_prefix="/api/v1/transfers",
    description="跨级转办：转给其他一级政协的提案，和对方的接收或退回",
)


class TransferFilter(PageArgs):
    direction = choice("方向", ("incoming", "outgoing"), required=False, load_default="incoming")


@blp.route("", methods=["GET"])
@blp.arguments(TransferFilter, location="query", unknown=RAISE)
@blp.response(200, page_of(TransferSchema, "TransferPage"))
def list_transfers(args):
    """转办清单（提案委员会）

    `direction=incoming`（默认）为其他政协转给本级、待本级接收或退回的；`outgoing` 为本级转给
    其他政协的。新建的在前；分页同提案清单（`limit`、`cursor`，响应中的 `next`）。
    """
    session = current_session()
    actor = current_actor(session)
    presenter = Presenter(session, actor, now=current_clock().now())
    return paginate(
        session,
        transfers.visible_transfers(actor, direction=args["direction"]),
        Transfer.id,
        limit=args["limit"],
        cursor=args["cursor"],
        present=presenter.transfer,
    )


@blp.route("/<int:transfer_id>", methods=["GET"])
@blp.response(200, TransferSchema)
def get_transfer(transfer_id: int):
    """单个转办：转来时的提案内容、理由和可触发的事件

    `proposal` 为转出时的案由、正文和提案人（姓名、界别），供接收方决定是否接收；
    两级政协以外的用户答 404。
    """
    session = current_session()
    actor = current_actor(session)
    transfer = find_transfer(session, transfer_id, actor)
    return Presenter(session, actor, now=current_clock().now()).transfer(transfer, with_text=True)


@blp.route("/<int:transfer_id>/events", methods=["POST"])
@blp.response(200, TransferSchema)
@blp.doc(**json_body(EventRequestSchema))
def post_event(transfer_id: int):
    """接收或退回转办（接收方提案委员会）

    请求体为 `{"event": "accept_transfer", "version": N}`：本级据转来的内容生成一件待审查的提案
    （响应中的 `received_proposal_id`，其 `transferred_from` 指向原提案），原提案转为已转办；
    或 `{"event": "decline_transfer", "version": N, "reason": "理由"}`：原提案回到待审查。
    检查顺序与提案事件相同；转出方不能替对方作答（409 `guard_failed`）。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        transfer = apply_request(
            session,
            "transfer",
            transfer_id,
            actor=actor,
            body=request.get_json(silent=True),
            now=now,
        )
        if wants_minimal():
            return minimal_answer(session, transfer)
        session.flush()
        return Presenter(session, actor, now=now).transfer(transfer, with_text=True)
