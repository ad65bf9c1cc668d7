"""Keyset pagination: newest first; the cursor is the last id seen, so pages stay cheap."""

from __future__ import annotations

from marshmallow import fields, validate
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.validation import StrictSchema, page_cursor

DEFAULT_LIMIT, MAX_LIMIT = 50, 500


class PageArgs(StrictSchema):
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(min=1, max=MAX_LIMIT, error=f"每页条数须在1到{MAX_LIMIT}之间。"),
        error_messages={"invalid": f"每页条数（limit）须为1到{MAX_LIMIT}之间的整数。"},
    )
    cursor = page_cursor()


def paginate(
    session: Session, query, id_column, *, limit: int, cursor: str | None, present, read=None
):
    """One page of `query` as {"items", "total", "next"}; `read`, if given, is handed the page's
    rows before they are presented (to read what they show for the whole page at once)."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if cursor is not None:
        query = query.where(id_column < int(cursor))
    rows = list(session.scalars(query.order_by(id_column.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    if read is not None:
        read(rows)
    return {
        "items": [present(row) for row in rows],
        "total": total,
        "next": str(rows[-1].id) if more else None,
    }
