"""`flask --app wsgi demo`: the data set the README's first command serves, shown to new users.
Its dates are counted back from the day it is loaded, so it looks like an office at work on any
day: loaded here on an ordinary Monday and on a Saturday night a year and a half later."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from service.db import unit_of_work
from service.jobs.sweep import sweep
from service.models import Assignment, AuditRecord, Deadline, PlenarySession, Proposal, Reply
from service.vocabulary import OPEN_DEADLINE_STATUSES
from workflows import BY_NAME

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOAD_DAYS = {
    "2026-03-16": datetime(2026, 3, 16, 9, 0, tzinfo=SHANGHAI),
    "2027-11-20": datetime(2027, 11, 20, 22, 30, tzinfo=SHANGHAI),
}
# How late a step of the demo may be on the day it is loaded: a few days, a long holiday at most.
LATE_AT_MOST = timedelta(days=14)
# The return window limits what a unit may still ask; nobody is told it passed.
SILENT = {t.kind for workflow in BY_NAME.values() for t in workflow.timers if t.silent}
# 回头看 has found the measure done, or is checking it now that it fell due.
SETTLED = ("completed", "following_up")

# The demo is one office: a proposal is transferred (跨级转办) only to another body.
ONE_OFFICES_STATES = set(BY_NAME["proposal"].states) - {"transferring", "transferred"}


def _demo(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(params=list(LOAD_DAYS), ids=list(LOAD_DAYS))
def loaded(request, clock) -> datetime:
    """The demo loaded on the day named; the moment it was loaded."""
    clock.set(LOAD_DAYS[request.param])
    assert "已加载演示数据" in request.getfixturevalue("demo")
    return clock.now()


def _late(session, now: datetime) -> list[timedelta]:
    """How late each open deadline a person is told of is, the most overdue first."""
    due = session.scalars(
        select(Deadline.due_at).where(
            Deadline.status.in_(OPEN_DEADLINE_STATUSES),
            Deadline.kind.not_in(SILENT),
            Deadline.due_at < now,
        )
    )
    return sorted((now - at for at in due), reverse=True)


def test_demo_shows_every_state_and_replies_falling_due_in_the_coming_weeks(app, loaded):
    with app.app_context(), unit_of_work() as session:
        states = set(session.scalars(select(Proposal.state).distinct()))
        soon = session.scalar(
            select(func.count())
            .select_from(Deadline)
            .where(Deadline.kind == "reply", Deadline.status.in_(OPEN_DEADLINE_STATUSES))
            .where(Deadline.due_at > loaded, Deadline.due_at < loaded + timedelta(days=30))
        )
        filed = session.scalar(
            select(func.count())
            .select_from(Proposal)
            .where(Proposal.state.in_(("submitted", "cosigning")))
            .where(Proposal.created_at > loaded - timedelta(days=7))
        )

    assert states == ONE_OFFICES_STATES
    assert soon >= 2
    assert filed >= 2  # just filed: one in review, one gathering its co-signers


@pytest.mark.parametrize("swept", [False, True], ids=["as loaded", "after the first sweep"])
def test_demo_has_one_or_two_steps_a_few_days_overdue_and_none_older(app, loaded, swept):
    if swept:
        with app.app_context():
            assert sweep(now=loaded).fired > 0  # reminders of replies due soon, the overdue steps

    with app.app_context(), unit_of_work() as session:
        late = _late(session, loaded)
        owing = session.scalars(
            select(Assignment.due_at).where(
                Assignment.state.in_(("pending", "handling", "return_requested", "rehandling"))
            )
        ).all()

    assert 1 <= len(late) <= 2, late
    assert late[0] <= LATE_AT_MOST
    assert min(owing) >= loaded - LATE_AT_MOST  # what the lists show as 已超期N天


def test_demo_commitments_fall_due_in_the_coming_months_unless_followed_up(app, loaded):
    today = loaded.astimezone(SHANGHAI).date()
    with app.app_context(), unit_of_work() as session:
        rows = session.execute(
            select(Reply.commitments, Proposal.state)
            .join(Assignment, Assignment.id == Reply.assignment_id)
            .join(Proposal, Proposal.id == Assignment.proposal_id)
        ).all()
    due = {
        state: [date.fromisoformat(c["due_date"]) for cs, s in rows if s == state for c in cs]
        for state in {state for _, state in rows}
    }
    ahead = [day for state, days in due.items() if state not in SETTLED for day in days]

    assert len(ahead) >= 3
    assert today < min(ahead) and max(ahead) < today + timedelta(days=200)
    assert due["following_up"]  # 回头看 began as its measure fell due, a few days ago
    assert all(today - LATE_AT_MOST <= day < today for day in due["following_up"])


def test_demo_replies_read_as_a_units_letters(app, loaded):
    with app.app_context(), unit_of_work() as session:
        found = session.execute(
            select(Reply, Assignment.unit_id)
            .join(Assignment, Assignment.id == Reply.assignment_id)
            .where(Reply.kind == "reply")
        ).all()
        letters = [(unit, reply.document_number) for reply, unit in found]
        replies = [
            (r.body, r.signed_by, r.contact_phone, [c["text"] for c in r.commitments])
            for r, _ in found
        ]

    assert replies
    for body, signer, phone, promises in replies:
        # Answered point by point in the reply's own words, signed by a person, a real number.
        assert body.startswith(("一、关于", "收到您的测评意见")), body
        assert "……" not in body and "感谢您对我市" in body
        assert len(signer) in (2, 3) and not signer.endswith("长")
        assert phone.startswith("0571-8")
        assert not any("年" in text for text in promises)  # the letter prints the date beside it
    # Each unit numbers its letters 1, 2, 3 … in a year: no two letters share a number.
    assert len(set(letters)) == len(letters)
    years = {(unit, number.split("〕")[0]) for unit, number in letters}
    for unit, year in years:
        numbers = sorted(
            int(n.split("〕")[1].rstrip("号"))
            for u, n in letters
            if (u, n.split("〕")[0]) == (unit, year)
        )
        assert numbers == list(range(1, len(numbers) + 1)), (unit, year, numbers)


def test_demo_proposals_have_distinct_titles(app, loaded):
    with app.app_context(), unit_of_work() as session:
        titles = session.scalars(select(Proposal.title)).all()

    assert len(titles) >= 20
    assert len(set(titles)) == len(titles)


def test_demo_history_happens_before_the_load_in_office_order(app, loaded):
    with app.app_context(), unit_of_work() as session:
        records = session.execute(
            select(AuditRecord.proposal_id, AuditRecord.at).order_by(AuditRecord.id)
        ).all()
        numbers = (
            session.execute(
                select(Proposal.number)
                .where(Proposal.number.is_not(None))
                .order_by(Proposal.accepted_at)
            )
            .scalars()
            .all()
        )

    last: dict[int, datetime] = {}
    for proposal_id, at in records:
        assert last.get(proposal_id, at) <= at < loaded
        last[proposal_id] = at
    assert numbers == sorted(numbers)  # numbered in the order they were accepted


def test_demo_still_shows_every_state_after_the_first_sweep(app, clock, demo):
    with app.app_context():
        fired = sweep(now=clock.now())
    with app.app_context(), unit_of_work() as session:
        states = set(session.scalars(select(Proposal.state).distinct()))

    assert fired.fired > 0  # the older work catches up on its reminders and overdue steps
    assert states == ONE_OFFICES_STATES  # a reply still awaits its rating


def test_loading_the_demo_twice_changes_nothing(app, demo):
    with app.app_context(), unit_of_work() as session:
        before = session.scalar(select(func.count()).select_from(Proposal))

    again = _demo(app)

    assert "未重复加载" in again
    assert "zhangwei" in again and "demo --reset" in again  # the logins, and how to start afresh
    with app.app_context(), unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Proposal)) == before


def test_demo_has_an_organisation_whose_contact_filed_a_collective_proposal(app, loaded):
    with app.app_context(), unit_of_work() as session:
        collective = session.scalars(select(Proposal).where(Proposal.type == "collective")).one()
        assert collective.organisation.name == "民建市委会"
        assert collective.lead_proposer.username == "zhaolei"
        assert collective.state == "replied"
        assert [u.username for u in collective.organisation.contacts] == ["zhaolei"]


def test_demo_sets_up_a_real_current_session_with_plenary_and_regular_proposals(app, loaded):
    with app.app_context(), unit_of_work() as session:
        current = session.scalars(select(PlenarySession).where(PlenarySession.current)).one()
        kinds = set(session.scalars(select(Proposal.filed_during)))

        assert current.term >= 14 and current.name.endswith("次会议")
        assert current.opens_on <= current.plenary_until <= current.closes_on < loaded.date()
    assert {"plenary", "regular"} <= kinds
