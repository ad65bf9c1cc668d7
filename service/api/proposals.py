"""JSON API for proposals: parse, find the actor, run one operation in one transaction, dump."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE, fields

from service.access import find_proposal, visible_history, visible_proposals
from service.api.auth import current_actor
from service.api.minimal import minimal_answer, wants_minimal
from service.api.pagination import PageArgs, paginate
from service.api.schemas import (
    AuditSchema,
    EventRequestSchema,
    ProposalSchema,
    file_upload,
    json_body,
    page_of,
)
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.db.performance.responses import settle
from service.documents.uploads import UPLOAD_LIMIT
from service.input_guard import accepts_uploads
from service.lists.proposal_filter import ProposalFilter
from service.models import Proposal
from service.operations import proposals
from service.operations.events import apply_request
from service.operations.inputs import CreateProposalArgs
from service.presenters import PROPOSAL_PAGE, Presenter
from service.validation import boolean, choice, integer, states_filter
from service.vocabulary import ProposalType
from workflows import BY_NAME

blp = Blueprint(
    "proposals",
    __name__,
    url_prefix="/api/v1/proposals",
    description="提案：提出、审查、交办、答复、测评、回头看",
)


class ProposalArgs(PageArgs):
    state = states_filter("提案状态", BY_NAME["proposal"].states)
    unit_id = integer("承办单位", required=False, strict=False)
    year = integer("年度", required=False, strict=False)
    key = boolean("重点提案", required=False)
    type = choice("提案类型", ProposalType, required=False)
    q = fields.String(load_default=None)


def _filtered(actor, args: dict):
    wanted = ProposalFilter(
        states=tuple(args["state"].split(",")) if args.get("state") else (),
        unit_id=args.get("unit_id"),
        year=args.get("year"),
        key=args.get("key"),
        type=args.get("type"),
        title_words=args.get("q") or None,
    )
    return visible_proposals(actor).where(*wanted.conditions())


@blp.route("", methods=["GET"])
@blp.arguments(ProposalArgs, location="query", unknown=RAISE)
@blp.response(200, page_of(ProposalSchema, "ProposalPage"))
def list_proposals(args):
    """提案清单：当前用户可见的提案，新建的在前

    可按 `state`（多个用逗号分隔）、`unit_id`（承办单位）、`year`（年度）、`key`（重点提案）、
    `type`（提案类型：`individual` 个人、`joint` 联名、`collective` 集体）和 `q`（案由中含有的
    文字）筛选。每页 `limit` 条（默认 50，最多 500）；响应为
    `{"items": [...], "total": N, "next": CURSOR}`，取下一页时把 `next` 作为 `cursor` 传回，
    `next` 为 `null` 表示已是最后一页。
    """
    session = current_session()
    actor = current_actor(session)
    present = Presenter(session, actor, now=current_clock().now()).proposal
    return paginate(
        session,
        _filtered(actor, args).options(*PROPOSAL_PAGE),
        Proposal.id,
        limit=args["limit"],
        cursor=args["cursor"],
        present=present,
    )


@blp.route("", methods=["POST"])
@blp.response(201, ProposalSchema)
@blp.doc(**json_body(CreateProposalArgs))
def create_proposal():
    """提出提案（委员）：存为草稿，或带 `"submit": true` 立即提交

    请求体含 `title`（案由）、`category`（类别），以及 `body`（正文）或 `background`、
    `analysis`、`suggestions` 三部分；`co_signers` 为邀请联名的委员用户名。集体提案带
    `"type": "collective"` 和 `organisation_id`（本人担任联系人的单位，否则答 422），不邀请联名人。
    草稿只需案由和类别；
    立即提交时缺少的内容一并答 422。`session` 省略时为当前会次。成功答 201，状态为 `draft`
    或 `submitted`。请求头带 `Prefer: return=minimal` 时只答 `{id, state, version}`。

    代录：提案委员会录入委员签名的纸质提案时，带 `on_behalf_of`（委员的用户名）和可选的
    `received_on`（纸质提案的收到日期，`YYYY-MM-DD`，不晚于今天）；该委员为第一提案人，
    立即提交的由该委员提交，办理记录的 `create` 记录录入人并在 `data` 中注明 `on_behalf_of`
    和 `received_on`。用户名不存在或不是委员答 422；委员带 `on_behalf_of` 答 403。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        proposal = proposals.create_proposal(
            session, actor=actor, raw=request.get_json(silent=True), now=now
        )
        if wants_minimal():
            return minimal_answer(session, proposal, 201)
        settle(session)
        return Presenter(session, actor, now=now).proposal(proposal)


