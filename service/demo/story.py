"""How the demo's proposals got where they are: each one walked through its events on working
days counted back from the day the demo is loaded, through the same operations people use.

Every date is relative to the load, so on any day the demo looks like an office at work: some
proposals just filed, some in handling with their replies due in the coming weeks, two steps a
few days overdue, replies awaiting their rating, and commitments falling due in the months ahead.
"""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.deadlines.schedule import count_period
from service.deadlines.store import load_calendar
from service.demo.people import LETTERHEADS, clerk_of
from service.models import Assignment, Organisation, Proposal, Unit, User
from service.operations import proposals
from service.operations.events import apply_event
from service.policy import load_policy
from workflows import BY_NAME

# Time between two acts on one proposal within a working day.
STEP = timedelta(minutes=40)
COMMENTS = {
    "satisfied": "办理认真，沟通充分。",
    "unsatisfied": "答复没有解决实际问题，希望重新研究。",
}


# The proposals whose proposers agreed, when filing, to their publication (提案公开); the
# office publishes those that are handled (service/demo/cases.py).
PUBLISHABLE_TOPICS = frozenset({"sorting", "lunch", "chargers", "rivers"})


@dataclass(frozen=True)
class Topic:
    """A proposal's subject: its 案由, category, the unit it goes to and what a B or C reply
    promises (one measure per commitment)."""

    title: str
    category: str
    unit: str
    measures: tuple[str, ...] = ()


def _topic(title: str, category: str, unit: str, *measures: str) -> Topic:
    return Topic(f"关于{title}的提案", category, unit, measures)


TOPICS = {
    "bus": _topic("优化城区公交线网提升准点率", "economy", "市交通运输局"),
    "after_school": _topic("推进义务教育阶段课后服务提质", "society", "市教育局"),
    "doctors": _topic("加强基层医疗卫生人才队伍建设", "society", "市卫生健康委员会"),
    "waterlogging": _topic("系统治理城市内涝", "ecology", "市住房和城乡建设局"),
    "sanitation": _topic("进一步关心关爱环卫工人", "society", "市住房和城乡建设局"),
    "marathon": _topic("举办城市马拉松赛事", "culture", "市教育局"),
    "clinics": _topic("提升社区卫生服务中心服务能力", "society", "市卫生健康委员会"),
    "gps": _topic("加强社区卫生服务中心全科医生配备", "society", "市卫生健康委员会"),
    "elevators": _topic("加快老旧小区加装电梯", "society", "市住房和城乡建设局"),
    "sewage": _topic("推动农村生活污水治理", "ecology", "市生态环境局"),
    # Sent to the education bureau by mistake: its clerk asks to return it.
    "heritage": _topic("保护利用历史文化街区", "culture", "市教育局"),
    "parking": _topic("缓解中心城区停车难", "economy", "市交通运输局"),
    "gas_pipes": _topic("推进城镇燃气管道老化更新改造", "economy", "市住房和城乡建设局"),
    "myopia": _topic("加强中小学生近视防控", "society", "市教育局"),
    "cold_chain": _topic("提升农产品冷链物流能力", "economy", "市交通运输局"),
    "water_sources": _topic("加强饮用水水源地保护", "ecology", "市生态环境局"),
    "night": _topic("完善夜间经济配套服务", "economy", "市交通运输局"),
    "sme_loans": _topic("加强民营中小企业融资服务", "economy", "市财政局"),
    "ebikes": _topic(
        "规范电动自行车停放充电管理",
        "society",
        "市住房和城乡建设局",
        "在300个老旧小区建成电动自行车集中充电设施",
    ),
    "lunch": _topic("推广中小学午餐配送服务", "society", "市教育局"),
    "chargers": _topic(
        "推进公共充电桩建设",
        "economy",
        "市交通运输局",
        "出台公共充电设施建设运营管理办法",
        "新建公共充电桩2000个",
    ),
    "rivers": _topic(
        "加强城市河道水质监测", "ecology", "市生态环境局", "在主要河道建成12个水质自动监测站"
    ),
    "sorting": _topic(
        "推进生活垃圾分类进小区", "ecology", "市住房和城乡建设局", "完成全市老旧小区分类投放点改造"
    ),
}


