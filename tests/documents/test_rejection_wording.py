"""不予立案告知书 in the national wording: the ground as the rules phrase it, and where the text
went (参阅件 to the leaders, 转有关部门参考 to the departments: two different places)."""

from __future__ import annotations

import pytest

from tests.documents.pdf import page_texts, pdf_of, render, rows
from tests.flows import Flow


def _notice_text(world) -> str:
    [notice] = [d for d in rows(world.app) if d.kind == "rejection_notice"]
    return "".join(page_texts(pdf_of(world["office"], notice.id)))


@pytest.mark.parametrize(
    ("code", "disposition", "ground", "went"),
    [
        ("personal_matter", "departments", "为本人或亲属解决个人问题的", "转有关部门参考"),
        ("secrets", "reference", "涉及党和国家秘密的", "作为参阅件报送党政领导参阅"),
        (
            "democratic_party_internal",
            "letter",
            "民主党派成员对本党派内部事务的意见",
            "作为委员来信处理",
        ),
    ],
)
def test_the_notice_names_the_ground_and_the_place_in_the_national_wording(
    world, clock, code, disposition, ground, went
):
    proposal = Flow(world).submitted()
    rejected = world["office"].act(
        "proposal", proposal, "reject", reason_code=code, disposition=disposition
    )
    render(world.app, clock)

    text = _notice_text(world)

    assert rejected["state"] == "not_accepted"
    assert f"属于“{ground}”情形" in text
    assert went in text
