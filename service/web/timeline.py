"""A proposal's story as its page tells it: every event of the proposal and of the assignments
the reader may see, oldest first, with who acted (by name, not login), what they decided and
wrote, and the documents the event produced. The history API keeps usernames; only pages
change them into names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import vocabulary as v
from service.access import visible_history
from service.models import AuditRecord, Document, Proposal, Unit, User
from service.notifications.clock_wording import LATE
from service.web.display import event_label, person
from workflows import BY_NAME

TEXTS = ("reason", "comment", "minutes", "findings", "summary", "message", "note")


@dataclass
class Entry:
    at: datetime
    who: str
    title: str
    unit: str | None
    change: tuple[str, str] | None
    details: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    system: bool = False


@dataclass
class Names:
    units: dict[int, str]
    assignment_units: dict[int, str]
    by_id: dict[int, User]
    by_username: dict[str, User]

    def unit_list(self, entries) -> str:
        """The units as notices list them: 主办 first, then 分办, then 会办."""
        return "、".join(
            f"{self.units.get(e.get('unit_id'), '?')}（{v.UNIT_ROLES.get(e.get('role'), '')}）"
            for e in v.in_listing_order(entries or ())
        )

    def user(self, username: str) -> str:
        found = self.by_username.get(username)
        return person(found) if found else username

    def actor(self, record: AuditRecord) -> str:
        if record.actor_id is None:
            return v.ROLES["system"]
        found = self.by_id.get(record.actor_id)
        return person(found) if found else record.actor_name


def _ratings(data: dict, names: Names) -> list[str]:
    return [
        f"{names.assignment_units.get(r.get('assignment_id'), '')}：办理态度"
        f"{v.RATINGS.get(r.get('attitude'), '')}，办理结果{v.RATINGS.get(r.get('result'), '')}"
        + (f"；意见：{r['comment']}" if r.get("comment") else "")
        for r in data.get("ratings") or ()
    ]


def _reply(data: dict, names: Names) -> list[str]:
    lines = []
    if data.get("category"):
        lines.append(f"答复类别：{v.REPLY_CATEGORIES.get(data['category'], data['category'])}")
    if data.get("commitments"):
        lines.append(f"承诺事项{len(data['commitments'])}项")
    return lines


def _leaders(d, n) -> list[str]:
    """督办领导 as marked: several (`leaders`), or one in records from before (`leader`)."""
    named = d.get("leaders") or ([d["leader"]] if d.get("leader") else [])
    return [f"督办领导：{'、'.join(n.user(u) for u in named)}"] if named else []


def _reject(data: dict, names: Names) -> list[str]:
    code = data.get("reason_code")
    label = data.get("reason_label") or v.REASON_CODES.get(code, code)
    lines = [f"理由：{label}"] if code else []
    return [*lines, f"处理方式：{v.DISPOSITIONS.get(data.get('disposition'), '')}"]


def _follow_up(data: dict, names: Names) -> list[str]:
    lines = [f"落实情况：{v.OUTCOMES.get(data.get('outcome'), '')}"]
    lines += [
        f"{s.get('unit', '')}：{s.get('text', '')}——{v.OUTCOMES.get(s.get('outcome'), '')}"
        + (f"，{s['next_follow_up']}复查" if s.get("next_follow_up") else "")
        for s in data.get("settled") or ()
    ]
    if data.get("next_follow_up"):
        lines.append(f"下次回头看：{data['next_follow_up']}")
    return lines


def _entered(data: dict, names: Names) -> list[str]:
    """A paper proposal entered by the office (代录): for whom, and the date on the paper; or
    one another body transferred here, accepted by this body's office (跨级转办)."""
    if data.get("transferred_from"):
        return [f"接收{data['transferred_from'].get('body_name', '其他政协')}转来的提案"]
    if not data.get("on_behalf_of"):
        return []
    lines = [f"代{names.user(data['on_behalf_of'])}录入纸质提案"]
    return lines + ([f"纸质提案收到日期：{data['received_on']}"] if data.get("received_on") else [])


