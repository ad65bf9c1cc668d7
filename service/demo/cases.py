"""The demo's proposals, one function per situation an office meets, told in the order the office
accepted them so that their numbers follow their dates. Days are counted back from the load."""

from __future__ import annotations

from service.demo.story import Story


def tell(s: Story) -> None:
    """Every demo proposal, oldest acceptance first."""
    for case in (
        settled_by_follow_up,
        under_follow_up,
        in_consultation,
        key_proposal_rehandled,
        closed_satisfied,
        closed_with_commitments,
        reply_overdue,
        reply_due_soon,
        collective_awaiting_rating,
        awaiting_rating,
        reply_due_later,
        opinion_overdue,
        return_requested,
        just_assigned,
        merged,
        awaiting_assignment,
        in_review,
    ):
        case(s)


def settled_by_follow_up(s: Story) -> None:
    """已落实: a B reply's measure fell due; 回头看 found it done."""
    proposal = s.in_handling("sorting", "wangfang", 240)
    s.reply(proposal.assignments[0], 160, "B", due=(s.ago(45),))
    s.rate(proposal, 152)
    s.proposal(proposal, 45, "start_follow_up")
    s.proposal(
        proposal,
        30,
        "complete_follow_up",
        outcome="implemented",
        findings="承诺事项已全部落实，群众反映良好。",
    )
    s.proposal(proposal, 25, "publish")


def under_follow_up(s: Story) -> None:
    """回头看: the measure promised in a B reply fell due a few days ago."""
    proposal = s.in_handling("rivers", "chenjing", 200)
    s.reply(proposal.assignments[0], 110, "B", due=(s.ago(5),))
    s.rate(proposal, 102)
    s.proposal(proposal, 5, "start_follow_up")


def in_consultation(s: Story) -> None:
    """当面协商: rated 不满意 twice, after a re-handled C reply with a measure months ahead."""
    proposal = s.in_handling("ebikes", "zhengtao", 175)
    assignment = proposal.assignments[0]
    s.reply(assignment, 100)
    s.rate(proposal, 93, "unsatisfied")
    s.reply(assignment, 30, "C", due=(s.ahead(100),))
    s.rate(proposal, 12, "unsatisfied")


def key_proposal_rehandled(s: Story) -> None:
    """A 重点提案 in 重新办理 after a 不满意 rating, its leader supervising; the new reply is due
    in the coming weeks."""
    proposal = s.in_handling("water_sources", "zhaolei", 160)
    assignment = proposal.assignments[0]
    s.reply(assignment, 75)
    proposal = s.rate(proposal, 68, "unsatisfied")
    proposal = s.proposal(proposal, 66, "mark_key", leader="leader")
    s.contact(assignment, 50)
    s.proposal(
        proposal,
        40,
        "supervise",
        "leader",
        comment="请市生态环境局针对委员意见重新研究，拿出水源地保护的具体措施。",
    )


def closed_satisfied(s: Story) -> None:
    """已办结: an A reply with the assisting unit's opinion, rated 满意."""
    proposal = s.in_handling("lunch", "wuxia", 140, assisting="市财政局")
    s.opinion(proposal.assignments[1], 120)
    s.reply(proposal.assignments[0], 60)
    proposal = s.rate(proposal, 55)
    s.proposal(proposal, 50, "publish")


def closed_with_commitments(s: Story) -> None:
    """A joint proposal closed with a B reply: two measures due in the coming months, the first
    of them the day of its 回头看."""
    proposal = s.in_handling("chargers", "zhangwei", 120, co_signers=("zhouqiang",))
    s.reply(proposal.assignments[0], 35, "B", due=(s.ahead(40), s.ahead(150)))
    proposal = s.rate(proposal, 28)
    s.proposal(proposal, 20, "publish")


def reply_overdue(s: Story) -> None:
    """The unit signed and met the member, but its reply is a few days overdue."""
    s.in_handling("myopia", "liuyang", s.overdue_start("reply", by=3), co_signers=("lina",))


def reply_due_soon(s: Story) -> None:
    s.in_handling("parking", "zhengtao", 80, co_signers=("liuyang",))


def collective_awaiting_rating(s: Story) -> None:
    """集体提案: 民建市委会's proposal, filed by its contact; the 答复函 is written to it."""
    proposal = s.in_handling("sme_loans", "zhaolei", 74, organisation="民建市委会")
    s.reply(proposal.assignments[0], 4)


def awaiting_rating(s: Story) -> None:
    """A reply given days ago: the member's rating is due within 15 working days."""
    proposal = s.in_handling("night", "sunli", 70)
    s.reply(proposal.assignments[0], 6)


def reply_due_later(s: Story) -> None:
    s.in_handling("cold_chain", "chenjing", 55)


def opinion_overdue(s: Story) -> None:
    """The assisting unit signed but its opinion (会办意见, one month) is a few days overdue."""
    s.in_handling("gas_pipes", "wuxia", s.overdue_start("opinion", by=2), assisting="市财政局")


def return_requested(s: Story) -> None:
    """Sent to the wrong unit, which asks to return it within its five working days."""
    proposal = s.assign(s.accepted("heritage", "zhouqiang", 12), 7)
    s.assignment(
        proposal.assignments[0],
        4,
        "request_return",
        reason="该事项属文化和旅游部门职责，非本单位职责。",
        suggested_unit_id=s.units["市文化广电旅游局"].id,
    )


def just_assigned(s: Story) -> None:
    s.assign(s.accepted("sewage", "zhaolei", 8), 2, assisting="市自然资源和规划局")


def merged(s: Story) -> None:
    """并案: a proposal on the same subject joins one already accepted."""
    target = s.accepted("clinics", "lina", 6)
    s.proposal(s.file("gps", "zhouqiang", 9), 5, "merge", into=target.id)


def awaiting_assignment(s: Story) -> None:
    s.accepted("elevators", "chenjing", 5)


def in_review(s: Story) -> None:
    """What the office reviews these days: refused, withdrawn, sent back, just filed, still
    gathering co-signers, and a draft."""
    s.proposal(
        s.file("sanitation", "zhengtao", 20),
        13,
        "reject",
        reason_code="no_concrete_suggestion",
        disposition="social_info",
    )
    s.proposal(s.file("marathon", "sunli", 10), 9, "withdraw", "sunli")
    s.proposal(
        s.file("waterlogging", "liuyang", 12),
        7,
        "return_for_revision",
        reason="请补充具体建议，并注明涉及的区域范围。",
    )
    s.file("doctors", "wangfang", 3)
    s.file("after_school", "lina", 1, co_signers=("wangfang",))
    s.file("bus", "zhangwei", 2, submit=False)
