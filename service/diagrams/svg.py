"""A workflow's diagram drawn from its declaration in workflows/: states as boxes ranked top to
bottom along the longest path from the initial state, events as arrows coloured by who fires
them. Plain SVG with presentation attributes only, since the content security policy allows no
inline style; no layout library, so nothing to install on an offline intranet."""

from __future__ import annotations

from html import escape

from service.diagrams.layout import BOX_H, BOX_W, GAP_Y, LEGEND, MARGIN, Edge, layout
from workflows.spec import Role, Workflow

COLOURS = {
    Role.MEMBER: "#1565c0",
    Role.COMMITTEE: "#b71c1c",
    Role.UNIT: "#1b7f3b",
    Role.LEADER: "#6a1b9a",
    Role.SYSTEM: "#6b7280",
}
LEGEND_LABELS = {
    Role.MEMBER: "委员",
    Role.COMMITTEE: "提案委员会",
    Role.UNIT: "承办单位",
    Role.LEADER: "督办领导",
    Role.SYSTEM: "系统（时限、自动）",
}


def _text_width(text: str, size: float) -> float:
    return sum(size if ord(ch) > 0x2E7F else size * 0.55 for ch in text)


def _path(points: list[tuple[float, float]]) -> str:
    steps = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        bend = (y2 - y1) / 2
        steps.append(f"C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 - bend:.1f} {x2:.1f},{y2:.1f}")
    return " ".join(steps)


def _label_lines(edge: Edge) -> list[str]:
    lines, line = [], ""
    for label in edge.labels:
        joined = f"{line}、{label}" if line else label
        if line and len(joined) > 9:
            lines.append(line)
            joined = label
        line = joined
    return [*lines, line]


def _place_label(edge: Edge, taken: list[tuple]) -> tuple[float, float, float, float]:
    """The first spot along the arrow where the label covers no box and no other label."""
    lines = _label_lines(edge)
    width = max(_text_width(line, 12) for line in lines) + 8
    height = 15 * len(lines) + 4
    spots = []
    for (x1, y1), (x2, y2) in zip(edge.points, edge.points[1:], strict=False):
        spots += [(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t) for t in (0.5, 0.3, 0.7, 0.15, 0.85)]
    for x, y in spots:
        box = (x - width / 2, y - height / 2, width, height)
        if not any(_overlaps(box, other) for other in taken):
            return box
    x, y = spots[0]
    return (x - width / 2, y - height / 2, width, height)


def _overlaps(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def diagram(workflow: Workflow) -> str:
    """The workflow as an SVG document."""
    edges, at, width, rows = layout(workflow)
    height = MARGIN * 2 + LEGEND + (rows - 1) * GAP_Y + BOX_H
    boxes = [(x - BOX_W / 2, y - BOX_H / 2, BOX_W, BOX_H) for x, y in at.values()]
    roles = [role for role in COLOURS if any(edge.role is role for edge in edges)]
    width = max(width, _legend_width(roles) + 2 * MARGIN)
    parts = [_head(workflow, width, height), _legend(roles)]
    parts += [_arrow(edge) for edge in edges]
    taken = list(boxes)
    for edge in edges:
        box = _place_label(edge, taken)
        taken.append(box)
        parts.append(_label(edge, box))
    parts += [_state(workflow, state, at[state]) for state in workflow.states]
    return "\n".join([*parts, "</svg>"])


def _head(workflow: Workflow, width: float, height: float) -> str:
    markers = "".join(
        f'<marker id="to-{role.value}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{colour}"/></marker>'
        for role, colour in COLOURS.items()
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'font-family="Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif">\n'
        f"<title>{escape(workflow.label)}流程图</title>\n<defs>{markers}</defs>\n"
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
    )


def _legend_width(roles: list[Role]) -> float:
    return sum(34 + _text_width(LEGEND_LABELS[role], 12) + 22 for role in roles)


def _legend(roles: list[Role]) -> str:
    items, x = [], MARGIN
    for role in roles:
        label = LEGEND_LABELS[role]
        dash = ' stroke-dasharray="5 4"' if role is Role.SYSTEM else ""
        items.append(
            f'<line x1="{x}" y1="{MARGIN}" x2="{x + 28}" y2="{MARGIN}" stroke="{COLOURS[role]}" '
            f'stroke-width="2"{dash}/><text x="{x + 34}" y="{MARGIN + 4}" font-size="12" '
            f'fill="#1f2328">{label}</text>'
        )
        x += 34 + _text_width(label, 12) + 22
    return "\n".join(items)


def _arrow(edge: Edge) -> str:
    colour = COLOURS[edge.role]
    dash = ' stroke-dasharray="5 4"' if edge.role is Role.SYSTEM else ""
    marker = "marker-start" if edge.back else "marker-end"
    return (
        f'<path d="{_path(edge.points)}" fill="none" stroke="{colour}" stroke-width="1.6"{dash} '
        f'{marker}="url(#to-{edge.role.value})"/>'
    )


def _label(edge: Edge, box) -> str:
    x, y, width, height = box
    lines = "".join(
        f'<tspan x="{x + width / 2:.1f}" y="{y + 15 * (i + 1):.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(_label_lines(edge))
    )
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" rx="3" '
        f'fill="#ffffff" fill-opacity="0.92"/>'
        f'<text font-size="12" text-anchor="middle" fill="{COLOURS[edge.role]}">{lines}</text>'
    )


def _state(workflow: Workflow, state: str, centre: tuple[float, float]) -> str:
    x, y = centre
    initial = state == workflow.initial
    final = not any(state in e.source for e in workflow.all_events.values() if e.dest)
    fill = "#f4f5f7" if final else ("#fdecea" if initial else "#ffffff")
    return (
        f'<rect x="{x - BOX_W / 2:.1f}" y="{y - BOX_H / 2:.1f}" width="{BOX_W}" '
        f'height="{BOX_H}" rx="6" fill="{fill}" stroke="#8e1515" '
        f'stroke-width="{2 if initial else 1.2}"/>'
        f'<text x="{x:.1f}" y="{y - 2:.1f}" font-size="14" font-weight="600" '
        f'text-anchor="middle" fill="#1f2328">{escape(workflow.states[state])}</text>'
        f'<text x="{x:.1f}" y="{y + 14:.1f}" font-size="10" text-anchor="middle" '
        f'fill="#5f6b76">{state}</text>'
    )
