"""已有相似提案: the filing form asks, as the member writes, which accepted proposals are alike,
so that they co-sign or sharpen theirs instead of filing the same again. The page works
without it; the script on the form asks this route and shows the answer beside the form."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from service.db import current_session
from service.errors import InvalidInput
from service.search.similar import similar_for
from service.web.auth import current_user, login_required

blp = Blueprint("similar_pages", __name__)
PARTS = ("body", "background", "analysis", "suggestions")


def similar_to_form(user, form) -> list:
    """The proposals like what the form holds (none when it holds nothing yet).

    Raises:
        RoleRefused: the user neither files proposals nor is the office."""
    body = "\n".join(form.get(name, "") for name in PARTS if form.get(name))
    try:
        return similar_for(
            current_session(),
            user,
            {"title": form.get("title", ""), "body": body[:20_000]},
        )
    except InvalidInput:
        return []


@blp.route("/proposals/similar", methods=["POST"])
@login_required
def similar_proposals():
    """The list of similar proposals, as a piece of the filing form (empty when there are none;
    403 for those who do not search)."""
    return render_template(
        "web/_similar.html", similar=similar_to_form(current_user(), request.form)
    )
