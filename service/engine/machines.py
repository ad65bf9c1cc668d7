"""One `transitions` machine per workflow, built once from the declarations in `workflows/`."""

from __future__ import annotations

from transitions import Machine

import workflows
from workflows.spec import Workflow


def _build(workflow: Workflow) -> Machine:
    machine = Machine(
        model=None,
        states=list(workflow.states),
        auto_transitions=False,
        initial=None,
        send_event=False,
    )
    for event in workflow.all_events.values():
        for source in event.source:
            if not event.branches:
                machine.add_transition(event.name, source, None)
            for branch in event.branches:
                conditions = [branch.when] if branch.when else []
                machine.add_transition(event.name, source, branch.dest, conditions=conditions)
    return machine


MACHINES: dict[str, Machine] = {w.name: _build(w) for w in workflows.ALL}


def workflow_of(subject) -> Workflow:
    return workflows.BY_NAME[subject.__workflow__]


def machine_of(workflow: Workflow) -> Machine:
    return MACHINES[workflow.name]
