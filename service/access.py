"""Which rows a user may see: the one query layer every list, detail and event goes through.

Committee staff and administrators see every proposal once it is submitted; a leader the key
proposals they supervise; a member those they lead or co-sign; a unit handler only proposals with
an assignment of their unit, and only their unit's assignments. The deadlines, history records,
replies, 回头看 commitments and working-list rows a user reads follow from these, here too, and
so does what a visible history record shows of its data (`visible_record_data`). Who holds
which of these is said once, by the permissions of `service/permissions.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, exists, false, or_, select, true
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import ColumnElement, Select

from service.db.scope import also_in, widened
from service.errors import NotVisible
from service.models import (
    Assignment,
    Attachment,
    AuditRecord,
    Commitment,
    CoSigner,
    Deadline,
    Document,
    Organisation,
    Proposal,
    ProposalSupervisor,
    Reply,
    Transfer,
    Unit,
    User,
)
from service.models.people import organisation_contacts
from service.permissions import Permission, can
from workflows.assignment import ON_PROPOSAL


def proposal_filter(actor) -> ColumnElement[bool]:
    """Every role sees only its own body's proposals: the committee's and the leaders' by the
    body named here; the others' follow, as members, units and leaders are rows of one body."""
    if can(actor, Permission.PROPOSALS_READ_ALL):
        return and_(Proposal.body_id == actor.body_id, Proposal.submitted_at.is_not(None))
    if can(actor, Permission.KEY_PROPOSALS_SUPERVISE):
        return exists().where(
            ProposalSupervisor.proposal_id == Proposal.id, ProposalSupervisor.user_id == actor.id
        )
    if can(actor, Permission.PROPOSALS_FILE):
        cosigns = exists().where(
            CoSigner.proposal_id == Proposal.id,
            CoSigner.user_id == actor.id,
            CoSigner.status.not_in(CoSigner.LEFT_OUT),
        )
        return or_(
            Proposal.lead_proposer_id == actor.id,
            and_(or_(cosigns, _organisation_contact(actor)), _invitation_sent()),
        )
    if can(actor, Permission.ASSIGNMENTS_HANDLE) and actor.unit_id is not None:
        return exists().where(
            Assignment.proposal_id == Proposal.id, Assignment.unit_id == actor.unit_id
        )
    return false()


def memberships_of(session: Session, person_id: int) -> list[User]:
    """A person's active memberships with their bodies, in the order they were made: the
    bodies whose rows they may see, each as the one member they are there (read across the
    bodies: a person is the platform's, not one body's)."""
    query = (
        select(User)
        .where(User.person_id == person_id, User.active)
        .options(joinedload(User.body))
        .order_by(User.id)
    )
    with widened(session):
        return list(session.scalars(query))


def body_units(actor) -> Select:
    """The ids of the units of the actor's body (each assignment is to one of its body's)."""
    return select(Unit.id).where(Unit.body_id == actor.body_id)


def _organisation_contact(actor) -> ColumnElement[bool]:
    """A contact of the organisation a collective proposal is filed for reads it as its
    proposers do: the contact who filed it as lead proposer, the others once it is submitted."""
    return exists().where(
        organisation_contacts.c.organisation_id == Proposal.organisation_id,
        organisation_contacts.c.user_id == actor.id,
    )


def _invitation_sent() -> ColumnElement[bool]:
    """A draft stays with its lead proposer: the invited co-signers read it from its `submit`
    on, when their invitation goes out (and not at all when it is withdrawn as a draft)."""
    submitted_once = exists().where(
        AuditRecord.proposal_id == Proposal.id,
        AuditRecord.workflow == "proposal",
        AuditRecord.event == "submit",
    )
    return and_(Proposal.state != "draft", or_(Proposal.state != "withdrawn", submitted_once))


def assignment_filter(actor) -> ColumnElement[bool]:
    if can(actor, Permission.PROPOSALS_READ_ALL):
        return Assignment.unit_id.in_(body_units(actor))
    if can(actor, Permission.ASSIGNMENTS_HANDLE):
        return Assignment.unit_id == actor.unit_id if actor.unit_id is not None else false()
    visible = select(Proposal.id).where(proposal_filter(actor))
    return and_(Assignment.proposal_id.in_(visible))


def organisation_filter(actor) -> ColumnElement[bool]:
    """The office and leaders see every organisation; a member those they are a contact of."""
    if can(actor, Permission.ORGANISATIONS_READ_ALL):
        return Organisation.body_id == actor.body_id
    if can(actor, Permission.PROPOSALS_FILE):
        return Organisation.id.in_(
            select(organisation_contacts.c.organisation_id).where(
                organisation_contacts.c.user_id == actor.id
            )
        )
    return false()


