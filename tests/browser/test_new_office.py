"""A new office's first session, in the browser, from an empty database but for one
administrator: the session, the members' roster, the units and staff, a paper proposal entered
and accepted, the 交办会 plan uploaded, and the unit's first look at its assignment, all through
the pages. Screenshots of each step go to $SCREENSHOTS when set (else to the test's tmp folder)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from service.jobs.render_worker import render_pending
from tests.browser.steps import act, state_of
from tests.client import PASSWORD

SESSION = "十四届四次会议"
TITLE = "关于加快老旧小区加装电梯的提案"
ROSTER_HEADINGS = ("姓名", "界别", "党派", "工作单位及职务", "手机", "邮箱")
MEMBERS = [
    ("张伟", "经济界", "民建", "市建筑设计研究院院长", "13800138001", "zhangwei@example.cn"),
    ("李娜", "教育界", "民进", "市第一中学校长", "13800138002", "lina@example.cn"),
    ("王芳", "医药卫生界", "九三学社", "市人民医院副院长", "13800138003", "wangfang@example.cn"),
    ("刘洋", "科技界", "无党派人士", "市科技局总工程师", "13800138004", "liuyang@example.cn"),
    ("陈静", "社会福利和社会保障界", "民盟", "市社会福利院院长", "13800138005", None),
]
HOUSING, EDUCATION = "市住房和城乡建设局", "市教育局"
SEALED_REPLY = "盖章答复件-市住房和城乡建设局.pdf"


def nav(page: Page, name: str) -> None:
    """Follow a link of the main navigation."""
    page.get_by_role("navigation", name="主导航").get_by_role("link", name=name).click()


def roster(tmp_path: Path, rows, name: str) -> Path:
    book = Workbook()
    book.active.append(ROSTER_HEADINGS)
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def sealed_reply(tmp_path: Path) -> Path:
    writer, data = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(data)
    path = tmp_path / SEALED_REPLY
    path.write_bytes(data.getvalue())
    return path


def set_up_the_session(admin: Page, shots) -> None:
    warning = admin.get_by_text("尚未设置当前会次")
    expect(warning).to_be_visible()
    nav(admin, "届次会次")
    expect(admin.get_by_text("尚未添加会次。")).to_be_visible()
    fields = {"会次名称": SESSION, "届次": "14", "会次": "4", "年度": "2026"}
    fields |= {"开幕日期": "2026-03-14", "大会提案截止日期": "2026-03-20", "闭幕日期": "2026-03-20"}
    for label, value in fields.items():
        admin.get_by_label(re.compile(rf"^{label}\*?$")).fill(value)
    admin.get_by_label("设为当前会次").check()
    admin.get_by_role("button", name="添加会次").click()

    expect(admin.locator(".flash")).to_contain_text("会次已添加。")
    row = admin.locator("table.sessions tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(SESSION)
    expect(row).to_contain_text("当前会次")
    shots(admin, "01-session")
    admin.goto("/workbench")
    expect(warning).to_have_count(0)


def import_the_roster(admin: Page, tmp_path: Path, shots) -> None:
    nav(admin, "用户管理")
    admin.get_by_role("link", name="导入委员名册").click()
    broken = [(*MEMBERS[0][:4], "1380013800", MEMBERS[0][5]), *MEMBERS[1:]]
    admin.get_by_label("委员名册（.xlsx）").set_input_files(roster(tmp_path, broken, "名册.xlsx"))
    admin.get_by_role("button", name="上传并检查").click()

    refused = admin.locator("table.roster-rows tr.refused")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("第2行")
    expect(refused).to_contain_text("手机")
    expect(admin.get_by_role("alert")).to_contain_text("未导入任何委员")
    expect(admin.get_by_role("button", name="确认导入")).to_have_count(0)
    shots(admin, "02-roster-refused")

    admin.get_by_label("委员名册（.xlsx）").set_input_files(roster(tmp_path, MEMBERS, "名册2.xlsx"))
    admin.get_by_role("button", name="上传并检查").click()
    expect(admin.locator("table.roster-rows tbody tr.ok")).to_have_count(5)
    expect(admin.locator("table.roster-rows caption")).to_have_text("可以导入 5 名委员")
    shots(admin, "03-roster-checked")
    admin.get_by_label("新委员的初始密码").fill(PASSWORD)
    admin.get_by_role("button", name="确认导入 5 名委员").click()

    expect(admin.locator(".flash")).to_contain_text("已导入 5 名委员")
    first = admin.locator("table.roster-rows tbody tr").first
    expect(first).to_contain_text("zhangwei")
    expect(first).to_contain_text("已导入")
    shots(admin, "04-roster-imported")


def add_units_and_staff(admin: Page, shots) -> None:
    nav(admin, "承办单位")
    for name in (HOUSING, EDUCATION):
        admin.get_by_label("单位名称").fill(name)
        admin.get_by_role("button", name="添加单位").click()
        expect(admin.locator(".flash")).to_contain_text("承办单位已添加。")
    expect(admin.locator("ul.items")).to_contain_text(HOUSING)
    shots(admin, "05-units")
    staff = (("zhoujian", "周健", "承办单位", HOUSING), ("tianjing", "田静", "提案委员会", None))
    for username, name, role, unit in staff:
        admin.goto("/admin/users")
        admin.get_by_role("link", name="添加用户").click()
        admin.get_by_label("用户名").fill(username)
        admin.get_by_label("姓名").fill(name)
        admin.get_by_label("角色").select_option(label=role)
        if unit:
            admin.get_by_label("所属承办单位").select_option(label=unit)
        admin.get_by_label("初始密码").fill(PASSWORD)
        admin.get_by_role("button", name="添加用户").click()
        expect(admin.get_by_role("heading", level=1)).to_have_text(name)
    shots(admin, "06-staff")


def enter_and_accept(clerk: Page, shots) -> str:
    nav(clerk, "代录提案")
    clerk.get_by_label("提案人（委员）").select_option(label="张伟（经济界）")
    clerk.get_by_label("纸质提案收到日期").fill("2026-03-15")
    clerk.get_by_label("案由").fill(TITLE)
    clerk.get_by_label("类别").select_option(label="社会建设")
    clerk.get_by_label("背景情况").fill("全市多层老旧住宅约三千栋，老年住户上下楼困难。")
    clerk.get_by_label("问题分析").fill("审批环节多，资金分摊难，低层住户意见不一。")
    clerk.get_by_label("具体建议").fill("一是简化审批；二是设立专项补贴；三是由社区牵头协商。")
    shots(clerk, "07-staff-entry")
    clerk.get_by_role("button", name="录入并提交").click()

    expect(clerk.locator(".flash")).to_contain_text("已代张伟录入并提交提案")
    expect(state_of(clerk)).to_have_text("待审查")
    expect(clerk.locator(".facts")).to_contain_text(f"{SESSION} · 大会提案")
    act(clerk, "accept")
    expect(state_of(clerk)).to_have_text("已立案待交办")
    expect(clerk.locator(".page-head .number")).to_contain_text("第0001号")
    shots(clerk, "08-accepted")
    return clerk.url


def run_the_plan(clerk: Page, tmp_path: Path, shots) -> None:
    nav(clerk, "交办会")
    with clerk.expect_download() as download:
        clerk.get_by_role("link", name="下载交办表（Excel）").click()
    assert download.value.suggested_filename == "交办表.xlsx"
    template = tmp_path / "交办表.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    sheet = book.worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    assert [c.value for c in sheet[2]][:2] == ["第0001号", TITLE]
    sheet.cell(row=2, column=headings.index("主办单位") + 1, value=HOUSING)
    sheet.cell(row=2, column=headings.index("会办单位") + 1, value=EDUCATION)
    filled = tmp_path / "交办表（已填）.xlsx"
    book.save(filled)
    clerk.get_by_label("交办表（.xlsx）").set_input_files(filled)
    clerk.get_by_role("button", name="上传并检查").click()

    row = clerk.locator("table.plan-rows tbody tr")
    expect(row).to_contain_text("可以交办")
    expect(row).to_contain_text(f"{HOUSING}（主办）、{EDUCATION}（会办）")
    shots(clerk, "09-plan-checked")
    clerk.get_by_role("button", name="确认交办").click()
    expect(clerk.locator(".flash").first).to_contain_text("已交办1件提案。")
    expect(row).to_contain_text("已交办")
    shots(clerk, "10-plan-applied")
    nav(clerk, "工作清单")
    listed = clerk.locator("table.worklist tbody tr")
    expect(listed).to_have_count(1)
    for text in ("第0001号", TITLE, "张伟", "大会提案", f"{HOUSING}（主办）"):
        expect(listed).to_contain_text(text)
    shots(clerk, "10b-list")


def handle_as_the_unit(unit: Page, app, clock, tmp_path: Path, shots) -> None:
    with app.app_context():
        render_pending(now=clock.now(), limit=50)  # what the document worker does next
    unit.get_by_role("link", name=TITLE).first.click()
    expect(state_of(unit)).to_have_text("待签收")
    expect(unit.locator(".contacts-of-proposers")).to_contain_text("张伟")
    expect(unit.locator(".contacts-of-proposers")).to_contain_text("手机 13800138001")
    notice = unit.get_by_role("link", name="交办通知书").first
    pdf = unit.request.get(notice.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    shots(unit, "11-assignment")

    unit.get_by_label("选择文件").set_input_files(sealed_reply(tmp_path))
    expect(unit.get_by_label("附件类别")).to_have_value("sealed_reply")
    unit.get_by_role("button", name="上传附件").click()

    expect(unit.locator(".flash")).to_contain_text(f"附件“{SEALED_REPLY}”已上传。")
    listed = unit.locator("#attachments li")
    expect(listed).to_contain_text(SEALED_REPLY)
    expect(listed).to_contain_text("盖章答复件")
    shots(unit, "12-sealed-reply")


@pytest.mark.long_running
def test_a_new_office_runs_its_first_session_from_an_empty_database(
    login_to_empty, app, clock, tmp_path, shots
):
    admin = login_to_empty("admin")
    set_up_the_session(admin, shots)
    import_the_roster(admin, tmp_path, shots)
    add_units_and_staff(admin, shots)

    clerk = login_to_empty("tianjing")
    enter_and_accept(clerk, shots)
    run_the_plan(clerk, tmp_path, shots)

    unit = login_to_empty("zhoujian")
    handle_as_the_unit(unit, app, clock, tmp_path, shots)
