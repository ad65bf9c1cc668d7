"""JSON API for proposals: parse, find the actor, run one operation in one transaction, dump."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE, fields

from service.access import find_proposal, visible_history, visible_proposals
from service.api.auth import current_actor
from service.api.pagination import PageArgs, paginate
from service.api.schemas import (
    AuditSchema,
    EventRequestSchema,
    ProposalSchema,
    json_body,
    page_of,
)
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.db.performance.responses import settle
from service.lists.proposal_filter import ProposalFilter
from service.models import Proposal
from service.operations import proposals
from service.operations.events import apply_request
from service.operations.inputs import CreateProposalArgs
from service.presenters import PROPOSAL_PAGE, Presenter
from service.validation import boolean, integer

blp = Blueprint(
    "proposals",
    __name__,
    url_prefix="/api/v1/proposals",
    description="提案：提出、审查、交办、答复、测评、回头看",
)


class ProposalArgs(PageArgs):
    state = fields.String(load_default=None)
    unit_id = integer("承办单位", required=False, strict=False)
    year = integer("年度", required=False, strict=False)
    key = boolean("重点提案", required=False)
    q = fields.String(load_default=None)


def _filtered(actor, args: dict):
    wanted = ProposalFilter(
        states=tuple(args["state"].split(",")) if args.get("state") else (),
        unit_id=args.get("unit_id"),
        year=args.get("year"),
        key=args.get("key"),
        title_words=args.get("q") or None,
    )
    return visible_proposals(actor).where(*wanted.conditions())


@blp.route("", methods=["GET"])
@blp.arguments(ProposalArgs, location="query", unknown=RAISE)
@blp.response(200, page_of(ProposalSchema, "ProposalPage"))
def list_proposals(args):
    """提案清单：the proposals the caller may see, newest first."""
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
    """提出提案 (member): a draft, or submitted at once with `"submit": true`."""
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        proposal = proposals.create_proposal(
            session, actor=actor, raw=request.get_json(silent=True), now=now
        )
        settle(session)
        return Presenter(session, actor, now=now).proposal(proposal)


@blp.route("/<int:proposal_id>", methods=["GET"])
@blp.response(200, ProposalSchema)
def get_proposal(proposal_id: int):
    session = current_session()
    actor = current_actor(session)
    return Presenter(session, actor, now=current_clock().now()).proposal(
        find_proposal(session, proposal_id, actor)
    )


@blp.route("/<int:proposal_id>/events", methods=["POST"])
@blp.response(200, ProposalSchema)
@blp.doc(**json_body(EventRequestSchema))
def post_event(proposal_id: int):
    """Fire one event (立案, 交办, 测评 …): `{"event": NAME, "version": N, ...fields}`."""
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
        settle(session)
        return Presenter(session, actor, now=now).proposal(proposal)


@blp.route("/<int:proposal_id>/history", methods=["GET"])
@blp.response(200, AuditSchema(many=True))
def history(proposal_id: int):
    """The audit history of the proposal and its assignments, oldest first."""
    session = current_session()
    actor = current_actor(session)
    find_proposal(session, proposal_id, actor)
    presenter = Presenter(session, actor, now=current_clock().now())
    return [presenter.audit(r) for r in session.scalars(visible_history(actor, proposal_id))]
