"""Guessing passwords is throttled per account and per address, and every answer carries the
security headers."""

from tests.client import PASSWORD


def _login(client, username, password, address="10.1.2.3"):
    return client.post(
        "/api/v1/auth/token",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_account_is_locked_for_a_while_after_five_wrong_passwords(app, world, clock):
    client = app.test_client()
    for _ in range(5):
        assert _login(client, "zhang", "wrong password").status_code == 401

    locked = _login(client, "zhang", PASSWORD)
    clock.advance(minutes=16)
    later = _login(client, "zhang", PASSWORD)

    assert locked.status_code == 429
    assert "15分钟" in locked.get_json()["error"]["message"]
    assert later.status_code == 200


def test_one_address_guessing_many_accounts_is_throttled(app, world):
    client = app.test_client()
    for index in range(30):
        _login(client, f"nobody{index}", "guess")

    from_there = _login(client, "li", PASSWORD)
    from_elsewhere = _login(client, "li", PASSWORD, address="10.9.9.9")

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 200


def test_a_failed_login_on_the_page_counts_too(app, world):
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    for _ in range(5):
        client.post("/login", data={"username": "wang", "password": "nope"})

    assert _login(client, "wang", PASSWORD).status_code == 429


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
