"""The 工作台: what waits for each person, with deadlines and days left, and the overdue and
due-soon boards of the office."""

from __future__ import annotations

import re


def _section(page, heading: str) -> str:
    """The HTML of the desk or board whose heading starts with `heading`."""
    found = re.search(rf"<h2[^>]*>{re.escape(heading)}.*?</section>", page.text, re.S)
    assert found, f"no section {heading}"
    return found.group(0)


def test_an_invited_cosigner_finds_the_invitation_on_the_workbench(flow, web):
    proposal = flow.submitted(co_signers=["li"])

    page = web("li").get("/workbench")

    assert proposal["title"] in _section(page, "待您确认的联名邀请")


def test_a_returned_proposal_waits_for_its_proposer(world, flow, web):
    proposal = flow.submitted()
    world["office"].act("proposal", proposal, "return_for_revision", reason="请补充数据。")

    page = web("zhang").get("/workbench")

    assert proposal["title"] in _section(page, "退回修改，待重新提交")


def test_the_office_sees_the_review_queue_with_days_left(flow, web):
    proposal = flow.submitted()

    page = web("office").get("/workbench")

    desk = _section(page, "待立案审查")
    assert proposal["title"] in desk
    assert "还剩14天" in desk  # 10 working days from Monday 16 March: Monday 30 March


def test_the_office_boards_move_a_deadline_from_due_soon_to_overdue(flow, web, clock):
    proposal = flow.assigned()

    soon = _section(web("office").get("/workbench"), "15日内到期")
    clock.advance(days=4)
    late = _section(web("office").get("/workbench"), "已超期")

    assert proposal["title"] in soon and "签收 · 市交通运输局" in soon
    assert "签收 · 市交通运输局" in late and "已超期1天" in late


def test_a_pending_extension_waits_on_the_office_desk(world, flow, web):
    proposal = flow.assigned()
    clerk = world["transport"]
    lead = clerk.act("assignment", proposal["assignments"][0], "sign")
    clerk.act("assignment", lead, "request_extension", until="2026-07-31", reason="需跨部门会商。")

    page = web("office").get("/workbench")

    assert proposal["title"] in _section(page, "延期申请待审批")


def test_a_unit_sees_its_assignment_to_sign_with_the_reply_countdown(flow, web):
    proposal = flow.assigned()

    page = web("transport").get("/workbench")

    desk = _section(page, "待签收")
    assert proposal["title"] in desk
    assert re.search(r"还剩\d+天", desk)


def test_the_full_deadline_board_filters_by_kind(flow, web, clock):
    flow.assigned()
    clock.advance(days=30)

    page = web("office").get("/deadlines?board=overdue&kind=sign")

    assert page.status == 200
    assert "签收" in page.text and '<td data-label="时限">办前沟通</td>' not in page.text


def test_the_administrator_finds_the_admin_pages(web):
    page = web("admin").get("/workbench")

    for path in ("/admin/users", "/admin/units", "/admin/calendar", "/admin/settings"):
        assert f'href="{path}"' in page.text


def test_a_member_finds_every_live_proposal_with_what_happens_next(world, flow, web):
    waiting = flow.submitted(title="关于完善社区养老服务的提案")
    accepted = flow.accepted(title="关于增设公交线路的提案")
    handled = flow.assigned(title="关于治理校园周边交通的提案")

    desk = _section(web("zhang").get("/workbench"), "进行中的提案")

    assert "待审查 · 等待提案委员会立案审查" in desk and waiting["title"] in desk
    assert "已立案待交办 · 等待交办承办单位" in desk and accepted["title"] in desk
    assert "办理中 · 承办单位答复后请您测评" in desk and handled["title"] in desk
    assert "目前没有等待您处理的事项" not in web("zhang").get("/workbench").text


def test_a_cosigned_proposal_names_its_lead_and_a_finished_one_leaves_the_desk(world, flow, web):
    filed = flow.submitted(co_signers=["li"])
    live = world["li"].act("proposal", world["li"].proposal(filed["id"]), "cosign")
    world["office"].act("proposal", world["office"].proposal(live["id"]), "accept")
    closed = flow.closed(title="关于已办结事项的提案")

    desk = _section(web("li").get("/workbench"), "进行中的提案")
    own = _section(web("zhang").get("/workbench"), "进行中的提案")

    assert "张伟领衔 · 已立案待交办" in desk
    assert closed["title"] not in own


def test_a_logged_contact_waits_for_the_member_until_the_proposal_is_closed(world, flow, web):
    handled = flow.replied()  # the unit logged a contact (电话沟通) before replying

    while_rating = web("zhang").get("/workbench").text
    member = world["zhang"]
    member.act(
        "proposal", member.proposal(handled["id"]), "evaluate", ratings=flow.ratings(handled)
    )
    after_closing = web("zhang").get("/workbench").text

    desk = re.compile(r"<h2[^>]*>待确认的办前沟通")
    assert desk.search(while_rating) and handled["title"] in while_rating
    assert not desk.search(after_closing)
