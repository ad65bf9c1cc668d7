"""What an administrator changes without code: calendar entries and the durations and office
settings of DOMAIN.md. Changes that move open deadlines are previewed, then applied on
confirmation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.configuration import forget
from service.deadlines.calendar import WorkingCalendar
from service.deadlines.recompute import apply_moves, plan_moves
from service.deadlines.store import load_calendar
from service.errors import InvalidInput, RoleRefused
from service.models import CalendarEntry, SettingValue
from service.policy import DEFAULTS, OPTIONS, load_policy

LABELS = {option.key: option.label for option in OPTIONS}
DURATIONS = {k for k in DEFAULTS if k.endswith(("_days", "_months"))}


def ensure_admin(actor, doing: str = "修改日历和设置") -> None:
    if actor.role != "admin":
        raise RoleRefused(f"只有系统管理员可以{doing}。")


def _calendar_with(session: Session, entries: dict[date, bool | None]) -> WorkingCalendar:
    current = {e.day: e.working for e in session.scalars(select(CalendarEntry))}
    for day, working in entries.items():
        if working is None:
            current.pop(day, None)
        else:
            current[day] = working
    return WorkingCalendar(current, admin_years={day.year for day in current})


def change_calendar(
    session: Session,
    entries: dict[date, tuple[bool | None, str | None]],
    *,
    actor,
    confirm: bool,
    now: datetime,
) -> dict:
    """Preview (or, confirmed, save) calendar entries; `working=None` removes a day's entry."""
    ensure_admin(actor)
    calendar = _calendar_with(session, {day: w for day, (w, _) in entries.items()})
    planned = plan_moves(session, calendar=calendar, policy=load_policy(session))
    if confirm:
        for day, (working, note) in entries.items():
            existing = session.get(CalendarEntry, day)
            if working is None and existing is not None:
                session.delete(existing)
            elif working is not None:
                session.merge(CalendarEntry(day=day, working=working, note=note))
        apply_moves(session, planned, calendar=calendar, now=now)
        forget(session, "calendar")
    return {"applied": confirm, "moves": [move.as_dict() for move, _, _ in planned]}


def _checked(key: str, value: Any) -> Any:
    if key not in DEFAULTS:
        raise InvalidInput(f"没有名为“{key}”的设置。", details={key: ["没有这项设置。"]})
    default = DEFAULTS[key]
    label = LABELS[key]
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000
    else:
        ok = isinstance(value, str) and 0 < len(value.strip()) <= 200
    if not ok:
        raise InvalidInput(f"“{label}”的取值无效。", details={key: [f"“{label}”的取值无效。"]})
    return value


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
    ensure_admin(actor)
    checked = {key: _checked(key, value) for key, value in changes.items()}
    policy = {**load_policy(session), **checked}
    planned = []
    if checked.keys() & DURATIONS:
        planned = plan_moves(session, calendar=load_calendar(session), policy=policy)
    if confirm:
        for key, value in checked.items():
            session.merge(
                SettingValue(
                    key=key, value=value, note=f"{actor.username} 于 {now.isoformat()} 修改"
                )
            )
        if apply_to_open:
            apply_moves(session, planned, calendar=load_calendar(session), now=now)
        forget(session, "policy")
    return {
        "applied": confirm,
        "applied_to_open": confirm and apply_to_open,
        "moves": [move.as_dict() for move, _, _ in planned],
    }


def list_settings(session: Session) -> list[dict]:
    policy = load_policy(session)
    return [
        {"key": o.key, "label": o.label, "value": policy[o.key], "default": o.default}
        for o in OPTIONS
    ]
