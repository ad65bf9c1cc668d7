"""A proposal (提案): 提交 → 立案审查 → 交办 → 办理 → 答复 → 满意度测评 → 办结 → 回头看.

Read by the engine, the API (available events), the permission tests and the diagrams.
"""

from workflows.spec import (
    Branch,
    Context,
    Event,
    Guard,
    Notice,
    Period,
    Reminder,
    Role,
    Timer,
    Workflow,
    working_days,
)

MEMBER, COMMITTEE, LEADER, SYSTEM = (
    frozenset({r}) for r in (Role.MEMBER, Role.COMMITTEE, Role.LEADER, Role.SYSTEM)
)


def is_lead_proposer(ctx: Context) -> bool:
    return ctx.subject.lead_proposer_id == ctx.actor.id


def is_invited_cosigner(ctx: Context) -> bool:
    return ctx.actor.id in ctx.subject.pending_cosigner_ids


def has_pending_cosigners(ctx: Context) -> bool:
    return bool(ctx.subject.pending_cosigner_ids)


def answers_last_invitation(ctx: Context) -> bool:
    return ctx.subject.pending_cosigner_ids <= {ctx.actor.id}


def is_confirmed_cosigner(ctx: Context) -> bool:
    return ctx.actor.id in ctx.subject.proposer_ids and not is_lead_proposer(ctx)


def rates_for_the_proposer(ctx: Context) -> bool:
    """The proposer rates; committee staff only when designated to enter signed paper forms
    (members complained of ratings entered for them: 被满意)."""
    if ctx.actor.role == Role.COMMITTEE:
        return bool(getattr(ctx.actor, "proxy_rater", False))
    return is_lead_proposer(ctx)


def _unsatisfied(ctx: Context) -> list:
    return [r["assignment"] for r in ctx.payload.get("ratings", ()) if r["result"] == "unsatisfied"]


def some_unit_may_rehandle(ctx: Context) -> bool:
    return any(not assignment.rehandled for assignment in _unsatisfied(ctx))


def unsatisfied_after_rehandling(ctx: Context) -> bool:
    """Rated 不满意 again after re-handling now, or earlier while another unit re-handled."""
    return bool(_unsatisfied(ctx)) or any(a.consultation_due for a in ctx.subject.assignments)


def withdrawal_pending(ctx: Context) -> bool:
    return ctx.subject.withdrawal_requested_at is not None


def no_withdrawal_pending(ctx: Context) -> bool:
    return ctx.subject.withdrawal_requested_at is None


def outcome_is(outcome: str):
    """The 回头看's overall outcome, summed up from each commitment's (not carried out when any
    is not, partly when any stays open)."""
    return lambda ctx: ctx.payload.get("outcome") == outcome


def proposer_consented(ctx: Context) -> bool:
    return bool(ctx.subject.publish_consent)


def not_published(ctx: Context) -> bool:
    return ctx.subject.published_at is None


def is_published(ctx: Context) -> bool:
    return ctx.subject.published_at is not None


def bodies_elsewhere(ctx: Context) -> bool:
    """The platform has other bodies (三级联动) to transfer to; a single office has none."""
    return bool(ctx.options.get("bodies_elsewhere"))


def needs_follow_up(ctx: Context) -> bool:
    return ctx.subject.key or ctx.subject.has_open_commitments


LEAD_ONLY = Guard(is_lead_proposer, "只有第一提案人可以进行此操作。")
REVIEW = ("submitted",)
AFTER_ACCEPTANCE = ("accepted", "handling", "replied", "consulting", "closed", "following_up")
# 公开: published once handled; a published proposal sent back to handling (督办) stays public
# until the committee takes it back, so it can be taken back in every state it may reach.
PUBLISHABLE = ("closed", "following_up", "completed")
ONCE_PUBLISHED = ("handling", "replied", "consulting", *PUBLISHABLE)

