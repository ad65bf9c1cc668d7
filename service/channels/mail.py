"""Mail over SMTP (stdlib smtplib): one connection per batch of deliveries, opened on the first
mail and reopened after a failure. `smtp://` uses STARTTLS when the server offers it,
`smtps://` is TLS from the start."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from urllib.parse import unquote, urlsplit

from service.channels.messages import mail

TIMEOUT_SECONDS = 30


class MailBox:
    """The SMTP connection of one batch; `close()` ends it."""

    def __init__(self, url: str, sender: str) -> None:
        self.url, self.sender = urlsplit(url), sender
        self.connection: smtplib.SMTP | None = None

    def send(self, delivery) -> None:
        """Hand one mail to the server, from the office of the delivery's body (the sender's
        address is the platform's, its name the office's). Raises on any refusal or lost
        connection."""
        try:
            connection = self.connection or self._connect()
            connection.send_message(mail(delivery, sender=self.sender, office=delivery.office))
        except Exception:
            self.close()  # the next mail starts on a fresh connection
            raise

    def _connect(self) -> smtplib.SMTP:
        url = self.url
        if url.scheme == "smtps":
            connection = smtplib.SMTP_SSL(
                url.hostname,
                url.port or 465,
                timeout=TIMEOUT_SECONDS,
                context=ssl.create_default_context(),
            )
        else:
            connection = smtplib.SMTP(url.hostname, url.port or 25, timeout=TIMEOUT_SECONDS)
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls(context=ssl.create_default_context())
                connection.ehlo()
        if url.username:
            connection.login(unquote(url.username), unquote(url.password or ""))
        self.connection = connection
        return connection

    def close(self) -> None:
        if self.connection is not None:
            # A broken connection is dropped all the same.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.quit()
            self.connection = None
