"""The office's register of organisations that file collective proposals (集体提案单位): the
list, a form to add one with its contacts, and a page to name its contacts anew."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import selectinload

from service.access import find_organisation, visible_organisations
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import DomainError
from service.models import Organisation, User
from service.operations import organisations
from service.operations.bodies import members_of
from service.permissions import Permission, can
from service.web.auth import current_user, login_required
from service.web.forms import form_errors

blp = Blueprint("organisation_pages", __name__)


def _office_only() -> None:
    """The office and leaders read the register (a member finds theirs on the filing form)."""
    if not can(current_user(), Permission.ORGANISATIONS_READ_ALL):
        abort(403)


def _members() -> list[User]:
    return list(current_session().scalars(members_of(current_user().body_id)))


def _raw(form) -> dict:
    return {
        "name": form.get("name", ""),
        "kind": form.get("kind", ""),
        "contacts": form.getlist("contacts"),
    }


def _attempt(change) -> DomainError | None:
    try:
        with unit_of_work() as session:
            change(session)
    except DomainError as error:
        current_session().rollback()
        flash(error.message, "error")
        return error
    return None


@blp.route("/organisations", methods=["GET", "POST"])
@login_required
def organisation_list():
    """集体提案单位: every organisation with its contacts; the office adds one here."""
    _office_only()
    error = None
    if request.method == "POST":
        user, now = current_user(), current_clock().now()
        error = _attempt(
            lambda session: organisations.add_organisation(
                session, _raw(request.form), actor=user, now=now
            )
        )
        if error is None:
            flash("集体提案单位已登记。")
            return redirect(url_for("organisation_pages.organisation_list"))
    user = current_user()
    rows = current_session().scalars(
        visible_organisations(user)
        .options(selectinload(Organisation.contacts))
        .order_by(Organisation.name)
    )
    return render_template(
        "web/organisations.html",
        title="集体提案单位",
        rows=list(rows),
        members=_members(),
        may_manage=can(user, Permission.ORGANISATIONS_MANAGE),
        errors=form_errors(error.details) if error else {},
        values=request.form,
        chosen=set(request.form.getlist("contacts")),
    ), (error.status if error else 200)


@blp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@login_required
def organisation(organisation_id: int):
    """One organisation: the office names its contacts anew (the list replaces the old one)."""
    _office_only()
    user = current_user()
    error = None
    if request.method == "POST":
        chosen = {"contacts": request.form.getlist("contacts")}
        error = _attempt(
            lambda session: organisations.change_organisation(
                session, organisation_id, chosen, actor=user
            )
        )
        if error is None:
            flash("联系人已更新。")
            return redirect(
                url_for("organisation_pages.organisation", organisation_id=organisation_id)
            )
    found = find_organisation(current_session(), organisation_id, user)
    chosen = (
        set(request.form.getlist("contacts"))
        if request.method == "POST"
        else {u.username for u in found.contacts}
    )
    return render_template(
        "web/organisation.html",
        title=found.name,
        organisation=found,
        members=_members(),
        may_manage=can(user, Permission.ORGANISATIONS_MANAGE),
        errors=form_errors(error.details) if error else {},
        chosen=chosen,
    ), (error.status if error else 200)
