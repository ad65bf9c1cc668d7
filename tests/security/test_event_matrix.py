"""Every event × role × state, generated from workflows/: 404, 403, 409 or fields; nothing moves.

Each event is fired with a probe field no event accepts, so a cell the declaration allows answers
422 naming the probe (role and state passed, the fields were refused) and nothing is ever written;
one subject per (workflow, state) then serves every cell of that state.
"""

from __future__ import annotations

import pytest

import workflows
from tests.security.subjects import (
    ROLES,
    Builder,
    assignment_subjects,
    proposal_subjects,
    transfer_subjects,
)

PROBE = "__probe__"
BUILDERS = {
    "proposal": proposal_subjects,
    "assignment": assignment_subjects,
    "transfer": transfer_subjects,
}


def expected(event, role: str, subject) -> tuple[int, str]:
    """The contract's answer: not visible, role, state, then (with the probe) fields."""
    if role not in subject.seen_by:
        return 404, "not_found"
    if role not in event.roles:  # internal events are the clock's (`system`) alone
        return 403, "forbidden"
    if subject.state not in event.source:
        return 409, "event_not_allowed"
    return 422, "invalid_input"


def observe(builder: Builder, role: str, subject, event: str, version: int) -> tuple[int, str]:
    body = {"event": event, "version": version, PROBE: "x"}
    response = builder.actor(role, subject).post(f"{subject.path}/events", body)
    code = (response.json or {}).get("error", {}).get("code")
    if response.status == 422 and PROBE not in response.error["details"]:
        code = f"422 without naming the probe: {response.error['details']}"
    return response.status, code


def snapshot(builder: Builder, subject) -> tuple:
    body = builder.current(subject)
    proposal_id = body["id"] if subject.kind == "proposal" else body["proposal_id"]
    history = builder.member.ok("GET", f"/proposals/{proposal_id}/history")
    return body["state"], body["version"], len(history)


def offered_beyond_the_declaration(builder: Builder, workflow, subject) -> list[str]:
    """available_events may only name events the role may fire in this state."""
    wrong = []
    for role in sorted(subject.seen_by):
        offered = set(builder.actor(role, subject).ok("GET", subject.path)["available_events"])
        allowed = {
            e.name
            for e in workflow.all_events.values()
            if role in e.roles and subject.state in e.source and not e.internal
        }
        wrong += [f"{subject.state}/{role} offers {name}" for name in sorted(offered - allowed)]
    return wrong


@pytest.mark.parametrize("workflow", workflows.ALL, ids=lambda w: w.name)
@pytest.mark.long_running
def test_every_event_answers_each_role_in_each_state_as_declared(world, workflow, capsys):
    builder = Builder(world)
    subjects = BUILDERS[workflow.name](builder)
    mismatches, cells, exercised = [], 0, set()

    for state, subject in subjects.items():
        before = snapshot(builder, subject)
        for event in workflow.all_events.values():
            for role in ROLES:
                want = expected(event, role, subject)
                got = observe(builder, role, subject, event.name, before[1])
                cells += 1
                exercised |= {event.name} if want[0] == 422 else set()
                if got != want:
                    mismatches.append(f"{event.name} as {role} in {state}: {got} != {want}")
        assert snapshot(builder, subject) == before, f"a refused event changed {state}"
        mismatches += offered_beyond_the_declaration(builder, workflow, subject)

    with capsys.disabled():
        print(f"\n{workflow.name}: {cells} event × role × state cells checked")
    assert set(subjects) == set(workflow.states), "a state without a subject in the matrix"
    people = {e.name for e in workflow.all_events.values() if not e.internal}
    assert people <= exercised, f"events never exercised: {sorted(people - exercised)}"
    assert not mismatches, "\n".join(mismatches)
