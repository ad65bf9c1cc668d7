"""`flask --app wsgi user import ROSTER.xlsx`: a roster of members added all at once or not at
all, a dry run that changes nothing, and each wrong row named in Chinese."""

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from service.db import unit_of_work
from service.models import User
from tests.client import PASSWORD

HEADINGS = ("姓名", "用户名", "界别", "党派", "工作单位及职务", "手机", "邮箱")


def roster(tmp_path, *rows, headings=HEADINGS, name="roster.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / name
    book.save(path)
    return path


def run(world, path, *options, password=PASSWORD):
    return world.app.test_cli_runner().invoke(
        args=["user", "import", str(path), *options, "--password-stdin"], input=password + "\n"
    )


def members(world) -> dict[str, User]:
    with world.app.app_context(), unit_of_work() as session:
        found = session.scalars(select(User).where(User.role == "member")).all()
        session.expunge_all()
        return {u.username: u for u in found}


def count_users(world) -> int:
    with world.app.app_context(), unit_of_work() as session:
        return session.scalar(select(func.count(User.id)))


GOOD = (
    ("陈静", None, "文艺界", "民盟", "市歌舞剧院院长", "13800001111", "chen@example.cn"),
    ("欧阳明", "ouyang", "科技界", "九三学社", "市科学院研究员", 13800002222, None),
    ("张伟", None, "经济界", None, "市商会会长", None, None),
)


def test_a_roster_adds_every_member_with_their_details(world, tmp_path):
    result = run(world, roster(tmp_path, *GOOD))

    assert result.exit_code == 0, result.output
    assert "已导入 3 名委员" in result.output
    added = members(world)
    chen = added["chenjing"]
    assert (chen.display_name, chen.sector, chen.party, chen.employer) == (
        "陈静",
        "文艺界",
        "民盟",
        "市歌舞剧院院长",
    )
    assert (chen.phone, chen.email, chen.notify_by) == (
        "13800001111",
        "chen@example.cn",
        ["email", "sms"],
    )
    assert added["ouyang"].phone == "13800002222"  # typed as a number in the sheet
    # zhang is taken by the world's 张伟 (another person of the same name): the next number
    assert added["zhangwei"].display_name == "张伟"
    assert world.login("chenjing").ok("GET", "/me")["employer"] == "市歌舞剧院院长"


def test_generated_usernames_never_clash_within_the_file(world, tmp_path):
    rows = [("王芳", None, None, None, f"单位{i}", None, None) for i in range(3)]

    assert run(world, roster(tmp_path, *rows)).exit_code == 0

    assert {"wangfang", "wangfang2", "wangfang3"} <= set(members(world))


def test_a_dry_run_says_what_would_happen_and_changes_nothing(world, tmp_path):
    before = count_users(world)

    result = world.app.test_cli_runner().invoke(
        args=["user", "import", str(roster(tmp_path, *GOOD)), "--dry-run"]
    )

    assert result.exit_code == 0, result.output
    assert "第2行：陈静（chenjing），界别：文艺界" in result.output
    assert "将导入 3 名委员（试导入，未作任何改动）" in result.output
    assert count_users(world) == before


def test_any_wrong_row_imports_nobody_and_each_is_named(world, tmp_path):
    before = count_users(world)
    rows = (
        GOOD[0],
        (None, None, "教育界", None, None, "13800003333", None),  # row 3: no name
        ("刘洋", None, None, None, None, "12345", "liu@"),  # row 4: phone and e-mail
        ("周敏", None, None, None, None, "13800001111", None),  # row 5: row 2's phone
        ("吴强", "zhang", None, None, None, None, None),  # row 6: username taken
        ("郑华", "Bad Name!", None, None, None, None, None),  # row 7
        ("王医生", None, None, None, None, None, "CHEN@example.cn"),  # row 8: row 2's e-mail
    )

    result = run(world, roster(tmp_path, *rows))

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "第3行：请填写姓名。" in lines
    assert any(
        line.startswith("第4行：手机号码格式不正确") and "邮箱格式不正确" in line for line in lines
    )
    assert "第5行：手机号码与第2行相同。" in lines
    assert "第6行：用户名“zhang”已被使用。" in lines
    assert any(line.startswith("第7行：用户名“Bad Name!”不可用") for line in lines)
    assert "第8行：邮箱与第2行相同。" in lines
    assert "名册有 6 处错误，未导入任何委员" in result.output
    assert not any(line.startswith("第2行") for line in lines)
    assert count_users(world) == before


def test_a_member_registered_already_is_a_duplicate(world, tmp_path):
    world["li"].ok("PATCH", "/me", {"phone": "13800001111", "employer": "市第一中学校长"})
    rows = (GOOD[0], ("李娜", None, None, None, "市第一中学校长", None, None))

    result = run(world, roster(tmp_path, *rows))

    assert result.exit_code == 1
    assert "第2行：手机号码与已登记的用户相同。" in result.output
    assert "第3行：姓名和工作单位及职务与已登记的用户相同。" in result.output


def test_the_same_username_twice_in_the_file(world, tmp_path):
    rows = (("甲", "chen", *[None] * 5), ("乙", "CHEN", *[None] * 5))

    result = run(world, roster(tmp_path, *rows))

    assert "第3行：用户名“chen”与第2行相同。" in result.output


@pytest.mark.parametrize(
    ("headings", "words"),
    [
        (("用户名", "界别"), "须有“姓名”列"),
        (("姓名", "微信"), "不认识的列：微信"),
    ],
)
def test_a_roster_with_wrong_columns_is_refused(world, tmp_path, headings, words):
    result = run(world, roster(tmp_path, ("陈静", "x"), headings=headings))

    assert result.exit_code != 0 and words in result.output


def test_other_headings_offices_write_are_understood_and_blank_rows_skipped(world, tmp_path):
    headings = ("姓名", "手机号码", "电子邮箱", "工作单位")
    rows = (("陈静", "13800001111", "chen@example.cn", "市歌舞剧院"), (None, None, None, None))

    assert run(world, roster(tmp_path, *rows, headings=headings)).exit_code == 0

    assert members(world)["chenjing"].employer == "市歌舞剧院"


def test_a_file_that_is_not_a_workbook_is_refused(world, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_text("姓名,手机\n陈静,13800001111\n")

    result = run(world, path)

    assert result.exit_code != 0 and "请提供 Excel 工作簿" in result.output


def test_an_import_needs_a_long_enough_password(world, tmp_path):
    before = count_users(world)

    result = run(world, roster(tmp_path, *GOOD), password="short")

    assert result.exit_code != 0 and "密码至少需要8个字符" in result.output
    assert count_users(world) == before


def test_an_empty_roster_says_so(world, tmp_path):
    result = run(world, roster(tmp_path))

    assert result.exit_code == 1 and "名册中没有委员" in result.output
