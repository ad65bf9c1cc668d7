"""`flask --app wsgi user deactivate|activate|password`: the administrator's account commands."""

import pytest
from sqlalchemy import select

from service.db import unit_of_work
from service.errors import RoleRefused
from service.models import User
from service.operations import users
from tests.client import PASSWORD


def _login(world, username: str, password: str = PASSWORD) -> int:
    response = world.app.test_client().post(
        "/api/v1/auth/token", json={"username": username, "password": password}
    )
    return response.status_code


def test_deactivate_ends_the_login_and_activate_restores_it(world):
    runner = world.app.test_cli_runner()

    result = runner.invoke(args=["user", "deactivate", "wang"])

    assert result.exit_code == 0 and "已停用" in result.output
    assert world["wang"].get("/me").status == 401
    assert _login(world, "wang") == 401
    assert runner.invoke(args=["user", "activate", "wang"]).exit_code == 0
    assert _login(world, "wang") == 200


def test_password_reads_the_new_one_from_standard_input(world):
    result = world.app.test_cli_runner().invoke(
        args=["user", "password", "wang", "--password-stdin"], input="another long one\n"
    )

    assert result.exit_code == 0
    assert _login(world, "wang") == 401 and _login(world, "wang", "another long one") == 200


def test_an_unknown_user_is_named_in_the_refusal(world):
    result = world.app.test_cli_runner().invoke(args=["user", "deactivate", "nobody"])

    assert result.exit_code != 0
    assert "用户" in result.output


def test_only_an_administrator_may_stop_or_reset_another_login(world):
    """The operations check the role themselves, whichever page or command calls them."""
    now = world.clock.now()
    with world.app.app_context(), unit_of_work() as session:
        office = session.scalar(select(User).where(User.username == "office"))
        with pytest.raises(RoleRefused, match="只有系统管理员"):
            users.set_active(session, "wang", False, actor=office, now=now)
        with pytest.raises(RoleRefused, match="只有系统管理员"):
            users.reset_password(session, "wang", "another long one", actor=office, now=now)

    assert _login(world, "wang") == 200
