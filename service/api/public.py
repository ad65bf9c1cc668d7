"""The public window's JSON API (提案公开): published proposals for anyone, no sign-in, rate
limited per address and cached (service/public_gate.py)."""

from __future__ import annotations

from flask import jsonify
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from service.db import current_session
from service.lists.public_window import MAX_PAGE_SIZE, PAGE_SIZE, PublicQuery, public_page
from service.lists.public_window import public_proposal as read_proposal
from service.public_gate import cached, conditional
from service.validation import StrictSchema, choice, integer
from service.vocabulary import Category

blp = Blueprint(
    "public",
    __name__,
    url_prefix="/api/v1/public",
    description="提案公开：已公开的提案及答复，无需登录",
)


class PublicArgs(StrictSchema):
    body_id = integer("政协", required=False, strict=False)
    year = integer("年度", required=False, strict=False, minimum=2000, maximum=2099)
    category = choice("类别", Category, required=False)
    q = fields.String(
        load_default=None,
        metadata={"description": "搜索文字：各词（空格分开）均须见于案由或正文"},
    )
    cursor = fields.String(load_default=None, metadata={"description": "上一页答复的 `next`"})
    limit = fields.Integer(
        load_default=PAGE_SIZE,
        validate=validate.Range(
            min=1, max=MAX_PAGE_SIZE, error=f"每页条数须在1到{MAX_PAGE_SIZE}之间。"
        ),
        error_messages={"invalid": f"每页条数（limit）须为1到{MAX_PAGE_SIZE}之间的整数。"},
    )


class PublicProposerSchema(Schema):
    name = fields.String(required=True)
    sector = fields.String(allow_none=True)


class PublicItemSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    number = fields.Integer(allow_none=True)
    number_label = fields.String(allow_none=True)
    year = fields.Integer(required=True)
    session_name = fields.String(required=True)
    session_id = fields.Integer(metadata={"description": "会次编号；与 `number` 组成固定地址"})
    category = fields.String(required=True)
    category_label = fields.String()
    proposers = fields.List(fields.Nested(PublicProposerSchema), required=True)
    units = fields.List(fields.String(), metadata={"description": "承办单位名称"})
    published_on = fields.String(metadata={"description": "公开日期 `YYYY-MM-DD`"})
    body_id = fields.Integer(metadata={"description": "提出和办理该提案的政协"})
    body_name = fields.String(metadata={"description": "政协名称"})


class PublicPartSchema(Schema):
    label = fields.String(required=True, metadata={"description": "背景情况、问题分析或具体建议"})
    text = fields.String(required=True)


class PublicUnitSchema(Schema):
    name = fields.String(required=True)
    role_label = fields.String(metadata={"description": "主办、会办或分办"})


class PublicReplySchema(Schema):
    unit = fields.String(required=True, metadata={"description": "答复的承办单位"})
    round = fields.Integer(metadata={"description": "第几次答复"})
    category = fields.String(allow_none=True, metadata={"description": "答复类别 `A`–`D`"})
    category_label = fields.String(allow_none=True)
    body = fields.String(required=True)
    commitments = fields.List(
        fields.Dict(),
        metadata={"description": "答复中承诺办理的事项 `{text, due_date}`"},
    )
    replied_on = fields.String(metadata={"description": "答复日期 `YYYY-MM-DD`"})


class PublicFollowUpSchema(Schema):
    outcome = fields.String(required=True)
    outcome_label = fields.String()
    completed_on = fields.String()


class PublicProposalSchema(PublicItemSchema):
    body = fields.String(required=True)
    parts = fields.List(fields.Nested(PublicPartSchema))
    unit_roles = fields.List(fields.Nested(PublicUnitSchema))
    replies = fields.List(fields.Nested(PublicReplySchema), required=True)
    follow_up = fields.Nested(
        PublicFollowUpSchema, allow_none=True, metadata={"description": "最近一次回头看的结果"}
    )


class PublicPageSchema(Schema):
    items = fields.List(fields.Nested(PublicItemSchema), required=True)
    total = fields.Integer(required=True)
    next = fields.String(allow_none=True, required=True)


def _page_args(args: dict) -> PublicQuery:
    names = ("body_id", "year", "category", "q", "cursor", "limit")
    return PublicQuery(**{k: args.get(k) for k in names})


def _answer(value, tag):
    return conditional(jsonify(value), tag)


@blp.route("/proposals", methods=["GET"])
@blp.arguments(PublicArgs, location="query", unknown=RAISE)
@blp.doc(security=[])
@blp.response(200, PublicPageSchema)
def list_public(args):
    """已公开的提案清单（无需登录）

    只列出提案人同意公开、并经提案委员会公开的提案，最新公开的在前。可按 `body_id`（政协；
    省、市、县各级政协共用一个平台时，只看其中一个政协的）、`year`（年度）、
    `category`（类别）和 `q`（案由中的文字，空格分隔的几个词须都出现，不超过100个字）筛选；
    每页 `limit` 条（默认 20，最多 100），取下一页时把 `next` 作为 `cursor` 传回。
    答复带 `ETag` 和 `Cache-Control`；每个地址每分钟的请求数有上限，超过时答 429。
    """
    wanted = _page_args(args)
    wanted.words  # noqa: B018 - a search too long is refused before anything is read
    zone = current_session().info["settings"].zone
    value, tag = cached(
        ("page", *wanted.key()), lambda: public_page(current_session(), wanted, zone=zone)
    )
    return _answer(value, tag)


@blp.route("/proposals/<int:proposal_id>", methods=["GET"])
@blp.doc(security=[], responses={"404": {"description": "没有这件公开提案"}})
@blp.response(200, PublicProposalSchema)
def get_public(proposal_id: int):
    """一件已公开的提案（无需登录）

    案由、编号、年度、类别、提案人姓名和界别、正文、承办单位、答复正文及类别、回头看结果；
    不含联系方式、测评、沟通记录和办理过程。未公开的提案与不存在的提案同样答 404。
    """
    zone = current_session().info["settings"].zone
    value, tag = cached(
        ("proposal", proposal_id), lambda: read_proposal(current_session(), proposal_id, zone=zone)
    )
    return _answer(value, tag)
