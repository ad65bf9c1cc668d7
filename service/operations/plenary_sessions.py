"""Setting up plenary sessions (届次·会次): adding one, changing its name, dates or which one is
current. Exactly one session is current; making one current un-makes the other."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from marshmallow import validates_schema
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.errors import Conflict, InvalidInput, NotVisible, echoed
from service.models import PlenarySession, Proposal
from service.operations.bodies import body_id_for
from service.permissions import Permission, ensure
from service.validation import MAX_ID, StrictSchema, boolean, day, integer, load_or_refuse, text

LABELS = {
    "opens_on": "开幕日期",
    "plenary_until": "大会提案截止日期",
    "closes_on": "闭幕日期",
    "reply_due_on": "大会提案统一答复日期",
}


class PlenaryChangeArgs(StrictSchema):
    name = text("会次名称", max_length=64, required=False)
    opens_on = day("开幕日期", required=False)
    closes_on = day("闭幕日期", required=False)
    plenary_until = day("大会提案截止日期", required=False)
    # Off (null) unless the office answers its 大会提案 by one date; null turns it off again.
    reply_due_on = day("大会提案统一答复日期", required=False, allow_none=True)
    current = boolean("是否当前会次", required=False)


class PlenaryArgs(PlenaryChangeArgs):
    name = text("会次名称", max_length=64)
    term = integer("届次", maximum=99)
    number = integer("会次", maximum=99)
    year = integer("年度", minimum=2000, maximum=2099)
    opens_on = day("开幕日期")
    closes_on = day("闭幕日期")
    current = boolean("是否当前会次", load_default=False)

    @validates_schema(skip_on_field_errors=True)
    def _dates_in_order(self, data, **_kwargs):
        check_dates(data)


def check_dates(values: dict) -> None:
    """开幕 ≤ 大会提案截止 ≤ 闭幕 < 统一答复日期; the refusal names the field out of order."""
    opens, until, closes = (values.get(k) for k in ("opens_on", "plenary_until", "closes_on"))
    reply_due = values.get("reply_due_on")
    if closes < opens:
        _refuse("closes_on", "闭幕日期不能早于开幕日期。")
    if until is not None and until < opens:
        _refuse("plenary_until", "大会提案截止日期不能早于开幕日期。")
    if until is not None and until > closes:
        _refuse("plenary_until", "大会提案截止日期不能晚于闭幕日期。")
    if reply_due is not None and reply_due <= closes:
        _refuse("reply_due_on", "大会提案统一答复日期须晚于闭幕日期。")


def _refuse(field: str, message: str):
    raise InvalidInput(message, details={field: [message]})


def plenary_rows(session: Session, body_id: int) -> list[dict]:
    """The body's sessions, the latest first, each with the count of proposals filed in it."""
    filed = (
        select(Proposal.plenary_session_id, func.count().label("filed"))
        .where(Proposal.filed_during.is_not(None))
        .group_by(Proposal.plenary_session_id)
        .subquery()
    )
    rows = session.execute(
        select(PlenarySession, func.coalesce(filed.c.filed, 0))
        .outerjoin(filed, filed.c.plenary_session_id == PlenarySession.id)
        .where(PlenarySession.body_id == body_id)
        .order_by(PlenarySession.year.desc(), PlenarySession.id.desc())
    ).all()
    return [described(plenary, count) for plenary, count in rows]


def described(plenary: PlenarySession, proposals: int) -> dict:
    return {
        "id": plenary.id,
        "name": plenary.name,
        "term": plenary.term,
        "number": plenary.meeting,
        "year": plenary.year,
        "opens_on": plenary.opens_on,
        "closes_on": plenary.closes_on,
        "plenary_until": plenary.plenary_until,
        "reply_due_on": plenary.reply_due_on,
        "current": plenary.current,
        "proposals": proposals,
    }


