"""JSON API for the organisations that file collective proposals (集体提案)."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE
from sqlalchemy.orm import selectinload

from service.access import find_organisation, visible_organisations
from service.api.auth import current_actor
from service.api.pagination import PageArgs, paginate
from service.api.schemas import OrganisationSchema, json_body, page_of
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.models import Organisation
from service.operations import organisations
from service.operations.inputs import OrganisationArgs, OrganisationChangeArgs
from service.permissions import Permission, can, ensure
from service.presenters import Presenter

blp = Blueprint(
    "organisations",
    __name__,
    url_prefix="/api/v1/organisations",
    description="集体提案单位：民主党派、人民团体、界别、专门委员会及其联系人",
)


def _may_list(actor) -> None:
    """The office and leaders read them all; a member their own (none, if a contact of none)."""
    if not can(actor, Permission.PROPOSALS_FILE):
        ensure(actor, Permission.ORGANISATIONS_READ_ALL)


@blp.route("", methods=["GET"])
@blp.arguments(PageArgs, location="query", unknown=RAISE)
@blp.response(200, page_of(OrganisationSchema, "OrganisationPage"))
def list_organisations(args):
    """集体提案单位名录（提案委员会、督办领导、管理员；委员只看到自己担任联系人的单位）

    每项为 `{id, name, kind, kind_label, contacts, created_at}`，新登记的在前；响应为
    `{"items": [...], "total": N, "next": CURSOR}`。承办单位答 403。
    """
    session = current_session()
    actor = current_actor(session)
    _may_list(actor)
    return paginate(
        session,
        visible_organisations(actor).options(selectinload(Organisation.contacts)),
        Organisation.id,
        limit=args["limit"],
        cursor=args["cursor"],
        present=Presenter(session, actor, now=current_clock().now()).organisation,
    )


@blp.route("", methods=["POST"])
@blp.response(201, OrganisationSchema)
@blp.doc(**json_body(OrganisationArgs))
def add_organisation():
    """登记集体提案单位（提案委员会、管理员）

    请求体为 `{"name": "民盟市委会", "kind": "party", "contacts": ["用户名", ...]}`：`kind` 为
    `party`（民主党派）、`group`（人民团体）、`sector`（界别）或 `special_committee`（专门委员会）；
    `contacts` 为代表该单位提出集体提案的委员。联系人不是委员时答 422 并指明哪一项；同名单位已
    登记时答 409。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        organisation = organisations.add_organisation(
            session, request.get_json(silent=True), actor=actor, now=now
        )
        return Presenter(session, actor, now=now).organisation(organisation)


@blp.route("/<int:organisation_id>", methods=["GET"])
@blp.response(200, OrganisationSchema)
def get_organisation(organisation_id: int):
    """单个集体提案单位；看不到的答 404"""
    session = current_session()
    actor = current_actor(session)
    _may_list(actor)
    return Presenter(session, actor, now=current_clock().now()).organisation(
        find_organisation(session, organisation_id, actor)
    )


@blp.route("/<int:organisation_id>", methods=["PATCH"])
@blp.response(200, OrganisationSchema)
@blp.doc(**json_body(OrganisationChangeArgs))
def change_organisation(organisation_id: int):
    """修改集体提案单位的名称、类别或联系人（提案委员会、管理员）

    请求体可含 `name`、`kind`、`contacts`；`contacts` 为新的完整名单，取代原名单。不再担任
    联系人的委员不能再以该单位名义提案，也不再看到他人以该单位名义提出的提案。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        actor = current_actor(session)
        organisation = organisations.change_organisation(
            session, organisation_id, request.get_json(silent=True), actor=actor
        )
        return Presenter(session, actor, now=now).organisation(organisation)
