"""Deliveries leave through real receivers on 127.0.0.1: the SMTP server gets the mail, the HTTP
receiver the robots' messages (/wecom, /dingtalk, /generic, /office) and the SMS (/sms)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from service.db import unit_of_work
from service.jobs.delivery_sender import deliver_pending
from service.models import Delivery, Notification, User
from service.operations.bodies import home_body
from service.usernames import find_by_username
from tests.channels.receivers import HttpReceiver, MailServer
from tests.flows import Flow

BASE_URL = "https://tian.zx.example.gov.cn"


@pytest.fixture
def mail_server():
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def receiver():
    server = HttpReceiver().start()
    yield server
    server.stop()


@pytest.fixture
def settings(settings, mail_server, receiver):
    return replace(
        settings,
        smtp_url=mail_server.url,
        mail_from="tian@zx.example.gov.cn",
        sms_url=receiver.url("/sms"),
        base_url=BASE_URL,
    )


@pytest.fixture
def flow(world):
    return Flow(world)


class Outbox:
    """The test's view of the deliveries and the sender."""

    def __init__(self, app, clock) -> None:
        self.app, self.clock = app, clock

    def addresses(self, username: str, *, email=None, phone=None) -> None:
        with self.app.app_context(), unit_of_work() as session:
            person: User = find_by_username(session, username, self._body(session))
            person.email, person.phone = email, phone

    def _body(self, session) -> int:
        return home_body(session, now=self.clock.now()).id

    def send(self, now=None):
        with self.app.app_context():
            return deliver_pending(now=now or self.clock.now())

    def inbox(self, username: str) -> list[str]:
        """The events of the person's own in-app notifications."""
        with self.app.app_context(), unit_of_work() as session:
            person = find_by_username(session, username, self._body(session))
            query = session.query(Notification).filter_by(user_id=person.id)
            return [n.event for n in query.order_by(Notification.id)]

    def rows(self, **where) -> list[dict]:
        with self.app.app_context(), unit_of_work() as session:
            query = session.query(Delivery).filter_by(**where).order_by(Delivery.id)
            return [
                {c.name: getattr(row, c.name) for c in Delivery.__table__.columns} for row in query
            ]


@pytest.fixture
def outbox(app, clock):
    return Outbox(app, clock)
