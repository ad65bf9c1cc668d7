"""The public window allows each address a number of requests a minute, counted in the
database (so every worker and instance counts together); then 429 until the minute is over."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from service import create_app
from service.db import current_session
from service.models import PublicThrottle


@pytest.fixture
def limited(app, settings, clock, shared_engine):
    """The service with a limit of 5 requests a minute."""
    app = create_app(replace(settings, public_rate_limit=5), clock=clock, engine=shared_engine)
    app.config["TESTING"] = True
    return app


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_sixth_request_in_a_minute_is_refused_with_retry_after(limited, clock):
    citizen = from_address(limited, "203.0.113.7")
    answers = [citizen.get("/api/v1/public/proposals").status_code for _ in range(5)]

    refused = citizen.get("/api/v1/public/proposals")
    page = citizen.get("/public/")

    assert answers == [200] * 5
    assert refused.status_code == 429 and page.status_code == 429
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    assert "访问过于频繁" in refused.get_json()["error"]["message"]
    assert int(refused.headers["Retry-After"]) == 60
    assert "访问过于频繁" in page.get_data(as_text=True)


def test_a_minute_later_the_address_may_ask_again(limited, clock):
    citizen = from_address(limited, "203.0.113.7")
    for _ in range(5):
        citizen.get("/public/")
    clock.advance(seconds=30)
    assert citizen.get("/public/").status_code == 429

    clock.advance(seconds=31)

    assert citizen.get("/public/").status_code == 200


def test_other_addresses_and_the_staff_pages_are_not_counted(limited, clock):
    busy = from_address(limited, "203.0.113.7")
    for _ in range(6):
        busy.get("/public/")

    assert from_address(limited, "198.51.100.2").get("/public/").status_code == 200
    assert busy.get("/login").status_code == 200


def test_the_count_is_shared_by_every_worker(limited, settings, clock, shared_engine):
    """Two apps over one database stand for two gunicorn workers: together they count."""
    second = create_app(replace(settings, public_rate_limit=5), clock=clock, engine=shared_engine)
    for worker in (limited, second, limited, second, limited):
        assert from_address(worker, "203.0.113.7").get("/public/").status_code == 200

    assert from_address(second, "203.0.113.7").get("/public/").status_code == 429
    with limited.app_context():
        row = current_session().scalars(select(PublicThrottle)).one()
        assert (row.address, row.requests) == ("203.0.113.7", 5)
