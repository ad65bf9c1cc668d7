"""/documents/<id> answers like every other object: 404 when it may not be read, never a
redirect elsewhere."""

from __future__ import annotations


def test_a_document_of_someone_elses_proposal_answers_404(world, flow, web):
    proposal = flow.accepted()
    [document] = world["office"].get(f"/proposals/{proposal['id']}/documents").json

    page = web("li").get(f"/documents/{document['id']}")

    assert page.status == 404
    assert page.location is None
    assert "未找到" in page.text
