"""Every kind of notice, made by the real flow, prints as an A4 PDF that says what it must."""

import pytest

from service.documents.render import render_html
from service.jobs.sweep import sweep
from tests.documents import scenarios
from tests.documents.pdf import (
    A4,
    font_names,
    page_sizes,
    page_texts,
    pdf_of,
    placed_text,
    render,
    rows,
)
from tests.flows import Flow

TITLE = scenarios.TITLE
OFFICE = "政协示范市委员会提案委员会办公室"
# What a reader must find in each notice (white space ignored).
EXPECTED = {
    "supervision_notice": [
        "督办通知",
        "市交通运输局：",
        TITLE,
        "由你单位主办",
        "该提案为重点提案，由赵副主席督办",
        "督办领导赵副主席提出督办意见如下",
        "一、加快公交专用道建设。",
        "抄送：赵副主席。",
        OFFICE,
    ],
    "acceptance_notice": ["立案通知书", "第0001号", TITLE, "张伟、李娜、王芳", "经济建设", OFFICE],
    "rejection_notice": [
        "不予立案告知书",
        "某品牌产品推介会",
        "属于“宣传推介具体作品、产品的”情形",
        "转为社情民意信息",
    ],
    "assignment_notice": [
        "提案交办通知书",
        "第0001号",
        TITLE,
        "张伟、李娜、王芳",
        "市交通运输局主办2026年6月16日",
        "市教育局会办2026年4月16日",
        "市生态环境局会办",
        "督办领导：赵副主席",
        "抄送：赵副主席。",
    ],
    "reminder_notice": [
        "催办通知单",
        "市交通运输局",
        "第0002号",
        TITLE,
        "抄送：政协示范市委员会提案委员会",
    ],
    "reply_letter": [
        "市交通运输局",
        "关于政协示范市委员会2026年全体会议第0001号提案的答复",
        "尊敬的张伟委员：",
        "签发人：陈局长",
        "一、关于加密公交专用道。",
        "1．新增公交专用道12公里（2026年12月31日前完成）",
        "2．在中山路推广公交信号优先（2026年10月31日前完成）",
        "（联系人：刘科员，联系电话：0571-87000000）",
        "抄送：政协示范市委员会提案委员会，市教育局，市生态环境局。",
    ],
    "evaluation_form": [
        "提案办理情况征询意见表",
        "第0001号",
        TITLE,
        "市交通运输局（主办）",
        "办理态度□满意□基本满意□不满意",
        "办理结果□满意□基本满意□不满意",
        "答复是否针对提案□是□否",
    ],
    "follow_up_notice": [
        "回头看",
        "市交通运输局",
        "第0001号",
        TITLE,
        "抄送：张伟、李娜、王芳委员。",
    ],
    "follow_up_report": [
        "回头看",
        "第0001号",
        TITLE,
        "核实承诺事项2项，其中已落实1项，部分落实1项，未落实0项",
        "新增公交专用道12公里（已建成8公里）市交通运输局部分落实2027年6月30日复查",
        "公交专用道已新增8公里",
        "于2027年6月30日再次回头看",
    ],
}


@pytest.mark.long_running
def test_every_kind_of_notice_prints_on_a4_with_its_fields(world, clock):
    documents = scenarios.every_kind(world, clock)
    office = world.login("office")  # months later: the morning's token has expired

    assert sorted(documents) == sorted(EXPECTED)
    for kind, made in documents.items():
        assert [(d.status, d.error) for d in made] == [("ready", None)] * len(made), kind
        pdf = pdf_of(office, made[0].id)
        assert all(abs(w - A4[0]) <= 1 and abs(h - A4[1]) <= 1 for w, h in page_sizes(pdf))
        text = "".join(page_texts(pdf))
        assert [field for field in EXPECTED[kind] if field not in text] == [], kind
        assert all("CJK" in name for name in font_names(pdf)), kind  # no DejaVu boxes or tofu


def _pdf(world, kind: str) -> bytes:
    [document] = [d for d in rows(world.app) if d.kind == kind]
    return pdf_of(world["office"], document.id)


def test_notice_sits_in_the_gb9704_text_block_with_its_page_number_outside(world, clock):
    scenarios.assigned(world)
    render(world.app, clock)

    placed = placed_text(_pdf(world, "assignment_notice"))

    issuer, *_ = placed
    body = [(text, x, y) for text, x, y in placed if not text.startswith("—")]
    [(_, number_x, number_y)] = [(t, x, y) for t, x, y in placed if t == "—1—"]
    assert issuer[0] == "政协示范市委员会提案委员会办公室" and 37 < issuer[2] < 50
    assert abs(min(x for _, x, _ in body) - 28) < 0.5  # 28 mm left margin
    assert max(y for _, _, y in body) < 37 + 225  # within the 225 mm text block
    assert number_y > 262 and number_x > 150  # below the block, at the outer (right) edge