# What each proposal says of its problem (问题分析) and what it asks (具体建议), in its own words:
# proposals of one city share few words beyond their subject, and the similar-proposal search
# and the suggested units read these texts.
TEXTS = {
    "bus": (
        "公交专用道不连续，信号优先未落实，部分线路重复、绕行严重，高峰时段车辆不足。",
        (
            "加密公交专用道，打通断点",
            "在主要路口推行公交信号优先",
            "优化重复绕行线路，高峰加密班次",
        ),
    ),
    "after_school": (
        "课后服务内容单一，以看管和写作业为主，教师负担重，校外优质资源引入不足。",
        (
            "丰富课后服务课程，增加体育艺术科技类项目",
            "引入少年宫、科技馆等校外资源",
            "完善教师参与课后服务的补助和调休办法",
        ),
    ),
    "doctors": (
        "基层医疗机构待遇偏低、晋升通道窄，人才招不来、留不住，全科医生缺口较大。",
        ("提高基层医务人员绩效工资水平", "职称评审向基层倾斜", "推行县管乡用、乡聘村用"),
    ),
    "waterlogging": (
        "老城区排水管网标准低、雨污混接，部分下穿通道和低洼小区逢雨必涝。",
        (
            "实施排水管网提标改造",
            "整治易涝点和下穿通道",
            "建设海绵城市设施，提升雨水调蓄能力",
        ),
    ),
    "sanitation": (
        "环卫工人工资待遇低、年龄偏大，早晚作业交通安全隐患多，休息场所不足。",
        (
            "建立环卫工人工资正常增长机制",
            "为一线环卫工人购买意外伤害保险",
            "利用公厕、物业用房设置爱心驿站",
        ),
    ),
    "marathon": (
        "我市尚无城市马拉松品牌赛事，体育赛事对文旅消费的带动作用没有发挥。",
        ("申办并举办城市马拉松赛事", "设计串联历史文化景点的赛道", "联动商圈推出赛事消费优惠"),
    ),
    "clinics": (
        "社区卫生服务中心设备老化、检查项目少，慢病管理和康复服务能力弱，居民首诊意愿不高。",
        (
            "更新社区卫生服务中心检查设备",
            "拓展慢病管理和康复护理服务",
            "推进与上级医院检查结果互认",
        ),
    ),
    "gps": (
        "社区全科医生数量不足，每万人口全科医生数低于省定标准，家庭医生签约服务难以做实。",
        ("扩大全科医生定向培养规模", "开展全科医生转岗培训", "落实家庭医生签约服务经费"),
    ),
    "elevators": (
        "老旧小区多为六层以下无电梯住宅，老年人上下楼困难，加装电梯协调难、审批繁、筹资难。",
        (
            "简化加装电梯审批流程",
            "提高财政补助标准并允许提取住房公积金",
            "建立低层住户利益平衡机制",
        ),
    ),
    "sewage": (
        "农村生活污水收集率低，已建设施运维经费不落实，部分设施建而不用。",
        (
            "加快农村污水管网建设",
            "落实设施运维经费和专业运维队伍",
            "定期评估设施运行情况",
        ),
    ),
    "heritage": (
        "部分历史文化街区保护规划滞后，老建筑年久失修，过度商业化与空心化并存。",
        (
            "编制历史文化街区保护利用规划",
            "设立老建筑修缮专项资金",
            "引入非遗和老字号，活化利用街区",
        ),
    ),
    "parking": (
        "中心城区停车位缺口大，路内停车管理粗放，错时共享停车推进缓慢。",
        (
            "利用边角地新建立体停车设施",
            "推动机关企事业单位停车位错时共享",
            "建设全市统一的智慧停车平台",
        ),
    ),
    "gas_pipes": (
        "部分城镇燃气管道运行超过二十年，腐蚀老化严重，存在泄漏和爆燃隐患。",
        (
            "全面排查老化燃气管道",
            "制定分年度更新改造计划",
            "落实政府、企业、用户共担的资金机制",
        ),
    ),
    "myopia": (
        "中小学生近视率居高不下，户外活动时间不足，电子产品使用过多。",
        (
            "保障学生每天校内外各一小时户外活动",
            "改善教室采光照明",
            "建立学生视力健康档案并定期筛查",
        ),
    ),
    "cold_chain": (
        "农产品产地冷藏保鲜设施不足，冷链运输断链，果蔬产后损耗率高。",
        (
            "在主产区建设产地冷藏保鲜设施",
            "培育冷链物流骨干企业",
            "建设冷链物流公共信息平台",
        ),
    ),
    "water_sources": (
        "部分饮用水水源保护区内仍有违规建设和农业面源污染，应急备用水源不足。",
        (
            "清理整治保护区内违规项目",
            "控制水源地周边化肥农药使用",
            "加快建设应急备用水源",
        ),
    ),
    "night": (
        "夜间经济街区交通组织不畅，公交、停车、公厕等配套不足，夜间消费体验欠佳。",
        (
            "延长夜间经济街区周边公交运营时间",
            "增设夜间临时停车泊位",
            "完善公厕、照明等夜间配套",
        ),
    ),
    "sme_loans": (
        "民营中小企业缺少抵押物，融资难、融资贵，政府性融资担保覆盖面不够。",
        (
            "扩大政府性融资担保规模",
            "推广知识产权和应收账款质押融资",
            "设立中小企业转贷应急资金",
        ),
    ),
    "ebikes": (
        "电动自行车数量快速增长，楼道停放、飞线充电现象普遍，火灾隐患突出。",
        (
            "在小区建设集中停放和充电设施",
            "开展楼道停放和飞线充电专项整治",
            "将充电设施建设纳入老旧小区改造",
        ),
    ),
    "lunch": (
        "部分中小学没有食堂，学生午餐只能在校外托管机构解决，食品安全难以保障。",
        (
            "推广中央厨房配送学生午餐",
            "建立配送企业准入和退出机制",
            "推行家长陪餐和食材溯源",
        ),
    ),
    "chargers": (
        "公共充电桩数量不足、布局不均，部分充电桩故障率高、被燃油车占位。",
        (
            "加快公共充电桩建设",
            "出台充电设施建设运营管理办法",
            "整治燃油车占用充电车位",
        ),
    ),
    "rivers": (
        "城市河道水质监测点位少、频次低，黑臭水体反弹问题发现不及时。",
        (
            "在主要河道建设水质自动监测站",
            "建立水质数据公开制度",
            "落实河长巡河发现问题的限时整改",
        ),
    ),
    "sorting": (
        "小区垃圾分类投放设施不足，居民分类准确率不高，混收混运现象仍然存在。",
        (
            "改造小区分类投放点",
            "推行定时定点投放和督导",
            "杜绝混收混运，全程分类运输",
        ),
    ),
}


