"""Where a workflow diagram puts things: states ranked top to bottom along the longest path from
the initial state (loops drawn upwards), a passing point for each arrow that crosses a row, rows
ordered so fewer arrows cross, and each arrow's route from box to box."""

from __future__ import annotations

from dataclasses import dataclass, field

from workflows.spec import Role, Workflow

BOX_W, BOX_H, SLOT, PASS, GAP_Y, MARGIN, LEGEND = 136, 46, 168, 36, 124, 24, 40
# When people of several roles fire one arrow, it takes the colour of the first of these.
PRECEDENCE = (Role.MEMBER, Role.UNIT, Role.COMMITTEE, Role.LEADER, Role.SYSTEM)


@dataclass
class Edge:
    source: str
    dest: str
    labels: list[str]
    role: Role
    back: bool = False
    points: list[tuple[float, float]] = field(default_factory=list)


def edges_of(workflow: Workflow) -> list[Edge]:
    """One arrow per pair of states, naming every event that moves along it."""
    grouped: dict[tuple[str, str], Edge] = {}
    for event in workflow.all_events.values():
        role = next(r for r in PRECEDENCE if r in event.roles)
        for source in event.source:
            for dest in dict.fromkeys(event.destinations):
                if dest == source:
                    continue
                edge = grouped.setdefault((source, dest), Edge(source, dest, [], role))
                if event.label not in edge.labels:
                    edge.labels.append(event.label)
                if PRECEDENCE.index(role) < PRECEDENCE.index(edge.role):
                    edge.role = role
    return list(grouped.values())


def _mark_back_edges(workflow: Workflow, edges: list[Edge]) -> None:
    """An arrow back to a state still on the depth-first path closes a loop: it is drawn
    upwards, so the rest can be ranked top to bottom."""
    order = list(workflow.states)  # declared in lifecycle order: follow that order first
    onward = {
        s: sorted((e for e in edges if e.source == s), key=lambda e: order.index(e.dest))
        for s in workflow.states
    }
    status: dict[str, int] = {}

    def visit(state: str) -> None:
        status[state] = 1
        for edge in onward[state]:
            if status.get(edge.dest) == 1:
                edge.back = True
            elif edge.dest not in status:
                visit(edge.dest)
        status[state] = 2

    for state in [workflow.initial, *workflow.states]:
        if state not in status:
            visit(state)


def ranks_of(workflow: Workflow, edges: list[Edge]) -> dict[str, int]:
    """Each state's row: the longest path to it from the initial state, loops left out."""
    _mark_back_edges(workflow, edges)
    rank = dict.fromkeys(workflow.states, 0)
    for _ in workflow.states:  # relax until stable: at most one pass per state
        changed = False
        for edge in edges:
            if not edge.back and rank[edge.dest] < rank[edge.source] + 1:
                rank[edge.dest], changed = rank[edge.source] + 1, True
        if not changed:
            break
    return rank


def _layers(workflow: Workflow, edges: list[Edge], rank: dict[str, int]) -> list[list[str]]:
    """Rows of states, with a passing point for each arrow that crosses a row."""
    layers: list[list[str]] = [[] for _ in range(max(rank.values()) + 1)]
    for state in workflow.states:
        layers[rank[state]].append(state)
    for index, edge in enumerate(edges):
        top, bottom = sorted((rank[edge.source], rank[edge.dest]))
        for row in range(top + 1, bottom):
            layers[row].append(f"~{index}~{row}")
    return layers


def _neighbours(edges: list[Edge], rank: dict[str, int]) -> dict[str, set[str]]:
    """Who each node (state or passing point) is joined to in the rows above and below."""
    near: dict[str, set[str]] = {}
    for index, edge in enumerate(edges):
        chain = _chain(index, edge, rank)
        for a, b in zip(chain, chain[1:], strict=False):
            near.setdefault(a, set()).add(b)
            near.setdefault(b, set()).add(a)
    return near


def _order(layers: list[list[str]], near: dict[str, set[str]]) -> None:
    """A few barycentre sweeps down and up, so fewer arrows cross."""
    for sweep in range(6):
        rows = range(1, len(layers)) if sweep % 2 == 0 else range(len(layers) - 2, -1, -1)
        for row in rows:
            other = layers[row - 1] if sweep % 2 == 0 else layers[row + 1]
            where = {node: i for i, node in enumerate(other)}
            now = {node: i for i, node in enumerate(layers[row])}

            def centre(node: str, where: dict = where, now: dict = now) -> float:
                found = [where[n] for n in near.get(node, ()) if n in where]
                return sum(found) / len(found) if found else now[node]

            layers[row].sort(key=centre)


def _positions(layers: list[list[str]]) -> tuple[dict[str, tuple[float, float]], float]:
    widths = [sum(PASS if n.startswith("~") else SLOT for n in row) for row in layers]
    full = max(widths)
    at = {}
    for row, nodes in enumerate(layers):
        x = MARGIN + (full - widths[row]) / 2
        for node in nodes:
            slot = PASS if node.startswith("~") else SLOT
            at[node] = (x + slot / 2, MARGIN + LEGEND + row * GAP_Y + BOX_H / 2)
            x += slot
    return at, full + 2 * MARGIN


def _chain(index: int, edge: Edge, rank: dict[str, int]) -> list[str]:
    """The nodes an arrow passes, from its upper box down to its lower one."""
    upper, lower = (edge.dest, edge.source) if edge.back else (edge.source, edge.dest)
    top, bottom = sorted((rank[upper], rank[lower]))
    return [upper, *(f"~{index}~{row}" for row in range(top + 1, bottom)), lower]


def _route(edges: list[Edge], rank: dict[str, int], at: dict) -> None:
    """Each arrow leaves the bottom of its upper box and enters the top of its lower one,
    spread across the box (in the order of where they go) so no two share a line."""
    chains = [_chain(index, edge, rank) for index, edge in enumerate(edges)]
    ends: dict[tuple[str, int], list[tuple[float, int]]] = {}
    for index, chain in enumerate(chains):
        ends.setdefault((chain[0], +1), []).append((at[chain[1]][0], index))
        ends.setdefault((chain[-1], -1), []).append((at[chain[-2]][0], index))
    for group in ends.values():
        group.sort()
    for index, (edge, chain) in enumerate(zip(edges, chains, strict=True)):
        start = _spread(at[chain[0]], ends[(chain[0], +1)], index, +1)
        end = _spread(at[chain[-1]], ends[(chain[-1], -1)], index, -1)
        edge.points = [start, *(at[node] for node in chain[1:-1]), end]


def _spread(centre, group: list[tuple[float, int]], index: int, side: int) -> tuple[float, float]:
    share = (BOX_W - 24) / len(group)
    place = [i for _, i in group].index(index)
    return centre[0] - (BOX_W - 24) / 2 + share * (place + 0.5), centre[1] + side * BOX_H / 2


def layout(workflow: Workflow) -> tuple[list[Edge], dict, float, int]:
    """The routed arrows, each state's centre, the drawing's width and its number of rows."""
    edges = edges_of(workflow)
    rank = ranks_of(workflow, edges)
    layers = _layers(workflow, edges, rank)
    _order(layers, _neighbours(edges, rank))
    at, width = _positions(layers)
    _route(edges, rank, at)
    return edges, {state: at[state] for state in workflow.states}, width, len(layers)
