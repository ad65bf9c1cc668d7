"""A statement compiled once to the text psycopg is sent
(`service.db.performance.compiled`) answers as SQLAlchemy's own run of it does, whatever its
constants hold and for any number of ids, and sends the ids alone as parameters."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import case, event, insert, literal, select

from service.db.performance.compiled import CompiledText, InIds
from service.models import Body, Unit
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL only")

# Constants that a careless text would break: a percent sign (psycopg's placeholders), a quote,
# a colon (SQLAlchemy's), and Chinese.
NOTE = "完成率100%，'重点'：督办"


def _statement(chosen):
    return (
        select(
            Unit.id,
            Unit.name,
            literal(NOTE).label("note"),
            case((Unit.name.like("%局"), "局"), else_="其他").label("kind"),
            (Unit.id % 10).label("digit"),
        )
        .where(chosen(Unit.id), Unit.active.is_(True))
        .order_by(Unit.id)
    )


@pytest.fixture
def unit_ids(database_url, owner_engine) -> list[int]:
    names = ["市交通运输局", "市教育局", "市政协办公厅", "市生态环境局"]
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with owner_engine.begin() as connection:
        city = {"name": "政协示范市委员会", "level": "city", "created_at": now}
        body = connection.scalar(insert(Body).values(city).returning(Body.id))
        rows = [
            {"body_id": body, "name": n, "active": n != "市教育局", "created_at": now}
            for n in names
        ]
        return list(connection.scalars(insert(Unit).values(rows).returning(Unit.id)))


@pytest.mark.parametrize("picked", [[0], [0, 1], [3, 2, 0], []])
def test_the_text_answers_as_the_statement_does(owner_engine, unit_ids, picked):
    ids = [unit_ids[n] for n in picked]
    text = CompiledText(_statement(InIds), owner_engine.dialect)

    with owner_engine.connect() as connection:
        expected = connection.execute(_statement(lambda column: column.in_(ids))).all()
        assert text.run(connection, ids).all() == expected

    if ids:
        assert expected and expected[0].note == NOTE and expected[0].kind == "局"


def test_only_the_ids_are_sent_as_parameters(owner_engine, unit_ids):
    text = CompiledText(_statement(InIds), owner_engine.dialect)
    sent = []

    def note(_connection, _cursor, statement, parameters, *_args) -> None:
        sent.append((statement, parameters))

    event.listen(owner_engine, "before_cursor_execute", note)
    try:
        with owner_engine.connect() as connection:
            text.run(connection, unit_ids[:3]).all()
    finally:
        event.remove(owner_engine, "before_cursor_execute", note)

    [(statement, parameters)] = sent
    assert sorted(parameters.values()) == sorted(unit_ids[:3])
    assert "完成率100" in statement
