"""Forms a person can trust: a refused form keeps what was typed and says what is wrong next to
the field; forms work from the keyboard alone; pages fit a phone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.steps import confirm, open_form, state_of


def test_a_refused_proposal_keeps_the_text_and_shows_the_message_at_the_field(enter):
    member = enter("zhang")
    member.goto("/proposals/new")
    member.get_by_label("案由").fill("关于加快老旧小区加装电梯的提案")
    member.get_by_label("类别").select_option(label="社会建设")
    member.get_by_label("背景情况").fill("多层住宅老年住户上下楼困难。")
    member.get_by_label("问题分析").fill("审批环节多，资金分摊难。")

    member.get_by_role("button", name="提交提案").click()

    suggestions = member.get_by_label("具体建议")
    expect(member.locator("#suggestions-error")).to_contain_text("请填写具体建议。")
    expect(suggestions).to_be_focused()
    expect(suggestions).to_have_attribute("aria-invalid", "true")
    expect(member.get_by_label("背景情况")).to_have_value("多层住宅老年住户上下楼困难。")
    suggestions.fill("简化审批，设立专项补贴。")
    member.get_by_role("button", name="提交提案").click()
    expect(state_of(member)).to_have_text("待审查")


def test_a_clerk_logs_in_and_signs_with_the_keyboard_alone(flow, browser, live_server):
    proposal = flow.assigned()
    page = browser.new_page(base_url=live_server, locale="zh-CN")
    page.goto("/login")
    expect(page.get_by_label("用户名")).to_be_focused()  # on arrival, before anything is typed

    page.keyboard.type("transport")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**/workbench")
    page.get_by_role("link", name=proposal["title"]).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/assignments/*")
    page.locator("#event-sign summary").focus()
    page.keyboard.press("Enter")  # opens the form
    page.keyboard.press("Tab")
    page.keyboard.type("已签收，交规划科办理。")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the 确认签收 button

    expect(state_of(page)).to_have_text("办理中")
    page.close()


def test_the_main_pages_fit_a_phone_without_sideways_scrolling(flow, enter):
    proposal = flow.replied((("市交通运输局", "lead"), ("市教育局", "assisting")))
    pages = {
        "zhang": ["/workbench", f"/proposals/{proposal['id']}", "/proposals/new"],
        "office": ["/workbench", "/proposals", "/assignments", "/workflows", "/stats"],
        "transport": [f"/assignments/{proposal['assignments'][0]['id']}", "/notifications"],
        "admin": ["/admin/users", "/admin/users/new"],
    }

    for username, paths in pages.items():
        page = enter(username, viewport=PHONE)
        for path in paths:
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (username, path, width)


def test_on_a_phone_the_figures_by_unit_stay_a_table_with_the_names_in_view(flow, enter):
    flow.replied((("市交通运输局", "lead"), ("市教育局", "assisting")))
    page = enter("office", viewport=PHONE)
    page.goto("/stats")
    units = page.locator("section[aria-labelledby=h-units]")
    table = units.locator(".table-wrap")

    # A row a unit, under one header, not a card of ten labelled lines for each.
    expect(units.get_by_role("columnheader", name="按期办复率")).to_be_visible()
    name = units.get_by_role("link", name="市交通运输局")
    row = units.locator("tbody tr").filter(has_text="市交通运输局")
    header = units.locator("thead tr")
    assert row.bounding_box()["height"] < 3 * header.bounding_box()["height"]
    # The table scrolls sideways within its box, and the unit's name stays where it was.
    assert table.evaluate("e => e.scrollWidth > e.clientWidth")
    before = name.bounding_box()["x"]
    table.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert table.evaluate("e => e.scrollLeft") > 0
    assert name.bounding_box()["x"] == before
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_a_working_list_opens_with_its_filters_folded_until_asked_for(flow, enter):
    flow.assigned()
    phone = enter("office", viewport=PHONE)
    phone.goto("/lists/assignments")
    year = phone.get_by_label("年度")

    expect(year).to_be_hidden()
    expect(phone.locator("table.worklist tbody tr").first).to_be_in_viewport()
    phone.get_by_text("筛选条件").click()
    expect(year).to_be_visible()
    # Chosen filters stay in view, with how many there are.
    phone.goto("/lists/assignments?overdue=0")
    expect(phone.get_by_label("超期")).to_be_visible()
    expect(phone.get_by_text("筛选条件（已选1项）")).to_be_visible()
    desk = enter("office")
    desk.goto("/lists/assignments")
    expect(desk.get_by_label("年度")).to_be_visible()
    expect(desk.get_by_text("筛选条件")).to_be_hidden()


def test_the_administrator_finds_a_person_and_opens_their_page(enter):
    admin = enter("admin")
    admin.get_by_role("link", name="用户管理").first.click()

    admin.get_by_role("searchbox", name="查找").fill("李")
    admin.get_by_role("button", name="查询").click()
    admin.get_by_role("link", name="李娜").click()

    expect(admin.get_by_role("heading", level=1)).to_have_text("李娜")
    expect(admin.get_by_role("button", name="重置密码")).to_be_visible()
    admin.get_by_label("界别（委员）").fill("教育界（特邀）")
    admin.get_by_role("button", name="保存资料").click()
    expect(admin.locator(".flash")).to_contain_text("已保存 李娜（li）的资料")
    expect(admin.get_by_label("界别（委员）")).to_have_value("教育界（特邀）")


def test_pages_load_everything_from_the_service_and_break_no_content_policy(flow, enter):
    proposal = flow.assigned()
    page = enter("office")
    asked, complaints = [], []
    page.on("request", lambda request: asked.append(request.url))
    page.on("console", lambda message: message.type == "error" and complaints.append(message.text))

    for path in ("/workbench", f"/proposals/{proposal['id']}", "/workflows", "/proposals"):
        page.goto(path)

    origin = page.url.split("/", 3)[:3]
    assert asked and all(url.split("/", 3)[:3] == origin for url in asked)
    assert complaints == []


def test_a_clerk_adds_a_fourth_and_fifth_promise_to_a_reply(flow, enter, world):
    proposal = flow.assigned()
    clerk = world["transport"]
    lead = clerk.act("assignment", proposal["assignments"][0], "sign")
    contact = {"method": "电话", "date": "2026-03-16", "summary": "电话沟通。"}
    clerk.act("assignment", lead, "log_contact", **contact)
    page = enter("transport", viewport=PHONE)
    page.goto(f"/assignments/{lead['id']}")
    form = open_form(page, "reply")
    form.get_by_label("答复类别").select_option(value="B")
    for label, value in (("答复正文", "经研究，分步实施。"), ("签发领导", "陈局长")):
        form.get_by_label(label).fill(value)
    form.locator("input[name=contact_name]").fill("刘科员")
    form.get_by_label("联系电话").fill("0571-87000000")

    adding = form.get_by_role("button", name="再加一项承诺")
    adding.click()
    adding.click()
    for n in range(1, 6):
        form.get_by_label(f"事项{n}", exact=True).fill(f"第{n}项承诺")
        form.locator(f"input[name='commitments-{n - 1}-due_date']").fill(f"2026-{6 + n:02d}-30")
    confirm(page, form)

    promised = clerk.assignment(lead["id"])["replies"][-1]["commitments"]
    assert [c["text"] for c in promised] == [f"第{n}项承诺" for n in range(1, 6)]
