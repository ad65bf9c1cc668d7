"""代录提案: the committee enters a member's signed paper proposal for them. The member is its
lead proposer; it is submitted at once (the paper is signed), so it goes straight to review and
the office sees it; the history says which clerk entered it and the date on the paper."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import DomainError
from service.operations import proposals
from service.operations.bodies import members_of
from service.permissions import Permission, can
from service.policy import load_policy
from service.web.auth import current_user, login_required
from service.web.forms import form_errors

blp = Blueprint("staff_entry_pages", __name__)
FIELDS = (
    "on_behalf_of",
    "received_on",
    "title",
    "category",
    "background",
    "analysis",
    "suggestions",
)


def _raw(form) -> dict:
    raw = {name: form.get(name, "").strip() for name in FIELDS}
    raw = {name: value for name, value in raw.items() if value}
    raw.setdefault("on_behalf_of", "")  # a clerk who chose nobody is told to choose
    raw["co_signers"] = form.getlist("co_signers")
    raw["submit"] = True
    raw["publish_consent"] = "publish_consent" in form  # as ticked on the paper form
    return raw


@blp.route("/proposals/enter", methods=["GET", "POST"])
@login_required
def enter_proposal():
    user = current_user()
    if not can(user, Permission.PROPOSALS_ENTER_FOR_MEMBERS):
        abort(403)
    error = None
    if request.method == "POST":
        token = request.form.get("form_token") or None
        try:
            with unit_of_work() as session:
                proposal = proposals.create_proposal(
                    session,
                    actor=user,
                    raw=_raw(request.form),
                    now=current_clock().now(),
                    form_token=token,
                )
                proposal_id, name = proposal.id, proposal.lead_proposer.display_name
        except IntegrityError:  # the same form sent twice at once: the other sending filed it
            current_session().rollback()
            flash("这份提案已经录入过，没有重复录入。")
            return redirect(url_for("staff_entry_pages.enter_proposal"))
        except DomainError as failure:
            current_session().rollback()
            flash(failure.message, "error")
            error = failure
        else:
            flash(f"已代{name}录入并提交提案，进入立案审查。")
            return redirect(url_for("proposal_pages.proposal", proposal_id=proposal_id))
    members = current_session().scalars(members_of(current_user().body_id))
    errors = (form_errors(error.details) or {"_schema": [error.message]}) if error else {}
    return render_template(
        "web/proposal_entry.html",
        title="代录提案",
        errors=errors,
        values=request.form if request.method == "POST" else {},
        members=list(members),
        chosen=set(request.form.getlist("co_signers")),
        policy=load_policy(current_session()),
        today=current_clock().now().astimezone(current_session().info["settings"].zone).date(),
        form_token=request.form.get("form_token") or secrets.token_urlsafe(24),
    ), (error.status if error else 200)