def describe(session: Session, plenary: PlenarySession) -> dict:
    """One session as the API and the pages show it."""
    count = session.scalar(
        select(func.count())
        .select_from(Proposal)
        .where(Proposal.plenary_session_id == plenary.id, Proposal.filed_during.is_not(None))
    )
    return described(plenary, count)


def ensure_session_manager(actor) -> None:
    """The committee and administrators set sessions up; `None` is the operator at the server's
    command line, trusted as the one who installed it."""
    if actor is not None:
        ensure(actor, Permission.SESSIONS_MANAGE)


def add_plenary(
    session: Session, raw: Any, *, actor, now: datetime, body_id: int | None = None
) -> PlenarySession:
    """Add a session of the actor's body (committee, admin; the command line names the body,
    or it is the only one); 409 when its name is taken there."""
    ensure_session_manager(actor)
    data = load_or_refuse(PlenaryArgs(), raw)
    name = data["name"].strip()
    body_id = body_id_for(session, actor, now=now, body_id=body_id)
    _ensure_name_free(session, name, body_id)
    plenary = PlenarySession(
        body_id=body_id,
        name=name,
        term=data["term"],
        meeting=data["number"],
        year=data["year"],
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        plenary_until=data.get("plenary_until") or data["closes_on"],
        reply_due_on=data.get("reply_due_on"),
        current=False,
        last_number=0,
    )
    session.add(plenary)
    session.flush()
    if data["current"]:
        _make_current(session, plenary)
    return plenary


def change_plenary(session: Session, plenary_id: int, raw: Any, *, actor) -> PlenarySession:
    """Change a session's name, dates or whether it is current (committee, admin)."""
    ensure_session_manager(actor)
    plenary = find_session(session, plenary_id, actor.body_id)
    data = load_or_refuse(PlenaryChangeArgs(), raw)
    if "name" in data and data["name"].strip() != plenary.name:
        _ensure_name_free(session, data["name"].strip(), plenary.body_id)
        plenary.name = data["name"].strip()
    dates = {k: data.get(k, getattr(plenary, k)) for k in LABELS}
    if any(k in data for k in LABELS):
        _check_changed_dates(dates)
        for key, value in dates.items():
            setattr(plenary, key, value)
    if data.get("current") is False and plenary.current:
        _refuse("current", "须有一个当前会次：要更换，请把另一个会次设为当前会次。")
    session.flush()
    if data.get("current"):
        _make_current(session, plenary)
    return plenary


def _check_changed_dates(dates: dict[str, date | None]) -> None:
    """A session made before it had dates (the one the service makes) gets all of them."""
    for key in ("opens_on", "closes_on"):
        if dates[key] is None:
            _refuse(key, f"请填写{LABELS[key]}。")
    if dates["plenary_until"] is None:
        dates["plenary_until"] = dates["closes_on"]
    check_dates(dates)


def _ensure_name_free(session: Session, name: str, body_id: int) -> None:
    if not name:
        _refuse("name", "请填写会次名称。")
    taken = select(PlenarySession.id).where(
        PlenarySession.body_id == body_id, PlenarySession.name == name
    )
    if session.scalar(taken) is not None:
        message = f"会次“{echoed(name)}”已存在。"
        raise Conflict(message, details={"name": ["该会次名称已存在。"]})


def _make_current(session: Session, plenary: PlenarySession) -> None:
    """The body's one current session. Every session row of the body is locked first, so two
    offices making two sessions current at once take turns and the later one wins, never both."""
    others = session.scalars(
        select(PlenarySession)
        .where(PlenarySession.body_id == plenary.body_id)
        .order_by(PlenarySession.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    for other in others:
        other.current = other.id == plenary.id


def find_session(session: Session, plenary_id: int, body_id: int) -> PlenarySession:
    """Raises:
    NotVisible: the body has no session of this id."""
    found = session.get(PlenarySession, plenary_id) if 1 <= plenary_id <= MAX_ID else None
    if found is None or found.body_id != body_id:
        raise NotVisible("会次")
    return found
