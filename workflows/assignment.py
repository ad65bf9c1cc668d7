"""An assignment: one handling unit's part in answering a proposal (交办 → 签收 → 办理 → 答复).

Read by the engine, the API (available events), the permission tests and the diagrams.
"""

from workflows.spec import (
    Branch,
    Context,
    Event,
    Guard,
    Notice,
    Reminder,
    Role,
    Timer,
    Workflow,
    months,
    working_days,
)

UNIT, COMMITTEE, MEMBER, SYSTEM = (
    frozenset({r}) for r in (Role.UNIT, Role.COMMITTEE, Role.MEMBER, Role.SYSTEM)
)


def answers_the_proposal(ctx: Context) -> bool:
    return ctx.subject.role in ("lead", "separate")


def gives_an_opinion(ctx: Context) -> bool:
    return ctx.subject.role == "assisting"


def within_return_window(ctx: Context) -> bool:
    return ctx.subject.return_until is None or ctx.now <= ctx.subject.return_until


def assisting_opinions_in(ctx: Context) -> bool:
    """Every 会办 opinion is in, or its deadline passed without it: a silent 会办 unit must not
    keep the lead from answering for ever (the letter then says whose opinion is missing)."""
    if ctx.subject.role != "lead":
        return True
    return all(
        awaited.due_at is not None and ctx.now > awaited.due_at
        for awaited in ctx.subject.awaited_opinions
    )


def proposer_contacted(ctx: Context) -> bool:
    return ctx.subject.contact_waived or ctx.subject.has_contact


def is_the_proposer(ctx: Context) -> bool:
    return ctx.subject.proposal.lead_proposer_id == ctx.actor.id


def contact_awaits_answer(ctx: Context) -> bool:
    return any(contact.status == "logged" for contact in ctx.subject.contacts)


def extension_pending(ctx: Context) -> bool:
    return ctx.subject.pending_extension is not None


def no_extension_pending(ctx: Context) -> bool:
    return ctx.subject.pending_extension is None


def review_on(ctx: Context) -> bool:
    return bool(ctx.options.get("reply_review"))


ACTIVE = ("pending", "handling", "return_requested")
ANSWERING = ("handling", "rehandling")
UNTIL_REPLIED = ("pending", "handling", "return_requested", "reply_review")
LEAD_OR_SEPARATE = answers_the_proposal
REPLY_REMINDERS = (Reminder(15), Reminder(5))

