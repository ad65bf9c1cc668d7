"""Logging in: tokens, who the caller is, and how passwords and tokens are kept."""

import pytest
from sqlalchemy import select

from service.db import current_session
from service.models import ApiToken, Person
from tests.client import PASSWORD


def test_member_logs_in_and_gets_a_token_for_twelve_hours(world, anonymous):
    login = {"username": "zhang", "password": PASSWORD}

    response = anonymous.post("/auth/token", login)

    assert response.status == 200
    assert len(response.json["token"]) >= 32
    assert response.json["expires_at"] == "2026-03-16T21:00:00+08:00"
    user = response.json["user"]
    assert {k: v for k, v in user.items() if k != "id"} == {
        "username": "zhang",
        "display_name": "张伟",
        "role": "member",
        "unit_id": None,
        "unit_name": None,
        "name": "张伟",
        "sector": "经济界",
        "party": None,
        "employer": None,
        "phone": None,
        "email": None,
        "notify_by": ["email", "sms"],
        "proxy_rater": False,
        "body": {"id": world.body_id, "name": "政协示范市委员会", "level": "city"},
        "memberships": [
            {
                "body_id": world.body_id,
                "body_name": "政协示范市委员会",
                "role": "member",
                "unit_id": None,
            }
        ],
    }


def test_unit_clerk_login_names_the_unit(world, anonymous):
    login = {"username": "transport", "password": PASSWORD}

    user = anonymous.post("/auth/token", login).json["user"]

    assert (user["role"], user["unit_id"], user["unit_name"]) == (
        "unit",
        world.units["市交通运输局"],
        "市交通运输局",
    )


def test_issued_token_opens_the_api_until_it_expires(world, clock):
    member = world.login("zhang")

    clock.advance(hours=11, minutes=59)

    assert member.ok("GET", "/me")["username"] == "zhang"


@pytest.mark.parametrize(
    "login",
    [{"username": "zhang", "password": "wrong password"}, {"username": "nobody", "password": "x"}],
    ids=["wrong-password", "unknown-user"],
)
def test_failed_login_says_the_same_for_a_wrong_password_and_an_unknown_user(
    world, anonymous, login
):
    response = anonymous.post("/auth/token", login)

    assert response.status == 401
    assert response.error == {
        "code": "not_authenticated",
        "message": "用户名或密码不正确，还可尝试4次。",
        "details": {},
    }


@pytest.mark.parametrize(
    ("login", "missing"),
    [
        ({}, {"username", "password"}),
        ({"username": "zhang"}, {"password"}),
        ({"password": PASSWORD}, {"username"}),
    ],
    ids=["nothing", "no-password", "no-username"],
)
def test_login_without_username_or_password_is_422_naming_them(world, anonymous, login, missing):
    response = anonymous.post("/auth/token", login)

    assert (response.status, response.error["code"]) == (422, "invalid_input")
    assert set(response.error["details"]) == missing


ME = [
    ("office", "committee", None),
    ("admin", "admin", None),
    ("leader", "leader", None),
    ("zhang", "member", None),
    ("transport", "unit", "市交通运输局"),
]


@pytest.mark.parametrize(("username", "role", "unit_name"), ME)
def test_me_tells_each_person_who_they_are(world, username, role, unit_name):
    client = world[username]

    me = client.ok("GET", "/me")

    assert (me["username"], me["role"], me["unit_name"]) == (username, role, unit_name)
    assert me["unit_id"] == (world.units[unit_name] if unit_name else None)


def test_logging_out_one_session_keeps_the_others(world):
    first, second = world["zhang"], world.login("zhang")

    first.ok("DELETE", "/auth/token", status=204)

    assert first.get("/me").status == 401
    assert second.ok("GET", "/me")["username"] == "zhang"
    assert first.token != second.token


def test_passwords_are_stored_as_argon2id_hashes(app, world):
    with app.app_context():
        hashes = current_session().scalars(select(Person.password_hash)).all()

    assert hashes
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


def test_tokens_are_stored_as_digests(app, world):
    token = world.login("zhang").token

    with app.app_context():
        digests = current_session().scalars(select(ApiToken.digest)).all()

    assert len(digests) == len(world.clients) + 1
    assert token not in digests
    assert not any(token in d for d in digests)
