"""A believable demo data set: a city's departments, members of several 界别, committee staff,
and proposals in every state, made through the same operations people use."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.documents.render import chinese_number
from service.models import PlenarySession, Proposal, Unit, User
from service.operations import proposals, users
from service.operations.events import apply_event

DEMO_PASSWORD = "demo-pass-2026"
UNITS = (
    "市发展和改革委员会",
    "市教育局",
    "市科学技术局",
    "市公安局",
    "市民政局",
    "市财政局",
    "市人力资源和社会保障局",
    "市自然资源和规划局",
    "市生态环境局",
    "市住房和城乡建设局",
    "市交通运输局",
    "市农业农村局",
    "市商务局",
    "市文化广电旅游局",
    "市卫生健康委员会",
    "市市场监督管理局",
    "市医疗保障局",
    "市城市管理局",
)
MEMBERS = (
    ("zhangwei", "张伟", "经济界"),
    ("lina", "李娜", "教育界"),
    ("wangfang", "王芳", "医药卫生界"),
    ("liuyang", "刘洋", "科学技术界"),
    ("chenjing", "陈静", "农业界"),
    ("zhaolei", "赵磊", "民建"),
    ("sunli", "孙丽", "文化艺术界"),
    ("zhouqiang", "周强", "工商联"),
    ("wuxia", "吴霞", "妇联"),
    ("zhengtao", "郑涛", "无党派人士"),
)
STAFF = (
    ("office", "committee", "王建国", None),
    ("office2", "committee", "林晓梅", None),
    ("leader", "leader", "黄副主席", None),
    ("admin", "admin", "系统管理员", None),
)
CLERKS = (
    ("jiaotong", "市交通运输局"),
    ("jiaoyu", "市教育局"),
    ("weijian", "市卫生健康委员会"),
    ("huanjing", "市生态环境局"),
    ("zhujian", "市住房和城乡建设局"),
)
TOPICS = (
    ("关于优化城区公交线网提升准点率的提案", "economy", "市交通运输局"),
    ("关于推进义务教育阶段课后服务提质的提案", "society", "市教育局"),
    ("关于加强基层医疗卫生人才队伍建设的提案", "society", "市卫生健康委员会"),
    ("关于系统治理城市内涝的提案", "ecology", "市住房和城乡建设局"),
    ("关于加快老旧小区加装电梯的提案", "society", "市住房和城乡建设局"),
    ("关于推动农村生活污水治理的提案", "ecology", "市生态环境局"),
    ("关于完善夜间经济配套服务的提案", "economy", "市交通运输局"),
    ("关于保护利用历史文化街区的提案", "culture", "市教育局"),
)


def load_demo(session: Session, *, now: datetime) -> str:
    """Load the demo set once; a second run changes nothing."""
    if session.scalar(select(Unit).limit(1)) is not None:
        return "数据库中已有数据，未重复加载演示数据。"
    _people(session, now - timedelta(days=300))
    year = now.year
    session.add(
        PlenarySession(
            name=f"十四届{chinese_number(year - 2022)}次会议",
            term=14,
            meeting=year - 2022,
            year=year,
            current=True,
            last_number=0,
        )
    )
    session.flush()
    Story(session, now - timedelta(days=260)).all_states()
    # The office's current work: assigned about three months ago, so replies fall due in the
    # coming days and the deadline boards have something to show.
    Story(session, now - timedelta(days=86)).current_work()
    # A reply awaiting its member's rating, given days ago: an older one would be closed as
    # 未反馈 by the first sweep (15 working days to rate), and the demo would show no rating.
    Story(session, now - timedelta(days=8)).replied(6, "sunli")
    # An invitation to co-sign, sent yesterday: 联名征集 lasts 5 working days.
    Story(session, now - timedelta(days=1)).file(1, "lina", co_signers=["wangfang"])
    count = session.query(Proposal).count()
    return (
        f"已加载演示数据：{len(UNITS)} 个承办单位，{len(MEMBERS)} 位委员，{count} 件提案。"
        f"演示账号（委员 zhangwei、提案委员会 office、承办单位 jiaotong、督办领导 leader、"
        f"管理员 admin）的密码均为 {DEMO_PASSWORD}"
    )


def _people(session: Session, at: datetime) -> None:
    for name in UNITS:
        users.add_unit(session, name, now=at)
    for username, display, sector in MEMBERS:
        users.add_user(
            session,
            username,
            role="member",
            password=DEMO_PASSWORD,
            now=at,
            display_name=display,
            sector=sector,
        )
    for username, role, display, _ in STAFF:
        users.add_user(
            session,
            username,
            role=role,
            password=DEMO_PASSWORD,
            now=at,
            display_name=display,
            proxy_rater=username == "office",
        )
    for username, unit in CLERKS:
        users.add_user(
            session,
            username,
            role="unit",
            password=DEMO_PASSWORD,
            now=at,
            unit_name=unit,
            display_name=f"{unit}办理员",
        )


class Story:
    """Walks proposals through their events, a few days apart, as the office year goes."""

    def __init__(self, session: Session, start: datetime) -> None:
        self.session, self.at = session, start
        self.people = {u.username: u for u in session.scalars(select(User))}
        self.units = {u.name: u for u in session.scalars(select(Unit))}

    def tick(self, days: float = 1) -> datetime:
        self.at += timedelta(days=days)
        return self.at

    def file(self, index: int, member: str, *, submit: bool = True, co_signers=()) -> Proposal:
        title, category, _ = TOPICS[index % len(TOPICS)]
        raw = {
            "title": title,
            "category": category,
            "submit": submit,
            "co_signers": list(co_signers),
            "background": f"{title[2:-3]}是群众关心的民生问题，近年来投诉持续增多。",
            "analysis": "主要原因是规划统筹不足、资金保障不稳定、部门协同不够。",
            "suggestions": "一是加强统筹规划；二是建立稳定投入机制；三是完善考核督办。",
        }
        return proposals.create_proposal(
            self.session, actor=self.people[member], raw=raw, now=self.tick(0.5)
        )

    def proposal(self, proposal: Proposal, event: str, who: str = "office", **payload):
        return apply_event(
            self.session,
            "proposal",
            proposal.id,
            actor=self.people[who],
            event=event,
            version=proposal.version,
            payload=payload,
            now=self.tick(),
        )

    def assignment(self, assignment, event: str, who: str, **payload):
        return apply_event(
            self.session,
            "assignment",
            assignment.id,
            actor=self.people[who],
            event=event,
            version=assignment.version,
            payload=payload,
            now=self.tick(),
        )

    def assigned(self, index: int, member: str, *, assisting: str | None = None) -> Proposal:
        proposal = self.proposal(self.file(index, member), "accept")
        units = [{"unit_id": self.units[TOPICS[index % len(TOPICS)][2]].id, "role": "lead"}]
        if assisting:
            units.append({"unit_id": self.units[assisting].id, "role": "assisting"})
        return self.proposal(proposal, "assign", units=units)

    def clerk(self, assignment) -> str:
        return next(u for u, unit in CLERKS if unit == assignment.unit.name)

    def answer(self, assignment, *, category: str = "A"):
        clerk = self.clerk(assignment)
        if assignment.state == "pending":
            self.assignment(assignment, "sign", clerk)
            self.assignment(
                assignment,
                "log_contact",
                clerk,
                method="面谈",
                date=self.at.date().isoformat(),
                summary="到委员单位面商办理方案，委员表示认可。",
            )
        commitments = []
        if category in ("B", "C"):
            due = (self.at + timedelta(days=200)).date().isoformat()
            commitments = [{"text": "明年6月底前完成试点", "due_date": due}]
        return self.assignment(
            assignment,
            "reply",
            clerk,
            category=category,
            signed_by="分管副局长",
            document_number=f"{assignment.unit.name}函〔{self.at.year}〕{assignment.id}号",
            contact_name="办理科室联系人",
            body="感谢您的提案。经认真研究，答复如下：一、……二、……三、……",
            contact_phone="0000-12345678",
            commitments=commitments,
        )

    def replied(self, index: int, member: str, *, category: str = "A") -> Proposal:
        proposal = self.assigned(index, member)
        self.answer(proposal.assignments[0], category=category)
        return proposal

    def rate(self, proposal: Proposal, result: str = "satisfied") -> Proposal:
        ratings = [
            {
                "assignment_id": a.id,
                "attitude": "satisfied",
                "result": result,
                "comment": "办理认真，沟通充分。",
            }
            for a in proposal.assignments
            if a.answers
        ]
        return self.proposal(proposal, "evaluate", proposal.lead_proposer.username, ratings=ratings)

    def current_work(self) -> None:
        self.assigned(2, "zhengtao")
        self.assigned(3, "wuxia", assisting="市财政局")
        signing = self.assigned(8, "chenjing").assignments[0]
        self.assignment(signing, "sign", self.clerk(signing))

    def all_states(self) -> None:
        self.file(0, "zhangwei", submit=False)
        self.file(2, "wangfang")
        self.proposal(
            self.file(3, "liuyang"),
            "return_for_revision",
            reason="请补充具体建议，并注明涉及的区域范围。",
        )
        self.proposal(self.file(4, "chenjing"), "accept")
        self.assigned(5, "zhaolei", assisting="市自然资源和规划局")
        self.proposal(self.rate(self.replied(7, "zhouqiang", category="B")), "start_follow_up")
        self.rate(self.replied(0, "wuxia"))
        self.proposal(
            self.file(1, "zhengtao"),
            "reject",
            reason_code="no_concrete_suggestion",
            disposition="social_info",
        )
        target = self.proposal(self.file(2, "lina"), "accept")
        self.proposal(self.file(2, "zhouqiang"), "merge", into=target.id)
        self.proposal(self.file(3, "sunli"), "withdraw", "sunli")
        done = self.proposal(self.rate(self.replied(4, "liuyang", category="B")), "start_follow_up")
        self.proposal(
            done,
            "complete_follow_up",
            outcome="implemented",
            findings="承诺事项已全部落实，群众反映良好。",
        )
        self.proposal(
            self.rate(self.replied(5, "chenjing"), "unsatisfied"), "mark_key", leader="leader"
        )
        consulting = self.rate(self.replied(6, "zhengtao"), "unsatisfied")
        self.answer(consulting.assignments[0], category="C")
        self.rate(consulting, "unsatisfied")
        returning = self.assigned(7, "wangfang").assignments[0]
        self.assignment(
            returning,
            "request_return",
            self.clerk(returning),
            reason="该事项属区级事权，非本单位职责。",
            suggested_unit_id=self.units["市商务局"].id,
        )
