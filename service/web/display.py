"""How pages say times, countdowns and people: the helpers every template may call."""

from __future__ import annotations

from datetime import datetime

from service import vocabulary
from service.clock import current_clock
from service.db import current_session
from service.documents.snapshot import described
from service.permissions import Permission, can
from workflows import BY_NAME


def _zone():
    return current_session().info["settings"].zone


def days_left(due: datetime | None, now: datetime) -> int | None:
    """Calendar days from today to the due day, in the service's zone (negative when late)."""
    if due is None:
        return None
    zone = _zone()
    return (due.astimezone(zone).date() - now.astimezone(zone).date()).days


def countdown(due, now=None) -> str:
    """“还剩5天” / “今天到期” / “已超期3天”, as clerks say it."""
    left = days_left(due, now or current_clock().now())
    if left is None:
        return ""
    if left > 0:
        return f"还剩{left}天"
    return "今天到期" if left == 0 else f"已超期{-left}天"


def urgency(due, now=None) -> str:
    """A CSS class for a countdown: late, today or within five days (soon), else calm."""
    left = days_left(due, now or current_clock().now())
    if left is None or left > 5:
        return ""
    return "late" if left < 0 else "soon"


def today() -> str:
    """Today in the service's zone, as a date input writes it (the bound of a date field)."""
    return current_clock().now().astimezone(_zone()).date().isoformat()


def local(moment, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(_zone()).strftime(fmt)


def person(user) -> str:
    """A person as the office knows them: the name, and the unit of a unit clerk."""
    if user is None:
        return vocabulary.ROLES["system"]
    name = user.display_name or user.username
    unit = user.unit.name if can(user, Permission.ASSIGNMENTS_HANDLE) and user.unit else None
    return f"{name}（{unit}）" if unit and not name.startswith(unit) else name


def event_label(workflow: str, event: str) -> str:
    if event == "create":
        return {"proposal": "提出提案", "assignment": "交办", "transfer": "转办"}[workflow]
    if event == "attach":  # a file added, not a workflow event: no state changes
        return "上传附件"
    found = BY_NAME[workflow].event(event)
    return found.label if found else event


TEMPLATE_GLOBALS = {
    "vocab": vocabulary,
    "countdown": countdown,
    "urgency": urgency,
    "local": local,
    "today": today,
    "person": person,
    "state_label": lambda workflow, state: BY_NAME[workflow].state_label(state),
    "vocab_states": lambda workflow: BY_NAME[workflow].states,
    "event_label": event_label,
    "described": described,
    "in_listing_order": vocabulary.in_listing_order,
    "can": can,
    "Permission": Permission,
}
