"""A B or C 答复函 lists the unit's dated commitments, or says why none can be given."""

from __future__ import annotations

from tests.documents import scenarios
from tests.documents.pdf import page_texts, pdf_of, render, rows


def _letter_text(world) -> str:
    [letter] = [d for d in rows(world.app) if d.kind == "reply_letter"]
    return "".join(page_texts(pdf_of(world["office"], letter.id)))


def test_a_letter_lists_the_commitments_with_their_dates(world, clock):
    scenarios.replied(world)
    render(world.app, clock)

    text = _letter_text(world)

    assert "我单位承诺办理以下事项" in text
    assert "新增公交专用道12公里（2026年12月31日前完成）" in text


def test_a_letter_without_commitments_says_why_none_can_be_given(world, clock):
    why = "专用道选线须待明年综合交通规划批复后确定。"
    reply = {k: v for k, v in scenarios.REPLY.items() if k != "commitments"}
    scenarios.replied(world, reply=reply | {"category": "C", "no_commitment_reason": why})
    render(world.app, clock)

    text = _letter_text(world)

    assert "我单位承诺办理以下事项" not in text
    assert f"暂不能作出具体承诺的原因：{why}" in text
