"""How the statistics pages name each figure and rate, in the office's words, and how a rate
reads with its parts (“87.5%（35/40）”), so anyone can check it by hand."""

from __future__ import annotations

from service.vocabulary import OUTCOMES

# (count name, label, what it counts). Proposal counts count proposals; 答复件 are units' replies.
HEADLINE = (
    ("received", "收到提案", "已提交的提案（不含草稿）"),
    ("accepted", "立案", "经审查立案的提案"),
    ("not_accepted", "不予立案", "审查后不予立案的提案"),
    ("merged", "并案", "并入其他提案办理的提案"),
    ("withdrawn", "撤回", "提交后由提案人撤回的提案"),
    ("under_review", "审查中", "待审查或退回修改中的提案"),
    ("transferred", "转办", "转至其他政协、由其立案办理的提案"),
    ("assigned", "交办", "已交办承办单位的提案"),
    ("assignments", "交办件次", "交办给各承办单位的件次（含会办）"),
    ("replied", "办复", "各主办、分办单位均已答复的提案"),
    ("replied_on_time", "按期办复", "在答复期限内办复的提案"),
    ("overdue", "超期未复", "答复期限已过仍未答复的提案"),
    ("answers", "答复件", "主办、分办单位的正式答复"),
)
# (rate name, label, numerator / denominator in words)
RATES = (
    ("acceptance_rate", "立案率", "立案 / 收到提案"),
    ("reply_rate", "办复率", "办复 / 交办"),
    ("on_time_reply_rate", "按期办复率", "按期办复 / 已办复或答复期限已过（期限未到的不计）"),
    ("contact_rate", "办前沟通率", "答复前与提案人沟通的答复件 / 答复件"),
    ("satisfaction_rate", "满意率（按已测评）", "满意和基本满意 / 已测评"),
    ("satisfaction_rate_all_replied", "满意率（按全部答复）", "满意和基本满意 / 答复件"),
    ("adoption_rate", "采纳率", "A类和B类答复 / 答复件"),
    ("implementation_rate", "回头看落实率", "已落实 / 已完成回头看"),
)
FORMS = (
    ("rated_forms", "已测评"),
    ("satisfied_forms", "满意和基本满意"),
    ("unsatisfied_forms", "不满意"),
    ("lapsed_forms", "逾期未反馈"),
    # Whatever the result: a 满意 result with a 不满意 attitude re-opens nothing, so it shows here.
    ("attitude_unsatisfied_forms", "办理态度不满意"),
)
FOLLOW_UPS = (
    ("started", "已启动回头看"),
    ("completed", "已完成回头看"),
    *OUTCOMES.items(),
)
MEMBER_COUNTS = (
    ("filed", "领衔提出"),
    ("co_signed", "联名参与"),
    ("accepted", "立案"),
    ("not_accepted", "不予立案"),
    ("merged", "并案"),
    ("withdrawn", "撤回"),
    ("replied", "已办复"),
    ("answers", "收到答复件"),
    ("rated_forms", "已测评"),
    ("satisfied_forms", "满意和基本满意"),
    ("lapsed_forms", "逾期未反馈"),
)


def percent(numerator: int, denominator: int) -> str:
    """87.5%, 100%, 33.3%: one decimal, none when it is whole."""
    return f"{numerator * 100 / denominator:.1f}".removesuffix(".0") + "%"


def share(part: int, whole: int) -> str:
    """A part of a whole as a percentage, “—” when the whole is 0."""
    return percent(part, whole) if whole else "—"


def rate_text(parts) -> str:
    """“87.5%（35/40）”; “—” when the denominator is 0 (nothing to divide by, not 0%)."""
    numerator, denominator = parts
    if not denominator:
        return "—"
    return f"{percent(numerator, denominator)}（{numerator}/{denominator}）"
