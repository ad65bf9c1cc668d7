"""The codes the API speaks and the Chinese words pages, messages and documents print for them,
each list declared once: input schemas take their choices from here, presenters and templates
their labels."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from workflows.spec import Role


class Coded(StrEnum):
    """A code with its Chinese label: `Category.ECONOMY == "economy"`, `.label == "经济建设"`."""

    label: str

    def __new__(cls, code: str, label: str):
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {member.value: member.label for member in cls}


class Category(Coded):
    ECONOMY = "economy", "经济建设"
    POLITICS = "politics", "政治建设"
    CULTURE = "culture", "文化建设"
    SOCIETY = "society", "社会建设"
    ECOLOGY = "ecology", "生态文明建设"
    OTHER = "other", "其他"


class ProposalType(Coded):
    INDIVIDUAL = "individual", "个人提案"
    JOINT = "joint", "联名提案"
    COLLECTIVE = "collective", "集体提案"


class OrganisationKind(Coded):
    """Who files collective proposals (集体提案), and how a letter addresses them (贵单位)."""

    PARTY = "party", "民主党派"
    GROUP = "group", "人民团体"
    SECTOR = "sector", "界别"
    SPECIAL_COMMITTEE = "special_committee", "专门委员会"


class BodyLevel(Coded):
    """The three levels of CPPCC bodies (三级联动), highest first."""

    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class CalendarScope(Coded):
    """Whose calendar entry a day is: the platform administrator's, for every body, or one
    body's own, for its deadlines only."""

    NATIONAL = "national", "全国安排（全平台共用）"
    BODY = "body", "本级政协自定"


class FiledDuring(Coded):
    PLENARY = "plenary", "大会提案"
    REGULAR = "regular", "平时提案"


class UnitRole(Coded):
    LEAD = "lead", "主办"
    ASSISTING = "assisting", "会办"
    SEPARATE = "separate", "分办"


class ReplyCategory(Coded):
    A = "A", "A类（已解决或基本解决、已采纳）"
    B = "B", "B类（正在解决或列入计划）"
    C = "C", "C类（因条件限制需以后解决）"
    D = "D", "D类（留作参考）"


class RatingLevel(Coded):
    """满意度测评's scale; 非常满意 is offered only with the setting `very_satisfied_level`."""

    VERY_SATISFIED = "very_satisfied", "非常满意"
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Outcome(Coded):
    IMPLEMENTED = "implemented", "已落实"
    PARTIAL = "partial", "部分落实"
    NOT_IMPLEMENTED = "not_implemented", "未落实"


class ReasonCode(Coded):
    """不予立案的情形, in the wording of the national rules (全国政协提案工作条例)."""

    SECRETS = "secrets", "涉及党和国家秘密的"
    PROHIBITED = "prohibited", "国家明令禁止的"
    PARTY_INTERNAL = "party_internal", "中共党员对党内组织或人事问题的意见"
    DEMOCRATIC_PARTY_INTERNAL = "democratic_party_internal", "民主党派成员对本党派内部事务的意见"
    LITIGATION = "litigation", "涉及民事、刑事、行政诉讼或仲裁的"
    ACADEMIC = "academic", "属于学术研讨的"
    PERSONAL_MATTER = "personal_matter", "为本人或亲属解决个人问题的"
    PROMOTION = "promotion", "宣传推介具体作品、产品的"
    NAMED_ACCUSATION = "named_accusation", "指明举报的"
    NO_CONCRETE_SUGGESTION = "no_concrete_suggestion", "内容空泛、没有具体建议的"
    OTHER = "other", "其他"


class Disposition(Coded):
    """Where a proposal not accepted goes instead: 参阅件 to Party and government leaders,
    转有关部门参考 to the departments concerned."""

    OPINION = "opinion", "转为意见和建议"
    SOCIAL_INFO = "social_info", "转为社情民意信息"
    LETTER = "letter", "作为委员来信处理"
    REFERENCE = "reference", "作为参阅件报送党政领导参阅"
    DEPARTMENTS = "departments", "转有关部门参考"
    NONE = "none", "不作处理"


class ContactMethod(Coded):
    """办前沟通's ways; the code is the word itself, as offices and the API have always used it."""

    MEETING = "面谈", "面谈"
    FORUM = "座谈", "座谈"
    PHONE = "电话", "电话"
    VISIT = "走访", "走访"
    WRITING = "书面", "书面"
    OTHER = "其他", "其他"


class ContactStatus(Coded):
    LOGGED = "logged", "待委员确认"
    CONFIRMED = "confirmed", "委员已确认"
    DENIED = "denied", "委员否认"


