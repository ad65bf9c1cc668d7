"""Proposals driven through the real service until every kind of notice has been asked for.

Shared by the document tests and the bench scripts, so the PNGs and the benchmark show the same
snapshots the service writes (never hand-made dicts).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from tempfile import mkdtemp
from zoneinfo import ZoneInfo

from sqlalchemy import select

from service.db import unit_of_work
from service.jobs.sweep import sweep
from service.models import Document
from tests.client import World
from tests.flows import Flow

# The test suite's Monday morning (tests/conftest.py), for scripts that run without pytest.
START = datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TITLE = "关于提升城区公交准点率的提案"
REPLY = {
    "category": "B",
    "body": (
        "经研究，已将公交专用道建设列入明年计划。\n\n"
        "一、关于加密公交专用道。我局会同市公安局交警支队梳理主干道断点，"
        "计划年内新增公交专用道12公里。\n"
        "二、关于公交信号优先。已在中山路开展试点，试点路段公交运行时间缩短约8%。\n\n"
        "感谢您对交通工作的关心和支持。"
    ),
    "signed_by": "陈局长",
    "contact_name": "刘科员",
    "contact_phone": "0571-87000000",
    "commitments": [
        {"text": "新增公交专用道12公里", "due_date": "2026-12-31"},
        {"text": "在中山路推广公交信号优先", "due_date": "2026-10-31"},
    ],
}
UNITS = (("市交通运输局", "lead"), ("市教育局", "assisting"), ("市生态环境局", "assisting"))


def temporary_world(clock) -> World:
    """A migrated SQLite database and an app in a temporary folder, as the test fixtures make."""
    from service import create_app
    from service.config import Settings
    from service.migrate import upgrade

    folder = Path(mkdtemp(prefix="notices-"))
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    upgrade(url)
    settings = Settings(
        database_url=url,
        secret_key="bench",
        scheduler_enabled=False,
        documents_dir=str(folder / "documents"),
        password_cost="fast",
        instance_path=str(folder / "instance"),
    )
    return World(create_app(settings, clock=clock), clock)


def key_proposal(world: World) -> dict:
    """An accepted joint proposal, marked key with a supervising leader (not yet assigned)."""
    office, member = world["office"], world["zhang"]
    proposal = Flow(world).filed(co_signers=["li", "wang"], submit=True)
    for cosigner in ("li", "wang"):
        proposal = world[cosigner].act("proposal", member.proposal(proposal["id"]), "cosign")
    proposal = office.act("proposal", office.proposal(proposal["id"]), "accept")
    return office.act("proposal", proposal, "mark_key", leader="leader")


def assigned(world: World, units=UNITS) -> dict:
    proposal = key_proposal(world)
    entries = [{"unit_id": world.units[name], "role": role} for name, role in units]
    return world["office"].act("proposal", proposal, "assign", units=entries)


def replied(world: World, reply: dict = REPLY) -> dict:
    flow, proposal = Flow(world), assigned(world)
    for assignment in sorted(proposal["assignments"], key=lambda a: a["role"] != "assisting"):
        flow.handle(assignment, reply=reply)
    return world["office"].proposal(proposal["id"])


def followed_up(world: World) -> dict:
    """Replied, rated, closed, looked back at (回头看) and found partly implemented."""
    office, member, proposal = world["office"], world["zhang"], replied(world)
    ratings = Flow(world).ratings(proposal)
    member.act("proposal", member.proposal(proposal["id"]), "evaluate", ratings=ratings)
    proposal = office.act("proposal", office.proposal(proposal["id"]), "start_follow_up")
    findings = "公交专用道已新增8公里，其余4公里因道路改造顺延至明年；中山路信号优先已推广。"
    promised = {c["text"]: c["id"] for c in proposal["commitments"]}
    settlements = [
        {
            "commitment_id": promised["新增公交专用道12公里"],
            "outcome": "partial",
            "next_follow_up": "2027-06-30",
            "note": "已建成8公里",
        },
        {"commitment_id": promised["在中山路推广公交信号优先"], "outcome": "implemented"},
    ]
    return office.act(
        "proposal", proposal, "complete_follow_up", settlements=settlements, findings=findings
    )


def rejected(world: World) -> dict:
    proposal = Flow(world).submitted(member="li", title="关于在本市举办某品牌产品推介会的建议")
    return world["office"].act(
        "proposal", proposal, "reject", reason_code="promotion", disposition="social_info"
    )


def reminded(world: World, clock) -> dict:
    """Urged by the office, then reminded, overdue and escalated by the clock."""
    proposal = assigned(world, units=(("市交通运输局", "lead"), ("市教育局", "assisting")))
    lead = next(a for a in proposal["assignments"] if a["role"] == "lead")
    world["office"].act("assignment", lead, "urge", message="请抓紧签收并与提案人沟通。")
    # To 3-23 (签收 overdue), 6-1 and 6-11 (答复 due 6-16 in 15 and 5 days), 6-18 (overdue) and
    # 7-2 (15 days overdue: 严重超期).
    for days in (7, 70, 10, 7, 14):
        clock.advance(days=days)
        with world.app.app_context():
            sweep(now=clock.now())
    return proposal


SUPERVISION = (
    "一、加快公交专用道建设。请市交通运输局会同有关单位倒排工期，确保年内建成。\n"
    "二、做好与提案人的沟通。办理进展请及时告知提案人。"
)


def supervised(world: World, units=UNITS) -> dict:
    """A key proposal, assigned, on which its supervising leader gives a 督办意见."""
    proposal = assigned(world, units)
    return world["leader"].act("proposal", proposal, "supervise", comment=SUPERVISION)


def every_kind(world: World, clock) -> dict:
    """One proposal per path; {kind: [documents]} once the worker has rendered them all."""
    from service.jobs.render_worker import render_pending

    followed_up(world)
    rejected(world)
    reminded(world, clock)
    for username in list(world.clients):  # months later: the morning's tokens have expired
        world.login(username)
    supervised(world)
    with world.app.app_context():
        render_pending(now=clock.now(), limit=500)
    return documents_by_kind(world)


def documents_by_kind(world: World) -> dict[str, list[Document]]:
    with world.app.app_context(), unit_of_work() as session:
        rows = session.scalars(select(Document).order_by(Document.id)).all()
        session.expunge_all()
    found: dict[str, list[Document]] = {}
    for row in rows:
        found.setdefault(row.kind, []).append(row)
    return found
