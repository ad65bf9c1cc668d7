"""The 办理流程 page and its diagrams come from the declarations in workflows/."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from service.diagrams import diagram
from service.diagrams.layout import edges_of, ranks_of
from workflows import ALL, BY_NAME

SVG = "{http://www.w3.org/2000/svg}"


def test_the_page_lists_every_state_event_and_timer(web):
    page = web("zhang").get("/workflows")

    assert page.status == 200
    for workflow in ALL:
        for label in workflow.states.values():
            assert f"<strong>{label}</strong>" in page.text
        for event in workflow.all_events.values():
            assert f"<code>{event.name}</code>" in page.text
        for timer in workflow.timers:
            assert f"<code>{timer.kind}</code>" in page.text


def test_timers_show_the_durations_an_administrator_set(world, web):
    world["admin"].ok("POST", "/settings", {"changes": {"reply_months": 2}, "confirm": True})

    page = web("office").get("/workflows")

    assert '<td data-label="期限">2个月<br>' in page.text


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_the_diagram_is_plain_svg_with_every_state(web, name):
    response = web("office").get(f"/workflows/{name}.svg")

    root = ET.fromstring(response.text)
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert set(BY_NAME[name].states.values()) <= texts
    assert not [e for e in root.iter() if "style" in e.attrib or e.tag.endswith("script")]


def test_every_move_between_states_is_an_arrow_and_ranks_run_downwards():
    workflow = BY_NAME["proposal"]

    edges = edges_of(workflow)
    ranks = ranks_of(workflow, edges)

    moves = {(s, d) for e in workflow.all_events.values() for s in e.source for d in e.destinations}
    assert {(e.source, e.dest) for e in edges} == {(s, d) for s, d in moves if s != d}
    assert all(ranks[e.dest] > ranks[e.source] for e in edges if not e.back)
    assert ranks["draft"] == 0 and max(ranks.values()) == ranks["completed"]


def test_an_unknown_workflow_has_no_diagram(web):
    assert web("office").get("/workflows/nothing.svg").status == 404


def test_the_diagram_is_stable():
    assert diagram(BY_NAME["assignment"]) == diagram(BY_NAME["assignment"])