DETAILS: dict[str, Callable[[dict, Names], list[str]]] = {
    "create": _entered,
    "accept": lambda d, n: [f"编号：{d['number_label']}"] if d.get("number_label") else [],
    "assign": lambda d, n: [f"交办：{n.unit_list(d.get('units'))}"],
    "approve_return": lambda d, n: (
        [f"改交：{n.unit_list(d['reassign_to'])}"] if d.get("reassign_to") else []
    ),
    "request_return": lambda d, n: (
        [f"建议改交：{n.units.get(d['suggested_unit_id'], '')}"]
        if d.get("suggested_unit_id")
        else []
    ),
    "reject": _reject,
    "transfer": lambda d, n: [f"转往：{d.get('to_body', '')}"],
    "transfer_accepted": lambda d, n: [f"{d.get('to_body', '')}已接收，由其立案办理"],
    "transfer_declined": lambda d, n: [f"{d.get('to_body', '')}退回"],
    "merge": lambda d, n: [f"并入：{d.get('into_number_label') or ''} {d.get('into_title', '')}"],
    "mark_key": _leaders,
    "evaluate": _ratings,
    "add_rating": _ratings,
    "log_contact": lambda d, n: [f"{d.get('method', '')} · {d.get('date', '')}"],
    "request_extension": lambda d, n: [f"申请延期至{d.get('until', '')}"],
    "approve_extension": lambda d, n: [f"延期至{d['until']}"] if d.get("until") else [],
    "reply": _reply,
    "approve_reply": _reply,
    "complete_follow_up": _follow_up,
    "attach": lambda d, n: (
        [f"{v.ATTACHMENT_KINDS.get(d.get('kind'), '附件')}：{d['name']}"] if d.get("name") else []
    ),
}


def _names(session: Session, proposal: Proposal, records) -> Names:
    usernames = {
        r.data.get(key) for r in records for key in ("leader", "on_behalf_of") if r.data.get(key)
    }
    usernames |= {u for r in records for u in r.data.get("leaders") or () if isinstance(u, str)}
    ids = {r.actor_id for r in records if r.actor_id is not None}
    named = User.username.in_(usernames) & (User.body_id == proposal.body_id)
    people = session.scalars(select(User).where(User.id.in_(ids) | named)).all()
    units = select(Unit.id, Unit.name).where(Unit.body_id == proposal.body_id)
    return Names(
        units=dict(session.execute(units).all()),
        assignment_units={a.id: a.unit.name for a in proposal.assignments},
        by_id={u.id: u for u in people},
        by_username={u.username: u for u in people},
    )


def _documents(record: AuditRecord, unused: list[Document]) -> list[Document]:
    """The notices this event asked for: written in its transaction, so at its moment."""
    event = BY_NAME[record.workflow].event(record.event)
    found = []
    for notice in event.documents if event else ():
        for document in unused:
            same_subject = record.workflow == "proposal" or document.assignment_id in (
                None,
                record.subject_id,
            )
            if document.kind == notice.kind and document.created_at == record.at and same_subject:
                found.append(document)
                unused.remove(document)
                break
    return found


def story(session: Session, presenter, proposal: Proposal, *, documents) -> list[Entry]:
    """The timeline entries the reader may see: the history records access.py lets them read."""
    records = session.scalars(visible_history(presenter.actor, proposal.id)).all()
    # An assignment's own `create` repeats what the proposal's 交办 already says.
    shown = [r for r in records if r.workflow == "proposal" or r.event != "create"]
    names, unused = _names(session, proposal, shown), list(documents)
    return [_entry(presenter.audit(r), r, names, unused) for r in shown]


def _entry(seen: dict, record: AuditRecord, names: Names, unused: list[Document]) -> Entry:
    data, workflow = seen["data"], record.workflow
    moved = record.from_state and record.from_state != record.to_state
    states = BY_NAME[workflow].states
    return Entry(
        at=seen["at"],
        who=names.actor(record),
        title=event_label(workflow, record.event) + (LATE if data.get("late") else ""),
        unit=names.assignment_units.get(record.subject_id) if workflow == "assignment" else None,
        change=(states[record.from_state], states[record.to_state]) if moved else None,
        details=DETAILS[record.event](data, names) if record.event in DETAILS else [],
        texts=[str(data[key]) for key in TEXTS if data.get(key)]
        + ([data["body"]] if record.event == "submit_opinion" and data.get("body") else []),
        documents=_documents(record, unused),
        system=record.actor_id is None,
    )
