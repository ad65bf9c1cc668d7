"""What a delivery says on each channel: a mail's Chinese subject and body, a group robot's JSON
body in the shape its kind expects, an SMS within 70 characters."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from service.vocabulary import WebhookKind

TAG = "【政协提案】"
# One SMS is 70 characters of Chinese; a longer text is split and billed as several.
SMS_LENGTH = 70


def proposal_label(proposal) -> str:
    """提案第0012号《…》, or 提案《…》 before it has a number."""
    return f"提案{proposal.number_label or ''}《{proposal.title}》"


def mail_subject(kind: str, proposal) -> str:
    return f"{TAG}{kind}：{proposal_label(proposal)}"


def mail_body(greeting: str, message: str, proposal, link: str, office: str) -> str:
    return (
        f"{greeting}：\n\n{message}\n\n{proposal_label(proposal)}\n查看详情：{link}\n\n"
        f"{office}\n（本邮件由提案办理系统自动发送，请勿直接回复。）\n"
    )


def mail(delivery, *, sender: str, office: str) -> EmailMessage:
    """The delivery as a UTF-8 mail (RFC 2047 subject, 8-bit body as the server allows)."""
    message = EmailMessage()
    message["Subject"] = delivery.subject
    message["From"] = formataddr((office, sender)) if office else sender
    message["To"] = delivery.address
    # The sender's own domain: without one, make_msgid asks DNS for this host's name each time.
    domain = sender.rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(idstring=f"delivery-{delivery.id}", domain=domain)
    message.set_content(delivery.text, charset="utf-8")
    return message


def robot_text(message: str, link: str) -> str:
    return f"{TAG}{message}\n查看详情：{link}"


def robot_body(kind: str, *, subject: str, text: str, link: str) -> dict:
    """The JSON a robot of this kind takes: 企业微信 and 钉钉 a text message, a generic
    receiver {title, text, url}."""
    if kind in (WebhookKind.WECOM, WebhookKind.DINGTALK):
        return {"msgtype": "text", "text": {"content": text}}
    return {"title": subject, "text": text, "url": link}


def sms_text(message: str) -> str:
    text = f"{TAG}{' '.join(message.split())}"
    return text if len(text) <= SMS_LENGTH else text[: SMS_LENGTH - 1] + "…"
