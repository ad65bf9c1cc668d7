"""交办会: a plan that assigns many accepted proposals at once. Each row is checked exactly as
the single 交办 form is (the `assign` event's own fields, look-ups and guards, through
`events.check`) and applied as one `assign` event; rows read from a sheet name their proposal
by its number in the current session and their units by name."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from service.access import visible_proposals
from service.errors import DomainError, echoed
from service.models import PlenarySession, Proposal, Unit
from service.operations import events
from service.operations.plenary import marked_current
from service.permissions import Permission, ensure

# 第0123号, 0123, 123号, 123: what an office writes in the 提案号 column.
NUMBER = re.compile(r"第?0*(\d{1,6})号?")


@dataclass
class PlanRow:
    """One row of a plan: where it stands (the sheet's row, or its place in the list), the
    proposal it names and its units `[{unit_id, role}]`, and what stops it, in Chinese."""

    row: int
    proposal_id: int | None = None
    number_label: str | None = None
    title: str | None = None  # the proposal's 案由, once found
    units: object = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Where a sheet names the proposal: its number in the current session (None: unreadable).
    number: int | None = None
    # The proposal's version when checked: applying it later refuses a proposal changed since.
    version: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class SheetLine:
    """A row as typed into the sheet: its row number, the 提案号 text and (unit name, role)."""

    row: int
    number: str
    units: tuple[tuple[str, str], ...]


def sentences(error: DomainError) -> list[str]:
    """What a refusal says about a row: each field's message, else its one sentence."""
    found = [
        message
        for messages in error.details.values()
        if isinstance(messages, list)
        for message in messages
        if isinstance(message, str)
    ]
    return list(dict.fromkeys(found)) or [error.message]


def rows_from_sheet(session: Session, lines: list[SheetLine], body_id: int) -> list[PlanRow]:
    """Plan rows from the sheet's lines: numbers read, unit names looked up among the body's
    units (each unknown name is an error of its row)."""
    units = dict(session.execute(select(Unit.name, Unit.id).where(Unit.body_id == body_id)).all())
    rows = []
    for line in lines:
        row = PlanRow(row=line.row)
        _read_number(row, line.number)
        for name, role in line.units:
            if name in units:
                row.units.append({"unit_id": units[name], "role": role})
            else:
                row.errors.append(f"找不到承办单位“{echoed(name)}”，请按系统中的单位名称填写。")
        rows.append(row)
    return rows


def _read_number(row: PlanRow, typed: str) -> None:
    text = unicodedata.normalize("NFKC", typed).replace(" ", "")
    found = NUMBER.fullmatch(text)
    if not text:
        row.errors.append("请填写提案号。")
    elif found is None:
        row.errors.append(f"提案号“{echoed(typed)}”无法识别，请填写如“第0123号”或“123”。")
    else:
        row.number = int(found.group(1))
        row.number_label = f"第{row.number:04d}号"


def examine_plan(session: Session, rows: list[PlanRow], *, actor, now: datetime) -> list[PlanRow]:
    """Check every row, writing nothing: each row's `errors` say what would stop its 交办.

    Raises:
        RoleRefused: the actor is not of the committee office."""
    ensure(actor, Permission.ASSIGNMENT_PLANS_RUN)
    found = _proposals(session, rows, actor, now=now)
    times = Counter(p.id for p in found if p is not None)
    for row, proposal in zip(rows, found, strict=True):
        if proposal is not None:
            row.proposal_id, row.number_label = proposal.id, proposal.number_label
            row.title, row.version = proposal.title, proposal.version
            _check(session, row, proposal, times[proposal.id], actor=actor, now=now)
    return rows


def _check(session: Session, row: PlanRow, proposal: Proposal, times: int, *, actor, now):
    label = proposal.number_label or f"《{echoed(proposal.title)}》"
    if times > 1:
        row.errors.append(f"提案{label}在本计划中出现了{times}次，每件提案只能占一行。")
    if proposal.state == "handling":
        row.errors.append(
            f"提案{label}已交办，不再列入交办会；如需增加承办单位，请在提案页面交办。"
        )
    if row.errors:
        return
    try:
        events.check(
            session,
            proposal,
            actor=actor,
            event="assign",
            version=row.version,
            payload={"units": row.units},
            now=now,
        )
    except DomainError as error:
        row.errors.extend(sentences(error))


def _proposals(session: Session, rows: list[PlanRow], actor, *, now) -> list[Proposal | None]:
    """The proposal each row names, in the rows' order; a row naming none gets its error."""
    query = visible_proposals(actor).options(selectinload(Proposal.assignments))
    ids = {row.proposal_id for row in rows if row.proposal_id is not None}
    numbers = {row.number for row in rows if row.number is not None}
    by_id = {p.id: p for p in session.scalars(query.where(Proposal.id.in_(ids)))} if ids else {}
    zone = session.info["settings"].zone
    plenary = marked_current(session, actor.body_id, now=now, zone=zone)
    by_number = {}
    if numbers and plenary is not None:
        by_number = {
            p.number: p
            for p in session.scalars(
                query.where(Proposal.plenary_session_id == plenary.id, Proposal.number.in_(numbers))
            )
        }
    found = []
    for row in rows:
        proposal = by_id.get(row.proposal_id) or by_number.get(row.number)
        found.append(proposal)
        if proposal is not None:
            continue
        if row.proposal_id is not None:
            row.errors.append(f"找不到该提案（ID {row.proposal_id}），或您无权查看。")
        elif row.number is not None:
            row.errors.append(f"{_name(plenary)}没有{row.number_label}提案。")
    return found


def _name(plenary: PlenarySession | None) -> str:
    return plenary.name if plenary is not None else "本届"


def assign_row(session: Session, row: PlanRow, *, actor, now: datetime) -> Proposal:
    """The row's 交办: one `assign` event, as the proposal page's form fires it; a proposal
    changed since the plan was checked is refused (409) rather than assigned twice."""
    return events.apply_event(
        session,
        "proposal",
        row.proposal_id,
        actor=actor,
        event="assign",
        version=row.version,
        payload={"units": row.units},
        now=now,
    )


def unassigned(session: Session, *, actor, now: datetime) -> list[Proposal]:
    """The current session's accepted proposals awaiting their 交办, by number: the rows of the
    交办表 template (an earlier session's numbers could not be told apart in its 提案号 column).

    Raises:
        RoleRefused: the actor is not of the committee office."""
    ensure(actor, Permission.ASSIGNMENT_PLANS_RUN)
    zone = session.info["settings"].zone
    plenary = marked_current(session, actor.body_id, now=now, zone=zone)
    if plenary is None:
        return []
    return list(
        session.scalars(
            visible_proposals(actor)
            .where(Proposal.plenary_session_id == plenary.id, Proposal.state == "accepted")
            .order_by(Proposal.number)
        )
    )
