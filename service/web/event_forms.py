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
from service.engine.references import awaiting_rating
from service.errors import DomainError, InvalidInput, NotVisible
from service.models import AuditRecord, Proposal, Unit, User
from service.operations.events import apply_event
from service.policy import load_policy
from service.web.auth import current_user
from service.web.display import event_label
from service.web.forms import COMMITMENT_ROWS, event_fields, form_errors, payload_from_form
from service.web.merge import candidates

# One sentence under each form on what the event will do, in the office's words.
HINTS = {
    ("proposal", "submit"): "提交后进入立案审查；邀请了联名人的，待联名人确认后进入审查。",
    ("proposal", "cosign"): "确认后，您将作为联名人列在提案上，并可查看办理情况。",
    ("proposal", "withdraw"): "撤回后提案不再办理，且不能恢复。",
    ("proposal", "accept"): "立案后生成提案编号和立案通知书，随后交办。",
    ("proposal", "reject"): "请选择理由（或写明说明）和处理方式；提案人将看到理由和去向。",
    ("proposal", "merge"): "并案后，本提案的提案人作为联名人加入所并入的提案，并收到其答复。",
    ("proposal", "return_for_revision"): "请写明需要修改之处；提案人修改后可重新提交。",
    ("proposal", "assign"): (
        "选择一家主办单位（可加会办单位），或几家分办单位；交办后生成交办通知书，承办单位开始计时。"
    ),
    ("proposal", "mark_key"): "重点提案由督办领导督办，提前提醒，并必做回头看。",
    ("proposal", "evaluate"): "请对每家单位的答复分别评价；结果“不满意”的，该单位将重新办理。",
    ("proposal", "add_rating"): "作为联名人，您可以补充自己对答复的评价。",
    ("proposal", "record_consultation"): "记录当面协商的情况后，提案办结。",
    ("proposal", "start_follow_up"): "启动回头看后，承办单位和提案人将收到通知，逐项核对承诺事项。",
    ("proposal", "complete_follow_up"): (
        "已落实：提案办结；部分落实：另定下次回头看日期；未落实：交承办单位重新办理（督办）。"
    ),
    ("proposal", "reopen"): "督办重办：已答复的承办单位将重新办理。",
    ("assignment", "sign"): "签收后开始办理；不属本单位职责的，请在申请退回期限内申请退回。",
    ("assignment", "request_return"): "请写明理由，可建议承办单位；承办单位不得自行转办。",
    ("assignment", "approve_return"): "可同时改交其他单位；单位建议的承办单位已预先选好。",
    ("assignment", "log_contact"): "答复前须至少与提案人沟通一次（办前沟通）；提案人可确认或否认。",
    ("assignment", "request_extension"): (
        "由提案委员会审批；延期后的答复期限不能超过交办起{max_reply_months}个月。"
    ),
    ("assignment", "submit_opinion"): "协办意见送主办单位，由主办单位统一答复提案人。",
    ("assignment", "reply"): (
        "答复函送提案人，抄送提案委员会和会办单位；B、C类答复请列明承诺事项和完成日期。"
    ),
    ("assignment", "urge"): "催办将生成催办通知单送承办单位。",
}
RATING_SCALE = ("satisfied", "basically_satisfied", "unsatisfied")
PAGES = {"proposal": "proposal_pages.proposal", "assignment": "assignment_pages.assignment"}
TIMER_FIELDS = ("deadline_id", "kind", "late", "due_at")
PARTS = ("background", "analysis", "suggestions")
REVISABLE = ("title", "category", "body", *PARTS)


def fields_for(workflow: str, event: str, proposal: Proposal) -> list:
    """The event's inputs; a revision offers the body in the shape the proposal was written in."""
    hidden = set(TIMER_FIELDS)
    if event == "submit":
        hidden |= {"body"} if proposal.background else set(PARTS)
    return [spec for spec in event_fields(workflow, event) if spec.name not in hidden]


class FormContext:
    """What the event forms offer to choose from: units, proposals to merge into, leaders,
    contacts to confirm, replies to rate; and what they show filled in beforehand."""

    commitment_rows = COMMITMENT_ROWS

    def __init__(self, session, proposal: Proposal, assignment=None, *, actor=None) -> None:
        self.session, self.proposal, self.assignment = session, proposal, assignment
        self.actor = actor

    @cached_property
    def units(self) -> list[Unit]:
        return self.session.scalars(select(Unit).where(Unit.active).order_by(Unit.name)).all()

    def hint(self, workflow: str, event: str) -> str:
        if (workflow, event) == ("proposal", "submit") and self.proposal.state == "returned":
            return "请按退回意见修改下列内容后重新提交。"
        if event == "evaluate" and getattr(self.actor, "role", None) == "committee":
            return "代委员录入其签字的纸质征询意见表上的测评结果；系统记为提案委员会代录。"
        return HINTS.get((workflow, event), "").format(**load_policy(self.session))

    @property
    def rating_scale(self) -> tuple[str, ...]:
        extra = ("very_satisfied",) if load_policy(self.session)["very_satisfied_level"] else ()
        return extra + RATING_SCALE

    def references(self, name: str) -> list[tuple]:
        if name == "suggested_unit_id":
            return [(u.id, u.name) for u in self.units]
        if name == "leader":
            leaders = select(User).where(User.role == "leader", User.active)
            return [(u.username, u.display_name) for u in self.session.scalars(leaders)]
        if name == "contact_id" and self.assignment is not None:
            return [
                (c.id, f"{c.day} {c.method}：{c.summary[:30]}")
                for c in self.assignment.contacts
                if c.status == "logged"
            ]
        if name == "into":
            return [
                (p.id, f"{p.number_label or '待审查'} {p.title}（{p.lead_proposer.display_name}）")
                for p, _ in candidates(self.session, self.proposal, limit=200)
            ]
        return []

    def rating_targets(self, event: str) -> list:
        """The replies to rate: the lead proposer rates each unrated one; a co-signer adds a
        rating of each final reply they have not rated yet."""
        if event != "add_rating":
            return awaiting_rating(self.proposal)
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
        """Values a form starts with: the text being revised, the unit a clerk suggested."""
        if event == "submit":
            return {name: getattr(self.proposal, name) or "" for name in REVISABLE} | {
                "body": self.proposal.body_text or ""
            }
        if event == "approve_return" and self.return_request.get("suggested_unit_id"):
            return {f"unit_role-{self.return_request['suggested_unit_id']}": self.assignment.role}
        if event == "approve_reply" and self.assignment.latest_reply is not None:
            return {"category": self.assignment.latest_reply.category or ""}
        return {}

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


def fire_from_form(workflow: str, subject_id: int, event: str, *, again: Callable):
    """Fire the event the form stands for; on a refusal `again(event, errors, values, status)`
    renders the page once more with this form open."""
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
        return _refused(error, event, again)
    except (KeyError, ValueError):
        return _refused(InvalidInput("表单内容不完整，请刷新页面后重试。"), event, again)
    flash(f"“{event_label(workflow, event)}”已完成。")
    return redirect(url_for(PAGES[workflow], **{f"{workflow}_id": subject_id}))


def _refused(error: DomainError, event: str, again: Callable):
    current_session().rollback()
    flash(error.message, "error")
    errors = form_errors(error.details, request.form)
    return again(event, errors, request.form.to_dict(), error.status)
