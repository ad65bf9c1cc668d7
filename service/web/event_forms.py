"""The event forms of a proposal or an assignment page: what they offer to choose from and fill
in beforehand, and posting them to the same operations as the API. A refused form comes back
with each message next to its field and everything typed still there."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from flask import flash, redirect, request, url_for
from sqlalchemy import select

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.errors import DomainError, InvalidInput, NotVisible, StaleVersion
from service.models import AuditRecord, Proposal, Unit, User
from service.operations.bodies import transfer_targets, units_of
from service.operations.events import apply_event
from service.permissions import Permission, can
from service.policy import load_policy, rejection_grounds
from service.search.suggestions import suggested_units
from service.vocabulary import BODY_LEVELS, RatingLevel
from service.web.auth import current_user
from service.web.display import event_label
from service.web.forms import commitment_rows, event_fields, form_errors, payload_from_form
from service.web.merge import candidates
from workflows import BY_NAME

# One sentence under each form on what the event will do, in the office's words.
PAGES = {
    "proposal": "proposal_pages.proposal",
    "assignment": "assignment_pages.assignment",
    "transfer": "transfer_pages.transfer",
}
TIMER_FIELDS = ("deadline_id", "kind", "late", "due_at")
PARTS = ("background", "analysis", "suggestions")
# The page is read again below the message, so the reader sees what changed; what they typed
# stays in the form (or, if the event can no longer be taken, is shown for copying).
STALE_FORM = (
    "在您填写期间，他人已处理或修改了这件事。您填写的内容已保留在下方，请核对最新情况后再提交。"
)
REVISABLE = ("title", "category", "body", *PARTS)


def fields_for(workflow: str, event: str, proposal: Proposal) -> list:
    """The event's inputs; a revision offers the body in the shape the proposal was written in
    (the filing form's three parts, unless it was written as one 正文 through the API)."""
    hidden = set(TIMER_FIELDS)
    if event == "submit":
        written_whole = proposal.body and not proposal.background
        hidden |= set(PARTS) if written_whole else {"body"}
    if event == "mark_key":
        hidden.add("leader")  # the older one-name field, kept for API clients only
    if event == "complete_follow_up":
        # Open commitments are settled one by one; a 回头看 without any, as a whole.
        whole = ("outcome", "next_follow_up")
        hidden |= set(whole) if proposal.open_commitments else {"settlements"}
    return [spec for spec in event_fields(workflow, event) if spec.name not in hidden]


class FormContext:
    """What the event forms offer to choose from: units, proposals to merge into, leaders,
    contacts to confirm, replies to rate; and what they show filled in beforehand."""

    # The reply form's commitment rows: three, or as many as were sent back.
    commitment_rows = staticmethod(commitment_rows)

    def __init__(self, session, proposal: Proposal, assignment=None, *, actor=None) -> None:
        self.session, self.proposal, self.assignment = session, proposal, assignment
        self.actor = actor

    @cached_property
    def units(self) -> list[Unit]:
        return self.session.scalars(units_of(self.proposal.body_id, active_only=True)).all()

    @cached_property
    def suggested_units(self) -> list:
        """承办单位建议 for the office assigning the proposal (none for anyone else)."""
        if not can(self.actor, Permission.UNIT_SUGGESTIONS_READ):
            return []
        return suggested_units(self.session, self.proposal)

    @staticmethod
    def ends(workflow: str, event: str) -> bool:
        """An event after which nothing more can happen: its button must not look like the
        everyday 确认 beside it."""
        return BY_NAME[workflow].ends(event)

    def hint(self, workflow: str, event: str) -> str:
        if (workflow, event) == ("proposal", "submit") and self.proposal.state == "returned":
            return "请按退回意见修改下列内容后重新提交。"
        if event == "evaluate" and can(self.actor, Permission.RATINGS_RECORD_FOR_MEMBERS):
            return "代委员录入其签字的纸质征询意见表上的测评结果；系统记为提案委员会代录。"
        declared = BY_NAME[workflow].event(event)
        hint = declared.hint if declared is not None else ""
        return hint.format(**load_policy(self.session))

    @property
    def rating_scale(self) -> tuple[str, ...]:
        offered = RatingLevel.codes()
        return offered if load_policy(self.session)["very_satisfied_level"] else offered[1:]

    def references(self, name: str) -> list[tuple]:
        if name == "reason_code":
            return list(rejection_grounds(load_policy(self.session)).items())
        if name == "suggested_unit_id":
            return [(u.id, u.name) for u in self.units]
        if name in ("leader", "leaders"):
            leaders = select(User).where(
                User.body_id == self.proposal.body_id, User.role == "leader", User.active
            )
            leaders = leaders.order_by(User.id)
            return [(u.username, u.display_name) for u in self.session.scalars(leaders)]
        if name == "contact_id" and self.assignment is not None:
            return [
                (c.id, f"{c.day} {c.method}：{c.summary[:30]}")
                for c in self.assignment.contacts
                if c.status == "logged"
            ]
        if name == "to_body_id":
            return [
                (b.id, f"{b.name}（{BODY_LEVELS[b.level]}）")
                for b in transfer_targets(self.session, self.proposal.body_id)
            ]
        if name == "into":
            return [
                (p.id, f"{p.number_label or '待审查'} {p.title}（{p.lead_proposer.display_name}）")
                for p, _ in candidates(self.session, self.proposal, limit=200, everything=True)
            ]
        return []

    @property
    def settlement_targets(self) -> list:
        """The commitments 回头看 settles: every one still open, of every round."""
        return self.proposal.open_commitments

    def rating_targets(self, event: str) -> list:
        """The replies to rate: the lead proposer rates each unrated one; a co-signer adds a
        rating of each final reply they have not rated yet."""
        if event != "add_rating":
            return self.proposal.awaiting_rating
        return [
            a
            for a in self.proposal.assignments
            if a.answers
            and a.latest_reply is not None
            and a.latest_reply.status == "final"
            and not any(
                r.cosigner and r.rater_id == getattr(self.actor, "id", None)
                for r in a.ratings
                if r.round == a.latest_reply.round
            )
        ]

    def defaults(self, event: str) -> dict:
        """Values a form starts with: the text being revised, the unit a clerk suggested, today
        for a contact, and a second round's reply signed and answered by whoever did the first."""
        if event == "log_contact":
            zone = self.session.info["settings"].zone
            return {"date": current_clock().now().astimezone(zone).date().isoformat()}
        if event == "reply" and self.assignment.latest_reply is not None:
            earlier = self.assignment.latest_reply
            names = ("signed_by", "contact_name", "contact_phone")
            return {name: getattr(earlier, name) or "" for name in names}
        if event == "submit":
            return {name: getattr(self.proposal, name) or "" for name in REVISABLE} | {
                "body": self.proposal.body_text or "",
                "publish_consent": "on" if self.proposal.publish_consent else "",
            }
        if event == "approve_return" and self.return_request.get("suggested_unit_id"):
            return {f"unit_role-{self.return_request['suggested_unit_id']}": self.assignment.role}
        if event == "approve_reply" and self.assignment.latest_reply is not None:
            return {"category": self.assignment.latest_reply.category or ""}
        if event == "mark_key":
            return {f"leader-{s.user.username}": "on" for s in self.proposal.supervisors}
        return {}

    def typed(self, workflow: str, event: str, values: dict) -> list[tuple[str, str]]:
        """What was typed into a form whose event can no longer be taken, label by label, so
        that the page can show it for copying instead of dropping it."""
        shown = []
        for spec in event_fields(workflow, event):
            for name, value in values.items():
                is_part = name == spec.name or name.startswith(f"{spec.name}-")
                if is_part and isinstance(value, str) and value.strip():
                    shown.append((spec.label, value.strip()))
        return shown

    @cached_property
    def return_request(self) -> dict:
        """What the unit said when it asked to hand the assignment back (reason, unit)."""
        if self.assignment is None:
            return {}
        record = self.session.scalars(
            select(AuditRecord)
            .where(
                AuditRecord.workflow == "assignment",
                AuditRecord.subject_id == self.assignment.id,
                AuditRecord.event == "request_return",
            )
            .order_by(AuditRecord.id.desc())
        ).first()
        return dict(record.data) if record is not None else {}


def _version(form) -> int:
    raw = form.get("version", "")
    return int(raw) if raw.isascii() and raw.isdecimal() and len(raw) < 12 else -1


def fire_from_form(workflow: str, subject_id: int, event: str, *, render: Callable):
    """Fire the event the form stands for; on a refusal the subject's page is rendered once more
    with this form open (`render(subject_id, event=…, errors=…, values=…, status=…)`). A refused
    form is shown at the form's own address, so opening that address again (reload, a bookmark)
    leads back to the page."""
    page = url_for(PAGES[workflow], **{f"{workflow}_id": subject_id})
    if request.method == "GET":
        return redirect(f"{page}#event-{event}")
    user = current_user()
    try:
        payload = payload_from_form(workflow, event, request.form)
        with unit_of_work() as session:
            apply_event(
                session,
                workflow,
                subject_id,
                actor=user,
                event=event,
                version=_version(request.form),
                payload=payload,
                now=current_clock().now(),
            )
    except NotVisible:
        raise
    except DomainError as error:
        return _refused(error, subject_id, event, render)
    except (KeyError, ValueError):
        error = InvalidInput("表单内容不完整，请刷新页面后重试。")
        return _refused(error, subject_id, event, render)
    flash(f"“{event_label(workflow, event)}”已完成。")
    return redirect(page)


def _refused(error: DomainError, subject_id: int, event: str, render: Callable):
    current_session().rollback()
    flash(STALE_FORM if isinstance(error, StaleVersion) else error.message, "error")
    errors = form_errors(error.details, request.form)
    values = request.form.to_dict()
    return render(subject_id, event=event, errors=errors, values=values, status=error.status)
