"""The fields each event takes (DOMAIN.md "Event fields"), as strict marshmallow schemas; the
handler tables (proposal_events.py, assignment_events.py) say which event takes which."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validates_schema

from service.engine.handler import NoFields
from service.validation import (
    StrictSchema,
    boolean,
    choice,
    day,
    integer,
    nested_list,
    optional_text,
    string_list,
    text,
)
from service.vocabulary import (
    Category,
    ContactMethod,
    Disposition,
    Outcome,
    RatingLevel,
    ReplyCategory,
    UnitRole,
)

REASON = dict(max_length=1000)
PROMISING = (ReplyCategory.B, ReplyCategory.C)


class TimerArgs(NoFields):
    """What the clock says when it fires a timer event."""

    deadline_id = integer("时限", required=False)
    kind = text("时限类型", max_length=20, required=False)
    late = boolean("是否补发")
    due_at = text("到期时间", max_length=40, required=False)


class Reasoned(StrictSchema):
    reason = text("理由", **REASON)


class Revision(StrictSchema):
    """A member may revise the content when submitting a returned proposal."""

    title = text("案由", max_length=200, required=False)
    category = choice("类别", Category, required=False)
    body = text("正文", max_length=20000, required=False)
    background = text("背景情况", max_length=20000, required=False)
    analysis = text("问题分析", max_length=20000, required=False)
    suggestions = text("具体建议", max_length=20000, required=False)
    publish_consent = boolean("同意公开提案及答复", required=False)


class Reject(StrictSchema):
    # One of the grounds in the settings (rejection_grounds), checked when the event is applied.
    reason_code = text("不予立案理由", max_length=32, required=False)
    reason = text("不予立案理由说明", required=False, **REASON)
    # Neither is required alone; one of them is (`_reason_given`): the form says so.
    reason_code.metadata["optional"] = reason.metadata["optional"] = "二者至少填一项"
    disposition = choice("处理方式", Disposition)

    # Said beside the other fields' errors, so that a form learns all it lacks at once.
    @validates_schema(skip_on_field_errors=False)
    def _reason_given(self, data, **_kwargs):
        if not data.get("reason_code") and not data.get("reason"):
            raise ValidationError("请选择不予立案的理由或填写说明。", field_name="reason")


# 非常满意 is a level only where the setting `very_satisfied_level` offers it.
FIFTH_LEVEL = {"very_satisfied": "须在设置中启用该档"}


class Merge(StrictSchema):
    into = integer("并入的提案")


class Transfer(StrictSchema):
    """跨级转办: the body it goes to, and why it is that body's to handle."""

    to_body_id = integer("接收的政协")
    reason = text("转办理由", **REASON)


class TransferAnswered(StrictSchema):
    """What the engine says when the receiving body answered a transfer."""

    transfer_id = integer("转办")
    reason = text("退回理由", required=False, **REASON)


class UnitRole(StrictSchema):
    unit_id = integer("承办单位")
    role = choice("承办方式", UnitRole)


class Assign(StrictSchema):
    units = nested_list("承办单位", UnitRole, verb="选择")


class MarkKey(StrictSchema):
    # `leaders` names every supervising leader; `leader` (one name) is the older form, still taken.
    leaders = string_list("督办领导", maximum=10)
    leader = text("督办领导", max_length=64, required=False)
    note = text("备注", max_length=500, required=False)


class Supervise(StrictSchema):
    comment = text("督办意见", max_length=2000)


class RatingArgs(StrictSchema):
    assignment_id = integer("被测评的答复")
    attitude = choice("办理态度评价", RatingLevel, only_when=FIFTH_LEVEL)
    result = choice("办理结果评价", RatingLevel, only_when=FIFTH_LEVEL)
    contacted = fields.Raw(load_default=None)
    on_point = boolean("答复是否针对提案", load_default=None, allow_none=True)
    comment = text("意见和建议", max_length=2000, required=False)

    @validates_schema
    def _contacted_shape(self, data, **_kwargs):
        value = data.get("contacted")
        if (
            value is not None
            and not isinstance(value, (bool, str))
            or (isinstance(value, str) and len(value) > 200)
        ):
            raise ValidationError(
                "“是否联系”须为是/否或不超过200字的说明。", field_name="contacted"
            )


class Evaluate(StrictSchema):
    ratings = nested_list("测评意见", RatingArgs, maximum=30)


class Consultation(StrictSchema):
    minutes = text("协商纪要", max_length=10000)


class Settlement(StrictSchema):
    """What 回头看 found of one open commitment; one found partly done is looked at again."""

    commitment_id = integer("承诺事项")
    outcome = choice("落实情况", Outcome)
    next_follow_up = day("下次回头看日期", required=False)
    note = text("说明", max_length=1000, required=False)


class CompleteFollowUp(StrictSchema):
    """Each open commitment of every round is settled: one by one in `settlements`, the rest
    (or a reply that promised nothing dated) by `outcome`; `next_follow_up` is the date of the
    next look at what is partly done, when a settlement gives none of its own."""

    settlements = nested_list("各承诺事项落实情况", Settlement, required=False, maximum=100)
    outcome = choice("落实情况", Outcome, required=False)
    findings = text("回头看情况", max_length=10000)
    next_follow_up = day("下次回头看日期", required=False)


class RequestReturn(StrictSchema):
    reason = text("退回理由", **REASON)
    suggested_unit_id = integer("建议承办单位", required=False)


class ApproveReturn(StrictSchema):
    reassign_to = nested_list("改交单位", UnitRole, required=False, minimum=0)
    note = text("备注", max_length=500, required=False)


class LogContact(StrictSchema):
    method = choice("沟通方式", ContactMethod)
    date = day("沟通日期", when="past")
    summary = text("沟通情况", max_length=2000)


class ContactAnswer(StrictSchema):
    contact_id = integer("沟通记录")
    comment = text("说明", max_length=1000, required=False)


class RequestExtension(StrictSchema):
    until = day("延期至")
    reason = text("延期理由", **REASON)


class Opinion(StrictSchema):
    body = text("会办意见", max_length=20000)


class Commitment(StrictSchema):
    text = text("承诺事项", max_length=1000)
    due_date = day("承诺完成日期")


class ReplyArgs(StrictSchema):
    category = choice("答复类别", ReplyCategory)
    body = text("答复正文", max_length=50000)
    signed_by = text("签发领导", max_length=64)
    # The unit's own number for its letter (文号, e.g. 杭交函〔2026〕15号); without one the letter
    # carries the proposal's number in that place.
    document_number = optional_text("文号", max_length=40)
    contact_name = text("联系人", max_length=64)
    contact_phone = text("联系电话", max_length=32)
    commitments = nested_list("承诺事项", Commitment, required=False, minimum=0, maximum=20)
    no_commitment_reason = optional_text("无法承诺的原因", max_length=1000)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _promises_or_says_why(self, data, original, **_kwargs):
        """B (正在解决) and C (以后解决) promise measures with dates, or say why they cannot
        (what was given but is malformed is named by its own field's error)."""
        given = original if isinstance(original, dict) else {}
        if data.get("category") in PROMISING and not (
            given.get("commitments") or given.get("no_commitment_reason")
        ):
            raise ValidationError(
                "B类、C类答复须列明至少一项承诺事项及完成日期，或说明无法承诺的原因。",
                field_name="commitments",
            )


class ApproveReply(StrictSchema):
    category = choice("答复类别", ReplyCategory, required=False)
    note = text("审查意见", max_length=1000, required=False)


class Urge(StrictSchema):
    message = text("催办内容", max_length=1000, required=False)
