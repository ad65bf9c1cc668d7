"""Guessing passwords is slowed per username and address, never locking anyone out from
elsewhere; one address has a high ceiling; and every answer carries the security headers."""

from dataclasses import replace

import pytest

from service import create_app
from service.config import ConfigurationError, Settings
from tests.client import PASSWORD

OFFICE, ELSEWHERE = "10.1.2.3", "10.9.9.9"


def _login(client, username, password, address=OFFICE, **kwargs):
    return client.post(
        "/api/v1/auth/token",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
        **kwargs,
    )


def _message(response) -> str:
    return response.get_json()["error"]["message"]


def _fail(client, username, times, address=OFFICE):
    return [_login(client, username, "wrong password", address) for _ in range(times)]


def test_each_wrong_password_says_how_many_tries_are_left_then_how_long_to_wait(app, world):
    client = app.test_client()

    answers = _fail(client, "zhang", 5)

    assert [a.status_code for a in answers] == [401] * 5
    assert [_message(a) for a in answers] == [
        "用户名或密码不正确，还可尝试4次。",
        "用户名或密码不正确，还可尝试3次。",
        "用户名或密码不正确，还可尝试2次。",
        "用户名或密码不正确，还可尝试1次。",
        "用户名或密码不正确，请30秒后再试。",
    ]


def test_after_five_failures_even_the_right_password_waits_thirty_seconds(app, world, clock):
    client = app.test_client()
    _fail(client, "zhang", 5)

    too_soon = _login(client, "zhang", PASSWORD)
    clock.advance(seconds=29)
    still_too_soon = _login(client, "zhang", PASSWORD)
    clock.advance(seconds=1)
    in_time = _login(client, "zhang", PASSWORD)

    assert (too_soon.status_code, too_soon.headers["Retry-After"]) == (429, "30")
    assert _message(too_soon) == "登录失败次数较多，请30秒后再试；如忘记密码，请联系系统管理员。"
    assert (still_too_soon.status_code, still_too_soon.headers["Retry-After"]) == (429, "1")
    assert in_time.status_code == 200


def test_the_wait_doubles_with_each_further_failure_up_to_fifteen_minutes(app, world, clock):
    client = app.test_client()
    _fail(client, "zhang", 5)
    waits, told = [], []

    for _ in range(7):
        refused = _login(client, "zhang", "wrong password")  # refused early: not counted
        waits.append(int(refused.headers["Retry-After"]))
        clock.advance(seconds=waits[-1])
        told.append(_message(_login(client, "zhang", "wrong password")))

    assert waits == [30, 60, 120, 240, 480, 900, 900]
    assert told[:2] == [
        "用户名或密码不正确，请1分钟后再试。",
        "用户名或密码不正确，请2分钟后再试。",
    ]
    assert told[-1] == "用户名或密码不正确，请15分钟后再试。"


def test_a_successful_login_starts_the_count_afresh(app, world, clock):
    client = app.test_client()
    _fail(client, "zhang", 4)

    assert _login(client, "zhang", PASSWORD).status_code == 200
    [again] = _fail(client, "zhang", 1)

    assert _message(again) == "用户名或密码不正确，还可尝试4次。"


def test_a_username_left_alone_for_a_day_starts_afresh(app, world, clock):
    client = app.test_client()
    _fail(client, "zhang", 8)

    clock.advance(days=1, seconds=1)
    [again] = _fail(client, "zhang", 1)

    assert _message(again) == "用户名或密码不正确，还可尝试4次。"


@pytest.mark.parametrize("username", ["admin", "zhang"])
def test_nobody_can_lock_an_account_out_from_another_address(app, world, clock, username):
    attacker, owner = app.test_client(), app.test_client()
    for _ in range(12):
        _fail(attacker, username, 3, address="203.0.113.66")
        clock.advance(minutes=1)

    answer = _login(owner, username, PASSWORD, address=ELSEWHERE)

    assert answer.status_code == 200


def test_an_unknown_username_is_answered_exactly_like_a_known_one(app, world):
    client = app.test_client()

    known = _fail(client, "zhang", 6)
    unknown = _fail(client, "nobody", 6)

    def seen(answers):
        return [(a.status_code, _message(a), a.headers.get("Retry-After")) for a in answers]

    assert seen(known) == seen(unknown)
    assert seen(unknown)[-1][0] == 429


