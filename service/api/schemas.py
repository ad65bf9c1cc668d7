"""Response and request schemas of the JSON API: what the OpenAPI document says and what is sent."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.api.representation import Representation


class ErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True, metadata={"description": "给办公人员看的中文说明"})
    details = fields.Dict(required=True)


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBody, required=True)


class UnitSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    active = fields.Boolean(required=True)
    webhook_kind = fields.String(
        allow_none=True,
        metadata={"description": "群机器人类型：`wecom` 企业微信、`dingtalk` 钉钉、`generic` 通用"},
    )
    webhook_url = fields.String(
        allow_none=True, metadata={"description": "群机器人地址（仅提案委员会和管理员可见）"}
    )


class UserSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    role = fields.String(required=True)
    unit_id = fields.Integer(allow_none=True)
    unit_name = fields.String(allow_none=True)
    name = fields.String(metadata={"description": "姓名"})
    sector = fields.String(allow_none=True, metadata={"description": "界别"})
    party = fields.String(allow_none=True, metadata={"description": "党派"})
    employer = fields.String(allow_none=True, metadata={"description": "工作单位及职务"})
    phone = fields.String(allow_none=True, metadata={"description": "手机"})
    email = fields.String(allow_none=True, metadata={"description": "邮箱"})
    notify_by = fields.List(
        fields.String(), metadata={"description": "希望的通知方式：`email` 电子邮件、`sms` 短信"}
    )
    proxy_rater = fields.Boolean()
    calendar_url = fields.String(metadata={"description": "本人办理时限的日历订阅地址（`.ics`）"})
    body = fields.Nested(
        lambda: BodyBriefSchema(), metadata={"description": "令牌所属的政协（当前所在的政协）"}
    )
    memberships = fields.List(
        fields.Nested(lambda: MembershipSchema()),
        metadata={"description": "本人在各政协的账号（角色、所属单位）"},
    )


class BodyBriefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    level = fields.String(
        required=True, metadata={"description": "`province` 省级、`city` 市级、`county` 县级"}
    )


class MembershipSchema(Schema):
    body_id = fields.Integer(required=True)
    body_name = fields.String(required=True)
    role = fields.String(required=True)
    unit_id = fields.Integer(allow_none=True)


class BodySchema(BodyBriefSchema):
    parent_id = fields.Integer(allow_none=True, metadata={"description": "上一级政协"})
    region_code = fields.String(allow_none=True, metadata={"description": "行政区划代码"})


class ProfileArgsSchema(Schema):
    """Documents PATCH /me; the operation checks the body itself, field by field."""

    phone = fields.String(allow_none=True, metadata={"description": "手机"})
    email = fields.String(allow_none=True, metadata={"description": "邮箱"})
    employer = fields.String(allow_none=True, metadata={"description": "工作单位及职务"})
    notify_by = fields.List(
        fields.String(), metadata={"description": "通知方式，`email`、`sms` 的子集"}
    )


class ProposerSchema(Schema):
    username = fields.String(required=True)
    name = fields.String(required=True, metadata={"description": "姓名"})
    sector = fields.String(allow_none=True, metadata={"description": "界别"})
    party = fields.String(allow_none=True, metadata={"description": "党派"})
    employer = fields.String(allow_none=True, metadata={"description": "工作单位及职务"})
    phone = fields.String(
        allow_none=True,
        metadata={"description": "手机；仅本人、提案委员会、领导、管理员和未退回的承办单位可见"},
    )
    email = fields.String(allow_none=True, metadata={"description": "邮箱；可见范围同手机"})
    role = fields.String(
        required=True, metadata={"description": "`lead` 领衔人、`co_signer` 联名人"}
    )


class TokenSchema(Schema):
    token = fields.String(required=True)
    expires_at = fields.DateTime(required=True)
    user = fields.Nested(UserSchema, required=True)


class AssignmentBriefSchema(Schema):
    id = fields.Integer(required=True)
    unit_id = fields.Integer(required=True)
    unit_name = fields.String(required=True)
    role = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String()
    version = fields.Integer(required=True)
    due_at = fields.DateTime(allow_none=True)


class ReplySchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    round = fields.Integer()
    category = fields.String(allow_none=True)
    unit_category = fields.String(allow_none=True)
    body = fields.String()
    signed_by = fields.String(allow_none=True)
    document_number = fields.String(allow_none=True)
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    commitments = fields.List(fields.Dict())
    no_commitment_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()


class ContactSchema(Schema):
    id = fields.Integer()
    method = fields.String()
    date = fields.Date()
    summary = fields.String()
    status = fields.String()
    created_at = fields.DateTime()


class ExtensionSchema(Schema):
    id = fields.Integer()
    until = fields.Date()
    reason = fields.String()
    status = fields.String()
    decision_reason = fields.String(allow_none=True)
    requested_at = fields.DateTime()


class RatingSchema(Schema):
    id = fields.Integer()
    assignment_id = fields.Integer()
    round = fields.Integer()
    proxy = fields.Boolean()
    lapsed = fields.Boolean()
    cosigner = fields.Boolean()
    attitude = fields.String(allow_none=True)
    result = fields.String(allow_none=True)
    contacted = fields.String(allow_none=True)
    on_point = fields.Boolean(allow_none=True)
    comment = fields.String(allow_none=True)
    created_at = fields.DateTime()


class OpinionSchema(Schema):
    """An assisting unit's final opinion, as the lead unit reads it (会办意见)."""

    assignment_id = fields.Integer(required=True)
    unit_id = fields.Integer(required=True)
    unit_name = fields.String(required=True)
    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class AssignmentSchema(AssignmentBriefSchema, Representation):
    proposal_id = fields.Integer(required=True)
    proposal_title = fields.String()
    proposal_number_label = fields.String(allow_none=True)
    round = fields.Integer()
    rehandled = fields.Boolean()
    contact_waived = fields.Boolean()
    return_until = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    signed_at = fields.DateTime(allow_none=True)
    replied_at = fields.DateTime(allow_none=True)
    replies = fields.List(fields.Nested(ReplySchema))
    assisting_opinions = fields.List(fields.Nested(OpinionSchema))
    contacts = fields.List(fields.Nested(ContactSchema))
    extensions = fields.List(fields.Nested(ExtensionSchema))
    available_events = fields.List(fields.String(), required=True)


