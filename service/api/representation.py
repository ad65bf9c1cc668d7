"""Response schemas whose objects the presenter has already built in their shape.

marshmallow's dump visits every field of every row through several calls; on a page of fifty
proposals that was a third of the request. A `Representation` dumps by a plan made once from
its declared fields: it keeps the declared keys present in the object, follows nested schemas
and writes dates and times as ISO 8601, as `fields.Date` and `fields.DateTime` do, and passes
every other value on as the presenter made it (already of its field's type).
tests/api/test_representations.py checks, on real responses, that it gives what marshmallow's
own dump gives. The schemas stay what the OpenAPI document is made from.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from marshmallow import Schema, fields

Plan = Callable[[Any], Any]


class Representation(Schema):
    def dump(self, obj, *, many: bool | None = None):
        plan = _plan_of(type(self))
        if self.many if many is None else many:
            return [plan(item) for item in obj]
        return plan(obj)


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


def _as_is(value):
    return value


@cache
def _plan_of(schema: type[Schema]) -> Plan:
    plans = [(name, _field_plan(field)) for name, field in schema._declared_fields.items()]
    kept = [name for name, each in plans if each is _as_is]
    converted = [(name, each) for name, each in plans if each is not _as_is]

    def plan(obj: dict) -> dict | None:
        if obj is None:
            return None
        shown = {name: obj[name] for name in kept if name in obj}
        shown.update((name, each(obj[name])) for name, each in converted if name in obj)
        return shown

    return plan


def _field_plan(field: fields.Field) -> Plan:
    if isinstance(field, fields.Nested):
        nested = _plan_of(type(field.schema))
        return _each(nested) if field.many else nested
    if isinstance(field, fields.List):
        inner = _field_plan(field.inner)
        return _as_is if inner is _as_is else _each(inner)
    if isinstance(field, fields.DateTime | fields.Date):
        if field.format not in (None, "iso"):
            raise TypeError(f"{field!r}: a Representation writes dates in ISO 8601 only")
        return _iso
    return _as_is


def _each(plan: Plan) -> Plan:
    return lambda values: None if values is None else [plan(value) for value in values]