def visible_organisations(actor) -> Select:
    """The organisations the actor may list; a handling unit is refused (403) before this."""
    return select(Organisation).where(organisation_filter(actor))


def find_organisation(session: Session, organisation_id: int, actor) -> Organisation:
    found = session.scalars(
        select(Organisation).where(Organisation.id == organisation_id, organisation_filter(actor))
    ).first()
    if found is None:
        raise NotVisible("集体提案单位")
    return found


def visible_proposals(actor):
    return select(Proposal).where(proposal_filter(actor))


def visible_assignments(actor):
    return select(Assignment).where(assignment_filter(actor))


def find_proposal(session: Session, proposal_id: int, actor, *, lock: bool = False) -> Proposal:
    """The proposal if the actor may see it, else NotVisible (404). `lock` takes its row lock."""
    query = visible_proposals(actor).where(Proposal.id == proposal_id)
    if lock:
        # An event on a proposal reads its assignments and their replies (guards, ratings,
        # notices, the response): two queries with the lock instead of one per assignment.
        query = (
            query.with_for_update(of=Proposal)
            .options(selectinload(Proposal.assignments).selectinload(Assignment.replies))
            .execution_options(populate_existing=True)
        )
    proposal = session.scalars(query).first()
    if proposal is None:
        raise NotVisible("提案")
    return proposal


def find_assignment(
    session: Session, assignment_id: int, actor, *, lock: bool = False
) -> Assignment:
    """The assignment if visible. With `lock`, its proposal is locked first, then the assignment,
    always in that order, so events on one proposal queue instead of deadlocking."""
    if not lock:
        assignment = session.scalars(
            visible_assignments(actor).where(Assignment.id == assignment_id)
        ).first()
        if assignment is None:
            raise NotVisible("交办记录")
        return assignment
    # One statement finds the assignment if visible and locks its proposal, then it: PostgreSQL
    # takes a row's locks in the order `OF` names the tables, and waits for the proposal
    # without holding the assignment.
    found = session.execute(
        select(Proposal, Assignment)
        .join(Assignment, Assignment.proposal_id == Proposal.id)
        .where(Assignment.id == assignment_id, assignment_filter(actor))
        .with_for_update(of=[Proposal, Assignment])
        .execution_options(populate_existing=True)
    ).first()
    if found is None:
        raise NotVisible("交办记录")
    proposal, assignment = found
    # Held by the assignment, the locked proposal stays in the session: `assignment.proposal`
    # would otherwise read it again once nothing else referred to it.
    set_committed_value(assignment, "proposal", proposal)
    return assignment


def transfer_filter(actor) -> ColumnElement[bool]:
    """A 跨级转办 is seen by the committees of the two bodies it passes between, and nobody else:
    the receiver reads what it is asked to take, the sender follows what became of it."""
    if not can(actor, Permission.PROPOSALS_READ_ALL):
        return false()
    return or_(Transfer.from_body_id == actor.body_id, Transfer.to_body_id == actor.body_id)


def find_transfer(session: Session, transfer_id: int, actor, *, lock: bool = False) -> Transfer:
    """The transfer if visible. With `lock`, the sender's proposal is locked first, then the
    transfer, as events on the proposal lock it: its answer moves the proposal too. A transfer
    passes between two bodies: whoever may see it works in both from then on (the sender's
    proposal is read and moved, the receiver's filed)."""
    bodies = session.execute(
        select(Transfer.from_body_id, Transfer.to_body_id).where(
            Transfer.id == transfer_id, transfer_filter(actor)
        )
    ).first()
    if bodies is None:
        raise NotVisible("转办")
    also_in(session, bodies)
    query = (
        select(Proposal, Transfer)
        .join(Transfer, Transfer.proposal_id == Proposal.id)
        .where(Transfer.id == transfer_id)  # seen by the actor: found above
    )
    if lock:
        query = query.with_for_update(of=[Proposal, Transfer]).execution_options(
            populate_existing=True
        )
    found = session.execute(query).first()
    if found is None:
        raise NotVisible("转办")
    proposal, transfer = found
    set_committed_value(transfer, "proposal", proposal)
    return transfer


def can_see_assignment(actor, assignment: Assignment) -> bool:
    """Of a visible proposal's assignments, a unit handler sees only its own unit's."""
    if can(actor, Permission.ASSIGNMENTS_HANDLE):
        return assignment.unit_id == actor.unit_id
    return True


