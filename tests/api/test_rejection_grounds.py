"""不予立案的情形 are a setting: the national wording by default, a locality's own list once the
administrator saves one; the grounds offered, accepted and printed are those of the list."""

from __future__ import annotations

import pytest

from tests.documents.pdf import page_texts, pdf_of, render, rows
from tests.flows import Flow

LOCAL = [
    {"code": "personal_matter", "label": "为本人或亲属解决个人问题的"},
    {"code": "local_rule", "label": "属于本市已有明确政策规定、正在落实的"},
    {"code": "other", "label": "其他"},
]


def _save(world, grounds) -> None:
    world["admin"].ok(
        "POST", "/settings", {"changes": {"rejection_grounds": grounds}, "confirm": True}
    )


def test_the_national_grounds_are_the_default_setting(world):
    settings = {s["key"]: s for s in world["admin"].ok("GET", "/settings")}

    grounds = settings["rejection_grounds"]["value"]

    assert grounds[0] == {"code": "secrets", "label": "涉及党和国家秘密的"}
    assert {"code": "named_accusation", "label": "指明举报的"} in grounds
    assert len(grounds) == 11


def test_a_local_ground_rejects_and_its_wording_goes_with_the_record_and_notice(world, clock):
    _save(world, LOCAL)
    proposal = Flow(world).submitted()

    rejected = world["office"].act(
        "proposal", proposal, "reject", reason_code="local_rule", disposition="none"
    )
    render(world.app, clock)
    [notice] = [d for d in rows(world.app) if d.kind == "rejection_notice"]
    text = "".join(page_texts(pdf_of(world.login("office"), notice.id)))

    assert (rejected["reason_code"], rejected["reason_label"]) == (
        "local_rule",
        "属于本市已有明确政策规定、正在落实的",
    )
    assert "属于“属于本市已有明确政策规定、正在落实的”情形" in text


def test_a_ground_not_on_the_list_is_refused_naming_those_that_are(world):
    _save(world, LOCAL)
    proposal = Flow(world).submitted()

    response = world["office"].fire(
        "proposal", proposal, "reject", reason_code="secrets", disposition="none"
    )

    assert response.status == 422
    [message] = response.error["details"]["reason_code"]
    assert "local_rule（属于本市已有明确政策规定、正在落实的）" in message
    assert "secrets" not in message.split("：", 1)[1]


def test_a_rejection_with_nothing_filled_in_names_every_field_it_lacks_at_once(world):
    proposal = Flow(world).submitted()

    response = world["office"].fire("proposal", proposal, "reject")

    assert response.status == 422
    assert set(response.error["details"]) == {"disposition", "reason"}
    assert response.error["details"]["reason"][0].endswith("请选择不予立案的理由或填写说明。")


def test_a_proposal_rejected_on_a_ground_since_removed_keeps_its_wording(world):
    proposal = Flow(world).submitted()
    world["office"].act("proposal", proposal, "reject", reason_code="secrets", disposition="none")
    _save(world, LOCAL)

    shown = world["office"].proposal(proposal["id"])

    assert shown["reason_label"] == "涉及党和国家秘密的"


@pytest.mark.parametrize(
    ("grounds", "problem"),
    [
        ([], "须为1至30条"),
        ("secrets", "须为1至30条"),
        ([{"code": "Secrets", "label": "涉及秘密的"}], "第1条：代码须以小写字母开头"),
        (
            [{"code": "other", "label": "其他"}, {"code": "other", "label": "其它"}],
            "第2条：代码“other”重复",
        ),
        ([{"code": "short", "label": "短"}], "第1条：措辞须为2至60个字"),
        ([{"code": "no_label"}], "第1条：措辞须为2至60个字"),
    ],
)
def test_a_broken_list_is_refused_line_by_line_and_nothing_changes(world, grounds, problem):
    response = world["admin"].post(
        "/settings", {"changes": {"rejection_grounds": grounds}, "confirm": True}
    )

    assert response.status == 422
    assert any(problem in line for line in response.error["details"]["rejection_grounds"])
    settings = {s["key"]: s for s in world["admin"].ok("GET", "/settings")}
    assert len(settings["rejection_grounds"]["value"]) == 11
