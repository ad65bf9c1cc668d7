"""The database itself refuses a proposal filed in another body's session, and an assignment or a
clerk given another body's unit (composite keys, migration 0030), even from a statement that
goes past the service: two bodies may both have a 市交通运输局, and neither may be handed the
other's work or staff."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from service.models import Assignment, PlenarySession, Proposal, User
from tests.flows import PARTS, Flow


def _refused(engine, statement) -> None:
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(statement)


def test_another_bodys_unit_or_session_is_refused_by_the_database(world, county, owner_engine):
    proposal = Flow(world).assigned()
    [assignment] = proposal["assignments"]
    filed = {"title": "关于县域道路的建议", "category": "economy", **PARTS}
    county["county_member"].ok("POST", "/proposals", filed, 201)  # the county's first session
    with owner_engine.connect() as connection:
        county_session = connection.scalar(
            select(PlenarySession.id).where(PlenarySession.body_id == county.id)
        )

    _refused(owner_engine, update(Assignment).where(Assignment.id == assignment["id"])
             .values(unit_id=county.unit_id))
    _refused(owner_engine, update(Proposal).where(Proposal.id == proposal["id"])
             .values(plenary_session_id=county_session))
    _refused(owner_engine, update(User).where(User.username == "transport", User.body_id ==
             world.body_id).values(unit_id=county.unit_id))

    with owner_engine.connect() as connection:  # nothing moved
        unit = connection.scalar(
            text("SELECT unit_id FROM assignments WHERE id = :id"), {"id": assignment["id"]}
        )
    assert unit == world.units["市交通运输局"]