class CommitmentSchema(Schema):
    """A dated measure a unit promised in a final reply, and what 回头看 found of it."""

    id = fields.Integer(required=True)
    assignment_id = fields.Integer(required=True)
    unit_id = fields.Integer(required=True)
    unit_name = fields.String(required=True)
    round = fields.Integer(required=True, metadata={"description": "答复轮次"})
    text = fields.String(required=True)
    due_date = fields.Date(allow_none=True)
    outcome = fields.String(
        allow_none=True,
        metadata={
            "description": "回头看结果：`implemented`、`partial`、`not_implemented`，"
            "未核查为 `null`"
        },
    )
    next_follow_up = fields.Date(
        allow_none=True, metadata={"description": "部分落实的下次回头看日期"}
    )
    settled_at = fields.DateTime(allow_none=True)
    open = fields.Boolean(required=True, metadata={"description": "尚待回头看核实"})


class CoSignerSchema(Schema):
    username = fields.String()
    name = fields.String()
    status = fields.String()
    via = fields.String()


class OrganisationRefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class ContactRefSchema(Schema):
    username = fields.String(required=True)
    name = fields.String(required=True)


class OrganisationSchema(Representation):
    id = fields.Integer(required=True)
    name = fields.String(required=True, metadata={"description": "单位名称，如“民盟市委会”"})
    kind = fields.String(
        required=True,
        metadata={
            "description": "类别：`party` 民主党派、`group` 人民团体、`sector` 界别、"
            "`special_committee` 专门委员会"
        },
    )
    kind_label = fields.String()
    contacts = fields.List(
        fields.Nested(ContactRefSchema), required=True, metadata={"description": "联系人（委员）"}
    )
    created_at = fields.DateTime()


class LeaderSchema(Schema):
    username = fields.String(metadata={"description": "督办领导的用户名"})
    name = fields.String(metadata={"description": "督办领导的姓名"})


