"""One batch's way out for each channel: the SMTP connection it reuses, the robots' and the
SMS gateway's HTTP POSTs."""

from __future__ import annotations

from service.channels.json_post import post_json
from service.channels.mail import MailBox
from service.channels.messages import robot_body
from service.vocabulary import Channel


class NotConfigured(Exception):
    """The channel's setting is missing (it was unset after the delivery was queued)."""


class Transports:
    """Send deliveries of every channel; use as a context manager so the SMTP connection ends."""

    def __init__(self, settings) -> None:
        self.settings = settings
        self.mailbox = MailBox(settings.smtp_url, settings.mail_from) if settings.smtp_url else None

    def __enter__(self) -> Transports:
        return self

    def __exit__(self, *_exc) -> None:
        if self.mailbox is not None:
            self.mailbox.close()

    def send(self, delivery) -> None:
        """Send one delivery; raises when it was not taken."""
        if delivery.channel == Channel.EMAIL:
            if self.mailbox is None:
                raise NotConfigured("未设置发信服务器（SMTP_URL）")
            self.mailbox.send(delivery)
        elif delivery.channel == Channel.SMS:
            if not self.settings.sms_url:
                raise NotConfigured("未设置短信网关（SMS_URL）")
            post_json(self.settings.sms_url, {"phone": delivery.address, "text": delivery.text})
        else:
            body = robot_body(
                delivery.robot_kind,
                subject=delivery.subject,
                text=delivery.text,
                link=delivery.link,
            )
            post_json(delivery.address, body)
