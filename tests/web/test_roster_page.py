"""导入委员名册 on the administrator's pages: the check names each wrong row and adds nobody,
the import adds every member with the initial password, and nobody else may open the page."""

from __future__ import annotations

import html
import re
from io import BytesIO

from openpyxl import Workbook

from tests.client import PASSWORD

HEADINGS = ("姓名", "界别", "党派", "工作单位及职务", "手机", "邮箱")
GOOD = [
    ("陈静", "文艺界", "民盟", "市歌舞剧院院长", "13800001111", "chen@example.cn"),
    ("欧阳明", "科技界", "九三学社", "市科学院研究员", "13800002222", None),
]


def xlsx(*rows) -> bytes:
    book, data = Workbook(), BytesIO()
    book.active.append(HEADINGS)
    for row in rows:
        book.active.append(row)
    book.save(data)
    return data.getvalue()


def check(admin, data: bytes):
    form = {"file": (BytesIO(data), "名册.xlsx"), "csrf_token": admin.token()}
    response = admin.client.post("/admin/users/import/check", data=form)
    return response.status_code, response.get_data(as_text=True)


def carried(text: str) -> str:
    return html.unescape(re.search(r'name="roster" value="([^"]*)"', text).group(1))


def test_the_check_names_the_wrong_row_and_adds_nobody(web):
    admin = web("admin")

    status, text = check(admin, xlsx(("王五", "经济界", None, None, "12345", None), *GOOD))

    assert status == 422
    assert "第2行：手机号码格式不正确" in text and "未导入任何委员" in text
    assert 'name="roster"' not in text
    assert "没有符合条件的用户。" in admin.get("/admin/users?q=陈静").text


def test_the_checked_roster_is_imported_with_the_initial_password(web, world):
    admin = web("admin")
    status, text = check(admin, xlsx(*GOOD))
    assert status == 200 and "可以导入 2 名委员" in text

    page = admin.post("/admin/users/import/apply", {"roster": carried(text), "password": PASSWORD})

    assert page.status == 200 and "已导入 2 名委员" in page.text
    assert "chenjing" in page.text and "ouyangming" in page.text
    assert world.login("chenjing").ok("GET", "/me")["phone"] == "13800001111"


def test_a_short_password_keeps_the_rows_and_says_why(web, world):
    admin = web("admin")
    _, text = check(admin, xlsx(*GOOD))

    page = admin.post("/admin/users/import/apply", {"roster": carried(text), "password": "short"})

    assert page.status == 422 and "确认导入 2 名委员" in page.text
    assert "密码" in page.text.split('id="roster-password-error"')[1][:200]


def test_a_tampered_confirmation_is_refused(web):
    admin = web("admin")
    sent = {"roster": '[{"number": "x"}]', "password": PASSWORD}

    page = admin.post("/admin/users/import/apply", sent)

    assert page.status == 422 and "名册已失效，请重新上传名册。" in page.text


def test_only_the_administrator_opens_the_roster_page(web):
    assert web("office").get("/admin/users/import").status == 403
    assert web("admin").get("/admin/users/import").status == 200
