"""Nothing private leaves through the public window: every public page and JSON answer of a
published proposal is searched, byte for byte, for the proposers' phones, e-mails and
usernames, the ratings, the contact log, the staff who handled it, the reply's signatory and
contact, an unpublished sibling and a draft."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.flows import PARTS

LEAD, CO = "pv_lead_q7", "pv_cosigner_r8"
OFFICE, CLERK = "pv_office_s9", "pv_clerk_t1"
REPLY = {
    "category": "B",
    "body": "经研究，已将公交专用道建设列入明年计划。",
    "signed_by": "签发人甄签发",
    "contact_name": "联系人贾联络",
    "contact_phone": "0571-86661234",
    "no_commitment_reason": "专用道选线须待明年综合交通规划批复后确定。",
}
SECRETS = [
    LEAD,
    CO,
    OFFICE,
    CLERK,
    "zhang",
    "office",
    "transport",
    "13900001111",
    "13900002222",
    "pv-lead@example.org",
    "pv-co@example.org",
    "钱公开",
    "孙办理",
    "王主任",  # the staff who acted, and another committee user
    "甄签发",
    "贾联络",
    "0571-86661234",
    "电话沟通了办理思路七七",
    "测评意见八八",
    "联名测评九九",
    "关于未公开兄弟提案的提案",
    "兄弟提案正文十十",
    "关于草稿中的提案",
    "satisfied",
    "phone",
    "email",
    "username",
    "rating",
    "contact",
]


def person(world, username, role, name, *, unit=None, sector=None, phone=None, email=None):
    client = world.add_user(username, role, unit=unit, display_name=name, sector=sector)
    if phone:
        client.ok("PATCH", "/me", {"phone": phone, "email": email})
    return client


@pytest.fixture
def story(world):
    """LEAD's proposal with CO, handled and rated, published by OFFICE; and its siblings."""
    lead = person(
        world,
        LEAD,
        "member",
        "陈思远",
        sector="经济界",
        phone="13900001111",
        email="pv-lead@example.org",
    )
    co = person(
        world,
        CO,
        "member",
        "林晓岚",
        sector="教育界",
        phone="13900002222",
        email="pv-co@example.org",
    )
    office = person(world, OFFICE, "committee", "钱公开")
    clerk = person(world, CLERK, "unit", "孙办理", unit="市交通运输局")
    filed = {
        "title": "关于提升城区公交准点率的提案",
        "category": "economy",
        **PARTS,
        "co_signers": [CO],
        "submit": True,
        "publish_consent": True,
    }
    proposal = lead.ok("POST", "/proposals", filed, status=201)
    proposal = co.act("proposal", proposal, "cosign")
    proposal = office.act("proposal", office.proposal(proposal["id"]), "accept")
    unit = {"unit_id": world.units["市交通运输局"], "role": "lead"}
    proposal = office.act("proposal", proposal, "assign", units=[unit])
    assignment = clerk.act("assignment", proposal["assignments"][0], "sign")
    contact = {"method": "电话", "date": "2026-03-16", "summary": "电话沟通了办理思路七七"}
    assignment = clerk.act("assignment", assignment, "log_contact", **contact)
    clerk.act("assignment", assignment, "reply", **REPLY)
    replied = lead.proposal(proposal["id"])
    rating = {
        "assignment_id": assignment["id"],
        "attitude": "satisfied",
        "result": "satisfied",
        "comment": "测评意见八八",
    }
    closed = lead.act("proposal", replied, "evaluate", ratings=[rating])
    co.act(
        "proposal",
        co.proposal(closed["id"]),
        "add_rating",
        ratings=[rating | {"comment": "联名测评九九"}],
    )
    published = office.act("proposal", office.proposal(closed["id"]), "publish")
    sibling = {
        "title": "关于未公开兄弟提案的提案",
        "category": "economy",
        "body": "兄弟提案正文十十",
        "submit": True,
        "publish_consent": True,
    }
    lead.ok("POST", "/proposals", sibling, status=201)
    lead.ok("POST", "/proposals", {"title": "关于草稿中的提案", "category": "economy"}, 201)
    return published


def public_answers(browser, proposal: dict) -> dict[str, bytes]:
    stable = f"/public/sessions/{proposal['session_id']}/{proposal['number']}"
    paths = [
        "/public/",
        f"/public/?q={quote('公交')}",
        f"/public/?q={quote('兄弟')}",
        "/public/?year=2026&category=economy",
        f"/public/proposals/{proposal['id']}",
        stable,
        "/public/sitemap.xml",
        "/api/v1/public/proposals",
        f"/api/v1/public/proposals?q={quote('公交')}",
        "/api/v1/public/proposals?year=2026",
        f"/api/v1/public/proposals/{proposal['id']}",
    ]
    answers = {}
    for path in paths:
        response = browser.get(path)
        assert response.status_code == 200, path
        answers[path] = response.get_data()
    return answers


def test_no_private_value_appears_anywhere_in_the_public_window(story, browser):
    answers = public_answers(browser, story)

    leaks = [
        (path, secret)
        for path, body in answers.items()
        for secret in SECRETS
        if secret.encode() in body
    ]
    assert not leaks
    detail = answers[f"/api/v1/public/proposals/{story['id']}"].decode()
    for shown in ("陈思远", "经济界", "林晓岚", "教育界", "市交通运输局", REPLY["body"]):
        assert shown in detail, shown