# How a reply of each category answers each of the proposal's three asks, point by point.
ANSWERS = {
    "A": (
        "我们采纳了这项建议，相关工作已经完成，并纳入日常管理长期坚持。",
        "已会同有关部门制定具体办法，今年起在全市实施。",
        "已在全市推开，群众反映良好，我们将持续跟踪评估效果。",
    ),
    "B": (
        "这项建议已列入今年工作计划，正在组织实施，进度安排见下列承诺事项。",
        "我们正在会同有关部门研究具体方案，计划分步推进。",
        "已在部分区域先行试点，总结经验后逐步推开。",
    ),
    "C": (
        "这项建议很有针对性，但受目前资金和用地条件限制，近期难以全面实施，我们将在条件具备时统筹推进。",
        "我们将把这项建议纳入下一阶段规划统筹研究。",
        "现阶段先做好摸底调查等前期工作，为今后实施创造条件。",
    ),
    "D": (
        "这项建议涉及面广，我们将留作今后制定相关政策时参考。",
        "我们将结合上级部署，研究借鉴其他城市的做法。",
        "我们将在今后工作中认真吸收这一意见。",
    ),
}


def reply_text(key: str, unit: str, category: str, *, again: bool = False) -> str:
    """A unit's answer to the topic's asks, one numbered point each, and its courtesy."""
    points = [
        f"{number}、关于{ask}的建议。{answer}"
        for number, ask, answer in zip("一二三", TEXTS[key][1], ANSWERS[category], strict=True)
    ]
    opening = ["收到您的测评意见后，我们对提案所提问题重新进行了研究，并再次与您当面沟通。"]
    field = unit.removeprefix("市").removesuffix("委员会").removesuffix("局")
    courtesy = f"感谢您对我市{field}工作的关心和支持，欢迎继续提出意见和建议。"
    return "\n".join((opening if again else []) + points) + "\n\n" + courtesy


