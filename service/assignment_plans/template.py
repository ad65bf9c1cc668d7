"""The 交办表 template: the accepted proposals awaiting 交办, one a row with its number, title,
category and lead proposer, and the three unit columns left empty for the meeting to fill; a
second sheet lists the units by the names the upload expects."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.assignment_plans.sheet import NUMBER_HEADER, UNIT_COLUMNS
from service.lists.cells import Column
from service.lists.excel import ExcelFile, workbook_of
from service.models import Proposal, Unit
from service.vocabulary import CATEGORIES

UNIT_WIDTH = 32
COLUMNS = (
    Column("number_label", NUMBER_HEADER, 12),
    Column("title", "标题", 48),
    Column("category", "类别", 14),
    Column("proposer", "领衔人", 12),
    *(Column(role, header, UNIT_WIDTH) for header, role in UNIT_COLUMNS),
)
UNIT_LIST = (Column("name", "承办单位名称（填表时照此书写，多家单位用“、”分隔）", 56),)


def _row(proposal: Proposal) -> dict:
    return {
        "number_label": proposal.number_label,
        "title": proposal.title,
        "category": CATEGORIES.get(proposal.category, proposal.category),
        "proposer": proposal.lead_proposer.display_name,
    }


def template(session: Session, proposals: list[Proposal], body_id: int) -> ExcelFile:
    """The template as a file to download, listing the body's units."""
    units = session.scalars(
        select(Unit).where(Unit.body_id == body_id, Unit.active).order_by(Unit.name_key, Unit.name)
    )
    data = workbook_of(
        ("交办表", COLUMNS, [_row(p) for p in proposals]),
        ("承办单位", UNIT_LIST, [{"name": unit.name} for unit in units]),
    )
    return ExcelFile(data, "交办表.xlsx", "assignment-plan.xlsx")
