"""What the three working lists (提案清单, 交办清单, 跟踪清单) share: columns with Chinese headers,
keyset pages of rows, the filters on a proposal, and who may read them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement, Select

from service.errors import InvalidInput, RoleRefused
from service.models import Assignment, PlenarySession, Proposal
from service.statistics.scope import ANSWERING_ROLES, overdue_now

OFFICE = ("committee", "leader", "admin")
EXPORT_LIMIT = 200_000


@dataclass(frozen=True)
class Column:
    """One column of a list: the item key, the Chinese header, its Excel width in characters,
    and how the cell shows the item (by default the value under the key)."""

    key: str
    header: str
    width: float
    cell: Callable[[dict], object] | None = None

    def value(self, item: dict) -> object:
        return self.cell(item) if self.cell else item.get(self.key)


@dataclass(frozen=True)
class ListQuery:
    """A list's rows: a SELECT of labelled columns with its joins (`base`), the filters, the
    column it pages by (newest first), the order of its Excel file, and how a batch of rows
    becomes items."""

    base: Select
    conditions: tuple
    id_column: ColumnElement
    export_order: tuple
    present: Callable[[Session, list[dict]], list[dict]]

    @property
    def select(self) -> Select:
        return self.base.where(*self.conditions)

    def matching_ids(self) -> Select:
        return self.select.with_only_columns(self.id_column.label("id")).order_by(None)


def day_cell(name: str) -> Callable[[dict], object]:
    """A cell showing the day of a time (in the zone the item carries) or a date as it is."""

    def cell(item: dict):
        value = item.get(name)
        return value.date() if isinstance(value, datetime) else value

    return cell


def ensure_office(actor) -> None:
    if actor.role not in OFFICE:
        raise RoleRefused("此清单仅供提案委员会、督办领导和管理员查看。")


def ensure_office_or_unit(actor) -> None:
    if actor.role not in OFFICE + ("unit",):
        raise RoleRefused("此清单仅供提案委员会、督办领导、管理员和承办单位查看。")


def states(text: str | None) -> list[str]:
    return [s.strip() for s in (text or "").split(",") if s.strip()]


def proposal_filters(args: dict) -> list[ColumnElement[bool]]:
    """Year, session, category, 界别 and key flag: the filters every list applies to proposals."""
    conditions = [Proposal.submitted_at.is_not(None)]
    if args.get("year") is not None:
        conditions.append(PlenarySession.year == args["year"])
    columns = {
        "session_id": Proposal.plenary_session_id,
        "category": Proposal.category,
        "sector": Proposal.sector,
        "key": Proposal.key,
    }
    conditions += [
        column == args[name] for name, column in columns.items() if args.get(name) is not None
    ]
    return conditions


def proposal_overdue(now: datetime) -> ColumnElement[bool]:
    """A lead or separate unit of the proposal owes its reply past the deadline: the statistics'
    "overdue" (the sweep marks the same deadlines `overdue`)."""
    late = aliased(Assignment)
    return Proposal.id.in_(
        select(late.proposal_id).where(late.role.in_(ANSWERING_ROLES), overdue_now(late, now))
    )


def unit_holds(unit_id: int) -> ColumnElement[bool]:
    """The proposal has an assignment (not returned) of this unit."""
    return exists().where(
        Assignment.proposal_id == Proposal.id,
        Assignment.unit_id == unit_id,
        Assignment.state != "returned",
    )


def answering(assignment=Assignment) -> ColumnElement[bool]:
    return assignment.role.in_(ANSWERING_ROLES) & (assignment.state != "returned")


def count(session: Session, listing: ListQuery) -> int:
    """How many rows match, counted without the per-row look-ups of the item columns."""
    return session.scalar(select(func.count()).select_from(listing.matching_ids().subquery()))


def page(session: Session, listing: ListQuery, *, limit: int, cursor: str | None) -> dict:
    """One page, newest first: {"items", "total", "next"}; `next` is the last id seen.

    The filters run once: the matching ids are collected (a materialized CTE), counted, and
    the page's ids taken from them; only those rows are then read with all their columns. (A
    walk down the primary key, stopping at the first fifty matches, reads a whole year of
    newer rows when an older year is asked for.)"""
    matched = listing.matching_ids().cte("matched").prefix_with("MATERIALIZED")
    ids = select(matched.c.id)
    if cursor is not None:
        ids = ids.where(matched.c.id < int(cursor))
    ids = ids.order_by(matched.c.id.desc()).limit(limit + 1).subquery("page_ids")
    total = select(func.count()).select_from(matched).scalar_subquery()
    query = (
        listing.base.add_columns(total.label("matched_total"))
        .join(ids, ids.c.id == listing.id_column)
        .order_by(listing.id_column.desc())
    )
    rows = [dict(r) for r in session.execute(query).mappings()]
    found = rows[0].pop("matched_total") if rows else count(session, listing)
    for row in rows[1:]:
        del row["matched_total"]
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": listing.present(session, rows),
        "total": found,
        "next": str(rows[-1]["id"]) if more else None,
    }


def all_items(session: Session, listing: ListQuery, *, batch: int = 1000) -> Iterator[dict]:
    """Every item of the list in its export order, fetched in batches."""
    total = count(session, listing)
    if total > EXPORT_LIMIT:
        raise InvalidInput(
            f"符合条件的有{total}条，超过导出上限{EXPORT_LIMIT}条，请缩小筛选范围后再导出。"
        )
    result = session.execute(
        listing.select.order_by(*listing.export_order).execution_options(yield_per=batch)
    )
    for rows in result.mappings().partitions():
        yield from listing.present(session, [dict(r) for r in rows])
