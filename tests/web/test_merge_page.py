"""并案对照: the proposal under review beside the candidates it could join, most alike first."""

from __future__ import annotations

import re

from tests.flows import PARTS


def _accepted(world, flow, member: str, **fields) -> dict:
    return world["office"].act("proposal", flow.submitted(member, **fields), "accept")


def test_the_most_alike_candidate_is_shown_side_by_side(world, flow, web):
    alike = _accepted(world, flow, "li", title="关于提升公交准点率和线网效率的提案")
    _accepted(world, flow, "wang", title="关于加强基层医疗卫生人才队伍建设的提案")
    proposal = flow.submitted()

    page = web("office").get(f"/proposals/{proposal['id']}/merge")

    columns = re.findall(r'<section class="card compare".*?</section>', page.text, re.S)
    assert len(columns) == 2
    assert proposal["title"] in columns[0] and alike["title"] in columns[1]
    assert PARTS["suggestions"] in columns[0] and PARTS["suggestions"] in columns[1]
    assert page.text.index(alike["title"]) < page.text.index(
        "关于加强基层医疗卫生人才队伍建设的提案"
    )


def test_another_candidate_can_be_chosen_for_comparison(world, flow, web):
    other = _accepted(world, flow, "wang", title="关于加强基层医疗卫生人才队伍建设的提案")
    proposal = flow.submitted()

    page = web("office").get(f"/proposals/{proposal['id']}/merge?with={other['id']}")

    columns = re.findall(r'<section class="card compare".*?</section>', page.text, re.S)
    assert other["title"] in columns[1]
    assert f'name="into" value="{other["id"]}"' in page.text


def test_merging_from_the_comparison_merges_and_the_proposers_join(world, flow, web):
    target = _accepted(world, flow, "li")
    proposal = flow.submitted()

    page = web("office").post(
        f"/proposals/{proposal['id']}/events/merge",
        {"version": proposal["version"], "into": target["id"]},
    )

    assert page.status == 302
    assert world["office"].proposal(proposal["id"])["state"] == "merged"
    assert "zhang" in world["office"].proposal(target["id"])["co_signers"]
