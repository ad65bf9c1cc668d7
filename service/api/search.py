"""JSON API for similar proposals (相似提案) and suggested units (承办单位建议)."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from service.access import find_proposal
from service.api.auth import current_actor
from service.api.schemas import json_body
from service.db import current_session
from service.search.similar import SimilarArgs, similar_for
from service.search.suggestions import suggestions_for
from workflows.proposal import WORKFLOW as PROPOSAL_WORKFLOW

blp = Blueprint("search", __name__, url_prefix="/api/v1", description="相似提案与承办单位建议")


class SimilarItemSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    number_label = fields.String(allow_none=True, required=True)
    year = fields.Integer(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    score = fields.Float(required=True)


class SimilarSchema(Schema):
    items = fields.List(fields.Nested(SimilarItemSchema), required=True)


class SuggestionSchema(Schema):
    unit_id = fields.Integer(required=True)
    name = fields.String(required=True)
    score = fields.Float(required=True)
    reasons = fields.List(fields.String(), required=True)


class SuggestionsSchema(Schema):
    items = fields.List(fields.Nested(SuggestionSchema), required=True)


@blp.route("/proposals/similar", methods=["POST"])
@blp.response(200, SimilarSchema)
@blp.doc(**json_body(SimilarArgs))
def similar_proposals():
    """查找相似提案（委员、提案委员会、管理员）

    请求体为 `{"title": "案由", "body": "正文", "exclude_id": 提案编号或 null}`，案由和正文至少
    填一项。
    在历届历次会议的提案中查找，按相似程度从高到低最多返回 10 条，`score` 在 0 到 1 之间。委员只
    查到已立案的提案（案由、编号、年度、状态），提案委员会和管理员查到全部已提交的提案。承办单位
    和督办领导答 403；案由和正文都为空或正文超过 20000 字答 422。
    """
    session = current_session()
    actor = current_actor(session)
    matches = similar_for(session, actor, request.get_json(silent=True))
    return {
        "items": [
            {
                "id": match.id,
                "title": match.title,
                "number_label": match.number_label,
                "year": match.year,
                "state": match.state,
                "state_label": PROPOSAL_WORKFLOW.states[match.state],
                "score": round(match.score, 4),
            }
            for match in matches
        ]
    }


@blp.route("/proposals/<int:proposal_id>/suggested-units", methods=["GET"])
@blp.response(200, SuggestionsSchema)
def suggested(proposal_id: int):
    """承办单位建议（提案委员会、管理员）

    按以往相似提案的交办情况（减去承办单位以“非本单位职责”退回的）和该类别提案的主办单位，给出
    最可能主办本提案的三个单位，`reasons` 说明依据，如“相似提案2025年第0012号《…》由该单位主办”。
    只建议仍在使用的单位，不建议已退回本提案的单位。
    """
    session = current_session()
    actor = current_actor(session)
    proposal = find_proposal(session, proposal_id, actor)
    return {"items": [vars(s) for s in suggestions_for(session, actor, proposal)]}
