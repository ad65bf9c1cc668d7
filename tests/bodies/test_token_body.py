"""A token names the body it was issued for, and its lookup is made in that body alone: the
number is no key (changing it matches no token), a token of the older form that names none still
opens the API (looked up across bodies), and a bad token leaves the request in no body."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from service.db import unit_of_work
from service.db.scope import in_no_body, scope_of
from service.errors import NotAuthenticated
from service.models import ApiToken, User
from service.operations import users
from tests.bodies.conftest import log_in
from tests.client import ApiClient


def test_each_token_names_its_body(world, county):
    city, in_county = log_in(world, "zhang"), log_in(world, "zhang", county.id)

    assert city.token.split(".")[0] == str(world.body_id)
    assert in_county.token.split(".")[0] == str(county.id)
    assert in_county.ok("GET", "/me")["body"]["id"] == county.id


def test_a_token_with_another_bodys_number_opens_nothing(world, county):
    token = log_in(world, "zhang", county.id).token
    _, secret = token.split(".", 1)
    forged = ApiClient(world.app.test_client(), f"{world.body_id}.{secret}")

    answer = forged.get("/me")

    assert answer.status == 401


def test_a_token_that_names_no_body_still_opens_the_api(world, county):
    plain = "an-older-token-without-a-body-number-in-it"
    with world.app.app_context(), unit_of_work() as session:
        user = session.scalars(select(User).where(User.username == "county_office")).one()
        digest = hashlib.sha256(plain.encode()).hexdigest()
        now = world.clock.now()
        session.add(
            ApiToken(digest=digest, user=user, created_at=now, expires_at=now + timedelta(hours=1))
        )
    client = ApiClient(world.app.test_client(), plain)

    me = client.ok("GET", "/me")

    assert (me["username"], me["body"]["id"]) == ("county_office", county.id)


@pytest.mark.parametrize("token", [f"1.{'x' * 43}", "2.nothing", "no-such-token"])
def test_a_bad_token_leaves_the_request_in_no_body(world, token):
    with world.app.app_context(), unit_of_work() as session:
        in_no_body(session)  # as a request starts
        with pytest.raises(NotAuthenticated):
            users.actor_for_token(session, token, now=world.clock.now())

        assert scope_of(session) is None
