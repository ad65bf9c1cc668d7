"""The vocabulary a workflow is declared in: states, events, guards, timers and the roles that act.

Plain frozen dataclasses, so the engine, the API, the diagrams and the tests all read one
declaration; nothing here knows of Flask or SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal


class Role(StrEnum):
    """Who may act. `system` is the clock: timer events and cascades the engine fires itself."""

    MEMBER = "member"
    COMMITTEE = "committee"
    UNIT = "unit"
    LEADER = "leader"
    ADMIN = "admin"
    SYSTEM = "system"


PEOPLE = frozenset(role for role in Role if role is not Role.SYSTEM)


@dataclass(frozen=True)
class Context:
    """What a guard or a branch may look at: read-only, nothing is written through it."""

    subject: Any
    actor: Any
    payload: Mapping[str, Any]
    now: datetime
    options: Mapping[str, Any] = field(default_factory=dict)


Check = Callable[[Context], bool]


@dataclass(frozen=True)
class Guard:
    """A condition an event needs, with the sentence the office worker reads when it is not met."""

    check: Check
    message: str
    # A condition the handling itself comes to meet (an assisting opinion arrives, a contact is
    # logged): while it is not met, the subject's page says what the event waits for, where a
    # refusal of another kind (the wrong role for it, a period that is over) says nothing.
    later: bool = False


@dataclass(frozen=True)
class Branch:
    """One possible destination of an event; the first branch whose `when` holds is taken."""

    dest: str
    when: Check | None = None


@dataclass(frozen=True)
class Notice:
    """A document the event asks for, optionally only when the event ends in `on_dest`;
    `per_unit` asks for one copy for each unit still on the proposal, each its own document."""

    kind: str
    on_dest: str | None = None
    per_unit: bool = False


@dataclass(frozen=True)
class Event:
    """One thing a person or the clock can do to a subject in some states."""

    name: str
    label: str
    source: tuple[str, ...]
    dest: str | tuple[Branch, ...] | None
    roles: frozenset[Role]
    guards: tuple[Guard, ...] = ()
    documents: tuple[Notice, ...] = ()
    notify: tuple[str, ...] = ()
    internal: bool = False
    # One sentence under the event's form on what it will do, in the office's words; `{name}`
    # stands for the administrator's setting of that name.
    hint: str = ""

    @property
    def branches(self) -> tuple[Branch, ...]:
        if self.dest is None:
            return ()
        if isinstance(self.dest, str):
            return (Branch(self.dest),)
        return self.dest

    @property
    def destinations(self) -> tuple[str, ...]:
        return tuple(branch.dest for branch in self.branches)

    def first_refusal(self, ctx: Context) -> str | None:
        """The message of the first guard that does not hold, or None when all hold."""
        for guard in self.guards:
            if not guard.check(ctx):
                return guard.message
        return None


@dataclass(frozen=True)
class Period:
    """How long a deadline runs. `setting` names the administrator's setting that overrides it."""

    unit: Literal["working_days", "months", "calendar_days", "follow_up"]
    amount: int
    setting: str


def working_days(amount: int, setting: str) -> Period:
    return Period("working_days", amount, setting)


def months(amount: int, setting: str) -> Period:
    return Period("months", amount, setting)


@dataclass(frozen=True)
class Reminder:
    """A 催办 `amount` days before the deadline (working days when `working`); 0 is on the day."""

    amount: int
    working: bool = False


@dataclass(frozen=True)
class Timer:
    """A deadline a subject gets when it enters `starts_in`, kept while it stays in `open_while`.

    It is met when the subject leaves `open_while` or fires one of `met_by`. When it falls due
    the clock fires `on_due` (by default `<kind>_overdue`), then `<kind>_escalated` after
    `escalate_after_days` calendar days. `after_downtime` says what a late sweep does:
    `fire_late` fires once, late, and says so; `skip_stale` drops reminders that lost their point.
    """

    rule: str
    kind: str
    label: str
    since: str
    starts_in: tuple[str, ...]
    open_while: tuple[str, ...]
    period: Period
    met_by: tuple[str, ...] = ()
    applies: Check | None = None
    reminders: tuple[Reminder, ...] = ()
    on_due: str | None = None
    escalate_after_days: int | None = None
    silent: bool = False
    notice: bool = True
    after_downtime: Literal["fire_late", "skip_stale"] = "fire_late"
    # Who must act when it is not a unit (the proposer rates): they get its reminders too.
    owed_by: tuple[str, ...] = ()

    @property
    def due_event(self) -> str:
        return self.on_due or f"{self.kind}_overdue"


@dataclass(frozen=True)
class Workflow:
    """A state machine declared as data; clock events for its timers are derived, not written."""

    name: str
    label: str
    initial: str
    states: Mapping[str, str]
    events: tuple[Event, ...]
    timers: tuple[Timer, ...] = ()
    all_events: Mapping[str, Event] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        events = {event.name: event for event in self.events}
        for event in self._timer_events():
            known = events.get(event.name)
            if known is not None:  # two timers of one kind: the clock event serves both
                merged = tuple(dict.fromkeys(known.source + event.source))
                event = replace(known, source=merged)
            events[event.name] = event
        object.__setattr__(self, "all_events", events)

    def _timer_events(self) -> list[Event]:
        clock = frozenset({Role.SYSTEM})
        made = []
        for timer in self.timers:
            if timer.silent:
                continue
            notice = (Notice("reminder_notice"),) if timer.notice else ()
            steps = []
            if timer.reminders:
                steps.append(("reminder", "催办", ("handlers", *timer.owed_by)))
            if timer.on_due is None:
                steps.append(("overdue", "超期", ("handlers", "committee")))
            if timer.escalate_after_days is not None:
                steps.append(("escalated", "严重超期", ("handlers", "committee", "leader")))
            for step, label, audiences in steps:
                made.append(
                    Event(
                        f"{timer.kind}_{step}",
                        f"{timer.label}{label}",
                        timer.open_while,
                        None,
                        clock,
                        documents=notice,
                        notify=audiences,
                        internal=True,
                    )
                )
        return made

    def event(self, name: str) -> Event | None:
        return self.all_events.get(name)

    def state_label(self, state: str) -> str:
        return self.states.get(state, state)

    def ends(self, name: str) -> bool:
        """Whether the event leaves its subject where no event leads on (撤回, 不予立案, 并案)."""
        declared = self.event(name)
        if declared is None or not declared.destinations:
            return False
        onward = {state for event in self.all_events.values() for state in event.source}
        return not onward.intersection(declared.destinations)
