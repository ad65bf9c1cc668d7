"""What a notification's sentence may name: the event as it happened (`Happening`) and one
reader's view of it (`Told`: the proposer, a unit, the office or the supervising leader), with
the proposal's number and title, the unit, the person who acted, the reason given and the dates
by which the reader must act, in the words and dates an office worker reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Deadline, User
from service.vocabulary import OPEN_DEADLINE_STATUSES, UNIT_ROLES
from workflows.spec import Event

# Who reads a sentence: the proposer (您的提案), a handling unit (贵单位), the committee office,
# the supervising leader of a key proposal.
PROPOSER, UNIT, OFFICE, LEADER = "proposer", "unit", "office", "leader"
# Free text (a reason, a comment) is quoted up to this many characters.
QUOTED = 40


def day(moment: date | datetime | str | None, zone, today: date) -> str:
    """“3月30日”, with the year when it is not this year's; a time is read in the zone."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment) if "T" in moment else date.fromisoformat(moment)
    if isinstance(moment, datetime):
        moment = moment.astimezone(zone).date()
    year = "" if moment.year == today.year else f"{moment.year}年"
    return f"{year}{moment.month}月{moment.day}日"


def quoted(text: Any) -> str:
    """A person's words, on one line, cut to `QUOTED` characters."""
    words = " ".join(str(text or "").split()).rstrip("。.；;，, ")
    return words if len(words) <= QUOTED else words[:QUOTED] + "…"


@dataclass
class Happening:
    """One event on one proposal (and assignment), as the engine fired it."""

    session: Session
    event: Event
    proposal: Any
    assignment: Any
    actor: Any
    payload: Mapping[str, Any]  # the event's fields as loaded
    data: Mapping[str, Any]  # the history record's data, with what the effect added
    now: datetime

    @cached_property
    def zone(self):
        return self.session.info["settings"].zone

    @cached_property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    @cached_property
    def open_deadlines(self) -> list[Deadline]:
        """The proposal's running deadlines, read once (only when a sentence names one)."""
        return list(
            self.session.scalars(
                select(Deadline).where(
                    Deadline.proposal_id == self.proposal.id,
                    Deadline.status.in_(OPEN_DEADLINE_STATUSES),
                )
            )
        )

    def due(self, kind: str, assignment=None) -> Deadline | None:
        assignment_id = assignment.id if assignment is not None else None
        found = [
            d for d in self.open_deadlines if d.kind == kind and d.assignment_id == assignment_id
        ]
        return max(found, key=lambda d: d.id) if found else None


class Told:
    """The happening as one reader is told of it; a unit reader is told of its own part."""

    def __init__(self, happening: Happening, unit_id: int | None = None) -> None:
        self.happening, self.unit_id = happening, unit_id
        self.payload, self.data = happening.payload, happening.data

    @property
    def p(self) -> str:
        """提案第0012号《…》 (or 提案《…》 before it has a number)."""
        proposal = self.happening.proposal
        number = proposal.number_label or ""
        return f"提案{number}《{proposal.title}》"

    @property
    def titled(self) -> str:
        """提案《…》, without its number (a sentence that gives the number itself)."""
        return f"提案《{self.happening.proposal.title}》"

    @property
    def yours(self) -> str:
        return f"您的{self.p}"

    @property
    def number(self) -> str:
        return self.happening.proposal.number_label or ""

    @property
    def unit(self) -> str:
        """The unit whose assignment the event is about."""
        assignment = self.happening.assignment
        return assignment.unit.name if assignment is not None else "承办单位"

    @property
    def actor(self) -> str:
        actor = self.happening.actor
        return getattr(actor, "display_name", None) or getattr(actor, "username", "")

    @property
    def reason(self) -> str:
        return quoted(self.payload.get("reason"))

    @property
    def state(self) -> str:
        """Where the event left its subject."""
        subject = self.happening.assignment or self.happening.proposal
        return subject.state

    @property
    def is_subject_unit(self) -> bool:
        assignment = self.happening.assignment
        return assignment is not None and assignment.unit_id == self.unit_id

    @cached_property
    def own(self):
        """The reader unit's assignment on the proposal: the event's own, else its newest."""
        if self.is_subject_unit:
            return self.happening.assignment
        mine = [a for a in self.happening.proposal.assignments if a.unit_id == self.unit_id]
        return max(mine, key=lambda a: a.id or 0) if mine else None

    @property
    def own_role(self) -> str:
        return UNIT_ROLES.get(self.own.role, "") if self.own is not None else ""

    def day(self, moment) -> str:
        return day(moment, self.happening.zone, self.happening.today)

    def by(self, moment) -> str:
        """“于3月30日前”, or “按期” when no date is known."""
        return f"于{self.day(moment)}前" if moment else "按期"

    def before(self, kind: str, assignment=None) -> str:
        """By the open deadline of that kind (“于3月30日前”, or “按期” when there is none)."""
        deadline = self.happening.due(kind, assignment)
        return self.by(deadline.due_at if deadline is not None else None)

    @property
    def timer_due(self) -> datetime | None:
        """The due time of the deadline a clock event fired for."""
        due_at = self.payload.get("due_at")
        return datetime.fromisoformat(due_at) if due_at else None

    @property
    def days_left(self) -> int:
        """Days from today to the clock event's due day (negative once it has passed)."""
        due = self.timer_due
        if due is None:
            return 0
        return (due.astimezone(self.happening.zone).date() - self.happening.today).days

    def names(self, usernames) -> str:
        """People named by username in the event's data, by their names."""
        wanted = list(usernames or ())
        if not wanted:
            return ""
        found = dict(
            self.happening.session.execute(
                select(User.username, User.display_name).where(
                    User.body_id == self.happening.proposal.body_id, User.username.in_(wanted)
                )
            ).all()
        )
        return "、".join(found.get(name) or name for name in wanted)

    def units_of(self, assignment_ids) -> str:
        """“市交通运输局（主办）、市教育局（会办）” for the assignments the event made."""
        wanted = set(assignment_ids or ())
        made = [a for a in self.happening.proposal.assignments if a.id in wanted]
        return "、".join(f"{a.unit.name}（{UNIT_ROLES.get(a.role, a.role)}）" for a in made)
