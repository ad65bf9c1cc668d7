"""The administrator's page of deliveries (消息推送): how many mail, robot and SMS messages are
waiting, sent and failed, each channel apart; the failed ones with their reason and a button
to send again."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.models import Delivery
from service.operations import deliveries
from service.vocabulary import CHANNELS, DELIVERY_STATUS
from service.web.admin import admin_only, attempt
from service.web.auth import current_user

blp = Blueprint("admin_deliveries", __name__, url_prefix="/admin")
# The newest rows of a status the page shows; the API pages through all of them.
SHOWN = 200


@blp.route("/deliveries")
@admin_only
def delivery_list():
    """The deliveries of one status (failed first), newest first."""
    status = request.args.get("status", "failed")
    if status not in DELIVERY_STATUS:
        status = "failed"
    session, user = current_session(), current_user()
    query = deliveries.visible_deliveries(user, status).order_by(Delivery.id.desc()).limit(SHOWN)
    zone = session.info["settings"].zone
    return render_template(
        "web/admin_deliveries.html",
        title="消息推送",
        status=status,
        rows=[deliveries.present(row, zone) for row in session.scalars(query)],
        figures=deliveries.figures(session, user),
        shown=SHOWN,
        channels=CHANNELS,
        statuses=DELIVERY_STATUS,
    )


@blp.route("/deliveries/<int:delivery_id>/retry", methods=["POST"])
@admin_only
def retry(delivery_id: int):
    """Send a failed delivery again; the sender takes it within the quarter minute."""
    attempt(lambda _form: _retry(delivery_id), request.form, "已重新排队，稍后将再次发送。")
    return redirect(url_for("admin_deliveries.delivery_list", status="failed"))


def _retry(delivery_id: int) -> None:
    with unit_of_work() as session:
        deliveries.retry_delivery(
            session, delivery_id, actor=current_user(), now=current_clock().now()
        )
