"""What an event does beyond its declaration in workflows/: the fields it takes, the rows those
fields name, and what it writes besides the state. Operations keep one table of these per
workflow (operations/proposal_events.py, operations/assignment_events.py); the engine runs them
inside `fire()`, between its checks and its writes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema
from sqlalchemy.orm import Session

from service.models import AuditRecord
from service.validation import StrictSchema, text
from workflows.spec import Context


class NoFields(StrictSchema):
    """An event without fields of its own still takes a note for the history."""

    note = text("备注", max_length=500, required=False)


# (session, subject, loaded fields, the office's settings) -> the fields with the rows they name;
# raises InvalidInput (422) naming the field that names nothing usable.
Resolve = Callable[[Session, Any, dict, Mapping[str, Any]], dict]
# (context, the event's history record) -> extra data for that record, or None.
Effect = Callable[[Context, AuditRecord], Mapping[str, Any] | None]


@dataclass(frozen=True)
class Handler:
    fields: type[Schema] = NoFields
    resolve: Resolve | None = None
    effect: Effect | None = None
    # What must be taken as late as the event allows: after the subject's row and its deadlines
    # are written, just before the notices and messages that show it (the gapless number, whose
    # counter stays locked from then to the commit). Its extra data joins the history record.
    last: Effect | None = None


FIELDLESS = Handler()