def test_reply_letter_has_its_category_mark_top_right_and_no_page_number_on_page_one(world, clock):
    scenarios.replied(world)
    render(world.app, clock)

    letter = _pdf(world, "reply_letter")

    marks = {text: (x, y) for text, x, y in placed_text(letter)}
    assert marks["B"][0] > 150 and marks["B"][1] < 30  # above the issuer, at the right
    assert 30 < marks["市交通运输局"][1] < 50  # the issuer's name starts 30 mm from the top
    # Each proposer's letter (分别答复) starts on a sheet of its own, numbered from its page 2.
    pages = page_texts(letter)
    starts = [index for index, page in enumerate(pages) if "尊敬的" in page]
    assert starts[0] == 0
    for index, page in enumerate(pages):
        first = max(start for start in starts if start <= index)
        assert ("—" not in page) if index == first else (f"—{index - first + 1}—" in page)


def test_reply_letter_bears_the_proposals_number_where_the_unit_gave_no_letter_number(world, clock):
    scenarios.replied(world)
    render(world.app, clock)

    first_page = page_texts(_pdf(world, "reply_letter"))[0]

    assert "签发人：陈局长2026年全体会议提案第0001号" in first_page  # the line under the rule


def test_reply_letter_bears_the_units_own_letter_number_when_given(world, clock):
    scenarios.replied(world, reply=scenarios.REPLY | {"document_number": "市交函〔2026〕15号"})
    render(world.app, clock)

    first_page = page_texts(_pdf(world, "reply_letter"))[0]

    assert "签发人：陈局长市交函〔2026〕15号" in first_page
    assert "第0001号提案的答复" in first_page  # the heading still names the proposal


@pytest.mark.parametrize(
    ("event", "wording"),
    [
        ("reply_reminder", "即将到期（距期限15天）"),
        ("reply_overdue", "已超期2天"),
        ("reply_escalated", "严重超期（已超期16天）"),
        ("sign_overdue", "已超期4天"),
        ("urge", "催办（距期限92天）"),
    ],
)
def test_reminder_notice_words_the_step_that_fired_it(world, clock, event, wording):
    scenarios.reminded(world, clock)

    document = next(
        d
        for d in rows(world.app, kind="reminder_notice")
        if d.snapshot["event"] == event and d.snapshot["assignment"]["unit"] == "市交通运输局"
    )
    html = render_html("reminder_notice", document.snapshot)

    assert f"催办事由</th><td>{wording}</td>" in html


def test_follow_up_notice_lists_the_promised_measures(world, clock):
    scenarios.followed_up(world)

    [document] = rows(world.app, kind="follow_up_notice")
    html = render_html("follow_up_notice", document.snapshot)

    assert "新增公交专用道12公里" in html


def test_reminder_to_rate_the_replies_is_addressed_to_the_proposer(world, clock):
    scenarios.replied(world)
    clock.advance(days=14)
    with world.app.app_context():
        sweep(now=clock.now())

    [document] = rows(world.app, kind="reminder_notice")
    html = render_html("reminder_notice", document.snapshot)

    assert (document.snapshot["event"], document.assignment_id) == ("evaluation_reminder", None)
    assert "张伟委员：</p>" in html and "满意度测评期限为" in html
    assert "即将到期（距期限" in html
    # It asks the member to rate, gently: no 催办 to handle, and the member is no 承办单位.
    assert "<h1>满意度测评提醒</h1>" in html
    assert "请对办理情况进行满意度测评" in html and "逾期未测评的，按未反馈处理" in html
    assert "请抓紧办理" not in html and "承办单位</th>" not in html
    assert "提 案 人</th><td>张伟委员</td>" in html
    assert "测评期限</th><td>2026年4月7日</td>" in html  # a header that fits its column


def test_reminder_before_the_follow_up_asks_the_units_to_make_good_their_promises(world, clock):
    proposal = scenarios.replied(world)
    member = world["zhang"]
    ratings = Flow(world).ratings(proposal)
    member.act("proposal", member.proposal(proposal["id"]), "evaluate", ratings=ratings)
    # 回头看 falls on the earliest promise (10-31, a Saturday: the Monday after); it is reminded
    # 10 working days before, on Monday 10-19.
    clock.advance(days=217)
    with world.app.app_context():
        sweep(now=clock.now())

    [document] = rows(world.app, kind="reminder_notice")
    html = render_html("reminder_notice", document.snapshot)

    assert document.snapshot["event"] == "follow_up_reminder"
    assert "市交通运输局：</p>" in html
    assert "开展“回头看”" in html and "请对照承诺抓紧落实" in html
    assert "按期回头看" not in html
