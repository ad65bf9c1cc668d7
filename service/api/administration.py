"""JSON API for the administrator: working-day calendar entries, the years whose holidays are
published, and settings, each change previewed (which open deadlines move, by how much, or turn
firm or provisional) before it is confirmed."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import select

from service.api.auth import current_actor
from service.api.schemas import json_body
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.models import CalendarEntry
from service.operations import administration
from service.permissions import Permission, ensure
from service.validation import (
    StrictSchema,
    boolean,
    day,
    integer,
    load_or_refuse,
    nested_list,
    text,
)

blp = Blueprint(
    "administration",
    __name__,
    url_prefix="/api/v1",
    description="管理：工作日历与设置（先预览受影响的时限，确认后生效）",
)


class EntryArgs(StrictSchema):
    date = day("日期")
    working = boolean("是否上班", allow_none=True, required=True)
    note = text("说明", max_length=100, required=False)


class CalendarChangeArgs(StrictSchema):
    entries = nested_list("日历条目", EntryArgs, minimum=0, maximum=400)
    confirm = boolean("确认", load_default=False)


class YearChangeArgs(StrictSchema):
    year = integer("年度", minimum=None, maximum=None)
    published = boolean("已公布", required=True)
    confirm = boolean("确认", load_default=False)


class SettingsChangeArgs(StrictSchema):
    changes = fields.Dict(keys=fields.String(), required=True, metadata={"label": "设置项"})
    confirm = boolean("确认", load_default=False)
    apply_to_open = boolean("同时调整未到期的时限", load_default=False)


class EntrySchema(Schema):
    date = fields.Date(attribute="day", required=True)
    working = fields.Boolean(required=True)
    note = fields.String(allow_none=True)


class ChangeSchema(Schema):
    applied = fields.Boolean(required=True)
    applied_to_open = fields.Boolean()
    moves = fields.List(fields.Dict(), required=True)


class YearChangeSchema(ChangeSchema):
    year = fields.Integer(required=True)
    published = fields.Boolean(required=True)
    entries = fields.Integer(required=True)


class YearSchema(Schema):
    year = fields.Integer(required=True)
    statutory = fields.Boolean(required=True)
    published = fields.Boolean(required=True)
    known = fields.Boolean(required=True)
    entries = fields.Integer(required=True)
    changed_at = fields.DateTime(allow_none=True, required=True)
    changed_by = fields.String(allow_none=True, required=True)


class SettingSchema(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    value = fields.Raw(required=True)
    default = fields.Raw(required=True)


@blp.route("/calendar/entries", methods=["GET"])
@blp.response(200, EntrySchema(many=True))
def list_entries():
    """The administrator's holidays and make-up working days."""
    session = current_session()
    ensure(current_actor(session), Permission.SETTINGS_READ)
    return list(session.scalars(select(CalendarEntry).order_by(CalendarEntry.day)))


@blp.route("/calendar/entries", methods=["POST"])
@blp.response(200, ChangeSchema)
@blp.doc(**json_body(CalendarChangeArgs))
def change_entries():
    """Preview, or with `"confirm": true` save, calendar entries (`working: null` removes)."""
    with unit_of_work() as session:
        actor = current_actor(session)
        ensure(actor, Permission.SETTINGS_CHANGE)
        args = load_or_refuse(CalendarChangeArgs(), request.get_json(silent=True))
        entries = {e["date"]: (e["working"], e.get("note")) for e in args["entries"]}
        return administration.change_calendar(
            session, entries, actor=actor, confirm=args["confirm"], now=current_clock().now()
        )


@blp.route("/calendar/years", methods=["GET"])
@blp.response(200, YearSchema(many=True))
def list_years():
    """Whether each year's holidays are known: built in, or published by the administrator."""
    session = current_session()
    ensure(current_actor(session), Permission.SETTINGS_READ)
    return administration.list_calendar_years(session, now=current_clock().now())


@blp.route("/calendar/years", methods=["POST"])
@blp.response(200, YearChangeSchema)
@blp.doc(**json_body(YearChangeArgs))
def change_year():
    """Preview, or with `"confirm": true` save, marking a year's holidays as published (all
    entered) or taking the mark back; deadlines counted through it turn firm or provisional."""
    with unit_of_work() as session:
        actor = current_actor(session)
        ensure(actor, Permission.SETTINGS_CHANGE)
        args = load_or_refuse(YearChangeArgs(), request.get_json(silent=True))
        return administration.publish_calendar_year(
            session,
            args["year"],
            args["published"],
            actor=actor,
            confirm=args["confirm"],
            now=current_clock().now(),
        )


@blp.route("/settings", methods=["GET"])
@blp.response(200, SettingSchema(many=True))
def list_settings():
    session = current_session()
    ensure(current_actor(session), Permission.SETTINGS_READ)
    return administration.list_settings(session)


@blp.route("/settings", methods=["POST"])
@blp.response(200, ChangeSchema)
@blp.doc(**json_body(SettingsChangeArgs))
def change_settings():
    """Preview, or with `"confirm": true` save, settings such as durations."""
    with unit_of_work() as session:
        actor = current_actor(session)
        ensure(actor, Permission.SETTINGS_CHANGE)
        args = load_or_refuse(SettingsChangeArgs(), request.get_json(silent=True))
        return administration.change_settings(
            session,
            args["changes"],
            actor=actor,
            confirm=args["confirm"],
            apply_to_open=args["apply_to_open"],
            now=current_clock().now(),
        )
