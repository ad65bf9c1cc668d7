"""A plan as sent (JSON from a script, or the 交办会 page's checked rows): its rows and whether
it is a dry run. Each row's units are checked later by the `assign` event's own fields, so a
bad entry is that row's error, not the whole plan's."""

from __future__ import annotations

from marshmallow import fields

from service.assignment_plans.sheet import MAX_ROWS
from service.validation import StrictSchema, boolean, integer, nested_list


class PlanRowArgs(StrictSchema):
    proposal_id = integer("提案")
    units = fields.Raw(
        required=True,
        metadata={"label": "承办单位"},
        error_messages={"required": "请填写承办单位。", "null": "请填写承办单位。"},
    )
    # The number the answer gives the row: the sheet's row a page checked first; else its place.
    row = integer("行号", required=False)


class PlanArgs(StrictSchema):
    rows = nested_list("交办计划", PlanRowArgs, maximum=MAX_ROWS)
    dry_run = boolean("试运行", load_default=False)
