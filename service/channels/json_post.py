"""JSON over HTTP POST (stdlib urllib): group robots and the SMS gateway. A robot that answers
200 with an `errcode` other than 0 (企业微信, 钉钉) refused the message: that is a failure too."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 15


class Refused(Exception):
    """The receiver answered, but did not take the message."""


def post_json(url: str, body: dict) -> None:
    """POST `body`; raises Refused or OSError when the message was not taken."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = response.read(65536)
    except urllib.error.HTTPError as error:
        raise Refused(f"对方答复 HTTP {error.code}") from None
    _check_errcode(answer)


def _check_errcode(answer: bytes) -> None:
    try:
        parsed = json.loads(answer or b"{}")
    except ValueError:
        return  # a generic receiver may answer anything with its 2xx
    if isinstance(parsed, dict) and parsed.get("errcode") not in (None, 0):
        raise Refused(f"机器人拒收：errcode {parsed['errcode']} {parsed.get('errmsg', '')}".strip())
