"""Settings, calendar entries and published years are kept by each process between requests, and
a change made by any process is seen by every other at its next request."""

from datetime import date

from sqlalchemy import event, select

from service import create_app
from service.db import unit_of_work
from service.models import CalendarEntry, ConfigurationVersion, User
from service.operations.administration import change_settings, publish_calendar_year
from tests.flows import Flow

PATH = "/calendar/add-working-days?from=2027-01-04&days=1"


def _versioned(app) -> None:
    """The migrations write the version row; the tests' cleanup empties every table."""
    with app.app_context(), unit_of_work() as session:
        session.merge(ConfigurationVersion(id=1, version="initial"))


def _calendar_reads(engine) -> list[str]:
    reads: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _note(_conn, _cursor, statement, *_args) -> None:
        if "FROM calendar_entries" in statement:
            reads.append(statement)

    return reads


def test_a_process_keeps_the_calendar_between_requests(app, world, shared_engine):
    _versioned(app)
    reads = _calendar_reads(shared_engine)

    first = world["zhang"].ok("GET", PATH)
    second = world["zhang"].ok("GET", PATH)

    assert first == second == {"date": "2027-01-05", "provisional": True}
    assert len(reads) == 1


def test_an_entry_made_by_another_process_is_seen_at_the_next_request(
    app, world, settings, clock, shared_engine
):
    _versioned(app)
    assert world["zhang"].ok("GET", PATH)["date"] == "2027-01-05"
    other_process = create_app(settings, clock=clock, engine=shared_engine)

    with other_process.app_context(), unit_of_work() as session:
        session.add(CalendarEntry(day=date(2027, 1, 5), working=False, note="管理员录入：调休"))

    assert world["zhang"].ok("GET", PATH) == {"date": "2027-01-06", "provisional": True}


def test_a_year_published_by_another_process_is_seen_at_the_next_request(
    app, world, settings, clock, shared_engine
):
    _versioned(app)
    assert world["zhang"].ok("GET", PATH)["provisional"] is True
    other_process = create_app(settings, clock=clock, engine=shared_engine)

    with other_process.app_context(), unit_of_work() as session:
        admin = session.scalars(select(User).where(User.username == "admin")).one()
        publish_calendar_year(session, 2027, True, actor=admin, confirm=True, now=clock.now())

    assert world["zhang"].ok("GET", PATH) == {"date": "2027-01-05", "provisional": False}


def test_a_setting_changed_by_another_process_applies_to_the_next_event(
    app, world, settings, clock, shared_engine
):
    _versioned(app)
    proposal = Flow(world).assigned()
    assignment = world["transport"].assignment(proposal["assignments"][0]["id"])
    world["transport"].act("assignment", assignment, "sign")  # the kept settings say: no review
    other_process = create_app(settings, clock=clock, engine=shared_engine)

    with other_process.app_context(), unit_of_work() as session:
        admin = session.scalars(select(User).where(User.username == "admin")).one()
        change_settings(
            session,
            {"reply_review": True},
            actor=admin,
            confirm=True,
            apply_to_open=False,
            now=clock.now(),
        )
    replied = Flow(world).handle(assignment)

    assert replied["state"] == "reply_review"
