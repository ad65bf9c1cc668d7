"""Writing a proposal, and a proposal's page: its content, units, replies, ratings, 回头看,
timeline and documents, with the forms of the events the reader may fire."""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.access import find_proposal, visible_commitments, visible_organisations
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.documents.storage import read_pdf
from service.documents.uploads import UPLOAD_LIMIT
from service.documents.word_out import DOCX_TYPE
from service.errors import DomainError
from service.input_guard import accepts_uploads
from service.models import Deadline, Document, Organisation, Proposal, User
from service.operations import documents, proposals
from service.operations.bodies import members_of
from service.policy import load_policy
from service.presenters import Presenter
from service.vocabulary import DOCUMENT_KINDS, OPEN_DEADLINE_STATUSES
from service.web.attachment_pages import attachment_list, upload_offer
from service.web.auth import current_user, login_required
from service.web.event_forms import FormContext, fields_for, fire_from_form
from service.web.forms import form_errors
from service.web.similar_pages import similar_to_form
from service.web.timeline import story

blp = Blueprint("proposal_pages", __name__)
NEW_FIELDS = ("title", "category", "background", "analysis", "suggestions")


def _create_from_form(user, token: str):
    """File the proposal the form describes; the created proposal's id, or the error."""
    raw = {name: request.form.get(name, "").strip() for name in NEW_FIELDS}
    raw = {name: value for name, value in raw.items() if value}
    raw["co_signers"] = request.form.getlist("co_signers")
    if request.form.get("type") == "collective":
        raw["type"] = "collective"
        chosen = request.form.get("organisation_id", "")
        raw["organisation_id"] = int(chosen) if chosen.isascii() and chosen.isdecimal() else None
    raw["submit"] = request.form.get("action") == "submit"
    raw["publish_consent"] = "publish_consent" in request.form
    try:
        with unit_of_work() as session:
            proposal = proposals.create_proposal(
                session, actor=user, raw=raw, now=current_clock().now(), form_token=token
            )
            return proposal.id, None
    except IntegrityError:
        # The same form sent twice at once: the other sending filed it.
        current_session().rollback()
        return proposals.filed_with(current_session(), user, token).id, None
    except DomainError as error:
        current_session().rollback()
        return None, error


@blp.route("/proposals/new", methods=["GET", "POST"])
@login_required
def new_proposal():
    """写提案: save a draft or submit at once, with co-signers chosen from members. The form
    carries a one-time token, so sending it again (back, then submit) files nothing twice; a
    title the member already used is pointed out before a second proposal of it is filed."""
    error = None
    if request.method == "POST":
        user, token = current_user(), request.form.get("form_token") or None
        earlier = proposals.filed_with(current_session(), user, token)
        if earlier is not None:
            flash("这份提案已经保存过，没有重复保存。以下是已保存的提案。")
            return redirect(url_for("proposal_pages.proposal", proposal_id=earlier.id))
        twins = _same_title_unconfirmed(user)
        if twins:
            return _new_page(None, twins=twins)
        proposal_id, error = _create_from_form(user, token)
        if error is None:
            submitted = request.form.get("action") == "submit"
            flash("提案已提交。" if submitted else "草稿已保存，可随时打开修改后提交。")
            return redirect(url_for("proposal_pages.proposal", proposal_id=proposal_id))
        flash(error.message, "error")
    return _new_page(error)


@blp.route("/proposals/import", methods=["POST"])
@accepts_uploads(UPLOAD_LIMIT)
@login_required
def import_proposal():
    """从 Word 导入: a draft filled from the member's .docx, opened for them to check."""
    upload = request.files.get("file")
    try:
        with unit_of_work() as session:
            proposal = proposals.import_proposal(
                session,
                actor=current_user(),
                data=upload.read() if upload else None,
                name=upload.filename if upload else "",
                now=current_clock().now(),
            )
            proposal_id = proposal.id
    except DomainError as error:
        current_session().rollback()
        flash(error.message, "error")
        return _new_page(error)
    flash("已从 Word 文档生成草稿：请核对案由、类别和各部分内容，再打开下方“提交”。")
    return redirect(url_for("proposal_pages.proposal", proposal_id=proposal_id))


def _same_title_unconfirmed(user) -> list[Proposal]:
    """The member's proposals of the same title, unless they already said it is no slip."""
    title = request.form.get("title", "").strip()
    if not title or request.form.get("same_title_confirmed") == title:
        return []
    return proposals.same_title(current_session(), user, title)


