"""Turn rows into the representations the API answers and the pages show, with times in the
service's zone and the events the caller may fire."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, joinedload, lazyload, load_only, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from service.access import (
    can_read_reply,
    can_see_assignment,
    can_see_contacts,
    memberships_of,
    visible_commitments,
    visible_record_data,
)
from service.db.performance.responses import read_together
from service.engine import available_events
from service.models import (
    Assignment,
    AuditRecord,
    Body,
    Commitment,
    CoSigner,
    Organisation,
    Proposal,
    Transfer,
    User,
)
from service.permissions import Permission, can
from service.policy import ground_label, load_policy
from service.vocabulary import FILED_DURING, ORGANISATION_KINDS
from workflows import BY_NAME
from workflows.assignment import state_label as assignment_state_label

PROPOSAL_STATES = BY_NAME["proposal"].states
ASSIGNMENT_STATES = BY_NAME["assignment"].states
TRANSFER_STATES = BY_NAME["transfer"].states
# Only a proposal sent to another body reads its transfers: every other proposal spares the query.
SENT_AWAY = ("transferring", "transferred")

# A page of rows is presented with what each representation and its available events read, one
# query per relationship for the whole page instead of one per row (lists were N+1).
PROPOSAL_PAGE = (
    selectinload(Proposal.cosigners),
    selectinload(Proposal.supervisors),
    selectinload(Proposal.ratings),
    selectinload(Proposal.assignments),
    selectinload(Proposal.commitments),
    selectinload(Proposal.organisation),
)
# An assignment's row shows its proposal's title and number and checks who filed it: not its
# text, its session or its proposer's account, which a proposal otherwise brings along.
ROW_PROPOSAL = selectinload(Assignment.proposal).options(
    load_only(Proposal.title, Proposal.number, Proposal.lead_proposer_id),
    lazyload(Proposal.plenary_session),
    lazyload(Proposal.lead_proposer),
)
# Reading more of proposals already loaded: nothing of theirs needs reading again.
PROPOSAL_LOADED = (
    load_only(Proposal.id),
    lazyload(Proposal.plenary_session),
    lazyload(Proposal.lead_proposer),
)
ASSIGNMENT_PAGE = (
    ROW_PROPOSAL,
    selectinload(Assignment.contacts),
    selectinload(Assignment.extensions),
)


def _ratings_of(proposal: Proposal, shown: list[Assignment]) -> list:
    """The ratings of the assignments shown, assignment by assignment, each in its order."""
    order = {a.id: position for position, a in enumerate(shown)}
    ratings = [r for r in proposal.ratings if r.assignment_id in order] if order else []
    return sorted(ratings, key=lambda r: (order[r.assignment_id], r.id))


def _organisation(organisation) -> dict | None:
    return None if organisation is None else {"id": organisation.id, "name": organisation.name}


class Presenter:
    """Knows the caller, the clock and the zone, so each representation is built the same way."""

    def __init__(self, session: Session, actor, *, now: datetime) -> None:
        self.session, self.actor, self.now = session, actor, now
        self.zone = session.info["settings"].zone

    def local(self, moment: datetime | None) -> datetime | None:
        return moment.astimezone(self.zone) if moment else None

    def organisation(self, organisation: Organisation) -> dict:
        """An organisation as the office and its own contacts read it."""
        return {
            "id": organisation.id,
            "name": organisation.name,
            "kind": organisation.kind,
            "kind_label": ORGANISATION_KINDS[organisation.kind],
            "contacts": [
                {"username": u.username, "name": u.display_name}
                for u in sorted(organisation.contacts, key=lambda u: u.username)
            ],
            "created_at": self.local(organisation.created_at),
        }

    def user(self, user: User) -> dict:
        """A login with its person's details; only ever the caller's own or for an admin."""
        return {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "name": user.display_name,
            "role": user.role,
            "unit_id": user.unit_id,
            "unit_name": user.unit.name if user.unit else None,
            "sector": user.sector,
            "party": user.party,
            "employer": user.employer,
            "phone": user.phone,
            "email": user.email,
            "notify_by": list(user.notify_by or ()),
            "proxy_rater": user.proxy_rater,
            "body": self.body(user.body),
            "memberships": [
                {
                    "body_id": held.body_id,
                    "body_name": held.body.name,
                    "role": held.role,
                    "unit_id": held.unit_id,
                }
                for held in memberships_of(self.session, user.person_id)
            ],
        }

    @staticmethod
    def body(body: Body) -> dict:
        return {"id": body.id, "name": body.name, "level": body.level}

    def proposers(self, proposal: Proposal) -> list[dict]:
        """The lead proposer, then the co-signers still on the proposal, with their phone and
        e-mail only where access.can_see_contacts allows."""
        invited = [c.user for c in proposal.cosigners if c.status not in CoSigner.LEFT_OUT]
        return [
            self.proposer(proposal, person, role)
            for person, role in [(proposal.lead_proposer, "lead")]
            + [(person, "co_signer") for person in invited]
        ]

    def proposer(self, proposal: Proposal, person: User, role: str) -> dict:
        shown = can_see_contacts(self.actor, proposal, person)
        return {
            "username": person.username,
            "name": person.display_name,
            "sector": person.sector,
            "party": person.party,
            "employer": person.employer,
            "phone": person.phone if shown else None,
            "email": person.email if shown else None,
            "role": role,
        }

    def assignment_brief(self, assignment: Assignment) -> dict:
        return {
            "id": assignment.id,
            "unit_id": assignment.unit_id,
            "unit_name": assignment.unit.name,
            "role": assignment.role,
            "state": assignment.state,
            "state_label": assignment_state_label(assignment.state, assignment.role),
            "version": assignment.version,
            "due_at": self.local(assignment.due_at),
        }

    def assignment_detail(self, assignment: Assignment) -> dict:
        """One assignment, its collections read in one or two queries instead of one each."""
        self._read_collections(assignment)
        return self.assignment(assignment)

    def assignment(self, assignment: Assignment) -> dict:
        proposal = assignment.proposal
        return {
            **self.assignment_brief(assignment),
            "proposal_id": proposal.id,
            "proposal_title": proposal.title,
            "proposal_number_label": proposal.number_label,
            "round": assignment.round,
            "rehandled": assignment.rehandled,
            "contact_waived": assignment.contact_waived,
            "return_until": self.local(assignment.return_until),
            "created_at": self.local(assignment.created_at),
            "signed_at": self.local(assignment.signed_at),
            "replied_at": self.local(assignment.replied_at),
            "replies": [
                self._row(r, created_at=self.local(r.created_at))
                for r in assignment.replies
                if can_read_reply(self.actor, r)
            ],
            "assisting_opinions": self._assisting_opinions(assignment),
            "contacts": [
                {
                    "id": c.id,
                    "method": c.method,
                    "date": c.day,
                    "summary": c.summary,
                    "status": c.status,
                    "created_at": self.local(c.created_at),
                }
                for c in assignment.contacts
            ],
            "extensions": [
                self._row(e, requested_at=self.local(e.requested_at)) for e in assignment.extensions
            ],
            "available_events": available_events(
                self.session, assignment, self.actor, now=self.now
            ),
        }

    def proposal(self, proposal: Proposal) -> dict:
        invited = [c for c in proposal.cosigners if c.status not in CoSigner.LEFT_OUT]
        shown = [a for a in proposal.assignments if can_see_assignment(self.actor, a)]
        return {
            **{
                name: getattr(proposal, name)
                for name in (
                    "id",
                    "title",
                    "body",
                    "background",
                    "analysis",
                    "suggestions",
                    "category",
                    "type",
                    "state",
                    "version",
                    "number",
                    "number_label",
                    "key",
                    "sector",
                    "reason_code",
                    "reason",
                    "disposition",
                    "merged_into_id",
                    "publish_consent",
                )
            },
            "state_label": PROPOSAL_STATES[proposal.state],
            "reason_label": ground_label(
                load_policy(self.session, proposal.body_id), proposal.reason_code
            ),
            "year": proposal.plenary_session.year,
            "session": proposal.plenary_session.name,
            "session_name": proposal.plenary_session.name,
            "session_id": proposal.plenary_session_id,
            "filed_during": proposal.filed_during,
            "filed_during_label": FILED_DURING.get(proposal.filed_during),
            "key_leader": proposal.key_leader.username if proposal.key_leader else None,
            "organisation": _organisation(proposal.organisation),
            "key_leaders": [
                {"username": s.user.username, "name": s.user.display_name}
                for s in proposal.supervisors
            ],
            "lead_proposer": proposal.lead_proposer.username,
            "lead_proposer_name": proposal.lead_proposer.display_name,
            "co_signers": [c.user.username for c in invited],
            "proposers": self.proposers(proposal),
            "co_signer_details": [
                {
                    "username": c.user.username,
                    "name": c.user.display_name,
                    "status": c.status,
                    "via": c.via,
                }
                for c in proposal.cosigners
            ],
            **{
                name: self.local(getattr(proposal, name))
                for name in (
                    "created_at",
                    "submitted_at",
                    "accepted_at",
                    "replied_at",
                    "closed_at",
                    "published_at",
                )
            },
            "assignments": [self.assignment_brief(a) for a in shown],
            "ratings": [
                self._row(r, created_at=self.local(r.created_at))
                for r in _ratings_of(proposal, shown)
            ],
            "commitments": [
                self.commitment(c) for c in visible_commitments(self.actor, proposal.commitments)
            ],
            "transferred_from": proposal.transferred_from,
            "transfer": (
                self.transfer(proposal.transfers[-1])
                if proposal.state in SENT_AWAY and proposal.transfers
                else None
            ),
            "available_events": available_events(self.session, proposal, self.actor, now=self.now),
        }

    def transfer(self, transfer: Transfer, *, with_text: bool = False) -> dict:
        """A 跨级转办 as both committees see it; `with_text` adds the proposal as it was sent."""
        shown = {
            "id": transfer.id,
            "proposal_id": transfer.proposal_id,
            "title": transfer.snapshot.get("title"),
            "from_body": self.body(transfer.from_body),
            "to_body": self.body(transfer.to_body),
            "reason": transfer.reason,
            "state": transfer.state,
            "state_label": TRANSFER_STATES[transfer.state],
            "version": transfer.version,
            "created_at": self.local(transfer.created_at),
            "decided_at": self.local(transfer.decided_at),
            "decline_reason": transfer.decline_reason,
            "received_proposal_id": transfer.received_proposal_id,
            "available_events": available_events(self.session, transfer, self.actor, now=self.now),
        }
        if with_text:
            shown["proposal"] = {
                name: transfer.snapshot.get(name)
                for name in (
                    "title",
                    "category",
                    "body",
                    "background",
                    "analysis",
                    "suggestions",
                    "session",
                    "submitted_at",
                    "organisation",
                    "proposers",
                )
            }
            sent = transfer.snapshot.get("submitted_at")  # kept as ISO text, in UTC
            if sent:
                shown["proposal"]["submitted_at"] = self.local(datetime.fromisoformat(sent))
        return shown

    def commitment(self, commitment: Commitment) -> dict:
        """A commitment of a final reply and where 回头看 left it (`open` until settled)."""
        return {
            "id": commitment.id,
            "assignment_id": commitment.assignment_id,
            "unit_id": commitment.assignment.unit_id,
            "unit_name": commitment.assignment.unit.name,
            "round": commitment.round,
            "text": commitment.text,
            "due_date": commitment.due_date,
            "outcome": commitment.outcome,
            "next_follow_up": commitment.next_due_on,
            "settled_at": self.local(commitment.settled_at),
            "open": commitment.is_open,
        }

    def _assisting_opinions(self, assignment: Assignment) -> list[dict]:
        """The lead unit writes its reply on the assisting units' opinions (会办意见), so its
        assignment shows them to it and to the office; members read the reply itself."""
        if assignment.role != "lead" or not can(self.actor, Permission.OPINIONS_READ):
            return []
        return [
            {
                "assignment_id": other.id,
                "unit_id": other.unit_id,
                "unit_name": other.unit.name,
                "body": reply.body,
                "created_at": self.local(reply.created_at),
            }
            for other in assignment.proposal.assignments
            if other.role == "assisting"
            for reply in other.replies
            if reply.kind == "opinion" and reply.status == "final"
        ]

    def read_page(self, assignments: list[Assignment]) -> None:
        """What a page of assignments shows beyond ASSIGNMENT_PAGE: the lead units' rows read
        their proposals' assignments with their replies (the assisting opinions, their own
        replies among them) in one query; the other rows their own replies in one more."""
        self._read_siblings({a.proposal_id for a in assignments if a.role == "lead"})
        read_together(self.session, assignments, "replies")

    def _read_collections(self, assignment: Assignment) -> None:
        """Eager loads fill only what is not loaded yet: a lead unit's representation reads its
        proposal's assignments with their replies; every representation reads its contacts and
        extension requests. A lead unit's are read with its siblings, in the same query; and
        the proposal too, when it is not loaded yet (a GET)."""
        unloaded = inspect(assignment).unloaded & {"contacts", "extensions", "replies", "proposal"}
        if assignment.role == "lead":
            [proposal] = self._read_siblings(
                {assignment.proposal_id},
                *unloaded - {"replies", "proposal"},
                whole="proposal" in unloaded,
            )
            # Held by the assignment: nothing else refers to the proposal read here, which
            # would otherwise leave the session with its siblings, to be read again.
            set_committed_value(assignment, "proposal", proposal)
            return
        if unloaded:
            self.session.execute(
                select(Assignment)
                .where(Assignment.id == assignment.id)
                .options(
                    load_only(Assignment.id),
                    lazyload(Assignment.unit),
                    *[joinedload(getattr(Assignment, key)) for key in unloaded],
                )
            ).unique().all()

    def _read_siblings(self, proposal_ids: set[int], *also: str, whole=False) -> list[Proposal]:
        """These proposals' assignments with their replies, and the collections named in `also`
        (of each of them: the few rows of the siblings cost less than a second query), in one
        query. The proposals are loaded already, unless `whole` asks for them as well."""
        if not proposal_ids:
            return []
        # A sibling shows only its unit, role, state and writings; the rows of this page or this
        # request among them are loaded whole already, and loading leaves them as they are.
        assignments = joinedload(Proposal.assignments).load_only(
            Assignment.proposal_id, Assignment.unit_id, Assignment.role, Assignment.state
        )
        return list(
            self.session.scalars(
                select(Proposal)
                .where(Proposal.id.in_(proposal_ids))
                .options(
                    *(() if whole else PROPOSAL_LOADED),
                    *[
                        assignments.joinedload(getattr(Assignment, key))
                        for key in ("replies", *also)
                    ],
                )
            ).unique()
        )

    def audit(self, record: AuditRecord) -> dict:
        return {
            "at": self.local(record.at),
            "actor": record.actor_name,
            "event": record.event,
            "workflow": record.workflow,
            "subject": record.subject,
            "from_state": record.from_state,
            "to_state": record.to_state,
            "data": visible_record_data(self.session, self.actor, record),
        }

    @staticmethod
    def _row(row, **overrides) -> dict:
        values = {column.key: getattr(row, column.key) for column in row.__table__.columns}
        return {**values, **overrides}