WORKFLOW = Workflow(
    name="assignment",
    label="交办",
    initial="pending",
    states={
        "pending": "待签收",
        "handling": "办理中",
        "return_requested": "申请退回",
        "reply_review": "答复审查",
        "replied": "已答复",
        "rehandling": "重新办理",
        "returned": "已退回",
        "withdrawn": "已撤回",
    },
    events=(
        Event(
            "sign",
            "签收",
            ("pending",),
            "handling",
            UNIT,
            hint="签收后开始办理；不属本单位职责的，请在申请退回期限内申请退回。",
        ),
        Event(
            "request_return",
            "申请退回",
            ("pending", "handling"),
            "return_requested",
            UNIT,
            guards=(Guard(within_return_window, "已超过申请退回的期限，不能再申请退回。"),),
            notify=("committee",),
            hint="请写明理由，可建议承办单位；承办单位不得自行转办。",
        ),
        Event(
            "approve_return",
            "同意退回",
            ("return_requested",),
            "returned",
            COMMITTEE,
            documents=(Notice("assignment_notice"),),
            notify=("unit", "new_units"),
            hint="可同时改交其他单位；单位建议的承办单位已预先选好。",
        ),
        Event(
            "deny_return",
            "不同意退回",
            ("return_requested",),
            "handling",
            COMMITTEE,
            notify=("unit",),
        ),
        Event(
            "log_contact",
            "办前沟通",
            ANSWERING,
            None,
            UNIT,
            notify=("proposers",),
            hint="答复前须至少与提案人沟通一次（办前沟通）；提案人可确认或否认。",
        ),
        Event(
            "confirm_contact",
            "确认沟通",
            ANSWERING + ("reply_review", "replied"),
            None,
            MEMBER,
            guards=(
                Guard(is_the_proposer, "只有第一提案人可以确认沟通记录。"),
                Guard(contact_awaits_answer, "没有待您确认的沟通记录。"),
            ),
            notify=("unit",),
        ),
        Event(
            "deny_contact",
            "否认沟通",
            ANSWERING + ("reply_review", "replied"),
            None,
            MEMBER,
            guards=(
                Guard(is_the_proposer, "只有第一提案人可以否认沟通记录。"),
                Guard(contact_awaits_answer, "没有待您确认的沟通记录。"),
            ),
            notify=("unit", "committee"),
        ),
        Event(
            "waive_contact",
            "免于办前沟通",
            ("pending",) + ANSWERING,
            None,
            COMMITTEE,
            notify=("unit",),
        ),
        Event(
            "request_extension",
            "申请延期",
            ANSWERING,
            None,
            UNIT,
            guards=(
                Guard(answers_the_proposal, "会办单位无需申请答复延期。"),
                Guard(no_extension_pending, "已有一项延期申请在审批中。"),
            ),
            notify=("committee",),
            hint="由提案委员会审批；延期后的答复期限不能超过交办起{max_reply_months}个月。",
        ),
        Event(
            "approve_extension",
            "同意延期",
            ANSWERING,
            None,
            COMMITTEE,
            guards=(Guard(extension_pending, "没有待审批的延期申请。"),),
            notify=("unit",),
        ),
        Event(
            "deny_extension",
            "不同意延期",
            ANSWERING,
            None,
            COMMITTEE,
            guards=(Guard(extension_pending, "没有待审批的延期申请。"),),
            notify=("unit",),
        ),
        Event(
            "submit_opinion",
            "提交会办意见",
            ("handling",),
            "replied",
            UNIT,
            guards=(Guard(gives_an_opinion, "主办或分办单位请使用“答复”，不是会办意见。"),),
            notify=("lead_unit",),
            hint="会办意见送主办单位，由主办单位统一答复提案人。",
        ),
        Event(
            "reply",
            "答复",
            ANSWERING,
            (Branch("reply_review", review_on), Branch("replied")),
            UNIT,
            guards=(
                Guard(answers_the_proposal, "会办单位请提交会办意见，由主办单位答复。"),
                Guard(
                    assisting_opinions_in,
                    "还有会办单位未提交会办意见，且会办期限未到，暂不能答复。",
                    later=True,
                ),
                Guard(
                    proposer_contacted, "答复前须至少与提案人沟通一次（办前沟通）。", later=True
                ),
            ),
            documents=(Notice("reply_letter", on_dest="replied"),),
            notify=("proposers", "committee", "assisting_units"),
            hint=(
                "答复函送提案人，抄送提案委员会和会办单位；B、C类答复请列明承诺事项和完成日期。"
                "称呼（尊敬的×××委员）和开头（“……提案收悉，现答复如下”）由系统生成，"
                "正文请从答复内容写起。"
            ),
        ),
        Event(
            "approve_reply",
            "审查通过",
            ("reply_review",),
            "replied",
            COMMITTEE,
            documents=(Notice("reply_letter"),),
            notify=("unit", "proposers", "assisting_units"),
        ),
        Event(
            "return_reply", "退回答复", ("reply_review",), "handling", COMMITTEE, notify=("unit",)
        ),
        Event(
            "rehandle",
            "重新办理",
            ("replied",),
            "rehandling",
            SYSTEM,
            internal=True,
            notify=("unit",),
        ),
        Event(
            "close_withdrawn",
            "提案撤回",
            ("pending", "handling", "return_requested", "reply_review", "replied", "rehandling"),
            "withdrawn",
            SYSTEM,
            internal=True,
            notify=("unit",),
        ),
        Event(
            "urge",
            "催办",
            ACTIVE + ANSWERING,
            None,
            COMMITTEE,
            documents=(Notice("reminder_notice"),),
            notify=("unit",),
            hint="催办将生成催办通知单送承办单位。",
        ),
    ),
    timers=(
        Timer(
            rule="sign",
            kind="sign",
            label="签收",
            since="交办",
            starts_in=("pending",),
            open_while=("pending",),
            period=working_days(3, "sign_working_days"),
        ),
        Timer(
            rule="return_window",
            kind="return_window",
            label="申请退回",
            since="交办",
            starts_in=("pending",),
            open_while=ACTIVE,
            period=working_days(5, "return_window_working_days"),
            silent=True,
        ),
        Timer(
            rule="contact",
            kind="contact",
            label="办前沟通",
            since="交办",
            starts_in=("pending",),
            open_while=ACTIVE,
            period=working_days(15, "contact_working_days"),
            met_by=("log_contact",),
            applies=LEAD_OR_SEPARATE,
            reminders=(Reminder(0),),
            after_downtime="skip_stale",
        ),
        Timer(
            rule="opinion",
            kind="opinion",
            label="会办意见",
            since="交办",
            starts_in=("pending",),
            open_while=ACTIVE,
            period=months(1, "opinion_months"),
            applies=gives_an_opinion,
            reminders=(Reminder(5, working=True),),
        ),
        Timer(
            rule="reply",
            kind="reply",
            label="答复",
            since="交办",
            starts_in=("pending",),
            open_while=UNTIL_REPLIED,
            period=months(3, "reply_months"),
            applies=LEAD_OR_SEPARATE,
            reminders=REPLY_REMINDERS,
            escalate_after_days=15,
        ),
        Timer(
            rule="rehandle_reply",
            kind="reply",
            label="重新办理答复",
            since="重新交办",
            starts_in=("rehandling",),
            open_while=("rehandling", "handling", "reply_review"),
            period=months(3, "rehandle_months"),
            reminders=REPLY_REMINDERS,
            escalate_after_days=15,
        ),
    ),
)

# The states in which a unit is still on the proposal (all but 已退回), and those in which it
# still owes its reply or opinion.
ON_PROPOSAL = tuple(state for state in WORKFLOW.states if state not in ("returned", "withdrawn"))
OWING = tuple(state for state in ON_PROPOSAL if state != "replied")


def state_label(state: str, role: str) -> str:
    """A state as the unit's people read it: what a 会办 unit sends is its opinion, not a reply,
    so its `replied` reads 已提交会办意见."""
    if role == "assisting" and state == "replied":
        return "已提交会办意见"
    return WORKFLOW.state_label(state)
