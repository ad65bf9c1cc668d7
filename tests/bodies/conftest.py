"""A second body beside the test world's city: a county under it, with a unit of the same name as
one of the city's, its own office, and 张伟 (zhang) a member of both."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from service.db import unit_of_work
from service.operations import bodies, users
from tests.client import PASSWORD, ApiClient

COUNTY = "政协示范县委员会"
SAME_NAME_UNIT = "市交通运输局"  # the city has one too


@dataclass
class County:
    id: int
    unit_id: int
    clients: dict

    def __getitem__(self, username: str) -> ApiClient:
        return self.clients[username]


def log_in(world, username: str, body_id: int | None = None) -> ApiClient:
    body = {"username": username, "password": PASSWORD}
    if body_id is not None:
        body["body_id"] = body_id
    answer = ApiClient(world.app.test_client(), None).post("/auth/token", body)
    assert answer.status == 200, answer.json
    return ApiClient(world.app.test_client(), answer.json["token"], username)


@pytest.fixture
def county(world) -> County:
    now = world.clock.now()
    with world.app.app_context(), unit_of_work() as session:
        raw = {"name": COUNTY, "level": "county", "parent_id": world.body_id}
        body = bodies.add_body(session, raw, actor=None, now=now).id
        unit = users.add_unit(session, SAME_NAME_UNIT, now=now, body_id=body).id
        for username, role, unit_name in (
            ("county_office", "committee", None),
            ("county_admin", "admin", None),
            ("county_clerk", "unit", SAME_NAME_UNIT),
            ("county_member", "member", None),
        ):
            users.add_user(
                session,
                username,
                role=role,
                password=PASSWORD,
                unit_name=unit_name,
                now=now,
                body_id=body,
            )
        users.grant(session, "zhang", body_id=body, role="member", now=now)
    names = ("county_office", "county_admin", "county_clerk", "county_member")
    clients = {name: log_in(world, name) for name in names}
    clients["zhang"] = log_in(world, "zhang", body)
    return County(body, unit, clients)
