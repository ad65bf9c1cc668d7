"""Which proposals a figure looks at: a session year, narrowed by session, unit, category,
界别, type or proposer; said of the proposals themselves and of the statistics' facts tables, which
carry the same columns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, literal, select
from sqlalchemy.sql import ColumnElement

from service.db import UTCDateTime
from service.errors import InvalidInput
from service.models import AssignmentFacts, PlenarySession, Proposal, Unit
from service.models.plenary import session_year
from service.policy import load_policy
from workflows.assignment import OWING

ANSWERING_ROLES = ("lead", "separate")
# An assignment in a state of OWING still owes its reply or opinion: its deadline is open, and
# it is the one on the row (`due_at`: first round as extended, or the re-handling's).


@dataclass(frozen=True)
class Scope:
    """A body's session year and optional narrowing; `now` is when "overdue now" is judged."""

    body_id: int
    year: int
    now: datetime
    session_id: int | None = None
    unit_id: int | None = None
    category: str | None = None
    sector: str | None = None
    # 个人、联名 or 集体提案.
    type: str | None = None
    proposer_id: int | None = None
    # How 未反馈 (a lapsed evaluation) counts in the satisfaction rate: left out (the default),
    # or as satisfied, as some localities count it (the setting lapsed_counts_as_satisfied).
    lapsed_as_satisfied: bool = False

    def conditions(self, table) -> list[ColumnElement[bool]]:
        """The year's rows of `table` (Proposal, or a facts table: they name the proposal's
        session, category, 界别, type and proposer alike), narrowed as asked. The unit is left to
        the caller: it narrows proposals and assignments differently."""
        sessions = select(PlenarySession.id).where(
            PlenarySession.body_id == self.body_id, PlenarySession.year == self.year
        )
        conditions = [table.plenary_session_id.in_(sessions.scalar_subquery())]
        narrowing = {
            "plenary_session_id": self.session_id,
            "category": self.category,
            "sector": self.sector,
            "type": self.type,
            "lead_proposer_id": self.proposer_id,
        }
        conditions += [
            getattr(table, name) == value for name, value in narrowing.items() if value is not None
        ]
        return conditions

    def proposal_conditions(self) -> list[ColumnElement[bool]]:
        """Submitted proposals of the year (drafts never count), narrowed as asked."""
        conditions = [Proposal.submitted_at.is_not(None), *self.conditions(Proposal)]
        if self.unit_id is not None:
            held = select(AssignmentFacts.proposal_id).where(
                AssignmentFacts.unit_id == self.unit_id
            )
            conditions.append(Proposal.id.in_(held))
        return conditions

    def now_literal(self):
        return moment(self.now)


def overdue_now(assignment, now: datetime) -> ColumnElement[bool]:
    """The assignment still owes its reply (or opinion) and its deadline has passed."""
    return and_(
        assignment.state.in_(OWING),
        assignment.due_at.is_not(None),
        assignment.due_at < moment(now),
    )


def moment(at: datetime):
    """A time as a bound value typed like the time columns (UTC; naive on SQLite)."""
    return literal(at, UTCDateTime())


def default_year(
    session, body_id: int, *, now: datetime, zone, session_id: int | None = None
) -> int:
    """The year the figures show when none is asked for: that of the body's session asked for,
    else of the session marked current (so that after 12月5日 the office still sees this
    session's work), else the session year the date counts toward."""
    query = select(PlenarySession.year).where(PlenarySession.body_id == body_id)
    if session_id is not None:
        query = query.where(PlenarySession.id == session_id)
    else:
        query = query.where(PlenarySession.current)
    found = session.scalar(query.order_by(PlenarySession.id.desc()).limit(1))
    return found if found is not None else session_year(now, zone)


def ensure_known(session, args: dict, body_id: int) -> dict:
    """The session and unit asked for exist in the body (an id from an old bookmark, or another
    body's, may not): their figures would be zeros under a made-up year.

    Raises:
        InvalidInput: naming the filter, in Chinese.
    """
    known = (("session_id", PlenarySession, "会次"), ("unit_id", Unit, "承办单位"))
    for name, model, what in known:
        wanted = args.get(name)
        found = session.get(model, wanted) if wanted is not None else None
        if wanted is not None and (found is None or found.body_id != body_id):
            message = f"所选{what}不存在，请重新选择。"
            raise InvalidInput(message, details={name: [message]})
    return args


def requested_scope(session, args: dict, *, actor, now: datetime) -> Scope:
    """The scope of a statistics request of the actor's body: its filters, in the year asked
    for or the default, counted as the office's settings say."""
    zone = session.info["settings"].zone
    ensure_known(session, args, actor.body_id)
    narrowing = {k: v for k, v in args.items() if k != "year" and v is not None}
    year = args.get("year") or default_year(
        session, actor.body_id, now=now, zone=zone, session_id=narrowing.get("session_id")
    )
    lapsed = load_policy(session)["lapsed_counts_as_satisfied"]
    return Scope(
        body_id=actor.body_id, year=year, now=now, lapsed_as_satisfied=lapsed, **narrowing
    )
