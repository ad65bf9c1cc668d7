"""提案汇编 and 答复汇编 of a session: every accepted proposal once, grouped by category behind a
cover and a contents page whose page numbers are right, with an outline to jump by; rendered by
the document worker in runs, telling how far it has got."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from service.documents import compilation
from service.models import DocumentProgress
from tests.documents.pdf import pdf_of, render, rows
from tests.flows import Flow


def _ask(client, kind="proposal_compilation", **body):
    return client.post("/reports/compilations", {"kind": kind, **body})


def _session_of_three(world) -> list[dict]:
    flow = Flow(world)
    flow.submitted(title="关于尚未立案的提案")
    return [
        flow.accepted(title="关于发展夜间经济的提案", category="economy"),
        flow.accepted(title="关于加强河道保洁的提案", category="ecology"),
        flow.replied(title="关于提升城区公交准点率的提案", category="society"),
    ]


def _pdf(world, clock, kind="proposal_compilation") -> tuple[dict, PdfReader, list[str]]:
    asked = _ask(world["office"], kind)
    assert asked.status == 202, asked.json
    render(world.app, clock)
    reader = PdfReader(io.BytesIO(pdf_of(world["office"], asked.json["id"])))
    return asked.json, reader, [page.extract_text() for page in reader.pages]


def test_a_proposal_compilation_holds_each_accepted_proposal_by_category(world, clock):
    _session_of_three(world)

    asked, reader, pages = _pdf(world, clock)

    assert asked["items"] == 3 and asked["kind_label"] == "提案汇编"
    text = "".join(pages)
    assert "尚未立案" not in text
    outline = [(item.title if not isinstance(item, list) else None) for item in reader.outline]
    assert [t for t in outline if t] == ["经济建设", "社会建设", "生态文明建设"]
    contents = pages[1]
    for title in (
        "关于发展夜间经济的提案",
        "关于提升城区公交准点率的提案",
        "关于加强河道保洁的提案",
    ):
        listed = re.search(rf"{title}\s*(\d+)", contents)
        assert listed, title
        printed = int(listed.group(1))
        body_page = pages[1 + printed]  # the cover and one page of contents come first
        assert title in body_page and f"— {printed} —" in body_page


def test_a_reply_compilation_holds_the_units_replies(world, clock):
    _session_of_three(world)

    asked, _reader, pages = _pdf(world, clock, "reply_compilation")

    text = "".join(pages)
    assert asked["kind_label"] == "答复汇编"
    assert "市交通运输局（主办）" in text
    assert "尚无答复" in text  # the accepted ones not yet answered say so


def test_a_long_compilation_renders_in_runs_and_tells_its_progress(world, clock, monkeypatch):
    monkeypatch.setattr(compilation, "RUN", 1)
    _session_of_three(world)

    _asked, reader, pages = _pdf(world, clock)

    assert len(reader.pages) == 2 + 3
    assert [p for p in pages if "— 3 —" in p]
    with world.app.app_context():
        from service.db import unit_of_work

        with unit_of_work() as session:
            [progress] = session.query(DocumentProgress).all()
            assert (progress.done, progress.total) == (3, 3)


def test_the_list_shows_what_was_asked_and_its_status(world, clock):
    _session_of_three(world)
    asked = _ask(world["office"]).json

    pending = world["leader"].ok("GET", "/reports/compilations")["items"]
    render(world.app, clock)
    ready = world["office"].ok("GET", "/reports/compilations")["items"]

    assert [(c["id"], c["status"]) for c in pending] == [(asked["id"], "pending")]
    assert [(c["id"], c["status"], c["done"]) for c in ready] == [(asked["id"], "ready", None)]


def test_an_empty_session_or_an_unknown_kind_is_refused_and_nothing_queued(world):
    empty = _ask(world["office"])
    unknown = _ask(world["office"], "everything")

    assert empty.status == 422 and "还没有立案的提案" in empty.error["message"]
    assert unknown.status == 422 and "kind" in unknown.error["details"]
    assert not [d for d in rows(world.app) if d.kind in compilation.KINDS]


@pytest.mark.parametrize("who", ["zhang", "transport"])
def test_only_the_office_and_leaders_ask_for_a_compilation(world, who):
    Flow(world).accepted()

    assert _ask(world[who]).status == 403
    assert world[who].get("/reports/compilations").status == 403


def test_the_office_asks_for_a_compilation_on_the_statistics_page(world, clock, app):
    from tests.web.conftest import log_in

    office = log_in(app, "office")
    refused = office.post("/stats/reports/compilations", {"kind": "proposal_compilation"})
    assert "还没有立案的提案" in office.get(refused.location).text
    _session_of_three(world)

    asked = office.post("/stats/reports/compilations", {"kind": "reply_compilation"})
    waiting = office.get(asked.location).text
    render(world.app, clock)
    done = office.get("/stats").text

    assert "答复汇编（3件）" in waiting and "已排好 0 / 3 件" in waiting
    assert "下载答复汇编（PDF）" in done
