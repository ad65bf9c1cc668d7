"""A 跨级转办: a proposal one body's committee sends to another body (a city to its county, a
county up to its city), which accepts it as a proposal of its own or declines it.

The handshake between two bodies' workflows: the sender fires `transfer` on its proposal
(workflows/proposal.py), which opens this; the receiver fires `accept_transfer` or
`decline_transfer` here, and the sender's proposal follows (`transfer_accepted`,
`transfer_declined`). Nothing is shared or moved: the receiver files its own proposal from the
text as it was sent.
"""

from workflows.spec import Context, Event, Guard, Role, Workflow

COMMITTEE = frozenset({Role.COMMITTEE})


def is_receiver(ctx: Context) -> bool:
    return ctx.actor.body_id == ctx.subject.to_body_id


RECEIVER_ONLY = Guard(is_receiver, "只有接收转办的政协提案委员会可以接收或退回转办。")

WORKFLOW = Workflow(
    name="transfer",
    label="转办",
    initial="pending",
    states={"pending": "待接收", "accepted": "已接收", "declined": "已退回"},
    events=(
        Event(
            "accept_transfer",
            "接收转办",
            ("pending",),
            "accepted",
            COMMITTEE,
            guards=(RECEIVER_ONLY,),
            hint="接收后，本级按转来的案由和正文生成一件待审查的提案，由本级立案审查；原提案转为已转办。",
        ),
        Event(
            "decline_transfer",
            "退回转办",
            ("pending",),
            "declined",
            COMMITTEE,
            guards=(RECEIVER_ONLY,),
            hint="请写明理由；提案退回转出方，重新回到待审查。",
        ),
    ),
)
