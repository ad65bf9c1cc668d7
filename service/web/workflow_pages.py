"""办理流程: each workflow's states, events (who fires them, from where to where, which notices
and notifications they produce) and timers, read from the declarations in workflows/, with the
diagram beside them. Nothing here is written by hand, so it cannot drift from the engine."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from service.db import current_session
from service.diagrams import diagram
from service.policy import load_policy
from service.vocabulary import DOCUMENT_KINDS, ROLES
from service.web.auth import login_required
from workflows import ALL, BY_NAME
from workflows.spec import Period, Reminder, Timer, Workflow

blp = Blueprint("workflow_pages", __name__)
AUDIENCES = {
    "proposers": "提案人",
    "lead": "第一提案人",
    "cosigners": "受邀联名人",
    "committee": "提案委员会",
    "leader": "督办领导",
    "unit": "本承办单位",
    "handlers": "承办单位",
    "new_units": "新承办单位",
    "assisting_units": "会办单位",
    "lead_unit": "主办单位",
    "receiving_committee": "接收转办的政协提案委员会",
}
UNITS = {"working_days": "个工作日", "months": "个月", "calendar_days": "天"}


def period_text(period: Period, policy: dict) -> str:
    amount = policy.get(period.setting, period.amount)
    if period.unit == "follow_up":
        return f"最早的承诺完成日，无承诺时答复后{amount}个月"
    return f"{amount}{UNITS[period.unit]}"


def reminder_text(reminders: tuple[Reminder, ...]) -> str:
    if not reminders:
        return "—"
    return "、".join(
        "到期当日" if r.amount == 0 else f"到期前{r.amount}{'个工作日' if r.working else '天'}"
        for r in reminders
    )


def timer_row(workflow: Workflow, timer: Timer, policy: dict) -> dict:
    states = workflow.states
    due = workflow.event(timer.due_event)
    escalation = (
        f"；超期{policy.get('escalate_after_days', timer.escalate_after_days)}天后严重超期"
        if timer.escalate_after_days is not None
        else ""
    )
    return {
        "label": timer.label,
        "kind": timer.kind,
        "since": timer.since,
        "starts_in": "、".join(states[s] for s in timer.starts_in),
        "open_while": "、".join(states[s] for s in timer.open_while),
        "period": period_text(timer.period, policy),
        "setting": timer.period.setting,
        "reminders": reminder_text(timer.reminders),
        "on_due": (due.label if due else timer.due_event) + escalation,
        "silent": timer.silent,
    }


def event_row(workflow: Workflow, event) -> dict:
    states = workflow.states
    return {
        "label": event.label,
        "name": event.name,
        "source": "、".join(states[s] for s in event.source),
        "source_codes": event.source,
        "dest": " 或 ".join(states[d] for d in event.destinations) or "（状态不变）",
        "roles": "、".join(ROLES[r] for r in sorted(event.roles)),
        "documents": "、".join(DOCUMENT_KINDS.get(d.kind, d.kind) for d in event.documents),
        "notify": "、".join(AUDIENCES.get(a, a) for a in event.notify),
        "guards": [guard.message for guard in event.guards],
        "automatic": not (event.roles - {"system"}),
    }


@blp.route("/workflows")
@login_required
def workflows():
    """Each workflow as declared: diagram, states, events with roles, timers."""
    policy = load_policy(current_session())
    shown = [
        {
            "workflow": w,
            "events": [event_row(w, e) for e in w.all_events.values()],
            "timers": [timer_row(w, t, policy) for t in w.timers],
        }
        for w in ALL
    ]
    return render_template("web/workflows.html", title="办理流程", shown=shown)


@blp.route("/workflows/<name>.svg")
@login_required
def workflow_svg(name: str):
    if name not in BY_NAME:
        abort(404)
    return Response(diagram(BY_NAME[name]), mimetype="image/svg+xml")