class Story:
    """Walks proposals through their events. Each act is given in days before the load and
    happens on that day, or on the working day before it, in office hours."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now
        self.zone = session.info["settings"].zone
        self.today = now.astimezone(self.zone).date()
        self.calendar, self.policy = load_calendar(session), load_policy(session)
        self.people = {u.username: u for u in session.scalars(select(User))}
        self.units = {u.name: u for u in session.scalars(select(Unit))}
        self.letters: Counter[tuple[str, int]] = Counter()
        self.at = now

    # The clock of the story

    def _workday(self, days: int) -> date:
        day = self.today - timedelta(days=days)
        while not self.calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def on(self, days: int) -> datetime:
        """The next act's moment: that working day's morning, or just after the previous act."""
        morning = datetime.combine(self._workday(days), time(9, 0), self.zone)
        self.at = max(morning, self.at + STEP) if self.at < self.now else morning
        return self.at

    def ahead(self, days: int) -> date:
        """The last day of the month `days` after the load day: a commitment's due date."""
        day = self.today + timedelta(days=days)
        return day.replace(day=monthrange(day.year, day.month)[1])

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def overdue_start(self, rule: str, *, by: int) -> int:
        """Days before the load to assign a proposal so that its deadline of `rule` (答复,
        会办意见) passed `by` days ago, counted the way the service counts it (holidays too)."""
        timer = next(t for t in BY_NAME["assignment"].timers if t.rule == rule)
        amount = int(self.policy.get(timer.period.setting, timer.period.amount))
        for days in range(by, by + 400):
            end, _ = count_period(timer.period, self._workday(days), amount, self.calendar)
            if end.date <= self.ago(by):
                return days
        raise RuntimeError(f"no start day found for a {rule} deadline {by} days past")

    # Acts

    def file(
        self, key: str, member: str, days: int, *, submit=True, co_signers=(), organisation=None
    ) -> Proposal:
        """A member files (or drafts) a proposal, inviting co-signers if named, or in the name
        of an `organisation` they are a contact of (集体提案)."""
        self.at = self.now  # a new proposal's story starts afresh
        topic = TOPICS[key]
        raw = {
            "title": topic.title,
            "category": topic.category,
            "submit": submit,
            "co_signers": list(co_signers),
            "background": f"{topic.title[2:-3]}是群众关心的民生问题，近年来投诉持续增多。",
            "analysis": TEXTS[key][0],
            "suggestions": "；".join(
                f"{n}是{ask}" for n, ask in zip("一二三", TEXTS[key][1], strict=True)
            )
            + "。",
            "publish_consent": key in PUBLISHABLE_TOPICS,
        }
        if organisation is not None:
            found = self.session.scalar(
                select(Organisation).where(Organisation.name == organisation)
            )
            raw |= {"type": "collective", "organisation_id": found.id}
        proposal = proposals.create_proposal(
            self.session, actor=self.people[member], raw=raw, now=self.on(days)
        )
        return proposal

    def cosign(self, proposal: Proposal, days: int, *co_signers: str) -> Proposal:
        for username in co_signers:
            proposal = self.proposal(proposal, days, "cosign", username)
        return proposal

    def proposal(self, proposal: Proposal, days: int, event: str, who="office", **payload):
        return apply_event(
            self.session,
            "proposal",
            proposal.id,
            actor=self.people[who],
            event=event,
            version=proposal.version,
            payload=payload,
            now=self.on(days),
        )

    def assignment(self, assignment: Assignment, days: int, event: str, who=None, **payload):
        return apply_event(
            self.session,
            "assignment",
            assignment.id,
            actor=self.people[who or clerk_of(assignment.unit.name)],
            event=event,
            version=assignment.version,
            payload=payload,
            now=self.on(days),
        )

    def accepted(
        self, key: str, member: str, days: int, *, co_signers=(), organisation=None
    ) -> Proposal:
        """Filed (and co-signed) some days before the office accepts it `days` ago."""
        proposal = self.file(
            key, member, days + 6, co_signers=co_signers, organisation=organisation
        )
        proposal = self.cosign(proposal, days + 5, *co_signers)
        return self.proposal(proposal, days, "accept")

    def assign(self, proposal: Proposal, days: int, *, assisting: str | None = None):
        """交办 to the topic's unit (主办), with an assisting unit (会办) if named."""
        lead = TOPICS[self.key(proposal)].unit
        units = [{"unit_id": self.units[lead].id, "role": "lead"}]
        if assisting:
            units.append({"unit_id": self.units[assisting].id, "role": "assisting"})
        return self.proposal(proposal, days, "assign", units=units)

    def in_handling(
        self, key, member, days, *, assisting=None, co_signers=(), organisation=None
    ) -> Proposal:
        """Accepted, assigned `days` ago, signed for the next day and the member contacted within
        the week: what a unit does first."""
        filed = self.accepted(
            key, member, days + 6, co_signers=co_signers, organisation=organisation
        )
        proposal = self.assign(filed, days, assisting=assisting)
        for assignment in proposal.assignments:
            self.assignment(assignment, days - 1, "sign")
        self.contact(proposal.assignments[0], days - 5)
        return proposal

    def contact(self, assignment: Assignment, days: int) -> None:
        self.assignment(
            assignment,
            days,
            "log_contact",
            method="面谈",
            date=self.on(days).date().isoformat(),
            summary="到委员单位面商办理方案，委员表示认可。",
        )

    def opinion(self, assignment: Assignment, days: int) -> None:
        self.assignment(
            assignment, days, "submit_opinion", body="同意主办单位的办理意见，我局将做好资金保障。"
        )

    def reply(self, assignment: Assignment, days: int, category="A", *, due=()) -> None:
        """答复; a B or C reply promises the topic's measures by the given days."""
        key, unit = self.key(assignment.proposal), assignment.unit.name
        commitments = [
            {"text": measure, "due_date": day.isoformat()}
            for measure, day in zip(TOPICS[key].measures, due, strict=False)
        ]
        head, year = LETTERHEADS[unit], self._workday(days).year
        self.letters[unit, year] += 1  # each unit numbers its own letters (发文字号) by year
        self.assignment(
            assignment,
            days,
            "reply",
            category=category,
            signed_by=head.signer,
            document_number=f"{head.prefix}〔{year}〕{self.letters[unit, year]}号",
            contact_name=head.contact,
            body=reply_text(key, unit, category, again=assignment.round > 1),
            contact_phone=head.phone,
            commitments=commitments,
        )

    def rate(self, proposal: Proposal, days: int, result: str = "satisfied") -> Proposal:
        """满意度测评 by the lead proposer, of every reply of a lead or separate unit."""
        comment = COMMENTS[result]
        ratings = [
            {"assignment_id": a.id, "attitude": "satisfied", "result": result, "comment": comment}
            for a in proposal.assignments
            if a.answers
        ]
        member = proposal.lead_proposer.username
        return self.proposal(proposal, days, "evaluate", member, ratings=ratings)

    @staticmethod
    def key(proposal: Proposal) -> str:
        return next(key for key, topic in TOPICS.items() if topic.title == proposal.title)