def can_see_contacts(actor, proposal: Proposal, person) -> bool:
    """A proposer's phone and e-mail are shown to the person themself, to the office and the
    leaders, and to a unit while its assignment on the proposal is not returned (or withdrawn):
    it calls the member before handling (办前沟通), and stops seeing them once off the proposal."""
    if actor is None:
        return False
    if person.id == actor.id or can(actor, Permission.CONTACTS_READ_ALL):
        return True
    if can(actor, Permission.ASSIGNMENTS_HANDLE) and actor.unit_id is not None:
        return any(
            a.unit_id == actor.unit_id and a.state in ON_PROPOSAL for a in proposal.assignments
        )
    return False


def unit_rows_filter(actor, unit_column) -> list[ColumnElement[bool]]:
    """A unit handler's working lists hold only its own unit's rows (`unit_column` says whose
    a row is); everyone else's hold every unit's."""
    if can(actor, Permission.ASSIGNMENTS_HANDLE):
        return [unit_column == actor.unit_id]
    return []


def deadline_filter(actor) -> ColumnElement[bool]:
    """A deadline is visible with its subject: a unit handler's are those of its own unit's
    assignments; everyone else sees every unit's assignments of the proposals they see, so
    their deadlines are those of the proposals they see."""
    if can(actor, Permission.ASSIGNMENTS_HANDLE):
        return Deadline.assignment_id.in_(select(Assignment.id).where(assignment_filter(actor)))
    return Deadline.proposal_id.in_(select(Proposal.id).where(proposal_filter(actor)))


def history_filter(actor) -> ColumnElement[bool]:
    """Of a visible proposal's history, the proposal's own records and those of the
    assignments the actor sees: a unit handler reads its own unit's, not other units'."""
    if not can(actor, Permission.ASSIGNMENTS_HANDLE):
        return true()
    own = select(Assignment.id).where(assignment_filter(actor))
    return or_(AuditRecord.workflow != "assignment", AuditRecord.subject_id.in_(own))


def visible_history(actor, proposal_id: int) -> Select:
    """The history records of a proposal (found visible) that the actor reads, oldest first."""
    return (
        select(AuditRecord)
        .where(AuditRecord.proposal_id == proposal_id, history_filter(actor))
        .order_by(AuditRecord.id)
    )


def can_read_reply(actor, reply) -> bool:
    """Members and leaders read a unit's reply once it is final (after review, when review is
    on); the office and the units read it as it is written."""
    return can(actor, Permission.UNREVIEWED_REPLIES_READ) or reply.status == "final"


def visible_commitments(actor, commitments: Iterable[dict | Commitment] | None) -> list:
    """The commitments a 回头看 checked (entries naming their `unit`), or a proposal's tracked
    ones (rows): a unit handler reads only its own unit's."""
    own = actor.unit.name if can(actor, Permission.ASSIGNMENTS_HANDLE) and actor.unit else None
    return [c for c in commitments or () if own is None or _unit_of(c) == own]


def _unit_of(commitment: dict | Commitment) -> str | None:
    if isinstance(commitment, Commitment):
        return commitment.assignment.unit.name
    return commitment.get("unit")


# 催办 notices are between the office and the unit; a member reads the rest of their file, and
# the reminder addressed to them: to rate the reply before the evaluation closes.
# Written to the units about their handling: 催办 and 督办 notices.
MEMBER_HIDDEN_DOCUMENTS = ("reminder_notice", "supervision_notice")
MEMBER_REMINDERS = ("evaluation_reminder",)
NOTICE = "assignment_notice"


def document_filter(actor) -> ColumnElement[bool]:
    """Documents of visible proposals; a unit reads the proposal's, its own and the replies
    copied to it (not the member's reminders); the office and leaders also read the
    office-wide ones."""
    visible = Document.proposal_id.in_(select(Proposal.id).where(proposal_filter(actor)))
    if can(actor, Permission.ASSIGNMENTS_HANDLE):
        proposals = Document.assignment_id.is_(None) & Document.kind.not_in(MEMBER_HIDDEN_DOCUMENTS)
        own = Document.assignment_id.in_(
            select(Assignment.id).where(Assignment.unit_id == actor.unit_id)
        )
        return visible & (proposals | own | (Document.kind == "reply_letter"))
    if can(actor, Permission.PROPOSALS_FILE):
        theirs = Document.snapshot["event"].as_string().in_(MEMBER_REMINDERS)
        # The 交办通知书 prints the lead proposer's phone and e-mail for the units: the lead
        # reads it, the co-signers (who may not see those) do not.
        led = Document.proposal_id.in_(
            select(Proposal.id).where(Proposal.lead_proposer_id == actor.id)
        )
        return visible & (
            (Document.kind.not_in(MEMBER_HIDDEN_DOCUMENTS) & ((Document.kind != NOTICE) | led))
            | theirs
        )
    if can(actor, Permission.REPORTS_READ):
        return visible | (Document.proposal_id.is_(None) & (Document.body_id == actor.body_id))
    return visible


