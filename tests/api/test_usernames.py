"""Usernames have one normal form (NFKC, lower case) wherever they are typed, and new ones one
pattern: a look-alike of a name is that name, and a name that breaks a page's address, or looks
like another, is never made."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from service.db import current_session, unit_of_work
from service.models import Person, User
from service.usernames import RULE
from tests.client import PASSWORD

BAD_NAMES = ["", " ", "x", "a/b", "../x", ".hidden", "_x", "zh\u200bang", "张三", "a b", "a" * 33]
LOOK_ALIKES = ["ZHANG", "Zhang", "ｚｈａｎｇ", "ＺＨＡＮＧ", " zhang "]


def _count_users(app) -> int:
    with app.app_context():
        return current_session().scalar(select(func.count()).select_from(User))


def _add(world, username: str, *options: str):
    return world.app.test_cli_runner().invoke(
        args=["user", "add", username, "--role", "member", *options, "--password-stdin"],
        input=f"{PASSWORD}\n",
    )


def _login(world, username: str, password: str = PASSWORD):
    return world.app.test_client().post(
        "/api/v1/auth/token", json={"username": username, "password": password}
    )


@pytest.mark.parametrize("username", BAD_NAMES, ids=ascii)
def test_the_command_refuses_a_name_outside_the_pattern_and_says_what_fits(world, username):
    before = _count_users(world.app)

    result = _add(world, username)

    assert result.exit_code != 0
    assert RULE in result.output
    assert _count_users(world.app) == before


@pytest.mark.parametrize("username", LOOK_ALIKES, ids=ascii)
def test_the_command_refuses_a_look_alike_of_an_existing_name(world, username):
    before = _count_users(world.app)

    result = _add(world, username)

    assert result.exit_code != 0
    assert "已被使用" in result.output and "“zhang”" in result.output
    assert _count_users(world.app) == before


def test_a_name_typed_in_capitals_is_kept_in_lower_case_and_logs_in_either_way(world):
    result = _add(world, "ZhangWei", "--name", "张伟伟")

    assert result.exit_code == 0 and "已添加用户：zhangwei" in result.output
    for spelling in ("zhangwei", "ZhangWei", "ｚｈａｎｇｗｅｉ"):
        answer = _login(world, spelling)
        assert answer.status_code == 200, spelling
        assert answer.get_json()["user"]["username"] == "zhangwei"


@pytest.mark.parametrize("spelling", LOOK_ALIKES, ids=ascii)
def test_logging_in_with_a_look_alike_finds_the_user(world, spelling):
    answer = _login(world, spelling)

    assert answer.status_code == 200
    assert answer.get_json()["user"]["username"] == "zhang"


def _made_before_names_were_checked(app, username: str) -> None:
    with app.app_context(), unit_of_work() as session:
        zhang = session.scalar(select(User).where(User.username == "zhang"))
        made = datetime(2026, 1, 5, tzinfo=UTC)
        session.add(
            User(
                person=Person(
                    username=username, password_hash=zhang.person.password_hash, created_at=made
                ),
                body_id=zhang.body_id,
                username=username,
                display_name=f"旧账号{username}",
                role="admin",
                active=True,
                proxy_rater=False,
                created_at=datetime(2026, 1, 5, tzinfo=UTC),
            )
        )


def test_an_account_with_an_empty_name_made_before_names_were_checked_cannot_log_in(app, world):
    _made_before_names_were_checked(app, "")
    app.config["WTF_CSRF_ENABLED"] = False

    page = app.test_client().post("/login", data={"username": "", "password": PASSWORD})
    api = _login(world, "", PASSWORD)

    assert page.status_code == 401
    assert api.status_code == 422


def test_an_old_name_kept_beside_its_normal_form_still_logs_in_as_typed_exactly(app, world):
    _made_before_names_were_checked(app, "Wang")  # the migration kept it: "wang" was taken

    exactly = _login(world, "Wang")
    otherwise = _login(world, "WANG")

    assert exactly.get_json()["user"]["username"] == "Wang"
    assert otherwise.get_json()["user"]["username"] == "wang"


def test_the_command_finds_the_user_by_any_spelling(world):
    result = world.app.test_cli_runner().invoke(args=["user", "deactivate", "ＷＡＮＧ"])

    assert result.exit_code == 0
    assert _login(world, "wang").status_code == 401


def test_co_signers_named_in_two_spellings_are_one_invitation(world):
    proposal = world["zhang"].ok(
        "POST",
        "/proposals",
        {
            "title": "关于规范用户名的提案",
            "category": "other",
            "body": "正文。",
            "co_signers": ["LI", "ｌｉ", "li"],
        },
        status=201,
    )

    assert proposal["co_signers"] == ["li"]


def test_the_office_finds_a_members_record_by_any_spelling(world):
    answer = world["office"].get("/stats/members/ＬＩ?year=2026")

    assert answer.status == 200
