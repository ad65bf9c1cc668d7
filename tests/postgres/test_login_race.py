"""Parallel wrong passwords for one username from one address: each attempt is counted under a
row lock before its password is checked, so no more than the free five are ever checked.

Marked `postgres` (row locks); on SQLite the writers are serialised and the answer is the same.
"""

from threading import Lock

import pytest

from service.operations import users
from tests.postgres.threads import all_at_once


@pytest.mark.postgres
@pytest.mark.parametrize("username", ["zhang", "nobody"])
def test_parallel_guesses_never_get_more_than_five_passwords_checked(
    app, world, monkeypatch, username
):
    checked, counting = [], Lock()

    def counted(stored, password):
        with counting:
            checked.append(password)
        return real(stored, password)

    real = users.verify_password
    monkeypatch.setattr(users, "verify_password", counted)
    body = {"username": username, "password": "wrong password"}
    clients = [app.test_client() for _ in range(12)]

    answers = all_at_once(
        [(lambda c=c: c.post("/api/v1/auth/token", json=body).status_code) for c in clients]
    )

    assert sorted(answers) == [401] * 5 + [429] * 7
    assert len(checked) == 5
    later = app.test_client().post("/api/v1/auth/token", json=body)
    assert later.status_code == 429 and later.headers["Retry-After"] == "30"
