"""What each notification says, kept in one place: for every event, the kind the inbox filters
by and one sentence per reader (the proposer, a unit, the office, the supervising leader) that
says what happened and what to do next, e.g. “提案第0012号《…》已交办给贵单位（主办），请于3月30日
前签收”. The clock's events are worded in clock_wording.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from service.notifications.happening import OFFICE, PROPOSER, UNIT, Told, quoted
from service.vocabulary import DISPOSITIONS, OUTCOMES, RATINGS, REASON_CODES

Sentence = Callable[[Told], str]

# The inbox's filter: each event belongs to one kind.
KINDS = {
    "assign": "交办",
    "remind": "催办",
    "reply": "答复",
    "rating": "测评",
    "handling": "办理",
    "review": "立案审查",
    "cosign": "联名",
    "follow_up": "回头看",
    "withdrawal": "撤回",
}
OTHER = "其他"


@dataclass(frozen=True)
class Wording:
    """An event's kind and its sentence for each reader it may reach."""

    kind: str
    proposer: Sentence | None = None
    unit: Sentence | None = None
    office: Sentence | None = None
    leader: Sentence | None = None

    def say(self, reader: str, told: Told) -> str:
        sentence = getattr(self, reader)
        if sentence is None:  # a reader the declarations do not send this event to
            return f"{told.p}：{told.happening.event.label}。"
        return sentence(told)


def _rating_of(t: Told) -> dict | None:
    """The reader unit's rating in an 满意度测评."""
    own_id = t.own.id if t.own is not None else None
    return next((r for r in t.payload.get("ratings", ()) if r["assignment"].id == own_id), None)


def _ratings(t: Told) -> str:
    given = [f"{r['assignment'].unit.name}“{RATINGS[r['result']]}”" for r in t.payload["ratings"]]
    proxy = "（据纸质测评表代录）" if t.data.get("proxy") else ""
    return f"{t.p}满意度测评结果{proxy}：{'、'.join(given)}。"


def _rated(t: Told) -> str:
    rating = _rating_of(t)
    if rating is None:
        return f"提案人已对{t.p}的答复进行满意度测评。"
    result, attitude = RATINGS[rating["result"]], RATINGS[rating["attitude"]]
    return f"提案人对贵单位就{t.p}所作答复的测评结果为“{result}”（办理态度“{attitude}”）。"


def _attitude_unsatisfied(t: Told) -> str:
    """To the office, one for each unit whose attitude (办理态度) the proposer rated 不满意."""
    rating = _rating_of(t)
    proxy = "（据纸质测评表代录）" if t.data.get("proxy") else ""
    return (
        f"提案人对{t.own.unit.name}办理{t.p}的态度评为“不满意”"
        f"（办理结果“{RATINGS[rating['result']]}”）{proxy}，请关注并督促改进。"
    )


def _sign_then_reply(t: Told, verb: str) -> str:
    """A unit's new assignment: sign for it by its deadline; reply (or give the 会办 opinion) by
    the other."""
    own = t.own
    due = t.by(own.due_on)
    answer = f"会办意见请{due}送主办单位" if own.role == "assisting" else f"请{due}答复"
    return f"{t.p}已{verb}贵单位（{t.own_role}），请{t.before('sign', own)}签收，{answer}。"


def _rejected(t: Told) -> str:
    code, text = t.payload.get("reason_code"), quoted(t.payload.get("reason"))
    reason = "；".join(part for part in (REASON_CODES.get(code or ""), text) if part)
    where = DISPOSITIONS.get(t.payload.get("disposition"), "")
    return f"{t.yours}不予立案。理由：{reason}；处理方式：{where}。"


def _replied(t: Told, reader: str) -> str:
    category = t.payload.get("category", "")
    in_review = t.state == "reply_review"
    if reader == PROPOSER:
        if in_review:
            return f"{t.unit}已答复{t.yours}，答复经提案委员会审查后即可查看。"
        return f"{t.unit}已答复{t.yours}（{category}类），请查看答复函。"
    if reader == OFFICE:
        return f"{t.unit}已答复{t.p}（{category}类）" + ("，请审查答复。" if in_review else "。")
    return f"主办单位{t.unit}已答复{t.p}，答复抄送贵单位。"


def _urged(t: Told) -> str:
    own = t.happening.assignment
    note = f"“{quoted(t.payload['message'])}”" if t.payload.get("message") else ""
    if own.state == "pending":
        todo = f"请{t.before('sign', own)}签收"
    else:
        todo = f"请{t.by(own.due_on)}" + ("提交会办意见" if own.role == "assisting" else "答复")
    return f"提案委员会对{t.p}催办{note}：{todo}。"