WORKFLOW = Workflow(
    name="proposal",
    label="提案",
    initial="draft",
    states={
        "draft": "草稿",
        "cosigning": "联名征集中",
        "submitted": "待审查",
        "returned": "退回修改",
        "accepted": "已立案待交办",
        "handling": "办理中",
        "replied": "已答复待评价",
        "consulting": "当面协商",
        "closed": "已办结",
        "following_up": "回头看",
        "completed": "已落实",
        "not_accepted": "不予立案",
        "merged": "已并案",
        "withdrawn": "已撤回",
        "transferring": "转办中",
        "transferred": "已转办",
    },
    events=(
        Event(
            "submit",
            "提交",
            ("draft", "returned"),
            (Branch("cosigning", has_pending_cosigners), Branch("submitted")),
            MEMBER,
            guards=(LEAD_ONLY,),
            notify=("cosigners",),
            hint="提交后进入立案审查；邀请了联名人的，待联名人确认后进入审查。",
        ),
        Event(
            "cosign",
            "确认联名",
            ("cosigning",),
            (Branch("submitted", answers_last_invitation), Branch("cosigning")),
            MEMBER,
            guards=(Guard(is_invited_cosigner, "您不在本提案的待确认联名人之列。"),),
            notify=("lead",),
            hint="确认后，您将作为联名人列在提案上，并可查看办理情况。",
        ),
        Event(
            "decline",
            "拒绝联名",
            ("cosigning",),
            (Branch("submitted", answers_last_invitation), Branch("cosigning")),
            MEMBER,
            guards=(Guard(is_invited_cosigner, "您不在本提案的待确认联名人之列。"),),
            notify=("lead",),
        ),
        Event(
            "cosign_lapsed",
            "联名确认期满",
            ("cosigning",),
            "submitted",
            SYSTEM,
            internal=True,
            notify=("lead",),
        ),
        Event(
            "withdraw",
            "撤回",
            ("draft", "cosigning", "submitted", "returned"),
            "withdrawn",
            MEMBER,
            guards=(LEAD_ONLY,),
            hint="撤回后提案不再办理，且不能恢复。",
        ),
        Event(
            "request_withdrawal",
            "申请撤回",
            ("accepted", "handling"),
            None,
            MEMBER,
            guards=(
                LEAD_ONLY,
                Guard(no_withdrawal_pending, "撤回申请已提交，正待提案委员会审批。"),
            ),
            notify=("committee",),
            hint="已立案的提案须经提案委员会同意方可撤回；请写明理由。",
        ),
        Event(
            "approve_withdrawal",
            "同意撤回",
            ("accepted", "handling"),
            "withdrawn",
            COMMITTEE,
            guards=(Guard(withdrawal_pending, "提案人没有申请撤回。"),),
            notify=("proposers", "handlers"),
            hint="同意后提案撤回，承办单位停止办理，各项时限取消。",
        ),
        Event(
            "deny_withdrawal",
            "不同意撤回",
            ("accepted", "handling"),
            None,
            COMMITTEE,
            guards=(Guard(withdrawal_pending, "提案人没有申请撤回。"),),
            notify=("proposers",),
            hint="请写明理由；提案继续办理。",
        ),
        Event(
            "accept",
            "立案",
            REVIEW,
            "accepted",
            COMMITTEE,
            documents=(Notice("acceptance_notice"),),
            notify=("proposers",),
            hint="立案后生成提案编号和立案通知书，随后交办。",
        ),
        Event(
            "reject",
            "不予立案",
            REVIEW,
            "not_accepted",
            COMMITTEE,
            documents=(Notice("rejection_notice"),),
            notify=("proposers",),
            hint="请选择理由（或写明说明）和处理方式；提案人将看到理由和去向。",
        ),
        Event(
            "merge",
            "并案",
            REVIEW,
            "merged",
            COMMITTEE,
            notify=("proposers",),
            hint="并案后，本提案的提案人作为联名人加入所并入的提案，并收到其答复。",
        ),
        Event(
            "transfer",
            "跨级转办",
            REVIEW,
            "transferring",
            COMMITTEE,
            guards=(Guard(bodies_elsewhere, "平台上没有其他政协，无处转办。"),),
            notify=("proposers", "receiving_committee"),
            hint=(
                "提案所提事项属于其他一级政协职责范围的，转给该级政协提案委员会；"
                "对方接收后由其立案办理，退回的，提案回到待审查。"
            ),
        ),
        Event(
            "transfer_accepted",
            "转办已接收",
            ("transferring",),
            "transferred",
            SYSTEM,
            internal=True,
            notify=("proposers",),
        ),
        Event(
            "transfer_declined",
            "转办被退回",
            ("transferring",),
            "submitted",
            SYSTEM,
            internal=True,
            notify=("committee", "proposers"),
        ),
        Event(
            "return_for_revision",
            "退回修改",
            REVIEW,
            "returned",
            COMMITTEE,
            notify=("proposers",),
            hint="请写明需要修改之处；提案人修改后可重新提交。",
        ),
        Event(
            "assign",
            "交办",
            ("accepted", "handling"),
            "handling",
            COMMITTEE,
            documents=(Notice("assignment_notice"),),
            notify=("proposers", "new_units"),
            hint="选择一家主办单位（可加会办单位），或几家分办单位；交办后生成交办通知书，承办单位开始计时。",
        ),
        Event(
            "mark_key",
            "确定重点提案",
            AFTER_ACCEPTANCE,
            None,
            COMMITTEE,
            notify=("leader",),
            hint="重点提案由督办领导督办，提前提醒，并必做回头看。",
        ),
        Event(
            "supervise",
            "督办意见",
            AFTER_ACCEPTANCE,
            None,
            LEADER | COMMITTEE,
            documents=(Notice("supervision_notice", per_unit=True),),
            notify=("handlers",),
        ),
        Event(
            "complete_handling",
            "全部答复",
            ("handling",),
            "replied",
            SYSTEM,
            internal=True,
            documents=(Notice("evaluation_form"),),
            notify=("proposers",),
        ),
        Event(
            "evaluate",
            "满意度测评",
            ("replied",),
            (
                Branch("handling", some_unit_may_rehandle),
                Branch("consulting", unsatisfied_after_rehandling),
                Branch("closed"),
            ),
            MEMBER | COMMITTEE,
            guards=(
                Guard(
                    rates_for_the_proposer,
                    "只有第一提案人，或经指定代录纸质测评表的提案委员会工作人员，可以测评。",
                ),
            ),
            notify=("handlers", "committee"),
            hint="请对每家单位的答复分别评价；结果“不满意”的，该单位将重新办理。",
        ),
        Event(
            "add_rating",
            "联名人测评",
            ("replied", "consulting", "closed", "following_up", "completed"),
            None,
            MEMBER,
            guards=(Guard(is_confirmed_cosigner, "只有已确认的联名人可以补充自己的测评意见。"),),
            notify=("committee",),
            hint="作为联名人，您可以补充自己对答复的评价。",
        ),
        Event("evaluation_lapsed", "测评超期未反馈", ("replied",), "closed", SYSTEM, internal=True),
        Event(
            "record_consultation",
            "当面协商",
            ("consulting",),
            "closed",
            COMMITTEE,
            notify=("proposers",),
            hint="记录当面协商的情况后，提案办结。",
        ),
        Event(
            "start_follow_up",
            "启动回头看",
            ("closed",),
            "following_up",
            COMMITTEE | SYSTEM,
            documents=(Notice("follow_up_notice"),),
            notify=("handlers", "proposers"),
            hint="启动回头看后，承办单位和提案人将收到通知，逐项核对承诺事项。",
        ),
        Event(
            "complete_follow_up",
            "完成回头看",
            ("following_up",),
            (
                Branch("completed", outcome_is("implemented")),
                Branch("closed", outcome_is("partial")),
                Branch("handling"),
            ),
            COMMITTEE,
            documents=(Notice("follow_up_report"),),
            notify=("handlers", "proposers"),
            hint=(
                "逐项核对各轮答复中尚未落实的承诺事项：部分落实的须定下次回头看日期；"
                "未落实的交该承办单位重新办理（督办）；全部落实后提案转为已落实。"
            ),
        ),
        Event(
            "publish",
            "公开",
            PUBLISHABLE,
            None,
            COMMITTEE,
            guards=(
                Guard(proposer_consented, "提案人未同意公开该提案及答复，不能公开。"),
                Guard(not_published, "该提案已经公开。"),
            ),
            hint=(
                "公开后，公众无需登录即可在提案公开页面查看案由、正文、提案人姓名和界别、"
                "承办单位及答复正文；联系方式、测评和办理过程不公开。"
            ),
        ),
        Event(
            "unpublish",
            "撤销公开",
            ONCE_PUBLISHED,
            None,
            COMMITTEE,
            guards=(Guard(is_published, "该提案没有公开。"),),
            hint="撤销后，公开页面不再显示该提案。",
        ),
        Event(
            "reopen",
            "督办重办",
            ("closed",),
            "handling",
            COMMITTEE,
            notify=("handlers", "proposers"),
            hint="督办重办：已答复的承办单位将重新办理。",
        ),
    ),
    timers=(
        Timer(
            rule="cosign",
            kind="cosign",
            label="联名确认",
            since="提交",
            starts_in=("cosigning",),
            open_while=("cosigning",),
            period=working_days(5, "cosign_working_days"),
            on_due="cosign_lapsed",
            notice=False,  # the lead is told; nothing goes to a unit
        ),
        Timer(
            rule="review",
            kind="review",
            label="立案审查",
            since="提交",
            starts_in=("submitted",),
            open_while=("submitted",),
            period=working_days(10, "review_working_days"),
            notice=False,  # an overdue review is on the office's own list, not a 催办 to a unit
        ),
        Timer(
            rule="evaluation",
            kind="evaluation",
            label="满意度测评",
            since="答复",
            starts_in=("replied",),
            open_while=("replied",),
            period=working_days(15, "evaluation_working_days"),
            reminders=(Reminder(5, working=True),),
            on_due="evaluation_lapsed",
            owed_by=("proposers",),
        ),
        Timer(
            rule="follow_up",
            kind="follow_up",
            label="回头看",
            since="答复",
            starts_in=("closed",),
            open_while=("closed",),
            period=Period("follow_up", 6, "follow_up_months"),
            applies=needs_follow_up,
            reminders=(Reminder(10, working=True),),
            on_due="start_follow_up",
        ),
    ),
)