def test_look_alike_spellings_of_a_username_share_its_count(app, world):
    client = app.test_client()

    for spelling in ("ZHANG", "ｚｈａｎｇ", " Zhang ", "zhang", "Ｚhang"):
        _fail(client, spelling, 1)

    assert _login(client, "zhang", PASSWORD).status_code == 429


def test_an_office_behind_one_address_is_not_locked_out_by_its_typos(app, world):
    client = app.test_client()
    people = ["zhang", "li", "wang", "office", "office2", "transport", "education", "ecology"]
    for username in people:
        _fail(client, username, 4)

    answers = [_login(client, username, PASSWORD) for username in people]

    assert [a.status_code for a in answers] == [200] * len(people)


def test_one_address_guessing_many_names_meets_a_high_ceiling(app, world, clock):
    client = app.test_client()
    for index in range(300):
        assert _login(client, f"guess{index}", "guess").status_code == 401

    from_there = _login(client, "li", PASSWORD)
    from_elsewhere = _login(client, "li", PASSWORD, address=ELSEWHERE)
    clock.advance(minutes=15)
    later = _login(client, "li", PASSWORD)

    assert (from_there.status_code, from_there.headers["Retry-After"]) == (429, "900")
    assert _message(from_there).startswith("本网络地址登录失败次数过多，请15分钟后再试")
    assert from_elsewhere.status_code == 200
    assert later.status_code == 200


def test_the_login_page_and_the_api_share_one_count_and_tell_the_same(app, world):
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False

    pages = [client.post("/login", data={"username": "wang", "password": "nope"}) for _ in range(5)]
    api = _login(client, "wang", PASSWORD, address="127.0.0.1")
    page = client.post("/login", data={"username": "wang", "password": PASSWORD})

    assert [p.status_code for p in pages] == [401] * 5
    assert "还可尝试4次" in pages[0].get_data(as_text=True)
    assert "请30秒后再试" in pages[-1].get_data(as_text=True)
    assert api.status_code == 429
    assert (page.status_code, page.headers["Retry-After"]) == (429, "30")
    assert "请30秒后再试" in page.get_data(as_text=True)


def test_a_forged_forwarded_for_header_is_ignored_without_a_trusted_proxy(app, world):
    client = app.test_client()
    for index in range(5):
        forged = {"X-Forwarded-For": f"198.51.100.{index}"}
        _login(client, "zhang", "wrong password", headers=forged)

    answer = _login(client, "zhang", PASSWORD, headers={"X-Forwarded-For": "198.51.100.99"})

    assert answer.status_code == 429


def test_behind_one_trusted_proxy_the_forwarded_address_is_the_clients(
    settings, clock, shared_engine, world
):
    proxied = create_app(replace(settings, trusted_proxies=1), clock=clock, engine=shared_engine)
    client, proxy = proxied.test_client(), "10.0.0.1"
    for _ in range(5):
        _login(client, "zhang", "wrong", proxy, headers={"X-Forwarded-For": "198.51.100.7"})

    guesser = _login(client, "zhang", PASSWORD, proxy, headers={"X-Forwarded-For": "198.51.100.7"})
    owner = _login(client, "zhang", PASSWORD, proxy, headers={"X-Forwarded-For": "192.0.2.5"})

    assert guesser.status_code == 429
    assert owner.status_code == 200


@pytest.mark.parametrize(("value", "hops"), [(None, 0), ("", 0), ("0", 0), ("1", 1), (" 2 ", 2)])
def test_trusted_proxies_is_read_from_the_environment(value, hops):
    environ = {} if value is None else {"TRUSTED_PROXIES": value}

    assert Settings.from_env(environ).trusted_proxies == hops


@pytest.mark.parametrize("value", ["-1", "one", "1.5", "11"])
def test_a_wrong_trusted_proxies_setting_stops_the_start_with_a_sentence(value):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES"):
        Settings.from_env({"TRUSTED_PROXIES": value}).validate()


def test_answers_carry_a_strict_content_security_policy_and_no_caching(app, world):
    client = app.test_client()

    api = client.get("/api/v1/me", headers={"Authorization": f"Bearer {world['zhang'].token}"})
    page = client.get("/login")

    for response in (api, page):
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"
    assert "<script>" not in page.get_data(as_text=True)
