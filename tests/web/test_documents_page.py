"""/documents/<id> answers like every other object: 404 when it may not be read, never a
redirect elsewhere."""

from __future__ import annotations

import re

from tests.documents.pdf import render


def test_a_document_of_someone_elses_proposal_answers_404(world, flow, web):
    proposal = flow.accepted()
    [document] = world["office"].get(f"/proposals/{proposal['id']}/documents").json

    page = web("li").get(f"/documents/{document['id']}")

    assert page.status == 404
    assert page.location is None
    assert "未找到" in page.text


def test_a_unit_downloads_its_reply_letter_in_word_from_its_page(world, flow, web, clock):
    proposal = flow.replied()
    render(world.app, clock)
    assignment = proposal["assignments"][0]
    unit = web("transport")

    page = unit.get(f"/assignments/{assignment['id']}")
    [link] = re.findall(r'href="(/documents/\d+/word)">Word 版</a>', page.text)
    download = unit.client.get(link)

    assert download.status_code == 200
    assert download.mimetype.endswith("wordprocessingml.document")
    assert web("li").get(link).status == 404
