"""`flask session add`: the operator sets up a plenary session from the command line."""

from __future__ import annotations

from sqlalchemy import select

from service.db import unit_of_work
from service.models import PlenarySession

FIFTH = ("十四届五次会议", "--term", "14", "--number", "5", "--year", "2026")
DATES = ("--opens", "2026-03-10", "--closes", "2026-03-20")


def _cli(app, *args: str):
    return app.test_cli_runner().invoke(args=["session", "add", *args])


def _sessions(app) -> dict:
    with app.app_context(), unit_of_work() as session:
        rows = session.scalars(select(PlenarySession)).all()
        return {r.name: (r.current, r.opens_on, r.plenary_until, r.closes_on) for r in rows}


def test_the_operator_adds_the_current_session(app, world):
    result = _cli(app, *FIFTH, *DATES, "--plenary-until", "2026-03-15", "--current")

    assert result.exit_code == 0, result.output
    assert "已添加会次：十四届五次会议" in result.output and "已设为当前会次" in result.output
    current, opens, until, closes = _sessions(app)["十四届五次会议"]
    assert current is True
    assert (str(opens), str(until), str(closes)) == ("2026-03-10", "2026-03-15", "2026-03-20")


def test_without_plenary_until_the_closing_day_is_the_cut_off(app, world):
    result = _cli(app, *FIFTH, *DATES)

    assert result.exit_code == 0, result.output
    current, _, until, _ = _sessions(app)["十四届五次会议"]
    assert (current, str(until)) == (False, "2026-03-20")


def test_dates_out_of_order_fail_with_the_reason_and_add_nothing(app, world):
    result = _cli(app, *FIFTH, *DATES, "--plenary-until", "2026-03-25")

    assert result.exit_code == 1
    assert "大会提案截止日期不能晚于闭幕日期" in result.output
    assert "十四届五次会议" not in _sessions(app)


def test_a_malformed_date_or_a_taken_name_fails(app, world):
    bad = _cli(app, *FIFTH, "--opens", "2026/03/10", "--closes", "2026-03-20")
    _cli(app, *FIFTH, *DATES)
    again = _cli(app, *FIFTH, *DATES)

    assert bad.exit_code == 1 and "开幕日期须为日期" in bad.output
    assert again.exit_code == 1 and "已存在" in again.output


def test_the_operator_sets_the_sessions_one_reply_date(app, world):
    result = _cli(app, *FIFTH, *DATES, "--reply-due", "2026-08-31")
    refused = _cli(
        app,
        "十四届六次会议",
        "--term",
        "14",
        "--number",
        "6",
        "--year",
        "2027",
        "--opens",
        "2027-03-10",
        "--closes",
        "2027-03-20",
        "--reply-due",
        "2027-03-01",
    )

    assert result.exit_code == 0, result.output
    with app.app_context(), unit_of_work() as session:
        added = session.scalars(select(PlenarySession).where(PlenarySession.term == 14)).all()
        assert [(p.name, str(p.reply_due_on)) for p in added] == [("十四届五次会议", "2026-08-31")]
    assert refused.exit_code == 1 and "大会提案统一答复日期须晚于闭幕日期" in refused.output