class ProposalSchema(Representation):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    body = fields.String(required=True)
    background = fields.String(allow_none=True)
    analysis = fields.String(allow_none=True)
    suggestions = fields.String(allow_none=True)
    category = fields.String(required=True)
    type = fields.String()
    state = fields.String(required=True)
    state_label = fields.String()
    version = fields.Integer(required=True)
    year = fields.Integer(required=True)
    session = fields.String(required=True)
    session_name = fields.String(required=True)
    session_id = fields.Integer()
    filed_during = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "`plenary` 大会提案 或 `regular` 平时提案；提交时确定，草稿为空"},
    )
    filed_during_label = fields.String(allow_none=True)
    number = fields.Integer(allow_none=True, required=True)
    number_label = fields.String(allow_none=True, required=True)
    key = fields.Boolean(required=True)
    key_leader = fields.String(allow_none=True, metadata={"description": "第一位督办领导的用户名"})
    key_leaders = fields.List(
        fields.Nested(LeaderSchema), metadata={"description": "重点提案的全部督办领导"}
    )
    organisation = fields.Nested(
        OrganisationRefSchema,
        allow_none=True,
        metadata={"description": "集体提案的提案单位；个人和联名提案为 `null`"},
    )
    lead_proposer = fields.String(required=True)
    lead_proposer_name = fields.String()
    sector = fields.String(allow_none=True)
    co_signers = fields.List(fields.String(), required=True)
    co_signer_details = fields.List(fields.Nested(CoSignerSchema))
    proposers = fields.List(
        fields.Nested(ProposerSchema), metadata={"description": "提案人，领衔人在前"}
    )
    reason_code = fields.String(allow_none=True)
    reason_label = fields.String(allow_none=True, metadata={"description": "不予立案情形的措辞"})
    reason = fields.String(allow_none=True)
    disposition = fields.String(allow_none=True)
    merged_into_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime(required=True)
    submitted_at = fields.DateTime(allow_none=True)
    accepted_at = fields.DateTime(allow_none=True)
    replied_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    publish_consent = fields.Boolean(metadata={"description": "提案人是否同意公开提案及答复"})
    published_at = fields.DateTime(
        allow_none=True, metadata={"description": "公开时间；未公开为 `null`"}
    )
    assignments = fields.List(fields.Nested(AssignmentBriefSchema), required=True)
    ratings = fields.List(fields.Nested(RatingSchema))
    commitments = fields.List(fields.Nested(CommitmentSchema))
    transferred_from = fields.Nested(
        lambda: TransferredFromSchema(),
        allow_none=True,
        metadata={"description": "由其他政协转来的提案：转出的政协和原提案；本级提出的为空"},
    )
    transfer = fields.Nested(
        lambda: TransferSchema(),
        allow_none=True,
        metadata={"description": "转办中或已转办的提案最近一次转办；其余为空"},
    )
    available_events = fields.List(fields.String(), required=True)


class TransferredFromSchema(Schema):
    body_id = fields.Integer(required=True)
    body_name = fields.String(required=True)
    proposal_id = fields.Integer(required=True, metadata={"description": "转出方的原提案"})
    transfer_id = fields.Integer(metadata={"description": "所经的转办"})


class SentProposalSchema(Schema):
    title = fields.String(required=True)
    category = fields.String()
    body = fields.String(allow_none=True)
    background = fields.String(allow_none=True)
    analysis = fields.String(allow_none=True)
    suggestions = fields.String(allow_none=True)
    session = fields.String(metadata={"description": "转出方的会次"})
    submitted_at = fields.DateTime(allow_none=True, metadata={"description": "在转出方提交的时间"})
    organisation = fields.String(allow_none=True, metadata={"description": "集体提案的提案单位"})
    proposers = fields.List(
        fields.Dict(), metadata={"description": "提案人 `{name, sector}`，领衔人在前"}
    )


class TransferSchema(Representation):
    id = fields.Integer(required=True)
    proposal_id = fields.Integer(required=True, metadata={"description": "转出方的原提案"})
    title = fields.String(required=True)
    from_body = fields.Nested(BodyBriefSchema, required=True)
    to_body = fields.Nested(BodyBriefSchema, required=True)
    reason = fields.String(required=True)
    state = fields.String(
        required=True,
        metadata={"description": "`pending` 待接收、`accepted` 已接收、`declined` 已退回"},
    )
    state_label = fields.String()
    version = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    decided_at = fields.DateTime(allow_none=True)
    decline_reason = fields.String(allow_none=True)
    received_proposal_id = fields.Integer(
        allow_none=True, metadata={"description": "接收方据此生成的提案（接收后）"}
    )
    available_events = fields.List(fields.String(), required=True)
    proposal = fields.Nested(
        SentProposalSchema, metadata={"description": "转来时的提案内容（仅单个转办的答复中有）"}
    )


def page_of(
    item_schema: type[Schema], name: str, *, base: type[Schema] = Representation
) -> type[Schema]:
    """The collection envelope: {"items": [...], "total": N, "next": CURSOR-or-null}."""
    return base.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "total": fields.Integer(required=True),
            "next": fields.String(allow_none=True, required=True),
        },
        name=name,
    )


class AuditSchema(Representation):
    at = fields.DateTime(required=True)
    actor = fields.String(required=True)
    event = fields.String(required=True)
    workflow = fields.String(required=True)
    subject = fields.String(required=True)
    from_state = fields.String(allow_none=True, required=True)
    to_state = fields.String(required=True)
    data = fields.Dict(required=True)


class EventRequestSchema(Schema):
    """`{"event": NAME, "version": N, ...fields}`: the fields each event takes are in DOMAIN.md."""

    class Meta:
        unknown = "include"

    event = fields.String(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=0))


def json_body(schema) -> dict:
    """The OpenAPI request body of a view that parses its JSON itself (so that, for events, a
    proposal the caller cannot see answers 404 before a malformed body answers 422)."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def file_upload(description: str) -> dict:
    """The OpenAPI request body of a view that takes one uploaded file in the form field `file`."""
    upload = {
        "type": "object",
        "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary", "description": description}},
    }
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": upload}}}
    }