def find_document(session: Session, document_id: int, actor) -> Document:
    document = session.scalars(
        select(Document).where(Document.id == document_id, document_filter(actor))
    ).first()
    if document is None:
        raise NotVisible("文件")
    return document


def attachment_filter(actor) -> ColumnElement[bool]:
    """Attachments of visible proposals. One tied to an assignment is that unit's: other units
    never see it, and members and leaders see it once the unit's reply is theirs to read."""
    visible = Attachment.proposal_id.in_(select(Proposal.id).where(proposal_filter(actor)))
    untied = Attachment.assignment_id.is_(None)
    if can(actor, Permission.ASSIGNMENTS_HANDLE):
        own = Attachment.assignment_id.in_(
            select(Assignment.id).where(Assignment.unit_id == actor.unit_id)
        )
        return visible & (untied | own)
    if can(actor, Permission.UNREVIEWED_REPLIES_READ):
        return visible
    answered = exists().where(
        Reply.assignment_id == Attachment.assignment_id,
        Reply.kind == "reply",
        Reply.status == "final",
    )
    return visible & (untied | answered)


def find_attachment(session: Session, attachment_id: int, actor) -> Attachment:
    attachment = session.scalars(
        select(Attachment).where(Attachment.id == attachment_id, attachment_filter(actor))
    ).first()
    if attachment is None:
        raise NotVisible("附件")
    return attachment


# A unit's writings are read from the assignment once final (after review, when review is on);
# the history's copy would show members and leaders a reply the office has not let through.
UNIT_WRITINGS = ("reply", "submit_opinion")
# The member's 满意度测评 and a co-signer's added rating hold one rating per assignment.
RATING_EVENTS = ("evaluate", "add_rating")


def visible_record_data(session: Session, actor, record: AuditRecord) -> dict:
    """The data of a history record as the actor may read it. A unit reads, of the ratings, only
    those of its own assignments: units handling a proposal separately (分办) must not read how
    the member rated the other."""
    data = record.data or {}
    if record.event in UNIT_WRITINGS and not can(actor, Permission.UNREVIEWED_REPLIES_READ):
        return {}
    if record.event == "attach" and record.workflow == "assignment":
        return data if _unit_file_readable(session, actor, record.subject_id) else {}
    if record.event in RATING_EVENTS and can(actor, Permission.ASSIGNMENTS_HANDLE):
        ratings = [r for r in data.get("ratings") or () if _own(session, actor, r)]
        return {**data, "ratings": ratings}
    if record.event == "complete_follow_up" and "settled" in data:
        return _own_settlements(actor, data)
    return data


def _unit_file_readable(session: Session, actor, assignment_id: int) -> bool:
    """Whether a file attached to a unit's assignment is named to the actor: as its attachment
    is shown (`attachment_filter`)."""
    if can(actor, Permission.UNREVIEWED_REPLIES_READ):
        return True
    answered = select(Reply.id).where(
        Reply.assignment_id == assignment_id, Reply.kind == "reply", Reply.status == "final"
    )
    return session.scalars(answered.limit(1)).first() is not None


def _own_settlements(actor, data: dict) -> dict:
    """A 回头看's findings as the actor may read them: a unit, those of its own commitments."""
    settled = visible_commitments(actor, data["settled"])
    shown = {entry.get("id") for entry in settled}
    read = {**data, "settled": settled}
    if "settlements" in data:
        given = data["settlements"] if isinstance(data["settlements"], list) else []
        read["settlements"] = [
            s for s in given if isinstance(s, dict) and s.get("commitment_id") in shown
        ]
    return read


def _own(session: Session, actor, rating: dict) -> bool:
    assignment_id = rating.get("assignment_id")
    if not isinstance(assignment_id, int):
        return False
    assignment = session.get(Assignment, assignment_id)
    return assignment is not None and assignment.unit_id == actor.unit_id
