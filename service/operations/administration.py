"""What an administrator changes without code: calendar entries, which years' holidays are
published, and the durations and office settings of DOMAIN.md. Changes that move open deadlines
(or make them firm or provisional) are previewed, then applied on confirmation."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.configuration import forget
from service.deadlines.calendar import is_statutory_year
from service.deadlines.recompute import apply_moves, plan_moves
from service.deadlines.store import load_calendar, read_calendar
from service.errors import InvalidInput, RoleRefused
from service.models import BodyCalendarEntry, CalendarEntry, CalendarYear, SettingValue
from service.operations.bodies import is_platform_admin
from service.permissions import Permission, ensure
from service.policy import DEFAULTS, OPTIONS, defaults_of, load_policy, working_body
from service.validation import EARLIEST_DAY, LATEST_DAY, webhook_url_problem
from service.vocabulary import WEBHOOK_KINDS, CalendarScope

LABELS = {option.key: option.label for option in OPTIONS}
DURATIONS = {k for k in DEFAULTS if k.endswith(("_days", "_months"))}


def change_calendar(
    session: Session,
    entries: dict[date, tuple[bool | None, str | None]],
    *,
    actor,
    confirm: bool,
    now: datetime,
    scope: CalendarScope = CalendarScope.NATIONAL,
) -> dict:
    """Preview (or, confirmed, save) calendar entries; `working=None` removes a day's entry.
    National entries (the platform administrator's) count for every body's deadlines, a body's
    own (its administrator's) for that body's only."""
    national = scope == CalendarScope.NATIONAL
    if national:
        ensure_calendar_keeper(session, actor)
    else:
        ensure(actor, Permission.SETTINGS_CHANGE)
    changed = {"national" if national else "own": {d: w for d, (w, _) in entries.items()}}
    planned = plan_moves(
        session,
        calendar_of=lambda body: read_calendar(session, body, **changed),
        body_id=None if national else actor.body_id,
    )
    if confirm:
        model, key = (
            (CalendarEntry, {}) if national else (BodyCalendarEntry, {"body_id": actor.body_id})
        )
        for day, (working, note) in entries.items():
            existing = session.get(model, {**key, "day": day})
            if working is not None:
                session.merge(model(**key, day=day, working=working, note=note))
            elif existing is not None:
                session.delete(existing)
        apply_moves(session, planned, now=now)
        forget(session, "calendar")
    return {"applied": confirm, "moves": [planned_move.move.as_dict() for planned_move in planned]}


def list_calendar_entries(session: Session) -> list[dict]:
    """The national entries and the request's body's own, by day."""
    national = session.scalars(select(CalendarEntry))
    own = session.scalars(
        select(BodyCalendarEntry).where(BodyCalendarEntry.body_id == working_body(session))
    )
    rows = [_entry(e, CalendarScope.NATIONAL) for e in national]
    rows += [_entry(e, CalendarScope.BODY) for e in own]
    return sorted(rows, key=lambda row: (row["day"], row["scope"] == CalendarScope.BODY))


def _entry(entry: CalendarEntry | BodyCalendarEntry, scope: CalendarScope) -> dict:
    return {"day": entry.day, "working": entry.working, "note": entry.note, "scope": scope}


def _ensure_markable(year: int, published: bool) -> None:
    if not EARLIEST_DAY.year <= year <= LATEST_DAY.year:
        message = f"年度须在 {EARLIEST_DAY.year} 至 {LATEST_DAY.year} 之间。"
        raise InvalidInput(message, details={"year": [message]})
    if published and is_statutory_year(year):
        message = f"{year}年的法定节假日已由系统内置日历提供，无需标记公布。"
        raise InvalidInput(message, details={"year": [message]})


def publish_calendar_year(
    session: Session, year: int, published: bool, *, actor, confirm: bool, now: datetime
) -> dict:
    """Preview (or, confirmed, save) marking a year's holidays as published (all of them
    entered), or taking the mark back: deadlines counted through the year turn firm or
    provisional."""
    ensure_calendar_keeper(session, actor)
    _ensure_markable(year, published)
    planned = plan_moves(
        session, calendar_of=lambda body: read_calendar(session, body, years={year: published})
    )
    if confirm:
        row = session.get(CalendarYear, year)
        if row is None and published:
            session.add(CalendarYear(year=year, published=True, changed_at=now, changed_by=actor))
        elif row is not None and row.published != published:
            row.published, row.changed_at, row.changed_by = published, now, actor
        apply_moves(session, planned, now=now)
        forget(session, "calendar")
    return {
        "applied": confirm,
        "year": year,
        "published": published,
        "entries": _entered_days(session)[year],
        "moves": [planned_move.move.as_dict() for planned_move in planned],
    }


def _entered_days(session: Session) -> Counter[int]:
    """How many national days the platform administrator has entered, by year (a few dozen a
    year at most)."""
    return Counter(day.year for day in session.scalars(select(CalendarEntry.day)))


def list_calendar_years(session: Session, *, now: datetime) -> list[dict]:
    """This year, next year and every year with an entry or a switch: whether its holidays are
    known (from the package or published by an administrator) and how many days are entered."""
    today = now.astimezone(session.info["settings"].zone).date()
    rows = {row.year: row for row in session.scalars(select(CalendarYear))}
    entered = _entered_days(session)
    years = sorted(entered.keys() | rows.keys() | {today.year, today.year + 1})
    return [_year_status(year, rows.get(year), entered[year]) for year in years]


def _year_status(year: int, row: CalendarYear | None, entries: int) -> dict:
    published = bool(row and row.published)
    return {
        "year": year,
        "statutory": is_statutory_year(year),
        "published": published,
        "known": published or is_statutory_year(year),
        "entries": entries,
        "changed_at": row.changed_at if row else None,
        "changed_by": row.changed_by.username if row and row.changed_by else None,
    }


def _checked(key: str, value: Any) -> Any:
    if key not in DEFAULTS:
        raise InvalidInput(f"没有名为“{key}”的设置。", details={key: ["没有这项设置。"]})
    default = DEFAULTS[key]
    label = LABELS[key]
    if isinstance(default, list):
        return _checked_grounds(key, label, value)
    if key in ROBOT_SETTINGS:
        return _checked_robot(key, label, value)
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000
    else:
        ok = isinstance(value, str) and 0 < len(value.strip()) <= 200
    if not ok:
        raise InvalidInput(f"“{label}”的取值无效。", details={key: [f"“{label}”的取值无效。"]})
    return value


ROBOT_SETTINGS = ("office_webhook_url", "office_webhook_kind")


def _checked_robot(key: str, label: str, value: Any) -> str:
    """The office's robot: an address (or empty, for none) and one of the known kinds."""
    value = value.strip() if isinstance(value, str) else None
    if key == "office_webhook_kind":
        problem = (
            None
            if value in WEBHOOK_KINDS
            else f"“{label}”须为 wecom（企业微信）、dingtalk（钉钉）或 generic（通用）。"
        )
    else:
        problem = webhook_url_problem(value) if value else None
        problem = f"“{label}”有误：{problem}" if problem else None
        if value is None:
            problem = f"“{label}”的取值无效。"
    if problem:
        raise InvalidInput(problem, details={key: [problem]})
    return value


GROUND_CODE = re.compile(r"[a-z][a-z0-9_]{1,31}")


def _checked_grounds(key: str, label: str, value: Any) -> list[dict]:
    """A list of grounds: 1 to 30, each a code (lower-case letters, digits and _) and a wording
    of 2 to 60 characters, no code twice. Every problem is named at once, by line."""
    if not isinstance(value, list) or not 1 <= len(value) <= 30:
        message = f"“{label}”须为1至30条，每条含代码和措辞。"
        raise InvalidInput(message, details={key: [message]})
    problems, seen, checked = [], set(), []
    for line, ground in enumerate(value, start=1):
        code = ground.get("code") if isinstance(ground, dict) else None
        wording = ground.get("label") if isinstance(ground, dict) else None
        wording = wording.strip() if isinstance(wording, str) else ""
        if not isinstance(code, str) or not GROUND_CODE.fullmatch(code):
            problems.append(
                f"第{line}条：代码须以小写字母开头，由小写字母、数字和下划线组成（2至32位）。"
            )
        elif code in seen:
            problems.append(f"第{line}条：代码“{code}”重复。")
        if not 2 <= len(wording) <= 60:
            problems.append(f"第{line}条：措辞须为2至60个字。")
        seen.add(code)
        checked.append({"code": code, "label": wording})
    if problems:
        raise InvalidInput(f"“{label}”有误：{problems[0]}", details={key: problems})
    return checked


def change_settings(
    session: Session,
    changes: dict[str, Any],
    *,
    actor,
    confirm: bool,
    apply_to_open: bool,
    now: datetime,
) -> dict:
    """Preview (or, confirmed, save) settings; changed durations apply to deadlines opened after,
    and to the open ones too when the administrator asks for it."""
    ensure(actor, Permission.SETTINGS_CHANGE)
    checked = {key: _checked(key, value) for key, value in changes.items()}
    policy = {**load_policy(session, actor.body_id), **checked}
    planned = []
    if checked.keys() & DURATIONS:
        planned = plan_moves(
            session,
            calendar_of=lambda body: load_calendar(session, body),
            policy=policy,
            body_id=actor.body_id,
        )
    if confirm:
        note = f"{actor.username} 于 {now.isoformat()} 修改"
        for key, value in checked.items():
            session.merge(SettingValue(body_id=actor.body_id, key=key, value=value, note=note))
        if apply_to_open:
            apply_moves(session, planned, now=now)
        forget(session, "policy")
    return {
        "applied": confirm,
        "applied_to_open": confirm and apply_to_open,
        "moves": [planned_move.move.as_dict() for planned_move in planned],
    }


def ensure_calendar_keeper(session: Session, actor) -> None:
    """The national calendar (the holidays and their make-up working days, for years the package
    does not know) is the whole platform's: its administrator, of the top body, keeps it."""
    ensure(actor, Permission.SETTINGS_CHANGE)
    if not is_platform_admin(session, actor):
        raise RoleRefused(
            "全国节假日和调休安排由全平台共用，只有最上一级政协的系统管理员可以修改；"
            "本级政协自定的放假日或上班日，请作为本级条目录入。"
        )


def list_settings(session: Session) -> list[dict]:
    """The settings of the body the request works in (the administrator's)."""
    body_id = working_body(session)
    policy, defaults = load_policy(session, body_id), defaults_of(session, body_id)
    return [
        {"key": o.key, "label": o.label, "value": policy[o.key], "default": defaults[o.key]}
        for o in OPTIONS
    ]
