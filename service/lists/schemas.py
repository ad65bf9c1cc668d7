"""Request and response shapes of the working lists (提案清单, 交办清单, 跟踪清单): their filters
and paging in a query string, and one item of each list."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.validation import StrictSchema, boolean, choice, integer, page_cursor, text
from service.vocabulary import CATEGORIES, Coded, ProposalType


class Attitude(Coded):
    """What 交办清单 narrows the proposer's rating of a unit's attitude (办理态度) to."""

    UNSATISFIED = "unsatisfied", "不满意"


class ListArgs(StrictSchema):
    """Filters shared by the working lists, keyset paging, and `format=xlsx` for the file."""

    year = integer("年度", required=False, minimum=1949, maximum=2999, strict=False)
    session_id = integer("会次", required=False, strict=False)
    unit_id = integer("承办单位", required=False, strict=False)
    category = choice("提案类别", tuple(CATEGORIES), required=False)
    sector = text("界别", max_length=64, required=False)
    type = choice("提案类型", ProposalType, required=False)
    key = boolean("重点提案")
    overdue = boolean("超期")
    state = text("状态", max_length=200, required=False)
    limit = fields.Integer(
        load_default=50,
        validate=validate.Range(min=1, max=500, error="每页条数须在1到500之间。"),
        error_messages={"invalid": "每页条数须为整数。"},
    )
    cursor = page_cursor()
    format = choice("导出格式", ("json", "xlsx"), required=False, load_default="json")


class AssignmentListArgs(ListArgs):
    attitude = choice("办理态度", Attitude, required=False)


class TrackingArgs(ListArgs):
    open = boolean("仅未落实", load_default=True)


def _row(name: str, spec: dict) -> type[Schema]:
    return Schema.from_dict(spec, name=name)


def _texts(*names: str) -> dict:
    return {name: fields.String(allow_none=True) for name in names}


def _times(*names: str) -> dict:
    return {name: fields.DateTime(allow_none=True) for name in names}


ListedUnitSchema = _row(
    "ListedUnit",
    {
        "unit_id": fields.Integer(),
        **_texts("unit_name", "role", "role_label", "state", "state_label"),
    },
)
ProposalRowSchema = _row(
    "ProposalRow",
    {
        "id": fields.Integer(required=True),
        "number": fields.Integer(allow_none=True),
        "year": fields.Integer(),
        "key": fields.Boolean(),
        "overdue": fields.Boolean(metadata={"description": "有答复期限已过而未答复"}),
        **_texts(
            "number_label",
            "title",
            "session",
            "category",
            "category_label",
            "sector",
            "state",
            "state_label",
            "lead_proposer",
            "lead_proposer_name",
            "units_text",
        ),
        "type": fields.String(
            metadata={"description": "提案类型：`individual` 个人、`joint` 联名、`collective` 集体"}
        ),
        "organisation_name": fields.String(
            allow_none=True, metadata={"description": "集体提案的提案单位名称"}
        ),
        "filed_during": fields.String(
            allow_none=True, metadata={"description": "`plenary` 大会提案或 `regular` 平时提案"}
        ),
        "filed_during_label": fields.String(allow_none=True),
        **_times("submitted_at", "accepted_at", "replied_at", "closed_at"),
        "units": fields.List(fields.Nested(ListedUnitSchema)),
    },
)
AssignmentRowSchema = _row(
    "AssignmentRow",
    {
        **{
            name: fields.Integer(allow_none=True)
            for name in (
                "id",
                "proposal_id",
                "unit_id",
                "round",
                "year",
                "proposal_number",
                "days_left",
            )
        },
        "key": fields.Boolean(),
        "overdue": fields.Boolean(metadata={"description": "答复或协办意见期限已过而未完成"}),
        "attitude_unsatisfied": fields.Boolean(
            metadata={"description": "提案人对本单位最近一次答复的办理态度评为不满意"}
        ),
        **_texts(
            "unit_name",
            "role",
            "role_label",
            "state",
            "state_label",
            "proposal_number_label",
            "proposal_title",
            "lead_proposer_name",
            "category",
            "category_label",
            "reply_category",
        ),
        **_times("created_at", "signed_at", "due_at", "replied_at"),
    },
)
CommitmentSchema = _row(
    "TrackedCommitment",
    {
        "id": fields.Integer(),
        **_texts("text", "due_date", "outcome", "outcome_label", "next_follow_up"),
        "open": fields.Boolean(metadata={"description": "尚待回头看核实"}),
    },
)
TrackingRowSchema = _row(
    "TrackingRow",
    {
        **{
            name: fields.Integer(allow_none=True)
            for name in (
                "id",
                "assignment_id",
                "unit_id",
                "proposal_id",
                "proposal_number",
                "year",
                "round",
            )
        },
        **_texts(
            "category",
            "category_label",
            "unit_name",
            "proposal_number_label",
            "proposal_title",
            "state",
            "state_label",
            "follow_up_outcome",
            "outcome_label",
            "follow_up_findings",
            "commitments_text",
        ),
        **_times(
            "replied_at", "follow_up_due_at", "follow_up_started_at", "follow_up_completed_at"
        ),
        "follow_up_next_due_on": fields.Date(allow_none=True),
        "earliest_due_date": fields.Date(allow_none=True),
        "due_for_follow_up": fields.Boolean(metadata={"description": "回头看已到期而未完成"}),
        "commitments": fields.List(fields.Nested(CommitmentSchema)),
    },
)
