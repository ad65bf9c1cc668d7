"""Attachments (附件) on the pages: the upload form's target and the download, both through
the same operations and scoping as the API. A refused upload returns to the page it came from
with the reason; a download keeps the name the file was uploaded with."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, request, url_for

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.documents.uploads import MAX_SIZE, UPLOAD_LIMIT, read_upload
from service.errors import DomainError
from service.input_guard import accepts_uploads
from service.operations import attachments
from service.permissions import Permission, can
from service.validation import plain_number
from service.web.auth import current_user, login_required

blp = Blueprint("attachment_pages", __name__)


# What a file added now most likely is, by where the proposal stands.
LIKELY_KIND = {"consulting": "minutes", "following_up": "evidence"}


def upload_offer(user, proposal, assignment=None) -> dict:
    """What the upload form offers this reader: the kinds they may add (none: no form), the one
    chosen first, and, for the office on a proposal's page, the units a file may belong to."""
    kinds = attachments.uploader_kinds(user, proposal)
    if assignment is not None and assignment.state in attachments.CLOSED_ASSIGNMENTS:
        kinds = ()
    mine = assignment is not None or can(user, Permission.ASSIGNMENTS_HANDLE)
    default = LIKELY_KIND.get(proposal.state, "sealed_reply" if mine else "material")
    offer = {"kinds": kinds, "default": default if default in kinds else None}
    if assignment is not None:
        offer["assignment_id"] = assignment.id
    elif can(user, Permission.ATTACHMENTS_ADD_ANYWHERE):
        offer["assignments"] = [(a.id, a.unit.name) for a in proposal.assignments]
    return offer


def attachment_list(user, proposal_id: int, *, assignment_id: int | None = None) -> list[dict]:
    """The attachments the reader may open; on an assignment's page, that unit's and the
    proposal's own."""
    session = current_session()
    zone = session.info["settings"].zone
    rows = attachments.attachments_of(session, proposal_id, actor=user)
    if assignment_id is not None:
        rows = [a for a in rows if a.assignment_id in (None, assignment_id)]
    return [attachments.present(a, zone) for a in rows]


def _back(proposal_id: int):
    """To the assignment page the form was on, or to the proposal's page."""
    assignment_id = plain_number(request.form.get("back_to_assignment"), "交办记录")
    if assignment_id:
        target = url_for("assignment_pages.assignment", assignment_id=assignment_id)
    else:
        target = url_for("proposal_pages.proposal", proposal_id=proposal_id)
    return redirect(f"{target}#attachments")


@blp.route("/proposals/<int:proposal_id>/attachments", methods=["POST"])
@accepts_uploads(UPLOAD_LIMIT)
@login_required
def upload(proposal_id: int):
    sent = request.files.get("file")
    chosen = sent is not None and (sent.filename or sent.content_length)
    fields = {k: request.form.get(k, "") for k in ("kind", "assignment_id")}
    try:
        with unit_of_work() as session:
            found = attachments.upload_attachment(
                session,
                proposal_id,
                actor=current_user(),
                upload=attachments.Upload(sent.filename or "", sent.stream.read(MAX_SIZE + 1))
                if chosen
                else None,
                fields=fields,
                now=current_clock().now(),
            )
            flash(f"附件“{found.name}”已上传。")
    except DomainError as error:
        current_session().rollback()
        flash(f"附件未能上传：{error.message}", "error")
    return _back(proposal_id)


@blp.route("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    session = current_session()
    found = attachments.readable_attachment(session, attachment_id, actor=current_user())
    return Response(
        read_upload(session, found),
        mimetype=found.content_type,
        headers={"Content-Disposition": attachments.content_disposition(found)},
    )
