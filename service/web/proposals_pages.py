"""A proposal's page: its content, units, timeline, documents and the forms of the events the
person may fire; the same for an assignment. Forms post to the same operations as the API."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from service.access import find_assignment, find_proposal
from service.api.presenters import Presenter
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.documents.worker import read_pdf
from service.engine.references import awaiting_rating
from service.errors import DomainError, InvalidInput, NotVisible
from service.models import AuditRecord, Deadline, Proposal, Unit, User
from service.operations import assignments, documents, proposals
from service.web.auth import current_user, login_required
from service.web.forms import COMMITMENT_ROWS, event_fields, form_errors, payload_from_form

blp = Blueprint("proposal_pages", __name__)
NEW_FIELDS = ("title", "category", "background", "analysis", "suggestions")


@blp.route("/proposals/new", methods=["GET", "POST"])
@login_required
def new_proposal():
    """写提案: save a draft or submit at once, with co-signers chosen from members."""
    user = current_user()
    errors, values = {}, {}
    if request.method == "POST":
        values = {name: request.form.get(name, "").strip() for name in NEW_FIELDS}
        raw = {k: v for k, v in values.items() if v}
        raw["co_signers"] = request.form.getlist("co_signers")
        raw["submit"] = request.form.get("action") == "submit"
        try:
            with unit_of_work() as session:
                proposal = proposals.create_proposal(
                    session, actor=user, raw=raw, now=current_clock().now()
                )
                proposal_id = proposal.id
            flash("提案已提交。" if raw["submit"] else "草稿已保存。")
            return redirect(url_for("proposal_pages.proposal", proposal_id=proposal_id))
        except DomainError as error:
            errors = form_errors(error.details) or {"_schema": [error.message]}
            flash(error.message, "error")
    members = current_session().scalars(
        select(User)
        .where(User.role == "member", User.active, User.id != user.id)
        .order_by(User.display_name)
    )
    return render_template(
        "web/proposal_new.html",
        title="写提案",
        errors=errors,
        values=values,
        members=list(members),
        chosen=set(request.form.getlist("co_signers")),
    ), (422 if errors else 200)


class FormContext:
    """What the event forms offer to choose from: units, proposals to merge into, leaders,
    contacts to confirm, replies to rate."""

    commitment_rows = COMMITMENT_ROWS

    def __init__(self, session, proposal: Proposal, assignment=None) -> None:
        self.session, self.proposal, self.assignment = session, proposal, assignment
        self.units = session.scalars(select(Unit).where(Unit.active).order_by(Unit.name)).all()
        self.awaiting = awaiting_rating(proposal)

    def references(self, name: str) -> list[tuple]:
        if name in ("suggested_unit_id",):
            return [(u.id, u.name) for u in self.units]
        if name == "leader":
            return [
                (u.username, u.display_name)
                for u in self.session.scalars(
                    select(User).where(User.role == "leader", User.active)
                )
            ]
        if name == "contact_id" and self.assignment is not None:
            return [
                (c.id, f"{c.day} {c.method}：{c.summary[:30]}")
                for c in self.assignment.contacts
                if c.status == "logged"
            ]
        if name == "into":
            rows = self.session.scalars(
                select(Proposal)
                .where(
                    Proposal.state.in_(("submitted", "accepted")), Proposal.id != self.proposal.id
                )
                .order_by(Proposal.id.desc())
                .limit(200)
            )
            return [
                (p.id, f"{p.number_label or '待审查'} {p.title}（{p.lead_proposer.display_name}）")
                for p in rows
            ]
        return []


def _context(proposal: Proposal, user) -> dict:
    session, now = current_session(), current_clock().now()
    presenter = Presenter(session, user, now=now)
    shown = presenter.proposal(proposal)
    records = session.scalars(
        select(AuditRecord).where(AuditRecord.proposal_id == proposal.id).order_by(AuditRecord.id)
    )
    visible = {a["id"] for a in shown["assignments"]}
    return {
        "p": shown,
        "proposal": proposal,
        "ctx": FormContext(session, proposal),
        "timeline": [
            presenter.audit(r)
            for r in records
            if r.workflow == "proposal" or r.subject_id in visible
        ],
        "documents": documents.documents_of(session, proposal.id, actor=user),
        "forms": {e: event_fields("proposal", e) for e in shown["available_events"]},
        "actions": {
            e: url_for("proposal_pages.proposal_event", proposal_id=proposal.id, event=e)
            for e in shown["available_events"]
        },
    }


@blp.route("/proposals/<int:proposal_id>")
@login_required
def proposal(proposal_id: int):
    user = current_user()
    found = find_proposal(current_session(), proposal_id, user)
    return render_template(
        "web/proposal.html",
        title=found.title,
        open_event=None,
        errors={},
        values={},
        **_context(found, user),
    )


@blp.route("/proposals/<int:proposal_id>/events/<event>", methods=["POST"])
@login_required
def proposal_event(proposal_id: int, event: str):
    return _fire("proposal", proposal_id, event)


@blp.route("/assignments/<int:assignment_id>")
@login_required
def assignment(assignment_id: int):
    user = current_user()
    found = find_assignment(current_session(), assignment_id, user)
    return render_template(
        "web/assignment.html",
        title=f"交办：{found.proposal.title}",
        open_event=None,
        errors={},
        values={},
        **_assignment_context(found, user),
    )


def _assignment_context(found, user) -> dict:
    session, now = current_session(), current_clock().now()
    a = Presenter(session, user, now=now).assignment(found)
    return {
        "a": a,
        "assignment": found,
        "ctx": FormContext(session, found.proposal, found),
        "forms": {e: event_fields("assignment", e) for e in a["available_events"]},
        "actions": {
            e: url_for("proposal_pages.assignment_event", assignment_id=found.id, event=e)
            for e in a["available_events"]
        },
        "deadline_text": _deadline_text(session, found),
    }


def _deadline_text(session, found) -> str:
    deadline = session.scalars(
        select(Deadline)
        .where(Deadline.assignment_id == found.id, Deadline.kind.in_(("reply", "opinion")))
        .order_by(Deadline.id.desc())
    ).first()
    return deadline.explanation.get("text", "") if deadline else ""


@blp.route("/assignments/<int:assignment_id>/events/<event>", methods=["POST"])
@login_required
def assignment_event(assignment_id: int, event: str):
    return _fire("assignment", assignment_id, event)


def _fire(workflow: str, subject_id: int, event: str):
    """Fire the event; on a refusal show the same page with the form open, the values kept and
    each message next to its field."""
    user, now = current_user(), current_clock().now()
    operation = proposals.apply_event if workflow == "proposal" else assignments.apply_event
    version = request.form.get("version", "")
    try:
        payload = payload_from_form(workflow, event, request.form)
        with unit_of_work() as session:
            operation(
                session,
                subject_id,
                actor=user,
                event=event,
                version=int(version) if version.isdigit() else -1,
                payload=payload,
                now=now,
            )
    except NotVisible:
        raise
    except DomainError as error:
        flash(error.message, "error")
        return _page_again(workflow, subject_id, user, event, error), error.status
    except (KeyError, ValueError):
        error = InvalidInput("表单内容不完整，请刷新页面后重试。")
        flash(error.message, "error")
        return _page_again(workflow, subject_id, user, event, error), 422
    flash("操作已完成。")
    target = (
        ("proposal_pages.proposal", {"proposal_id": subject_id})
        if workflow == "proposal"
        else ("proposal_pages.assignment", {"assignment_id": subject_id})
    )
    return redirect(url_for(target[0], **target[1]))


def _page_again(workflow: str, subject_id: int, user, event: str, error: DomainError) -> str:
    session = current_session()
    session.rollback()
    common = {
        "open_event": event,
        "errors": form_errors(error.details),
        "values": request.form.to_dict(),
    }
    if workflow == "proposal":
        found = find_proposal(session, subject_id, user)
        return render_template(
            "web/proposal.html", title=found.title, **common, **_context(found, user)
        )
    found = find_assignment(session, subject_id, user)
    return render_template(
        "web/assignment.html",
        title=f"交办：{found.proposal.title}",
        **common,
        **_assignment_context(found, user),
    )


@blp.route("/documents/<int:document_id>")
@login_required
def document(document_id: int):
    """Download a notice as PDF (the same scoping as the API)."""
    session = current_session()
    try:
        found = documents.ready_document(session, document_id, actor=current_user())
    except DomainError as error:
        flash(error.message, "error")
        return redirect(request.referrer or url_for("pages.dashboard"))
    return Response(read_pdf(session, found), mimetype="application/pdf")
