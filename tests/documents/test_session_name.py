"""Notices and letters print the real name of the session the proposal was filed in."""

from __future__ import annotations

from tests.api.test_sessions import add
from tests.documents.pdf import page_texts, pdf_of, render, rows
from tests.flows import Flow


def _text(world, kind: str) -> str:
    office = world.login("office")
    [document] = [d for d in rows(world.app) if d.kind == kind]
    return "".join(page_texts(pdf_of(office, document.id))).replace(" ", "").replace("\n", "")


def test_notices_and_the_reply_letter_print_the_sessions_name(world, clock):
    add(world, current=True)
    Flow(world).replied()
    render(world.app, clock)

    acceptance = _text(world, "acceptance_notice")
    letter = _text(world, "reply_letter")

    assert "十四届五次会议第0001号" in acceptance
    assert "关于政协示范市委员会十四届五次会议第0001号提案的答复" in letter
    assert "全体会议" not in acceptance + letter
