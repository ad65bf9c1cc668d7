"""Request and response shapes of the statistics endpoints, for the OpenAPI document and for
and for loading query strings with messages in Chinese."""

from __future__ import annotations

from marshmallow import Schema, fields

from service.statistics.figures import PROPOSAL_COUNTS, UNIT_COUNTS
from service.statistics.rollup import ROLLUP_COUNTS, ROLLUP_RATES
from service.validation import StrictSchema, choice, integer, text
from service.vocabulary import Category, ProposalType

RATE_NAMES = (
    "acceptance_rate",
    "reply_rate",
    "on_time_reply_rate",
    "satisfaction_rate",
    "satisfaction_rate_all_replied",
    "adoption_rate",
    "contact_rate",
    "implementation_rate",
)


def _year(required: bool = False):
    return integer("年度", required=required, minimum=1949, maximum=2999, strict=False)


class StatsArgs(StrictSchema):
    year = _year()
    session_id = integer("会次", required=False, strict=False)
    unit_id = integer("承办单位", required=False, strict=False)
    category = choice("提案类别", Category, required=False)
    sector = text("界别", max_length=64, required=False)
    type = choice("提案类型", ProposalType, required=False)


class YearArgs(StrictSchema):
    year = _year()


def _counts(*names: str) -> dict:
    return {name: fields.Integer(required=True) for name in names}


def _rates(*names: str) -> dict:
    return {name: fields.Float(allow_none=True, required=True) for name in names}


_SHARED = {
    "categories": fields.Dict(keys=fields.String(), values=fields.Integer(), required=True),
    "rate_parts": fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Integer()),
        required=True,
        metadata={"description": "每个比率的 [分子, 分母]"},
    ),
}
_PROPOSAL_FIGURES = {
    **_counts(*PROPOSAL_COUNTS),
    **_rates(*RATE_NAMES),
    **_SHARED,
    "by_disposition": fields.Dict(keys=fields.String(), values=fields.Integer()),
    "follow_ups": fields.Dict(keys=fields.String(), values=fields.Integer()),
}
UnitFiguresSchema = Schema.from_dict(
    {
        "unit_id": fields.Integer(required=True),
        "name": fields.String(required=True),
        "rank": fields.Integer(),
        **_counts(*UNIT_COUNTS),
        **_rates(*RATE_NAMES[1:7]),
        **_SHARED,
    },
    name="UnitFigures",
)
CategoryFiguresSchema = Schema.from_dict(
    {"category": fields.String(), "label": fields.String(), **_PROPOSAL_FIGURES},
    name="CategoryFigures",
)
SectorFiguresSchema = Schema.from_dict(
    {"sector": fields.String(allow_none=True), "label": fields.String(), **_PROPOSAL_FIGURES},
    name="SectorFigures",
)
TypeFiguresSchema = Schema.from_dict(
    {
        "type": fields.String(
            metadata={"description": "提案类型：`individual` 个人、`joint` 联名、`collective` 集体"}
        ),
        "label": fields.String(),
        **_PROPOSAL_FIGURES,
    },
    name="TypeFigures",
)
StatsSchema = Schema.from_dict(
    {
        "year": fields.Integer(required=True),
        "as_of": fields.DateTime(required=True),
        "filters": fields.Dict(),
        **_PROPOSAL_FIGURES,
        "by_unit": fields.List(fields.Nested(UnitFiguresSchema), required=True),
        "by_category": fields.List(fields.Nested(CategoryFiguresSchema), required=True),
        "by_sector": fields.List(fields.Nested(SectorFiguresSchema), required=True),
        "by_type": fields.List(fields.Nested(TypeFiguresSchema), required=True),
    },
    name="Stats",
)
UnitRankingSchema = Schema.from_dict(
    {
        "year": fields.Integer(required=True),
        "as_of": fields.DateTime(required=True),
        "order": fields.String(),
        "units": fields.List(fields.Nested(UnitFiguresSchema), required=True),
    },
    name="UnitRanking",
)
MemberRecordSchema = Schema.from_dict(
    {
        "year": fields.Integer(required=True),
        "username": fields.String(required=True),
        "name": fields.String(required=True),
        "sector": fields.String(allow_none=True),
        **_counts(
            "filed",
            "co_signed",
            "accepted",
            "not_accepted",
            "merged",
            "withdrawn",
            "replied",
            "answers",
            "rated_forms",
            "satisfied_forms",
            "lapsed_forms",
        ),
        **_rates("acceptance_rate", "satisfaction_rate"),
        "rate_parts": _SHARED["rate_parts"],
    },
    name="MemberRecord",
)
RollupItemSchema = Schema.from_dict(
    {
        "body_id": fields.Integer(required=True),
        "name": fields.String(required=True),
        "level": fields.String(required=True),
        "parent_id": fields.Integer(
            allow_none=True, metadata={"description": "上一级政协（本政协自己一项为空）"}
        ),
        **_counts(*ROLLUP_COUNTS),
        **_rates(*ROLLUP_RATES),
        "rate_parts": _SHARED["rate_parts"],
    },
    name="RollupItem",
)
RollupSchema = Schema.from_dict(
    {
        "year": fields.Integer(required=True),
        "as_of": fields.DateTime(required=True),
        "items": fields.List(fields.Nested(RollupItemSchema), required=True),
    },
    name="Rollup",
)
