"""跨级转办 pages for the committee: the transfers between its body and others, and one transfer
with the text as it was sent and the receiver's forms to take it or send it back."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

from service.access import find_transfer
from service.clock import current_clock
from service.db import current_session
from service.operations import transfers
from service.permissions import Permission, can, ensure
from service.policy import several_bodies
from service.presenters import Presenter
from service.web.auth import current_user, login_required
from service.web.event_forms import FormContext, fields_for, fire_from_form

blp = Blueprint("transfer_pages", __name__)


def transfers_offered(user) -> bool:
    """Whether the header offers the transfers page: to the office, on a platform of several
    bodies (a single office never meets 跨级转办)."""
    if not can(user, Permission.PROPOSALS_READ_ALL):
        return False
    return several_bodies(current_session())


def transfers_waiting(user) -> int:
    """The badge beside 跨级转办: transfers sent to the body that await its answer."""
    return transfers.waiting_for(current_session(), user)


@blp.route("/transfers")
@login_required
def transfer_list():
    user = current_user()
    ensure(user, Permission.PROPOSALS_READ_ALL)
    session = current_session()
    presenter = Presenter(session, user, now=current_clock().now())
    listed = {
        direction: [
            presenter.transfer(t)
            for t in session.scalars(
                transfers.visible_transfers(user, direction=direction).order_by(
                    transfers.Transfer.id.desc()
                )
            )
        ]
        for direction in ("incoming", "outgoing")
    }
    return render_template("web/transfers.html", title="跨级转办", **listed)


def _render(transfer_id: int, *, event=None, errors=None, values=None, status=200):
    user, session = current_user(), current_session()
    found = find_transfer(session, transfer_id, user)
    shown = Presenter(session, user, now=current_clock().now()).transfer(found, with_text=True)
    events = shown["available_events"]
    return render_template(
        "web/transfer.html",
        title=f"转办：{shown['title']}",
        t=shown,
        ctx=FormContext(session, found.proposal, actor=user),
        forms={e: fields_for("transfer", e, found.proposal) for e in events},
        actions={
            e: url_for("transfer_pages.transfer_event", transfer_id=transfer_id, event=e)
            for e in events
        },
        open_event=event,
        errors=errors or {},
        values=values,
    ), status


@blp.route("/transfers/<int:transfer_id>")
@login_required
def transfer(transfer_id: int):
    return _render(transfer_id)


@blp.route("/transfers/<int:transfer_id>/events/<event>", methods=["GET", "POST"])
@login_required
def transfer_event(transfer_id: int, event: str):
    return fire_from_form("transfer", transfer_id, event, render=_render)
