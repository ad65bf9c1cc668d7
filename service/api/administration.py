"""JSON API for the administrator: working-day calendar entries, the years whose holidays are
published, and settings, each change previewed (which open deadlines move, by how much, or turn
firm or provisional) before it is confirmed."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from service.api.auth import current_actor
from service.api.schemas import json_body
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.operations import administration
from service.permissions import Permission, ensure
from service.validation import (
    StrictSchema,
    boolean,
    choice,
    day,
    integer,
    load_or_refuse,
    nested_list,
    text,
)
from service.vocabulary import CalendarScope

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
    scope = choice("范围", CalendarScope, required=False, load_default=CalendarScope.NATIONAL)
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
    scope = fields.String(required=True, metadata={"enum": list(CalendarScope.codes())})


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
    """管理员录入的节假日与调休上班日

    按日期排列；`working` 为 `true` 表示当天上班，`false` 表示当天放假。`scope` 为 `national`
    的是全平台共用的全国安排，为 `body` 的是本级政协自定的日子（只计入本级政协的时限，同一天
    以本级的为准）。提案委员会和管理员可查看。
    """
    session = current_session()
    ensure(current_actor(session), Permission.SETTINGS_READ)
    return administration.list_calendar_entries(session)


@blp.route("/calendar/entries", methods=["POST"])
@blp.response(200, ChangeSchema)
@blp.doc(**json_body(CalendarChangeArgs))
def change_entries():
    """预览或保存日历条目

    请求体为 `{"entries": [{"date": "YYYY-MM-DD", "working": true, "note": ...}], "scope": ...}`，
    `working: null` 删除当天的条目。`scope` 为 `national`（默认）时录入全平台共用的全国节假日与
    调休上班日，只有最上一级政协的系统管理员可以录入；为 `body` 时录入本级政协自定的放假日或
    上班日（如地方性节日），只计入本级政协的时限，本级的系统管理员即可录入。
    不带 `"confirm": true` 时只预览，不作保存：`moves` 列出会因此变动的时限；
    带上则保存，并按预览调整这些时限。
    """
    with unit_of_work() as session:
        actor = current_actor(session)
        ensure(actor, Permission.SETTINGS_CHANGE)
        args = load_or_refuse(CalendarChangeArgs(), request.get_json(silent=True))
        entries = {e["date"]: (e["working"], e.get("note")) for e in args["entries"]}
        return administration.change_calendar(
            session,
            entries,
            actor=actor,
            confirm=args["confirm"],
            now=current_clock().now(),
            scope=args["scope"],
        )


@blp.route("/calendar/years", methods=["GET"])
@blp.response(200, YearSchema(many=True))
def list_years():
    """各年度的节假日是否已知：系统内置或管理员已标记公布

    列出今年、明年，以及有录入条目或公布标记的年份：`statutory` 为系统内置了该年的法定节假日，
    `published` 为管理员已标记公布（该年节假日已全部录入），`known` 为二者之一，`entries` 为该年
    已录入的天数。提案委员会和管理员可查看。
    """
    session = current_session()
    ensure(current_actor(session), Permission.SETTINGS_READ)
    return administration.list_calendar_years(session, now=current_clock().now())


@blp.route("/calendar/years", methods=["POST"])
@blp.response(200, YearChangeSchema)
@blp.doc(**json_body(YearChangeArgs))
def change_year():
    """预览或保存某年节假日的公布标记（最上一级政协的系统管理员）

    请求体为 `{"year": N, "published": true, "confirm": false}`：`published: true` 标记该年节假日
    已公布（已全部录入），`false` 撤回标记；经过该年推算的时限随之变为确定或暂定。不带
    `"confirm": true` 时只预览（`moves`），带上则保存。系统已内置法定节假日的年份无需标记，答 422。
    """
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
    """系统设置：各项的当前值与默认值

    每项含 `key`、中文名称 `label`、当前值 `value` 和默认值 `default`。提案委员会和管理员可查看。
    """
    session = current_session()
    ensure(current_actor(session), Permission.SETTINGS_READ)
    return administration.list_settings(session)


@blp.route("/settings", methods=["POST"])
@blp.response(200, ChangeSchema)
@blp.doc(**json_body(SettingsChangeArgs))
def change_settings():
    """预览或保存设置，如各类时限的期限（系统管理员）

    请求体为 `{"changes": {KEY: 值}, "confirm": false, "apply_to_open": false}`。不带
    `"confirm": true` 时只预览：改动期限时，`moves` 列出会变动的时限；带上则保存。改动的期限
    适用于此后开始的时限，`"apply_to_open": true` 时尚未完成的时限也一并调整。
    """
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
