"""The workflow declarations are consistent, without a database: every name they use exists."""

import pytest

import workflows
from service.notifications import AUDIENCES, KINDS, Recipients, wording_for
from service.notifications.happening import OFFICE, UNIT
from service.operations.events import HANDLERS
from workflows.spec import PEOPLE, Role

DOCUMENT_KINDS = {
    "acceptance_notice",
    "rejection_notice",
    "assignment_notice",
    "reminder_notice",
    "reply_letter",
    "evaluation_form",
    "follow_up_notice",
    "follow_up_report",
    "supervision_notice",
}
DEADLINE_KINDS = {
    "cosign",
    "review",
    "sign",
    "return_window",
    "contact",
    "opinion",
    "reply",
    "evaluation",
    "follow_up",
}
ALL = pytest.mark.parametrize("workflow", workflows.ALL, ids=lambda w: w.name)


@ALL
def test_every_event_moves_between_declared_states(workflow):
    for event in workflow.all_events.values():
        assert set(event.source) <= set(workflow.states), event.name
        assert set(event.destinations) <= set(workflow.states), event.name


@ALL
def test_every_state_is_reachable_from_the_initial_state(workflow):
    reached, frontier = {workflow.initial}, [workflow.initial]
    while frontier:
        state = frontier.pop()
        for event in workflow.all_events.values():
            if state in event.source:
                for dest in set(event.destinations) - reached:
                    reached.add(dest)
                    frontier.append(dest)

    assert reached == set(workflow.states)


@ALL
def test_every_event_names_who_may_fire_it(workflow):
    for event in workflow.all_events.values():
        assert event.roles and event.roles <= set(Role), event.name
        assert event.internal == (event.roles == {Role.SYSTEM}), event.name


@ALL
def test_timers_use_declared_states_events_and_kinds(workflow):
    for timer in workflow.timers:
        assert set(timer.starts_in) <= set(timer.open_while) <= set(workflow.states)
        assert set(timer.met_by) <= set(workflow.all_events)
        assert timer.kind in DEADLINE_KINDS
        if not timer.silent:
            assert timer.due_event in workflow.all_events, timer.rule


@ALL
def test_documents_and_audiences_are_known(workflow):
    for event in workflow.all_events.values():
        assert {d.kind for d in event.documents} <= DOCUMENT_KINDS, event.name
        assert set(event.notify) <= set(AUDIENCES), event.name


@ALL
def test_every_declared_event_has_its_one_handler_entry(workflow):
    """Fields, look-ups and effect of each event are one entry of its workflow's table; the
    timer events derived from the timers take only what the clock says."""
    declared = {event.name for event in workflow.events}

    assert set(HANDLERS[workflow.name]) == declared


def test_people_never_fire_timer_events_and_the_clock_never_rates():
    proposal = workflows.BY_NAME["proposal"]

    assert Role.SYSTEM not in proposal.event("evaluate").roles
    assert not proposal.event("evaluation_lapsed").roles & PEOPLE
    assert Role.UNIT not in proposal.event("evaluate").roles


class _Unit:
    def __init__(self, unit_id: int, role: str) -> None:
        self.id, self.unit_id, self.role, self.state = unit_id, unit_id, role, "handling"


class _Proposal:
    """A proposal with a lead, an invited co-signer, a leader and, when asked, two units."""

    def __init__(self, units: bool) -> None:
        self.proposer_ids, self.lead_proposer_id = {1}, 1
        self.follower_ids = self.proposer_ids  # no organisation: its proposers alone
        self.pending_cosigner_ids, self.supervisor_ids = {2}, [3]
        self.assignments = [_Unit(10, "lead"), _Unit(11, "assisting")] if units else []
        self.transfers = [_Transfer()]


class _Transfer:
    """A 跨级转办 of the proposal, to another body."""

    id, to_body_id = 20, 2


def _readers(event, workflow, units: bool) -> set[str]:
    """Who the event's audiences reach: proposers or the leader, units, the office."""
    proposal = _Proposal(units or workflow.name == "assignment")
    assignment = proposal.assignments[0] if workflow.name == "assignment" else None
    to = Recipients()
    for audience in event.notify:
        AUDIENCES[audience](to, proposal, assignment, [12])
    readers = set(to.users.values())
    office = {OFFICE} if to.roles or to.transfers else set()
    return readers | ({UNIT} if to.units else set()) | office


@ALL
def test_every_notified_event_has_a_kind_and_a_sentence_for_everyone_it_reaches(workflow):
    for event in workflow.all_events.values():
        wording = wording_for(event.name)
        if not event.notify:
            continue
        assert wording is not None and wording.kind in KINDS, event.name
        for reader in _readers(event, workflow, True) | _readers(event, workflow, False):
            assert getattr(wording, reader) is not None, (event.name, reader)
