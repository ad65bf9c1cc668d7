"""`flask --app wsgi demo`: the data set the README's first command serves, shown to new users."""

from datetime import timedelta

from sqlalchemy import func, select

from service.db import unit_of_work
from service.jobs.sweep import sweep
from service.models import Assignment, Proposal
from workflows import BY_NAME


def _demo(app) -> str:
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_shows_every_state_and_work_falling_due_soon(app, clock):
    assert "已加载演示数据" in _demo(app)

    with app.app_context(), unit_of_work() as session:
        states = set(session.scalars(select(Proposal.state).distinct()))
        now = clock.now()
        soon = session.scalar(
            select(func.count())
            .select_from(Assignment)
            .where(Assignment.state.in_(("pending", "handling")))
            .where(Assignment.due_at > now, Assignment.due_at < now + timedelta(days=30))
        )
    assert states == set(BY_NAME["proposal"].states)
    assert soon >= 2


def test_demo_still_shows_every_state_after_the_first_sweep(app, clock):
    _demo(app)

    with app.app_context():
        fired = sweep(now=clock.now())
    with app.app_context(), unit_of_work() as session:
        states = set(session.scalars(select(Proposal.state).distinct()))

    assert fired.fired > 0  # the older work catches up on its reminders and overdue steps
    assert states == set(BY_NAME["proposal"].states)  # a reply still awaits its rating


def test_loading_the_demo_twice_changes_nothing(app):
    _demo(app)
    with app.app_context(), unit_of_work() as session:
        before = session.scalar(select(func.count()).select_from(Proposal))

    assert "未重复加载" in _demo(app)
    with app.app_context(), unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Proposal)) == before
