"""The state machines of the product, declared as data: one module per workflow."""

from workflows import assignment, proposal, transfer
from workflows.spec import Workflow

ALL: tuple[Workflow, ...] = (proposal.WORKFLOW, assignment.WORKFLOW, transfer.WORKFLOW)
BY_NAME = {workflow.name: workflow for workflow in ALL}