def _followed_up(t: Told, reader: str) -> str:
    outcome, whose = t.payload.get("outcome"), t.yours if reader == PROPOSER else t.p
    said = f"{whose}回头看已完成，落实情况：{OUTCOMES.get(outcome, '')}"
    if outcome == "partial":
        next_time = t.payload.get("next_follow_up")
        return f"{said}，下次回头看定于{t.day(next_time)}。" if next_time else f"{said}。"
    if outcome == "not_implemented":
        return f"{said}，已交承办单位重新办理（督办）。"
    return f"{said}，提案办结。"


def _cosign_answered(verb: str) -> Sentence:
    def sentence(t: Told) -> str:
        done = "联名人均已答复，提案进入立案审查。" if t.state == "submitted" else ""
        return f"{t.actor}{verb}联名{t.yours}。{done}"

    return sentence


WORDING: dict[str, Wording] = {
    # 联名
    "submit": Wording(
        "cosign",
        proposer=lambda t: f"{t.actor}委员邀请您联名{t.p}，请{t.before('cosign')}确认或谢绝。",
    ),
    "cosign": Wording("cosign", proposer=_cosign_answered("已确认")),
    "decline": Wording("cosign", proposer=_cosign_answered("谢绝")),
    "cosign_lapsed": Wording(
        "cosign",
        proposer=lambda t: (
            f"{t.yours}联名确认期满，{t.names(t.data.get('lapsed')) or '未答复的受邀委员'}"
            "未确认联名，提案已连同已确认的联名人进入立案审查。"
        ),
    ),
    # 立案审查
    "accept": Wording(
        "review",
        proposer=lambda t: f"您的{t.titled}已立案，编号{t.number}，将交承办单位办理。",
    ),
    "reject": Wording("review", proposer=_rejected),
    "merge": Wording(
        "review",
        proposer=lambda t: (
            f"{t.yours}已并入提案{t.data.get('into_number_label') or ''}"
            f"《{t.data.get('into_title', '')}》办理，您将作为联名人收到其答复。"
        ),
    ),
    "return_for_revision": Wording(
        "review", proposer=lambda t: f"{t.yours}被退回修改：{t.reason}。请修改后重新提交。"
    ),
    # 跨级转办
    "transfer": Wording(
        "review",
        proposer=lambda t: (
            f"{t.yours}所提事项属{t.data.get('to_body', '其他一级政协')}职责范围，"
            "已转该政协提案委员会，待其接收。"
        ),
        # Read by the receiving body's committee, not the sender's.
        office=lambda t: (
            f"{t.data.get('from_body', '其他一级政协')}转来{t.titled}，转办理由：{t.reason}。"
            "请审阅后接收或退回。"
        ),
    ),
    "transfer_accepted": Wording(
        "review",
        proposer=lambda t: (
            f"{t.yours}已由{t.data.get('to_body', '其他一级政协')}接收，将由其立案审查和办理；"
            "请在该政协中查看办理情况。"
        ),
    ),
    "transfer_declined": Wording(
        "review",
        proposer=lambda t: f"{t.yours}转办未被接收，已回到本级立案审查。",
        office=lambda t: (
            f"{t.titled}转{t.data.get('to_body', '其他一级政协')}办理，被退回：{t.reason}。"
            "请重新审查。"
        ),
    ),
    # 交办
    "assign": Wording(
        "assign",
        proposer=lambda t: f"{t.yours}已交{t.units_of(t.data.get('assignments'))}办理。",
        unit=lambda t: _sign_then_reply(t, "交办给"),
    ),
    "request_return": Wording(
        "assign", office=lambda t: f"{t.unit}申请退回{t.p}，理由：{t.reason}。请审批。"
    ),
    "approve_return": Wording(
        "assign",
        unit=lambda t: (
            f"提案委员会已同意贵单位退回{t.p}。"
            if t.is_subject_unit
            else _sign_then_reply(t, "改交")
        ),
    ),
    "deny_return": Wording(
        "assign",
        unit=lambda t: f"提案委员会不同意贵单位退回{t.p}：{t.reason}。请继续办理。",
    ),
    "mark_key": Wording("assign", leader=lambda t: f"{t.p}已确定为重点提案，请您督办。"),
    # 办理
    "log_contact": Wording(
        "handling",
        proposer=lambda t: (
            f"{t.unit}就{t.yours}与您办前沟通（{t.payload['method']}，"
            f"{t.day(t.payload['date'])}），请在提案页面确认或否认。"
        ),
    ),
    "confirm_contact": Wording(
        "handling", unit=lambda t: f"提案人已确认贵单位就{t.p}的办前沟通记录。"
    ),
    "deny_contact": Wording(
        "handling",
        unit=lambda t: f"提案人否认了贵单位就{t.p}的办前沟通记录，请核实并重新沟通。",
        office=lambda t: f"提案人否认了{t.unit}就{t.p}的办前沟通记录，请关注。",
    ),
    "waive_contact": Wording(
        "handling", unit=lambda t: f"提案委员会同意贵单位办理{t.p}免于办前沟通：{t.reason}。"
    ),
    "request_extension": Wording(
        "handling",
        office=lambda t: (
            f"{t.unit}申请将{t.p}的答复期限延至{t.day(t.payload['until'])}，"
            f"理由：{t.reason}。请审批。"
        ),
    ),
    "approve_extension": Wording(
        "handling",
        unit=lambda t: (
            f"提案委员会已同意延期：贵单位对{t.p}的答复期限延至{t.day(t.data['until'])}。"
        ),
    ),
    "deny_extension": Wording(
        "handling",
        unit=lambda t: f"提案委员会不同意{t.p}延期答复：{t.reason}。请{t.by(t.own.due_on)}答复。",
    ),
    "submit_opinion": Wording(
        "handling",
        unit=lambda t: f"会办单位{t.unit}已提交对{t.p}的会办意见，请在答复中统筹考虑。",
    ),
    "supervise": Wording(
        "handling",
        unit=lambda t: f"{t.actor}对{t.p}提出督办意见：{quoted(t.payload.get('comment'))}",
        office=lambda t: f"{t.actor}对{t.p}提出督办意见：{quoted(t.payload.get('comment'))}",
    ),
    "urge": Wording("remind", unit=_urged),
    # 答复
    "reply": Wording(
        "reply",
        proposer=lambda t: _replied(t, PROPOSER),
        office=lambda t: _replied(t, OFFICE),
        unit=lambda t: _replied(t, UNIT),
    ),
    "approve_reply": Wording(
        "reply",
        proposer=lambda t: f"{t.unit}对{t.yours}的答复已审查通过，请查看答复函。",
        unit=lambda t: (
            f"提案委员会已审查通过贵单位对{t.p}的答复。"
            if t.is_subject_unit
            else f"主办单位{t.unit}对{t.p}的答复已审查通过，抄送贵单位。"
        ),
    ),
    "return_reply": Wording(
        "reply",
        unit=lambda t: f"提案委员会退回了贵单位对{t.p}的答复：{t.reason}。请修改后重新答复。",
    ),
    "complete_handling": Wording(
        "reply",
        proposer=lambda t: (
            f"{t.yours}已全部答复，请{t.before('evaluation')}对各承办单位的答复进行满意度测评。"
        ),
    ),
    # 测评
    "evaluate": Wording("rating", unit=_rated, office=_ratings),
    # Not an event: the notice `evaluate` adds for each attitude rated 不满意.
    "attitude_unsatisfied": Wording("rating", office=_attitude_unsatisfied),
    "add_rating": Wording(
        "rating", office=lambda t: f"联名人{t.actor}补充了对{t.p}答复的测评意见。"
    ),
    "rehandle": Wording(
        "rating",
        unit=lambda t: (
            f"{t.p}须由贵单位重新办理（第{t.own.round}轮），请{t.by(t.own.due_on)}重新答复。"
        ),
    ),
    "record_consultation": Wording(
        "rating",
        proposer=lambda t: f"提案委员会已就{t.yours}与您当面协商并记录纪要，提案办结。",
    ),
    # 回头看
    "start_follow_up": Wording(
        "follow_up",
        proposer=lambda t: f"{t.yours}开始“回头看”，提案委员会将逐项核对承诺事项的落实情况。",
        unit=lambda t: f"{t.p}开始“回头看”，请报告贵单位所作承诺事项的落实情况。",
        office=lambda t: f"{t.p}开始“回头看”，请逐项核对承诺事项的落实情况。",
    ),
    "complete_follow_up": Wording(
        "follow_up",
        proposer=lambda t: _followed_up(t, PROPOSER),
        unit=lambda t: _followed_up(t, UNIT),
        office=lambda t: _followed_up(t, OFFICE),
    ),
    "reopen": Wording(
        "follow_up",
        proposer=lambda t: f"{t.yours}已由提案委员会督办重办，承办单位将重新办理。",
        unit=lambda t: f"提案委员会决定对{t.p}督办重办：{t.reason}。",
        office=lambda t: f"{t.p}已督办重办：{t.reason}。",
    ),
    # 撤回
    "request_withdrawal": Wording(
        "withdrawal", office=lambda t: f"{t.actor}申请撤回{t.p}，理由：{t.reason}。请审批。"
    ),
    "approve_withdrawal": Wording(
        "withdrawal",
        proposer=lambda t: f"提案委员会已同意撤回{t.yours}。",
        unit=lambda t: f"{t.p}已经提案委员会同意撤回，贵单位停止办理。",
        office=lambda t: f"{t.p}已同意撤回，提案不再办理。",
    ),
    "deny_withdrawal": Wording(
        "withdrawal",
        proposer=lambda t: f"提案委员会不同意撤回{t.yours}：{t.reason}。提案继续办理。",
    ),
    "close_withdrawn": Wording(
        "withdrawal", unit=lambda t: f"{t.p}已撤回，贵单位停止办理，相关时限已取消。"
    ),
}
