"""An assignment's page for the unit that handles it and the office that oversees it: the
deadline and why it is that day, the proposal, contacts, replies, ratings and the forms."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from sqlalchemy import select

from service.access import find_assignment
from service.clock import current_clock
from service.db import current_session
from service.engine import waiting_events
from service.models import Assignment, Deadline
from service.operations import documents
from service.presenters import Presenter
from service.vocabulary import OPEN_DEADLINE_STATUSES, in_listing_order
from service.web.attachment_pages import attachment_list, upload_offer
from service.web.auth import current_user, login_required
from service.web.event_forms import FormContext, fields_for, fire_from_form
from workflows.assignment import ON_PROPOSAL, state_label

blp = Blueprint("assignment_pages", __name__)


def assignment_context(found: Assignment, user) -> dict:
    """Everything the assignment page shows to this reader."""
    session, now = current_session(), current_clock().now()
    presenter = Presenter(session, user, now=now)
    shown = presenter.assignment(found)
    ctx = FormContext(session, found.proposal, found, actor=user)
    events = shown["available_events"]
    return {
        "a": shown,
        "assignment": found,
        "proposal": found.proposal,
        "ctx": ctx,
        "return_request": ctx.return_request if found.state == "return_requested" else {},
        "ratings": [r for r in found.ratings if not r.lapsed],
        "forms": {e: fields_for("assignment", e, found.proposal) for e in events},
        # What the reader's next step waits for (答复 for the assisting opinions, a contact).
        "waiting": waiting_events(session, found, user, now=now),
        "actions": {
            e: url_for("assignment_pages.assignment_event", assignment_id=found.id, event=e)
            for e in events
        },
        "deadline_text": _deadline_text(session, found),
        "clocks": _open_deadlines(session, found),
        "partners": _partners(found),
        # The proposers to call before handling (办前沟通), their phone and e-mail as the reader
        # may see them: a unit while its assignment stands.
        "proposers": presenter.proposers(found.proposal),
        "attachments": attachment_list(user, found.proposal_id, assignment_id=found.id),
        "upload": upload_offer(user, found.proposal, found),
        "documents": [
            d
            for d in documents.documents_of(session, found.proposal_id, actor=user)
            if d.assignment_id in (None, found.id)
        ],
    }


def _partners(found: Assignment) -> list[dict]:
    """The other units on the proposal, as the 交办通知书 names them (主办 first). The lead sees
    whether each 会办 opinion is in, since it writes its reply on them; nobody sees more of
    another unit's handling here."""
    others = in_listing_order(
        a for a in found.proposal.assignments if a.id != found.id and a.state in ON_PROPOSAL
    )
    return [
        {
            "unit_name": a.unit.name,
            "role": a.role,
            "opinion": state_label(a.state, a.role)
            if found.role == "lead" and a.role == "assisting"
            else None,
        }
        for a in others
    ]


def _open_deadlines(session, found: Assignment) -> list[Deadline]:
    """The assignment's running deadlines (sign, contact, opinion, reply), soonest first."""
    return session.scalars(
        select(Deadline)
        .where(
            Deadline.assignment_id == found.id,
            Deadline.status.in_(OPEN_DEADLINE_STATUSES),
            Deadline.kind != "return_window",
        )
        .order_by(Deadline.due_at)
    ).all()


def _deadline_text(session, found: Assignment) -> str:
    """How the deadline was counted (holidays, 调休, extension), as the deadline row says it."""
    deadline = session.scalars(
        select(Deadline)
        .where(Deadline.assignment_id == found.id, Deadline.kind.in_(("reply", "opinion")))
        .order_by(Deadline.id.desc())
    ).first()
    return deadline.explanation.get("text", "") if deadline else ""


def _render(assignment_id: int, *, event=None, errors=None, values=None, status=200):
    user = current_user()
    found = find_assignment(current_session(), assignment_id, user)
    return render_template(
        "web/assignment.html",
        title=f"{found.unit.name}办理：{found.proposal.title}",
        open_event=event,
        errors=errors or {},
        values=values,
        **assignment_context(found, user),
    ), status


@blp.route("/assignments/<int:assignment_id>")
@login_required
def assignment(assignment_id: int):
    return _render(assignment_id)


@blp.route("/assignments/<int:assignment_id>/events/<event>", methods=["GET", "POST"])
@login_required
def assignment_event(assignment_id: int, event: str):
    return fire_from_form("assignment", assignment_id, event, render=_render)
