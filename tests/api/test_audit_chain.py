"""The audit history is tamper-evident: every record is chained, and a change is found."""

from contextlib import suppress
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from service.audit import append, verify
from service.db import current_session, unit_of_work
from service.models import AuditRecord
from tests.conftest import POSTGRES_URL
from tests.flows import Flow


def _verify(app):
    with app.app_context():
        return verify(current_session())


def _tamper(owner_engine, sql: str) -> None:
    """Change the history behind the service's back (on PostgreSQL as the tables' owner, with
    its guard switched off, as only the owner or a superuser could)."""
    with owner_engine.begin() as connection:
        if POSTGRES_URL:
            connection.execute(text("ALTER TABLE audit_records DISABLE TRIGGER USER"))
        connection.execute(text(sql))
        if POSTGRES_URL:
            connection.execute(text("ALTER TABLE audit_records ENABLE TRIGGER USER"))


def test_every_record_of_a_whole_life_is_chained_and_verifies(app, world):
    Flow(world).closed(units=(("市交通运输局", "lead"), ("市教育局", "assisting")))

    result = _verify(app)

    assert result.breaks == []
    assert result.records >= 12 and result.proposals == 1


def test_a_changed_record_breaks_the_chain_and_is_named(app, world, owner_engine):
    Flow(world).replied()
    _tamper(owner_engine, "UPDATE audit_records SET actor_name = 'someone' WHERE event = 'accept'")

    result = _verify(app)

    assert len(result.breaks) == 1
    assert "accept" in result.breaks[0]


def test_a_removed_record_breaks_the_chain(app, world, owner_engine):
    Flow(world).accepted()
    _tamper(owner_engine, "DELETE FROM audit_records WHERE event = 'submit'")

    assert len(_verify(app).breaks) == 1


def test_the_cli_reports_a_broken_history_with_a_failing_exit_code(app, world, owner_engine):
    Flow(world).accepted()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    _tamper(owner_engine, "UPDATE audit_records SET data = '{}' WHERE event = 'create'")

    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 1
    assert "1 broken" in result.output


@pytest.mark.skipif(not POSTGRES_URL, reason="the database guard is PostgreSQL's trigger")
@pytest.mark.parametrize(
    "sql", ["UPDATE audit_records SET actor_name = 'x'", "DELETE FROM audit_records"]
)
def test_postgresql_refuses_to_change_or_delete_history(app, world, sql):
    Flow(world).accepted()

    with pytest.raises(DBAPIError, match="append-only"), app.app_context(), unit_of_work() as s:
        s.execute(text(sql))

    assert _verify(app).breaks == []


def _record(proposal_id: int, event: str) -> AuditRecord:
    return AuditRecord(
        proposal_id=proposal_id,
        workflow="proposal",
        subject_id=proposal_id,
        event=event,
        actor_name="system",
        from_state="accepted",
        to_state="accepted",
        data={},
        at=datetime(2026, 3, 10, 9, 0, tzinfo=UTC),
    )


def test_a_record_undone_with_its_savepoint_is_not_written_and_the_chain_holds(app, world):
    proposal = Flow(world).accepted()

    with app.app_context(), unit_of_work() as session:
        append(session, _record(proposal["id"], "kept_before"))
        with suppress(RuntimeError), session.begin_nested():
            append(session, _record(proposal["id"], "undone"))
            raise RuntimeError("the timer was refused")
        append(session, _record(proposal["id"], "kept_after"))

    events = [r["event"] for r in world["office"].ok("GET", f"/proposals/{proposal['id']}/history")]
    assert events[-2:] == ["kept_before", "kept_after"] and "undone" not in events
    assert _verify(app).breaks == []


def test_a_record_is_written_sealed_and_never_updated(app, world):
    proposal = Flow(world).accepted()

    with app.app_context():
        unsealed = current_session().scalar(
            select(func.count()).select_from(AuditRecord).where(AuditRecord.hash.is_(None))
        )
    history = world["office"].ok("GET", f"/proposals/{proposal['id']}/history")

    assert unsealed == 0
    assert [r["event"] for r in history] == ["create", "submit", "accept"]
