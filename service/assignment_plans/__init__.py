"""交办会 (batch assignment): a plan checked row by row in one read, then each valid row applied
as its own `assign` event in a transaction of its own, so one refused row never holds back
the others and a failure half-way leaves every applied row applied. Used by the API and the
交办会 pages alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from service.assignment_plans.sheet import read_sheet
from service.db import current_session, unit_of_work
from service.errors import DomainError
from service.operations.assignment_plans import (
    PlanRow,
    assign_row,
    examine_plan,
    rows_from_sheet,
    sentences,
)


@dataclass(frozen=True)
class PlanOutcome:
    rows: list[PlanRow]
    applied: int

    @property
    def refused(self) -> int:
        return sum(1 for row in self.rows if not row.ok)


def run_plan(
    rows_of: Callable[[Session, int], list[PlanRow]], *, actor, dry_run: bool, now: datetime
) -> PlanOutcome:
    """Check the plan's rows (`rows_of` reads them with the session, in the actor's body), then
    apply the valid
    ones unless it is a dry run. A row refused while applying (changed since it was checked)
    keeps the refusal among its errors."""
    session = current_session()
    rows = examine_plan(session, rows_of(session, actor.body_id), actor=actor, now=now)
    session.rollback()  # the checks read only; the read transaction ends before any write
    if dry_run:
        return PlanOutcome(rows, 0)
    applied = sum(_applied(row, actor=actor, now=now) for row in rows if row.ok)
    return PlanOutcome(rows, applied)


def _applied(row: PlanRow, *, actor, now: datetime) -> bool:
    try:
        with unit_of_work() as session:
            assign_row(session, row, actor=actor, now=now)
    except DomainError as error:
        row.errors.extend(sentences(error))
        return False
    return True


def rows_from_json(rows: list[dict]) -> Callable[[Session, int], list[PlanRow]]:
    """The rows of a plan sent as JSON, numbered as sent, else from 1 in the order sent."""
    return lambda session, body_id: [
        PlanRow(row=row.get("row", index), proposal_id=row["proposal_id"], units=row["units"])
        for index, row in enumerate(rows, start=1)
    ]


def rows_from_upload(data: bytes) -> Callable[[Session, int], list[PlanRow]]:
    """The rows of an uploaded 交办表, numbered as the sheet numbers them.

    Raises:
        InvalidInput: the file is no workbook or lacks one of the columns (422)."""
    lines = read_sheet(data)
    return lambda session, body_id: rows_from_sheet(session, lines, body_id)
