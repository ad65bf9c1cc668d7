"""A working list described once — title, file stem, columns, query, filters, export — and what
every list does alike with that description: keyset pages of its items and its Excel file."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from marshmallow import Schema
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from service.access import unit_rows_filter
from service.errors import InvalidInput
from service.lists.cells import PROPOSAL_STATES, Column
from service.lists.excel import ExcelFile, workbook
from service.lists.proposal_filter import listed
from service.lists.schemas import ListArgs
from service.models import Proposal
from service.permissions import Permission

EXPORT_LIMIT = 200_000
# Proposals in the order of their numbers, those without one (not accepted) last.
BY_NUMBER = Proposal.number.asc().nulls_last()
# What a list's page and file may be narrowed by, as the query string names it.
FILTERS = (
    "year",
    "session_id",
    "unit_id",
    "category",
    "sector",
    "type",
    "state",
    "key",
    "overdue",
)


def selected(model, *names: str, **labels: str) -> list:
    """The model's columns named in `names` (several to a string, separated by spaces), then
    those of `labels` under their keyword: `selected(Proposal, "id title", proposal_number=
    "number")`."""
    found = [getattr(model, name) for name in " ".join(names).split()]
    return found + [getattr(model, column).label(label) for label, column in labels.items()]


def states(text: str | None) -> list[str]:
    return [s.strip() for s in (text or "").split(",") if s.strip()]


class Source(ABC):
    """Where a list's rows come from and what narrows them; each list says it in a subclass.
    Its rows select their `id`, which it pages by (newest first); `export_order` is the order
    of its Excel file, `always` what every row meets, `unit_key` the selected column naming
    the unit a row belongs to: a unit handler reads only its own unit's rows (None: a list
    units do not read). `args` checks the filters named in `filters`; `states` are those its
    `state` filter offers."""

    export_order: tuple
    always: tuple = ()
    unit_key: str | None = None
    args: type[Schema] = ListArgs
    filters: tuple[str, ...] = FILTERS
    states: Mapping[str, str] = PROPOSAL_STATES

    @abstractmethod
    def rows(self, overdue: ColumnElement[bool]) -> Select:
        """The labelled columns with their joins, given the list's own "overdue"."""

    @abstractmethod
    def overdue(self, now: datetime) -> ColumnElement[bool]:
        """What the list's `overdue` filter means at this moment."""

    @abstractmethod
    def narrowing(self, args: dict) -> list[ColumnElement[bool]]:
        """What the list's own filters (state, unit) add."""

    @abstractmethod
    def items(self, session: Session, rows: list[dict], now: datetime, zone: tzinfo) -> list:
        """A batch of rows as the list's items, times in the service's zone."""

    def shown_to(self, actor, item: dict) -> dict:
        """The item as this reader may read it (a list whose items hold nothing restricted
        shows them whole)."""
        return item

    def conditions(self, actor, args: dict, rows: Select, overdue: ColumnElement[bool]) -> tuple:
        # Every list's rows hang on a proposal: of the actor's body only.
        own_body = Proposal.body_id == actor.body_id
        found = [own_body, *self.always, *listed(args).conditions(), *self.narrowing(args)]
        if self.unit_key is not None:
            unit = rows.selected_columns[self.unit_key]
            found += unit_rows_filter(actor, unit)
            if args.get("unit_id") is not None:
                found.append(unit == args["unit_id"])
        if args.get("overdue") is not None:
            found.append(overdue if args["overdue"] else ~overdue)
        return tuple(found)


@dataclass(frozen=True)
class ListQuery:
    """A list's rows as asked for: a SELECT of labelled columns with its joins (`base`), the
    filters, the order of its Excel file, and how rows become items."""

    base: Select
    conditions: tuple
    export_order: tuple
    present: Callable[[Session, list[dict]], list[dict]]

    @property
    def id_column(self) -> ColumnElement:
        """The column the list pages by: its rows' `id`."""
        return self.base.selected_columns["id"]

    @property
    def select(self) -> Select:
        return self.base.where(*self.conditions)

    def matching_ids(self) -> Select:
        return self.select.with_only_columns(self.id_column.label("id")).order_by(None)


@dataclass(frozen=True)
class WorkingList:
    """One working list, as the API, the pages and the Excel export all read it: its title,
    the stem of its address and file, its columns, and where its rows come from and what
    narrows them."""

    title: str
    stem: str
    columns: tuple[Column, ...]
    source: Source

    @property
    def permission(self) -> Permission:
        """Who reads the list: the office and leaders every list; a unit handler, too, those
        whose rows each belong to a unit (only its own unit's rows, by `unit_rows_filter`)."""
        if self.source.unit_key is None:
            return Permission.LISTS_READ
        return Permission.HANDLING_LISTS_READ

    def listing(self, actor, args: dict, *, now: datetime, zone: tzinfo) -> ListQuery:
        """The rows matching `args` that the actor reads."""
        source = self.source
        overdue = source.overdue(now)
        rows = source.rows(overdue)
        return ListQuery(
            rows,
            source.conditions(actor, args, rows, overdue),
            source.export_order,
            lambda session, rows: [
                source.shown_to(actor, item) for item in source.items(session, rows, now, zone)
            ],
        )

    def page(self, session: Session, actor, args: dict, *, now: datetime) -> dict:
        """One keyset page of the list: {"items", "total", "next"}."""
        listing = self.listing(actor, args, now=now, zone=session.info["settings"].zone)
        return page(session, listing, limit=args["limit"], cursor=args.get("cursor"))

    def export(self, session: Session, actor, args: dict, *, now: datetime) -> ExcelFile:
        """The whole filtered list as an Excel file, named after the list and the year."""
        listing = self.listing(actor, args, now=now, zone=session.info["settings"].zone)
        data = workbook(self.title, self.columns, all_items(session, listing))
        year = args.get("year")
        name = f"{self.title}（{year}年）.xlsx" if year else f"{self.title}.xlsx"
        return ExcelFile(data, name, f"{self.stem}-{year or 'all'}.xlsx")


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
