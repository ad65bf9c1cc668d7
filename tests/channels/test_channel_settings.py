"""Channel settings are checked at start-up with a sentence saying what to set; odd addresses
and tokens are refused, never a server error."""

from __future__ import annotations

import pytest

from service.config import ConfigurationError, Settings


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"smtp_url": "http://mail.example"}, "SMTP_URL must be smtp://"),
        ({"smtp_url": "smtp://mail.example:mail"}, "port that is not a number"),
        ({"smtp_url": "smtp://mail.example"}, "MAIL_FROM"),
        ({"sms_url": "sms.example/send"}, "SMS_URL must be an http://"),
        ({"base_url": "tian.example"}, "BASE_URL must be an http://"),
    ],
)
def test_a_wrong_channel_setting_stops_the_start_with_what_to_set(changes, says):
    with pytest.raises(ConfigurationError, match=says):
        Settings(**changes).validate()


def test_smtps_with_a_sender_is_accepted():
    Settings(
        smtp_url="smtps://u:p%40ss@mail.example:465", mail_from="tian@example.gov.cn"
    ).validate()


def test_a_malformed_robot_address_is_refused_plainly(world):
    unit_id = world.units["市交通运输局"]

    answers = [
        world["office"].request("PATCH", f"/units/{unit_id}", {"webhook_url": url})
        for url in ("http://[", "https://robot.example:99999/send", "https://a b.example/")
    ]

    assert [a.status for a in answers] == [422, 422, 422]
    assert all(a.error["details"]["webhook_url"] for a in answers)


def test_a_calendar_token_naming_an_impossible_user_is_not_found(app):
    for token in ("99999999999.abc", "0.abc", "x.y", "", "1."):
        answer = app.test_client().get(f"/api/v1/deadlines.ics?token={token}")
        assert answer.status_code == 404, token
