"""回头看 settles each commitment of every round

A 回头看 recorded one outcome for the whole proposal and looked only at the latest replies, so
the commitments of a first reply vanished once the unit answered again, and the working list
left out what was still open. Each commitment of a final reply is now a row of its own that
回头看 settles (implemented, partial with the next date, not implemented).

The rows are made from the replies' commitments. A 回头看 completed before this applies its one
outcome to every commitment of its proposal that was promised before it began and still open
then (a `partial` one keeps the next date that 回头看 set, if it set one); each 回头看's list of
checked commitments gets their ids and that outcome.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 07:10:00
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

from service.db import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

OPEN = (None, "partial")

REPLIES = sa.table(
    "replies",
    sa.column("id", sa.Integer),
    sa.column("assignment_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("round", sa.Integer),
    sa.column("status", sa.String),
    sa.column("commitments", sa.JSON),
    sa.column("created_at", UTCDateTime(timezone=True)),
)
ASSIGNMENTS = sa.table(
    "assignments",
    sa.column("id", sa.Integer),
    sa.column("proposal_id", sa.Integer),
    sa.column("unit_id", sa.Integer),
)
UNITS = sa.table("units", sa.column("id", sa.Integer), sa.column("name", sa.String))
FOLLOW_UPS = sa.table(
    "follow_ups",
    sa.column("id", sa.Integer),
    sa.column("proposal_id", sa.Integer),
    sa.column("started_at", UTCDateTime(timezone=True)),
    sa.column("completed_at", UTCDateTime(timezone=True)),
    sa.column("outcome", sa.String),
    sa.column("next_due_on", sa.Date),
    sa.column("commitments", sa.JSON),
)
# With its key declared, so that each row inserted tells its id.
COMMITMENTS = sa.Table(
    "commitments",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    *(
        sa.Column(name, kind)
        for name, kind in (
            ("proposal_id", sa.Integer),
            ("assignment_id", sa.Integer),
            ("reply_id", sa.Integer),
            ("round", sa.Integer),
            ("position", sa.Integer),
            ("text", sa.Text),
            ("due_date", sa.Date),
            ("outcome", sa.String),
            ("next_due_on", sa.Date),
            ("settled_at", UTCDateTime(timezone=True)),
        )
    ),
)


def upgrade() -> None:
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("next_due_on", sa.Date(), nullable=True),
        sa.Column("settled_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_commitments_assignment_id_assignments"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_commitments_proposal_id_proposals")
        ),
        sa.ForeignKeyConstraint(
            ["reply_id"], ["replies.id"], name=op.f("fk_commitments_reply_id_replies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
    )
    for name in ("proposal_id", "assignment_id", "reply_id"):
        op.create_index(op.f(f"ix_commitments_{name}"), "commitments", [name], unique=False)
    _track_the_replies_commitments(op.get_bind())


def downgrade() -> None:
    for name in ("reply_id", "assignment_id", "proposal_id"):
        op.drop_index(op.f(f"ix_commitments_{name}"), table_name="commitments")
    op.drop_table("commitments")


def _day(text) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _track_the_replies_commitments(connection) -> None:
    follow_ups: dict[int, list] = {}
    for row in connection.execute(sa.select(FOLLOW_UPS).order_by(FOLLOW_UPS.c.id)).mappings():
        follow_ups.setdefault(row["proposal_id"], []).append(dict(row))
    promised = connection.execute(
        sa.select(
            REPLIES.c.id,
            REPLIES.c.assignment_id,
            REPLIES.c.round,
            REPLIES.c.commitments,
            REPLIES.c.created_at,
            ASSIGNMENTS.c.proposal_id,
            UNITS.c.name.label("unit"),
        )
        .join(ASSIGNMENTS, ASSIGNMENTS.c.id == REPLIES.c.assignment_id)
        .join(UNITS, UNITS.c.id == ASSIGNMENTS.c.unit_id)
        .where(REPLIES.c.kind == "reply", REPLIES.c.status == "final")
        .order_by(REPLIES.c.id)
    ).mappings()
    made: dict[int, list] = {}
    for reply in promised.all():
        for position, promise in enumerate(reply["commitments"] or (), start=1):
            row = _settled(reply, promise, position, follow_ups.get(reply["proposal_id"], ()))
            row["id"] = connection.execute(COMMITMENTS.insert().values(**row)).inserted_primary_key[
                0
            ]
            made.setdefault(reply["proposal_id"], []).append({**row, "unit": reply["unit"]})
    for proposal_id, rows in follow_ups.items():
        for follow_up in rows:
            checked = [
                _checked(e, follow_up, made.get(proposal_id, ()))
                for e in follow_up["commitments"] or ()
            ]
            connection.execute(
                FOLLOW_UPS.update()
                .where(FOLLOW_UPS.c.id == follow_up["id"])
                .values(commitments=checked)
            )


def _settled(reply, promise: dict, position: int, follow_ups) -> dict:
    """The commitment as the 回头看 completed since it was promised left it."""
    row = {
        "proposal_id": reply["proposal_id"],
        "assignment_id": reply["assignment_id"],
        "reply_id": reply["id"],
        "round": reply["round"],
        "position": position,
        "text": promise.get("text") or "",
        "due_date": _day(promise.get("due_date")),
        "outcome": None,
        "next_due_on": None,
        "settled_at": None,
    }
    for follow_up in follow_ups:
        done = follow_up["completed_at"] is not None and follow_up["outcome"]
        if done and row["outcome"] in OPEN and follow_up["started_at"] >= reply["created_at"]:
            partial = follow_up["outcome"] == "partial"
            row["outcome"] = follow_up["outcome"]
            row["next_due_on"] = follow_up["next_due_on"] if partial else None
            row["settled_at"] = follow_up["completed_at"]
    return row


def _checked(entry: dict, follow_up: dict, made) -> dict:
    """A commitment a 回头看 listed, with its id and what that 回头看 found."""
    found = next(
        (
            m
            for m in made
            if (m["unit"], m["text"], m["due_date"])
            == (entry.get("unit"), entry.get("text"), _day(entry.get("due_date")))
        ),
        None,
    )
    checked = dict(entry)
    if found is not None:
        checked.update(id=found["id"], round=found["round"])
    if follow_up["completed_at"] is not None and follow_up["outcome"]:
        partial = follow_up["outcome"] == "partial"
        next_day = follow_up["next_due_on"] if partial else None
        checked.update(
            outcome=follow_up["outcome"],
            next_follow_up=next_day.isoformat() if next_day else None,
        )
    return checked
