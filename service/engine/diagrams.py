"""Workflow diagrams drawn from the declarations in `workflows/` with Graphviz, in Chinese:
what the office prints to explain the process, and what developers check a change against."""

from __future__ import annotations

import functools

import graphviz

from workflows import BY_NAME
from workflows.spec import Workflow

FONT = "Noto Sans CJK SC"
ROLE_NAMES = {
    "member": "委员",
    "committee": "提案委员会",
    "unit": "承办单位",
    "leader": "督办领导",
    "system": "系统",
}


def _dot(workflow: Workflow) -> graphviz.Digraph:
    graph = graphviz.Digraph(
        workflow.name,
        graph_attr={
            "rankdir": "LR",
            "fontname": FONT,
            "label": f"{workflow.label}流程",
            "labelloc": "t",
            "fontsize": "18",
        },
        node_attr={"fontname": FONT, "shape": "box", "style": "rounded"},
        edge_attr={"fontname": FONT, "fontsize": "10"},
    )
    for state, label in workflow.states.items():
        shape = "doublecircle" if state == workflow.initial else "box"
        graph.node(
            state,
            label,
            shape=shape if shape == "box" else "box",
            penwidth=("2" if state == workflow.initial else "1"),
        )
    for event in workflow.all_events.values():
        if not event.destinations:
            continue  # events that leave the state as it is (催办, 沟通) would only add loops
        who = "、".join(ROLE_NAMES.get(role, role) for role in sorted(event.roles))
        for source in event.source:
            for dest in dict.fromkeys(event.destinations):
                if dest != source:
                    graph.edge(
                        source,
                        dest,
                        f"{event.label}（{who}）",
                        style="dashed" if event.internal else "solid",
                    )
    return graph


def svg(workflow: Workflow) -> bytes:
    """The diagram as SVG (Graphviz's `dot` must be installed)."""
    return _svg_of(workflow.name)


@functools.cache
def _svg_of(name: str) -> bytes:
    return _dot(BY_NAME[name]).pipe(format="svg")
