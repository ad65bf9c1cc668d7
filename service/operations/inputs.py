"""Input schemas of the operations that are not workflow events (creating a proposal, a unit)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validates_schema

from service.operations.content import missing_content
from service.validation import (
    MAX_ID,
    StrictSchema,
    boolean,
    choice,
    day,
    integer,
    string_list,
    text,
)
from service.vocabulary import (
    AttachmentKind,
    BodyLevel,
    Category,
    OrganisationKind,
    ProposalType,
    WebhookKind,
)


class SessionRef(fields.Field):
    """A plenary session by id (integer) or by name (十四届四次会议)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, str)) or value == "":
            raise ValidationError("会次须为会次编号或名称，如“十四届四次会议”。")
        if isinstance(value, int) and not 1 <= value <= MAX_ID:
            raise ValidationError("所选会次不存在。")
        if isinstance(value, str) and len(value) > 64:
            raise ValidationError("会次名称不能超过64个字。")
        return value


class CreateProposalArgs(StrictSchema):
    title = text("案由", max_length=200)
    category = choice("类别", Category)
    body = text("正文", max_length=20000, required=False)
    background = text("背景情况", max_length=20000, required=False)
    analysis = text("问题分析", max_length=20000, required=False)
    suggestions = text("具体建议", max_length=20000, required=False)
    session = SessionRef(load_default=None)
    type = choice("提案类型", ProposalType, required=False)
    organisation_id = integer("提案单位", required=False, load_default=None, allow_none=True)
    co_signers = string_list("联名人", load_default=list)
    submit = boolean("是否提交", load_default=False)
    urgent = boolean("快速通道", load_default=False)
    # 公开: the proposer agrees that the proposal and its replies may be published once handled.
    publish_consent = boolean("同意公开提案及答复", load_default=False)
    # Staff entry (代录) of a paper proposal: the member it is entered for, and the date on the
    # paper form (create_proposal checks who may send them, and that the date is not ahead).
    on_behalf_of = text("代录的委员", max_length=64, required=False)
    received_on = day("收到日期", required=False, when="past")

    @validates_schema(skip_on_field_errors=False)
    def _complete_when_submitted(self, data, **_kwargs):
        """A draft may be saved with only its title and category; one submitted at once says
        everything it lacks in one answer, with the title's and category's own errors."""
        if data.get("submit"):
            for field, message in missing_content(data).items():
                raise ValidationError(message, field_name=field)


class OrganisationArgs(StrictSchema):
    name = text("单位名称", max_length=100)
    kind = choice("单位类别", OrganisationKind)
    contacts = string_list("联系人", load_default=list)


class OrganisationChangeArgs(StrictSchema):
    name = text("单位名称", max_length=100, required=False)
    kind = choice("单位类别", OrganisationKind, required=False)
    contacts = string_list("联系人", required=False)


class UnitArgs(StrictSchema):
    name = text("单位名称", max_length=100)
    webhook_url = text("群机器人地址", max_length=500, required=False, allow_none=True)
    webhook_kind = choice("群机器人类型", WebhookKind, required=False, allow_none=True)


class UnitChangeArgs(StrictSchema):
    name = text("单位名称", max_length=100, required=False)
    webhook_url = text("群机器人地址", max_length=500, required=False, allow_none=True)
    webhook_kind = choice("群机器人类型", WebhookKind, required=False, allow_none=True)


class TokenArgs(StrictSchema):
    username = text("用户名", max_length=64)
    password = text("密码", max_length=256)
    body_id = integer("政协", required=False, allow_none=True, load_default=None)


class SwitchArgs(StrictSchema):
    body_id = integer("政协")


class BodyArgs(StrictSchema):
    name = text("政协名称", max_length=100)
    level = choice("层级", BodyLevel)
    parent_id = integer("上一级政协", required=False, allow_none=True, load_default=None)
    region_code = text("行政区划代码", max_length=12, required=False, allow_none=True)


class BodyChangeArgs(StrictSchema):
    name = text("政协名称", max_length=100, required=False)
    level = choice("层级", BodyLevel, required=False)
    parent_id = integer("上一级政协", required=False, allow_none=True)
    region_code = text("行政区划代码", max_length=12, required=False, allow_none=True)


class AttachmentArgs(StrictSchema):
    """The form fields sent with an uploaded file (the file itself is read apart)."""

    kind = choice("附件类别", AttachmentKind, required=False, load_default=AttachmentKind.MATERIAL)
    assignment_id = integer("承办记录编号", required=False, strict=False, load_default=None)