class DeadlineKind(Coded):
    COSIGN = "cosign", "联名确认"
    REVIEW = "review", "立案审查"
    SIGN = "sign", "签收"
    RETURN_WINDOW = "return_window", "申请退回"
    CONTACT = "contact", "办前沟通"
    OPINION = "opinion", "会办意见"
    REPLY = "reply", "答复"
    EVALUATION = "evaluation", "满意度测评"
    FOLLOW_UP = "follow_up", "回头看"


class DeadlineStatus(Coded):
    OPEN = "open", "未到期"
    REMINDED = "reminded", "已催办"
    OVERDUE = "overdue", "已超期"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"
    FAILED = "failed", "处理失败"


# A deadline still running: not yet met, whether reminded or already past.
OPEN_DEADLINE_STATUSES = (DeadlineStatus.OPEN, DeadlineStatus.REMINDED, DeadlineStatus.OVERDUE)


class DocumentKind(Coded):
    ACCEPTANCE_NOTICE = "acceptance_notice", "立案通知书"
    REJECTION_NOTICE = "rejection_notice", "不予立案告知书"
    ASSIGNMENT_NOTICE = "assignment_notice", "提案交办通知书"
    REMINDER_NOTICE = "reminder_notice", "催办通知单"
    REPLY_LETTER = "reply_letter", "提案答复函"
    EVALUATION_FORM = "evaluation_form", "提案办理情况征询意见表"
    FOLLOW_UP_NOTICE = "follow_up_notice", "回头看通知"
    FOLLOW_UP_REPORT = "follow_up_report", "回头看情况报告"
    SUPERVISION_NOTICE = "supervision_notice", "督办通知"
    ANNUAL_REPORT = "annual_report", "年度提案办理情况报告"
    PROPOSAL_COMPILATION = "proposal_compilation", "提案汇编"
    REPLY_COMPILATION = "reply_compilation", "答复汇编"


class AttachmentKind(Coded):
    MATERIAL = "material", "附件材料"
    SEALED_REPLY = "sealed_reply", "盖章答复件"
    MINUTES = "minutes", "协商纪要"
    EVIDENCE = "evidence", "落实佐证"


class DocumentStatus(Coded):
    PENDING = "pending", "生成中"
    READY = "ready", "可下载"
    FAILED = "failed", "生成失败"


class Channel(Coded):
    EMAIL = "email", "电子邮件"
    WEBHOOK = "webhook", "群机器人"
    SMS = "sms", "短信"


class WebhookKind(Coded):
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉群机器人"
    GENERIC = "generic", "通用（JSON）"


class DeliveryStatus(Coded):
    PENDING = "pending", "待发送"
    SENT = "sent", "已送达"
    FAILED = "failed", "发送失败"


ROLES = {
    Role.COMMITTEE.value: "提案委员会",
    Role.UNIT.value: "承办单位",
    Role.MEMBER.value: "委员",
    Role.LEADER.value: "督办领导",
    Role.ADMIN.value: "系统管理员",
    Role.SYSTEM.value: "系统",
}

# The roles a person can hold (the clock acts as `system`).
PERSON_ROLES = tuple(role for role in ROLES if role != Role.SYSTEM)

CATEGORIES = Category.labels()
BODY_LEVELS = BodyLevel.labels()
PROPOSAL_TYPES = ProposalType.labels()
ORGANISATION_KINDS = OrganisationKind.labels()
FILED_DURING = FiledDuring.labels()
UNIT_ROLES = UnitRole.labels()
# Notices and pages list 主办 first, then 分办, then 会办, whatever order the units were added in.
UNIT_ROLE_ORDER = (UnitRole.LEAD, UnitRole.SEPARATE, UnitRole.ASSISTING)


def in_listing_order(assignments):
    """Assignments, or the rows presenting them (a 交办's entries too, which have no id yet),
    as notices and pages list them."""

    def key(a):
        role, ident = (a["role"], a.get("id", 0)) if isinstance(a, Mapping) else (a.role, a.id)
        return UNIT_ROLE_ORDER.index(role), ident

    return sorted(assignments, key=key)


REPLY_CATEGORIES = ReplyCategory.labels()
RATINGS = RatingLevel.labels()
OUTCOMES = Outcome.labels()
REASON_CODES = ReasonCode.labels()
DISPOSITIONS = Disposition.labels()
CONTACT_STATUS = ContactStatus.labels()
DEADLINE_KINDS = DeadlineKind.labels()
DOCUMENT_KINDS = DocumentKind.labels()
DOCUMENT_STATUS = DocumentStatus.labels()
ATTACHMENT_KINDS = AttachmentKind.labels()

# The documents also offered as an editable Word file (a unit routes its letter through its own
# 发文 system); the others are PDF only.
WORD_KINDS = ("reply_letter",)
CHANNELS = Channel.labels()
WEBHOOK_KINDS = WebhookKind.labels()
DELIVERY_STATUS = DeliveryStatus.labels()
