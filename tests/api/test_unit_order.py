"""Units are offered by the pinyin of their names, as a directory lists them: 财政局 (cai) before
交通运输局 (jiao) before 卫生健康委员会 (wei), not by their characters' code points."""

from __future__ import annotations

from sqlalchemy import select, update

from service.db import unit_of_work
from service.models import Unit
from service.operations.bodies import units_of
from service.operations.users import add_unit


def _names(app, body_id: int) -> list[str]:
    with app.app_context(), unit_of_work() as session:
        return [u.name for u in session.scalars(units_of(body_id))]


def test_units_are_offered_by_pinyin_and_a_renamed_one_moves(app, world, clock):
    with app.app_context(), unit_of_work() as session:
        body_id = session.scalar(select(Unit.body_id).limit(1))
        for name in ("市财政局", "市人力资源和社会保障局", "市公安局", "市住房和城乡建设局"):
            add_unit(session, name, now=clock.now(), body_id=body_id)

    before = _names(app, body_id)
    with app.app_context(), unit_of_work() as session:
        renamed = session.scalars(select(Unit).where(Unit.name == "市公安局")).one()
        renamed.name = "市阿公安局"  # a made-up rename: 阿 (a) goes before every other

    after = _names(app, body_id)
    assert before == sorted(before, key=lambda n: _spelt(n))
    assert before.index("市财政局") < before.index("市公安局") < before.index("市交通运输局")
    assert before.index("市人力资源和社会保障局") < before.index("市住房和城乡建设局")
    assert after[0] == "市阿公安局"


def test_a_unit_written_around_the_model_is_still_listed(app, world):
    with app.app_context(), unit_of_work() as session:
        body_id = session.scalar(select(Unit.body_id).limit(1))
        session.execute(update(Unit).where(Unit.name == "市教育局").values(name_key=""))

    assert "市教育局" in _names(app, body_id)


def _spelt(name: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(name))
