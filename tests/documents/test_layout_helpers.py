"""The small text rules notices follow: dates, paragraphs, title lines, widths."""

import pytest

from service.documents.render import (
    chinese_date,
    days_after,
    em_width,
    paragraphs,
    render_html,
    title_lines,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-31", "2026年12月31日"),
        ("2026-06-16T15:59:59+00:00", "2026年6月16日"),  # the end of the day in Beijing
        ("2026年3月6日", "2026年3月6日"),
    ],
)
def test_dates_print_in_chinese_in_the_service_zone(value, expected):
    assert chinese_date(value) == expected


def test_days_are_counted_from_the_issue_date_to_the_deadline():
    assert days_after("2026-06-16T15:59:59+00:00", "2026年6月1日") == 15
    assert days_after("2026年6月16日", "2026年7月2日") == -16


def test_reply_body_keeps_its_paragraphs_and_splits_off_point_headings():
    body = "经研究，答复如下。\n\n一、关于专用道。年内新增12公里。\n（一）关于信号。已试点。\n\n"

    found = paragraphs(body)

    assert [(p["level"], p["head"], p["text"]) for p in found] == [
        (0, "", "经研究，答复如下。"),
        (1, "一、关于专用道。", "年内新增12公里。"),
        (2, "（一）关于信号。", "已试点。"),
    ]


def test_a_point_heading_on_its_own_line_is_set_as_a_heading():
    body = "\n".join(
        (
            "一、关于开展全面排查",
            "我局组织了排查。",
            "（一）摸清底数",
            "已建立台账。",
            "二、加强监管；定期通报。",
        )
    )

    found = paragraphs(body)

    assert [(p["level"], p["head"], p["text"]) for p in found] == [
        (1, "一、关于开展全面排查", ""),
        (0, "", "我局组织了排查。"),
        (2, "（一）摸清底数", ""),
        (0, "", "已建立台账。"),
        (0, "", "二、加强监管；定期通报。"),  # a sentence, not a heading
    ]


def test_long_title_is_cut_into_balanced_lines_never_inside_a_number():
    title = "关于政协示范市委员会2026年全体会议第0001号提案的答复"

    lines = title_lines(title)

    assert "".join(lines) == title and len(lines) == 2
    assert abs(em_width(lines[0]) - em_width(lines[1])) <= 2
    assert not (lines[0][-1].isdigit() and lines[1][0].isdigit())
    assert title_lines("立案通知书") == ["立案通知书"]


def test_a_session_written_in_chinese_numerals_is_not_cut_inside():
    title = "关于政协示范市委员会十四届四次会议第0003号提案的再次答复"

    lines = title_lines(title)

    assert "".join(lines) == title and len(lines) == 2
    assert not any(line.endswith(("十四届四", "第", "十", "十四")) for line in lines[:-1])


def test_title_lines_never_start_with_a_closing_mark():
    lines = title_lines("关于进一步加强城乡结合部“小散乱”企业综合整治工作的提案")

    assert all(line[0] not in "，。、；：）》”" for line in lines)


def test_unknown_kind_is_refused():
    from service.documents.render import RenderRefused

    with pytest.raises(RenderRefused, match="不支持的公文类型"):
        render_html("annual_report", {})