@blp.route("/import", methods=["POST"])
@accepts_uploads(UPLOAD_LIMIT)
@blp.response(201, ProposalSchema)
@blp.doc(**file_upload("提案的 `.docx` 文档"))
def import_proposal():
    """从 `.docx` 文档导入提案草稿（委员）

    上传 `file`（`.docx` 文档）：案由取“案由：”一行、标题样式或第一段，正文按“背景情况”“问题分析”
    “具体建议”小标题分为三部分（没有小标题时为一段正文），类别按用词推断（拿不准时为 `other`
    其他）。文中有表格或图片时，原文档作为附件材料随草稿保存。成功答 201，得到一份草稿，核对后
    提交；不是 `.docx` 或没有文字的文件答 422，超过 20 MB 答 413。
    """
    now = current_clock().now()
    upload = request.files.get("file")
    with unit_of_work() as session:
        actor = current_actor(session)
        proposal = proposals.import_proposal(
            session,
            actor=actor,
            data=upload.read() if upload else None,
            name=upload.filename if upload else "",
            now=now,
        )
        settle(session)
        return Presenter(session, actor, now=now).proposal(proposal)


@blp.route("/<int:proposal_id>", methods=["GET"])
@blp.response(200, ProposalSchema)
def get_proposal(proposal_id: int):
    """单个提案：状态、编号、交办情况和可触发的事件

    `version` 为触发事件时要带上的版本号，`available_events` 为当前用户此刻可触发的事件；
    当前用户看不到的提案答 404。
    """
    session = current_session()
    actor = current_actor(session)
    return Presenter(session, actor, now=current_clock().now()).proposal(
        find_proposal(session, proposal_id, actor)
    )


@blp.route("/<int:proposal_id>/events", methods=["POST"])
@blp.response(200, ProposalSchema)
@blp.doc(**json_body(EventRequestSchema))
def post_event(proposal_id: int):
    """触发提案的一个事件（立案、交办、测评……）

    请求体为 `{"event": NAME, "version": N, ...字段}`：`version` 为提案当前的版本号，其余字段
    视事件而定。成功时答 200，响应与 `GET /api/v1/proposals/{proposal_id}` 相同。依次检查、
    先不满足者作答：401 未登录或令牌无效 → 404 看不到该提案 → 422 事件名、请求体或 `version`
    有误 → 403 当前角色不能触发该事件 → 409 版本号已过时 → 409 当前状态下不能触发该事件 →
    422 字段缺失或有误 → 409 条件不满足（`guard_failed`，说明哪一条）。请求头带
    `Prefer: return=minimal` 时只答 `{id, state, version}`（响应头 `Preference-Applied`）。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        proposal = apply_request(
            session,
            "proposal",
            proposal_id,
            actor=actor,
            body=request.get_json(silent=True),
            now=now,
        )
        if wants_minimal():
            return minimal_answer(session, proposal)
        settle(session)
        return Presenter(session, actor, now=now).proposal(proposal)


@blp.route("/<int:proposal_id>/history", methods=["GET"])
@blp.response(200, AuditSchema(many=True))
def history(proposal_id: int):
    """办理记录：提案及其交办的历史，按时间先后，不分页

    每条为 `{at, actor, event, workflow, subject, from_state, to_state, data}`：`workflow` 为
    `proposal` 或 `assignment`，`subject` 为 `proposal:ID` 或 `assignment:ID`，`actor` 为用户名，
    定时触发的事件为 `system`。只列当前用户可见的记录。
    """
    session = current_session()
    actor = current_actor(session)
    find_proposal(session, proposal_id, actor)
    presenter = Presenter(session, actor, now=current_clock().now())
    return [presenter.audit(r) for r in session.scalars(visible_history(actor, proposal_id))]
