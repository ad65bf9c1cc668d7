"""The iCalendar feed of a person's deadlines (日历订阅): opened by a calendar program with the
token in its address, no bearer token."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_smorest import Blueprint

from service.channels.calendar_feed import feed, find_feed_user
from service.clock import current_clock
from service.db import current_session
from service.errors import NotVisible

blp = Blueprint("calendar_feed", __name__, url_prefix="/api/v1", description="日历订阅")


@blp.route("/deadlines.ics", methods=["GET"])
@blp.doc(
    security=[],
    parameters=[{"in": "query", "name": "token", "required": True, "schema": {"type": "string"}}],
    responses={"200": {"description": "日历文件（`text/calendar`）"}},
)
def deadlines_feed():
    """本人可见的办理时限（日历订阅）

    地址见 `GET /api/v1/me` 的 `calendar_url`，可在电脑或手机的日历程序中订阅，无需登录。
    每项未完成的时限为到期当日的全天日程。地址无效或已更换（`POST /api/v1/me/calendar-token`）
    时答 404。
    """
    session = current_session()
    user = find_feed_user(session, request.args.get("token", ""), current_app.config["SECRET_KEY"])
    if user is None:
        raise NotVisible("日历订阅地址")
    settings = session.info["settings"]
    body = feed(
        session, user, base_url=settings.base_url, zone=settings.zone, now=current_clock().now()
    )
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "no-store"})