def _new_page(error, *, twins=()):
    user = current_user()
    members = current_session().scalars(members_of(user.body_id).where(User.id != user.id))
    errors = (form_errors(error.details) or {"_schema": [error.message]}) if error else {}
    return render_template(
        "web/proposal_new.html",
        title="写提案",
        errors=errors,
        values=request.form if request.method == "POST" else {},
        members=list(members),
        organisations=list(
            current_session().scalars(
                visible_organisations(user)
                .where(Organisation.contacts.any(User.id == user.id))
                .order_by(Organisation.name)
            )
        ),
        chosen=set(request.form.getlist("co_signers")),
        policy=load_policy(current_session()),
        form_token=request.form.get("form_token") or secrets.token_urlsafe(24),
        twins=twins,
        similar=similar_to_form(user, request.form) if request.method == "POST" else [],
    ), (error.status if error else 200)


def proposal_context(proposal: Proposal, user) -> dict:
    """Everything the proposal page shows to this reader."""
    session, now = current_session(), current_clock().now()
    presenter = Presenter(session, user, now=now)
    shown = presenter.proposal(proposal)
    visible = {a["id"] for a in shown["assignments"]}
    files = documents.documents_of(session, proposal.id, actor=user)
    events = shown["available_events"]
    return {
        "p": shown,
        "proposal": proposal,
        "ctx": FormContext(session, proposal, actor=user),
        "answers": [presenter.assignment(a) for a in proposal.assignments if a.id in visible],
        "unit_names": {a.id: a.unit.name for a in proposal.assignments},
        "follow_ups": _follow_ups(proposal, user),
        "clock": _proposal_clock(session, proposal),
        "timeline": story(session, presenter, proposal, documents=files),
        "documents": files,
        "attachments": attachment_list(user, proposal.id),
        "upload": upload_offer(user, proposal),
        "forms": {e: fields_for("proposal", e, proposal) for e in events},
        "actions": {
            e: url_for("proposal_pages.proposal_event", proposal_id=proposal.id, event=e)
            for e in events
        },
    }


def _proposal_clock(session, proposal: Proposal) -> Deadline | None:
    """The proposal's own running deadline (review, rating, 回头看), if one is open."""
    return session.scalars(
        select(Deadline)
        .where(
            Deadline.proposal_id == proposal.id,
            Deadline.assignment_id.is_(None),
            Deadline.status.in_(OPEN_DEADLINE_STATUSES),
        )
        .order_by(Deadline.due_at)
    ).first()


def _follow_ups(proposal: Proposal, user) -> list[dict]:
    """回头看 rounds with the commitments checked; a unit reads only its own commitments."""
    return [
        {"row": f, "commitments": visible_commitments(user, f.commitments)}
        for f in proposal.follow_ups
    ]


def _render(proposal_id: int, *, event=None, errors=None, values=None, status=200):
    user = current_user()
    found = find_proposal(current_session(), proposal_id, user)
    context = proposal_context(found, user)
    return render_template(
        "web/proposal.html",
        title=found.title,
        open_event=event,
        errors=errors or {},
        values=values,
        **context,
    ), status


@blp.route("/proposals/<int:proposal_id>")
@login_required
def proposal(proposal_id: int):
    return _render(proposal_id)


@blp.route("/proposals/<int:proposal_id>/events/<event>", methods=["GET", "POST"])
@login_required
def proposal_event(proposal_id: int, event: str):
    return fire_from_form("proposal", proposal_id, event, render=_render)


@blp.route("/proposals/<int:proposal_id>/form.<any(pdf, docx):extension>")
@login_required
def proposal_form(proposal_id: int, extension: str):
    """打印提案表: the proposal printed now, as PDF or Word, for whoever reads its page."""
    data, mimetype, disposition = documents.proposal_form(
        current_session(),
        proposal_id,
        actor=current_user(),
        format=extension,
        now=current_clock().now(),
    )
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": disposition})


@blp.route("/documents/<int:document_id>")
@login_required
def document(document_id: int):
    """Download a notice as PDF (the same scoping as the API). One not ready yet, or not
    visible, answers the error page that says so: never a redirect to wherever the request
    claims to come from."""
    session = current_session()
    found = documents.ready_document(session, document_id, actor=current_user())
    return Response(
        read_pdf(session, found),
        mimetype="application/pdf",
        headers={"Content-Disposition": documents.content_disposition(found)},
    )


@blp.route("/documents/<int:document_id>/word")
@login_required
def word_document(document_id: int):
    """A reply letter as an editable .docx, for the unit's own 发文 system."""
    found, data = documents.word_document(current_session(), document_id, actor=current_user())
    return Response(
        data,
        mimetype=DOCX_TYPE,
        headers={"Content-Disposition": documents.content_disposition(found, "docx")},
    )


@blp.route("/documents/<int:document_id>/verification")
@login_required
def document_verification(document_id: int):
    """电子签章查验 on a page: signed and unchanged, by whom and when, or why not signed."""
    session = current_session()
    check = documents.verification(session, document_id, actor=current_user())
    kind = session.get(Document, document_id).kind
    return render_template(
        "web/verification.html",
        title="电子签章查验",
        check=check,
        document_id=document_id,
        kind_label=DOCUMENT_KINDS.get(kind, kind),
    )
