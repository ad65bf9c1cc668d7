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
    return bool(_unsatisfied(ctx))


def outcome_is(outcome: str):
    return lambda ctx: ctx.payload.get("outcome") == outcome


def needs_follow_up(ctx: Context) -> bool:
    return ctx.subject.key or ctx.subject.has_open_commitments


LEAD_ONLY = Guard(is_lead_proposer, "只有第一提案人可以进行此操作。")
REVIEW = ("submitted",)
AFTER_ACCEPTANCE = ("accepted", "handling", "replied", "consulting", "closed", "following_up")

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
        ),
        Event(
            "cosign",
            "确认联名",
            ("cosigning",),
            (Branch("submitted", answers_last_invitation), Branch("cosigning")),
            MEMBER,
            guards=(Guard(is_invited_cosigner, "您不在本提案的待确认联名人之列。"),),
            notify=("lead",),
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
            "withdraw",
            "撤回",
            ("draft", "cosigning", "submitted", "returned"),
            "withdrawn",
            MEMBER,
            guards=(LEAD_ONLY,),
        ),
        Event(
            "accept",
            "立案",
            REVIEW,
            "accepted",
            COMMITTEE,
            documents=(Notice("acceptance_notice"),),
            notify=("proposers",),
        ),
        Event(
            "reject",
            "不予立案",
            REVIEW,
            "not_accepted",
            COMMITTEE,
            documents=(Notice("rejection_notice"),),
            notify=("proposers",),
        ),
        Event("merge", "并案", REVIEW, "merged", COMMITTEE, notify=("proposers",)),
        Event(
            "return_for_revision", "退回修改", REVIEW, "returned", COMMITTEE, notify=("proposers",)
        ),
        Event(
            "assign",
            "交办",
            ("accepted", "handling"),
            "handling",
            COMMITTEE,
            documents=(Notice("assignment_notice"),),
            notify=("proposers", "new_units"),
        ),
        Event("mark_key", "确定重点提案", AFTER_ACCEPTANCE, None, COMMITTEE, notify=("leader",)),
        Event(
            "supervise",
            "督办意见",
            AFTER_ACCEPTANCE,
            None,
            LEADER | COMMITTEE,
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
        ),
        Event(
            "add_rating",
            "联名人测评",
            ("replied", "consulting", "closed", "following_up", "completed"),
            None,
            MEMBER,
            guards=(Guard(is_confirmed_cosigner, "只有已确认的联名人可以补充自己的测评意见。"),),
            notify=("committee",),
        ),
        Event("evaluation_lapsed", "测评超期未反馈", ("replied",), "closed", SYSTEM, internal=True),
        Event(
            "record_consultation",
            "当面协商",
            ("consulting",),
            "closed",
            COMMITTEE,
            notify=("proposers",),
        ),
        Event(
            "start_follow_up",
            "启动回头看",
            ("closed",),
            "following_up",
            COMMITTEE | SYSTEM,
            documents=(Notice("follow_up_notice"),),
            notify=("handlers", "proposers"),
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
        ),
        Event(
            "reopen",
            "督办重办",
            ("closed",),
            "handling",
            COMMITTEE,
            notify=("handlers", "proposers"),
        ),
    ),
    timers=(
        Timer(
            "review",
            "review",
            "立案审查",
            "提交",
            ("submitted",),
            ("submitted",),
            working_days(10, "review_working_days"),
            notice=False,  # an overdue review is on the office's own list, not a 催办 to a unit
        ),
        Timer(
            "evaluation",
            "evaluation",
            "满意度测评",
            "答复",
            ("replied",),
            ("replied",),
            working_days(15, "evaluation_working_days"),
            reminders=(Reminder(5, working=True),),
            on_due="evaluation_lapsed",
        ),
        Timer(
            "follow_up",
            "follow_up",
            "回头看",
            "答复",
            ("closed",),
            ("closed",),
            Period("follow_up", 6, "follow_up_months"),
            applies=needs_follow_up,
            reminders=(Reminder(10, working=True),),
            on_due="start_follow_up",
        ),
    ),
)
