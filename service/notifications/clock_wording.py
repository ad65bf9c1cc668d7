"""What the clock's notifications say: each deadline's reminder (催办), overdue (超期) and
escalation (严重超期) events, one wording per step, told what the deadline asks for and by when,
e.g. “催办：提案第0012号《…》应于6月30日前答复（还剩5天）”."""

from __future__ import annotations

import workflows
from service.notifications.happening import Told
from service.notifications.wording import Sentence, Wording
from service.vocabulary import DEADLINE_KINDS

# What each deadline asks of the one it reminds.
TODO = {
    "sign": "签收",
    "contact": "与提案人办前沟通",
    "opinion": "提交会办意见",
    "reply": "答复",
    "review": "完成立案审查",
    "evaluation": "完成满意度测评",
    "follow_up": "开始回头看",
}
STEPS = ("reminder", "overdue", "escalated")


# A step fired after the service was stopped past its time: said, so nobody reads the delay as
# the unit's or the office's.
LATE = "（系统停机期间到期，恢复后补发）"


def _late(t: Told) -> str:
    """A step the sweep fired late (after downtime) says so."""
    return LATE if t.payload.get("late") in (True, "true", "1") else ""


def _left(days: int) -> str:
    if days > 0:
        return f"还剩{days}天"
    return "今天到期" if days == 0 else f"已超期{-days}天"


def _whose(t: Told) -> str:
    """“市交通运输局办理的” for the office and the leader when a unit owes it."""
    return f"{t.unit}办理的" if t.happening.assignment is not None else ""


def _proposer_reminder(kind: str) -> Sentence:
    """The member's own reminder: what to do about which proposal, and by when."""

    def proposer(t: Told) -> str:
        due, left = t.day(t.timer_due), _left(t.days_left)
        if kind == "evaluation":
            return f"请于{due}前对{t.p}的办理情况进行满意度测评（{left}）。{_late(t)}"
        return f"请于{due}前{TODO[kind]}：{t.p}（{left}）。{_late(t)}"

    return proposer


def _reminder(kind: str) -> tuple[Sentence, Sentence]:
    todo = TODO[kind]

    def unit(t: Told) -> str:
        due, left = t.day(t.timer_due), _left(t.days_left)
        if kind == "evaluation":
            return f"{t.p}的满意度测评将于{due}截止（{left}），提案人尚未测评。{_late(t)}"
        if kind == "follow_up":
            return f"{t.p}将于{due}开始回头看，请准备贵单位所作承诺事项的落实情况。{_late(t)}"
        return f"催办：{t.p}应于{due}前{todo}（{left}）。{_late(t)}"

    def office(t: Told) -> str:
        due, left = t.day(t.timer_due), _left(t.days_left)
        return f"{_whose(t)}{t.p}应于{due}前{todo}（{left}）。{_late(t)}"

    return unit, office


def _overdue(kind: str) -> tuple[Sentence, Sentence]:
    todo, label = TODO[kind], DEADLINE_KINDS[kind]

    def unit(t: Told) -> str:
        return f"{t.p}已超过{label}期限（{t.day(t.timer_due)}），请尽快{todo}。{_late(t)}"

    def office(t: Told) -> str:
        if t.happening.assignment is None:
            return unit(t)
        due = t.day(t.timer_due)
        return f"{_whose(t)}{t.p}已超过{label}期限（{due}），尚未{todo}。{_late(t)}"

    return unit, office


def _escalated(kind: str) -> tuple[Sentence, Sentence]:
    todo, label = TODO[kind], DEADLINE_KINDS[kind]

    def unit(t: Told) -> str:
        due, over = t.day(t.timer_due), -t.days_left
        return f"严重超期：{t.p}超过{label}期限（{due}）已{over}天，请立即{todo}。{_late(t)}"

    def office(t: Told) -> str:
        due, over = t.day(t.timer_due), -t.days_left
        return (
            f"严重超期：{_whose(t)}{t.p}超过{label}期限（{due}）已{over}天，仍未{todo}。{_late(t)}"
        )

    return unit, office


MAKERS = {"reminder": _reminder, "overdue": _overdue, "escalated": _escalated}


def _clock_wordings() -> dict[str, Wording]:
    """A wording for every clock event the workflows' timers declare."""
    made = {}
    for workflow in workflows.ALL:
        for timer in workflow.timers:
            for step in STEPS:
                name = f"{timer.kind}_{step}"
                if workflow.event(name) is not None and name not in made:
                    unit, office = MAKERS[step](timer.kind)
                    owed = "proposers" in timer.owed_by and step == "reminder"
                    proposer = _proposer_reminder(timer.kind) if owed else None
                    made[name] = Wording(
                        "remind", proposer=proposer, unit=unit, office=office, leader=office
                    )
    return made


CLOCK_WORDING = _clock_wordings()
