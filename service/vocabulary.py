"""The Chinese words for the codes the API uses, for pages, messages and documents."""

CATEGORIES = {
    "economy": "经济建设",
    "politics": "政治建设",
    "culture": "文化建设",
    "society": "社会建设",
    "ecology": "生态文明建设",
    "other": "其他",
}
PROPOSAL_TYPES = {"individual": "个人提案", "joint": "联名提案", "collective": "集体提案"}
UNIT_ROLES = {"lead": "主办", "assisting": "会办", "separate": "分办"}
REPLY_CATEGORIES = {
    "A": "A类（已解决或基本解决、已采纳）",
    "B": "B类（正在解决或列入计划）",
    "C": "C类（因条件限制需以后解决）",
    "D": "D类（留作参考）",
}
RATINGS = {
    "very_satisfied": "非常满意",
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "unsatisfied": "不满意",
}
OUTCOMES = {"implemented": "已落实", "partial": "部分落实", "not_implemented": "未落实"}
REASON_CODES = {
    "secrets": "涉及国家秘密",
    "prohibited": "违反法律法规或有关规定",
    "party_internal": "属党派团体内部事务",
    "litigation": "涉及诉讼或司法处理",
    "academic": "属学术探讨",
    "personal_matter": "属个人事务",
    "promotion": "为宣传推介",
    "named_accusation": "点名指控",
    "no_concrete_suggestion": "无具体建议",
    "other": "其他原因",
}
DISPOSITIONS = {
    "opinion": "转为意见和建议",
    "social_info": "转为社情民意信息",
    "letter": "作为委员来信处理",
    "reference": "作为参阅件转有关部门参考",
    "none": "不作处理",
}
ROLES = {
    "member": "委员",
    "committee": "提案委员会",
    "unit": "承办单位",
    "leader": "督办领导",
    "admin": "系统管理员",
    "system": "系统",
}
CONTACT_STATUS = {"logged": "待委员确认", "confirmed": "委员已确认", "denied": "委员否认"}
DEADLINE_KINDS = {
    "review": "立案审查",
    "sign": "签收",
    "return_window": "申请退回",
    "contact": "办前沟通",
    "opinion": "协办意见",
    "reply": "答复",
    "evaluation": "满意度测评",
    "follow_up": "回头看",
}
DEADLINE_STATUS = {
    "open": "未到期",
    "reminded": "已催办",
    "overdue": "已超期",
    "done": "已完成",
    "cancelled": "已取消",
    "failed": "处理失败",
}
DOCUMENT_KINDS = {
    "acceptance_notice": "立案通知书",
    "rejection_notice": "不予立案告知书",
    "assignment_notice": "提案交办通知书",
    "reminder_notice": "催办通知单",
    "reply_letter": "提案答复函",
    "evaluation_form": "提案办理情况征询意见表",
    "follow_up_notice": "回头看通知",
    "follow_up_report": "回头看情况报告",
    "annual_report": "年度提案办理情况报告",
}
DOCUMENT_STATUS = {"pending": "生成中", "ready": "可下载", "failed": "生成失败"}

ALL = {
    **CATEGORIES,
    **PROPOSAL_TYPES,
    **UNIT_ROLES,
    **RATINGS,
    **OUTCOMES,
    **REASON_CODES,
    **DISPOSITIONS,
}


def label_of(code: str) -> str:
    return ALL.get(code, code)
