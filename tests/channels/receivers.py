"""Real receivers on 127.0.0.1 for the delivery tests: an SMTP server (aiosmtpd) and an HTTP
server standing for the group robots and the SMS gateway, each in a thread of its own."""

from __future__ import annotations

import functools
import json
import socket
import threading
from collections import deque
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """Keeps every mail it accepts; `refuse_next(n)` answers the next n with 451."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list = []
        self.refusals = 0
        # `hold_after(n)`: the mail after the n-th waits (unaccepted) until `release` is set.
        self.held, self.release, self.hold_at = threading.Event(), threading.Event(), None
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.hold_at is not None and len(self.messages) >= self.hold_at:
            self.held.set()
            self.release.wait(timeout=60)
            return "421 4.3.2 shutting down"  # never accepted: the sender must send it again
        with self.lock:
            if self.refusals:
                self.refusals -= 1
                return "451 4.3.0 try again later"
            self.envelopes.append(envelope)
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def hold_after(self, count: int) -> None:
        self.hold_at = count

    def refuse_next(self, count: int) -> None:
        self.refusals = count

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def start(self) -> MailServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.controller.stop()


class HttpReceiver:
    """Keeps every JSON body posted to it, by path; `answer(path, *statuses)` sets the next
    answers of a path (200 once they are used up)."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict]] = []
        self.answers: dict[str, deque] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # Shut down within a twentieth of a second, not the half second a test would wait idle.
        serve = functools.partial(self.server.serve_forever, poll_interval=0.05)
        self.thread = threading.Thread(target=serve, daemon=True)

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's hook name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                queued = receiver.answers.get(self.path)
                status, answer = queued.popleft() if queued else (200, {"errcode": 0})
                if status == 200 and answer.get("errcode") == 0:
                    receiver.posts.append((self.path, body))
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler

    def answer(self, path: str, *answers: int | dict) -> None:
        """Statuses (500 …) or 200 with the JSON given (a robot's {"errcode": 93000 …})."""
        self.answers[path] = deque(
            (a, {"errcode": 0}) if isinstance(a, int) else (200, a) for a in answers
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def to(self, path: str) -> list[dict]:
        return [body for posted, body in self.posts if posted == path]

    def start(self) -> HttpReceiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
