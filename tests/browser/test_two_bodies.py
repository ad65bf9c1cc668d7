"""A member who sits on the city's and a county's CPPCC logs in once, sees which body the pages
are of, and switches to the other, whose proposals are the only ones shown there. A person of
one body only is shown no switch at all."""

from __future__ import annotations

from playwright.sync_api import expect

from service.db import unit_of_work
from service.operations import bodies, users
from tests.client import PASSWORD
from tests.flows import PARTS, Flow

COUNTY = "政协示范县委员会"


def _county_with(world, username: str, role: str) -> int:
    """The county under the test world's city, with one person of its own."""
    with world.app.app_context(), unit_of_work() as session:
        now = world.clock.now()
        raw = {"name": COUNTY, "level": "county", "parent_id": world.body_id}
        county = bodies.add_body(session, raw, actor=None, now=now).id
        users.add_user(session, username, role=role, password=PASSWORD, now=now, body_id=county)
    return county


def test_a_member_of_two_bodies_switches_between_them(world, login, flow: Flow, shots):
    city_title = flow.submitted()["title"]
    with world.app.app_context(), unit_of_work() as session:
        now = world.clock.now()
        raw = {"name": COUNTY, "level": "county", "parent_id": world.body_id}
        county = bodies.add_body(session, raw, actor=None, now=now).id
        users.grant(session, "zhang", body_id=county, role="member", now=now)

    page = login("zhang")
    switch = page.get_by_label("切换到所在的其他政协")
    expect(switch).to_have_value(str(world.body_id))
    page.goto("/proposals")
    expect(page.get_by_role("link", name=city_title)).to_be_visible()
    shots(page, "two-bodies-city")

    switch.select_option(label=f"{COUNTY}（委员）")
    page.get_by_role("button", name="切换").click()

    expect(page.get_by_text(f"已切换到{COUNTY}。")).to_be_visible()
    expect(page.get_by_label("切换到所在的其他政协")).to_have_value(str(county))
    page.goto("/proposals/new")
    page.get_by_label("案由").fill("关于加强农村饮用水安全保障的提案")
    page.get_by_label("类别").select_option(label="社会建设")
    for label, text in zip(("背景情况", "问题分析", "具体建议"), PARTS.values(), strict=True):
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="提交提案").click()
    expect(page.get_by_role("heading", name="关于加强农村饮用水安全保障的提案")).to_be_visible()
    page.goto("/proposals")
    expect(page.get_by_role("link", name="关于加强农村饮用水安全保障的提案")).to_be_visible()
    expect(page.get_by_role("link", name=city_title)).to_have_count(0)
    shots(page, "two-bodies-county")


def test_a_person_of_one_body_sees_no_switch(login):
    page = login("li")

    expect(page.get_by_label("切换到所在的其他政协")).to_have_count(0)


def test_the_city_office_compares_itself_with_its_county(world, login, flow: Flow, shots):
    flow.accepted()
    with world.app.app_context(), unit_of_work() as session:
        raw = {"name": COUNTY, "level": "county", "parent_id": world.body_id}
        bodies.add_body(session, raw, actor=None, now=world.clock.now())

    page = login("office")
    page.get_by_role("link", name="统计", exact=True).click()
    page.get_by_role("link", name="各级汇总").click()

    rows = page.locator("table.rollup tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("政协示范市委员会")
    expect(rows.nth(0)).to_contain_text("100%（1/1）")
    expect(rows.nth(1)).to_contain_text(COUNTY)
    shots(page, "rollup")


def test_the_city_transfers_a_proposal_and_the_county_takes_it(world, login, flow: Flow, shots):
    title = flow.submitted()["title"]
    _county_with(world, "county_office", "committee")

    city = login("office")
    city.goto("/proposals")
    city.get_by_role("link", name=title).click()
    city.locator("#event-transfer summary").click()
    city.get_by_label("接收的政协").select_option(label=f"{COUNTY}（县级）")
    city.get_by_label("转办理由").fill("所提事项属县级事权，请县政协提案委员会办理。")
    shots(city, "transfer-form")
    city.get_by_role("button", name="确认跨级转办").click()
    expect(city.get_by_text("转办中，待政协示范县委员会接收")).to_be_visible()

    county_page = login("county_office")
    county_page.goto("/workbench")
    expect(county_page.get_by_role("heading", name="跨级转办待接收 1")).to_be_visible()
    shots(county_page, "transfer-workbench")
    county_page.get_by_role("link", name=title).click()
    expect(county_page.get_by_text("所提事项属县级事权")).to_be_visible()
    shots(county_page, "transfer-incoming")
    county_page.locator("#event-accept_transfer summary").click()
    county_page.get_by_role("button", name="确认接收转办").click()
    expect(county_page.get_by_text("“接收转办”已完成。")).to_be_visible()
    county_page.get_by_role("link", name="查看据此生成的提案 →").click()
    expect(county_page.get_by_role("heading", name=title)).to_be_visible()
    expect(county_page.get_by_text("由政协示范市委员会转来")).to_be_visible()
    shots(county_page, "transfer-received")

    city.reload()
    expect(city.get_by_text("已转政协示范县委员会办理")).to_be_visible()


def test_the_county_administrator_adds_a_city_member_and_a_local_holiday(
    world, login, flow: Flow, shots
):
    _county_with(world, "county_admin", "admin")

    page = login("county_admin")
    page.goto("/admin/users")
    page.get_by_role("link", name="添加已有账号的人员").click()
    page.get_by_label("用户名（其在其他政协使用的）").fill("li")
    page.get_by_label("在本级政协的角色").select_option(label="委员")
    shots(page, "grant-form")
    page.get_by_role("button", name="开通本级政协账号").click()
    expect(page.get_by_text(f"已为 李娜（li）开通{COUNTY}的账号（委员）")).to_be_visible()

    page.goto("/admin/calendar")
    own = page.locator("form", has=page.locator('input[name="scope"][value="body"]'))
    own.get_by_label("日期").fill("2026-12-21")
    own.get_by_label("说明").fill("地方性节日")
    own.get_by_role("button", name="预览影响").click()
    page.get_by_role("button", name="确认保存并调整下列时限").click()
    expect(page.get_by_text("已保存，0 个未到期时限已重新计算。")).to_be_visible()
    expect(page.locator("table[aria-labelledby=own-heading]")).to_contain_text("地方性节日")
    expect(page.locator("table[aria-labelledby=national-heading]")).not_to_contain_text(
        "地方性节日"
    )
    shots(page, "calendar-own-days")

    member = login("li")
    expect(member.get_by_label("切换到所在的其他政协")).to_be_visible()
