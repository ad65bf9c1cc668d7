"""The stack's floor: the least an event can cost on Flask and the SQLAlchemy ORM, served by
gunicorn the way the service is (`gunicorn bench.floor_app:app`, with FLOOR_DATABASE_URL naming
a schema the migrations built). Not part of the service: bench/load_bench.py runs it beside the
service, so that one run shows what the framework alone costs on the machine of the moment.

- `GET /floor/hello` answers a small JSON: the cost of a request through gunicorn and Flask.
- `POST /floor/proposals/<id>/events` does what the raw-SQL baseline does, through the ORM in
  one transaction: find the bearer token's row, lock the proposal, bump its version, append an
  audit row and open a deadline; it answers the proposal's id, state and version. It has none of
  the service's work: no workflow, roles, validation, history chain, statistics, notices,
  notifications or representation.
- `GET /floor/proposals/<id>`: the bearer token's row and the proposal's, through the ORM; the
  least a detail read can cost.
- `POST /floor/proposals/<id>/core-events` does the same with SQLAlchemy Core statements (no
  session, no unit of work): what the ORM itself adds shows as the difference.
- `POST /floor/proposals/<id>/raw-events` does it with psycopg alone, the raw-SQL baseline's
  statements on one connection per worker: Flask and HTTP with no SQLAlchemy at all.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta

import psycopg
from flask import Flask, abort, jsonify, request
from psycopg.rows import namedtuple_row
from sqlalchemy import create_engine, insert, select, update
from sqlalchemy.ext.declarative import DeferredReflection
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from bench.load_bench import RAW_EVENT, libpq


class FloorBase(DeclarativeBase):
    pass


class Reflected(DeferredReflection):
    """The tables as the migrations built them, read from the database when the app starts."""

    __abstract__ = True


class FloorToken(Reflected, FloorBase):
    __tablename__ = "api_tokens"
    __mapper_args__ = {
        "include_properties": ["id", "digest", "user_id", "expires_at", "revoked_at"]
    }


class FloorProposal(Reflected, FloorBase):
    # Only what the raw-SQL baseline reads and writes of a proposal.
    __tablename__ = "proposals"
    __mapper_args__ = {"include_properties": ["id", "body_id", "state", "version", "updated_at"]}


class FloorAudit(Reflected, FloorBase):
    __tablename__ = "audit_records"


class FloorDeadline(Reflected, FloorBase):
    __tablename__ = "deadlines"


def _token_user(token_row, now: datetime) -> int:
    if token_row is None or token_row.revoked_at is not None or token_row.expires_at <= now:
        abort(401)
    return token_row.user_id


def _bearer_digest() -> str:
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    return hashlib.sha256(token.encode()).hexdigest()


def _audit_row(proposal, user_id: int, now: datetime) -> dict:
    return dict(
        proposal_id=proposal.id,
        body_id=proposal.body_id,
        workflow="proposal",
        subject_id=proposal.id,
        event="floor",
        actor_id=user_id,
        actor_name="bench",
        from_state=proposal.state,
        to_state=proposal.state,
        data=request.get_json(silent=True) or {},
        at=now,
    )


def _deadline_row(proposal, now: datetime) -> dict:
    due = now + timedelta(days=14)
    return dict(
        rule="review",
        kind="review",
        workflow="proposal",
        proposal_id=proposal.id,
        body_id=proposal.body_id,
        starts_on=now.date(),
        due_at=due,
        status="open",
        provisional=False,
        next_fire_at=due,
        reminders_sent=0,
        explanation={"reminders": []},
        version=1,
        created_at=now,
    )


def create_floor_app(url: str) -> Flask:
    app = Flask(__name__)
    engine = create_engine(url)
    # Served preloaded, each gunicorn worker is forked with the pool of the process that loaded
    # it: the child drops it unclosed (SQLAlchemy's recipe for os.fork), as the service does.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    Reflected.prepare(engine)

    @app.get("/floor/hello")
    def hello():
        return jsonify(hello="world")

    _orm_routes(app, sessionmaker(engine, expire_on_commit=False))
    _core_route(app, engine)
    _psycopg_route(app, url)
    return app


def _orm_routes(app: Flask, sessions) -> None:
    @app.post("/floor/proposals/<int:proposal_id>/events")
    def event(proposal_id: int):
        now, digest = datetime.now(UTC), _bearer_digest()
        with sessions.begin() as session:
            found = session.scalar(select(FloorToken).where(FloorToken.digest == digest))
            user_id = _token_user(found, now)
            proposal = session.get(FloorProposal, proposal_id, with_for_update=True)
            if proposal is None:
                abort(404)
            proposal.version, proposal.updated_at = proposal.version + 1, now
            session.add(FloorAudit(**_audit_row(proposal, user_id, now)))
            session.add(FloorDeadline(**_deadline_row(proposal, now)))
        return jsonify(id=proposal.id, state=proposal.state, version=proposal.version)

    @app.get("/floor/proposals/<int:proposal_id>")
    def detail(proposal_id: int):
        now, digest = datetime.now(UTC), _bearer_digest()
        with sessions() as session:
            _token_user(session.scalar(select(FloorToken).where(FloorToken.digest == digest)), now)
            proposal = session.get(FloorProposal, proposal_id)
            if proposal is None:
                abort(404)
            return jsonify(id=proposal.id, state=proposal.state, version=proposal.version)


def _core_route(app: Flask, engine) -> None:
    tokens, proposals = FloorToken.__table__, FloorProposal.__table__

    @app.post("/floor/proposals/<int:proposal_id>/core-events")
    def core_event(proposal_id: int):
        now, digest = datetime.now(UTC), _bearer_digest()
        with engine.begin() as connection:
            found = connection.execute(select(tokens).where(tokens.c.digest == digest)).first()
            user_id = _token_user(found, now)
            columns = (proposals.c.id, proposals.c.body_id, proposals.c.state, proposals.c.version)
            locked = select(*columns).where(proposals.c.id == proposal_id).with_for_update()
            proposal = connection.execute(locked).first()
            if proposal is None:
                abort(404)
            connection.execute(
                update(proposals)
                .where(proposals.c.id == proposal_id)
                .values(version=proposals.c.version + 1, updated_at=now)
            )
            connection.execute(insert(FloorAudit.__table__), _audit_row(proposal, user_id, now))
            connection.execute(insert(FloorDeadline.__table__), _deadline_row(proposal, now))
        return jsonify(id=proposal.id, state=proposal.state, version=proposal.version + 1)


def _psycopg_route(app: Flask, url: str) -> None:
    raw = {}

    @app.post("/floor/proposals/<int:proposal_id>/raw-events")
    def raw_event(proposal_id: int):
        now, digest = datetime.now(UTC), _bearer_digest()
        if "connection" not in raw:  # one per worker process, opened after gunicorn forks it
            raw["connection"] = psycopg.connect(libpq(url), row_factory=namedtuple_row)
        connection = raw["connection"]
        with connection.transaction():
            found = connection.execute(TOKEN, (digest,)).fetchone()
            _token_user(found, now)  # the baseline's audit row names no actor
            row = connection.execute(RAW_EVENT[0], (proposal_id,)).fetchone()
            if row is None:
                abort(404)
            state, version, body = row
            payload = json.dumps(request.get_json(silent=True) or {}, ensure_ascii=False)
            due = now + timedelta(days=14)
            connection.execute(RAW_EVENT[1], (state, now, proposal_id))
            connection.execute(
                RAW_EVENT[2], (proposal_id, body, proposal_id, state, state, payload, now)
            )
            explanation = json.dumps({"reminders": []})
            connection.execute(
                RAW_EVENT[3], (proposal_id, body, now.date(), due, due, explanation, now)
            )
        return jsonify(id=proposal_id, state=state, version=version + 1)


TOKEN = "SELECT user_id, expires_at, revoked_at FROM api_tokens WHERE digest = %s"

URL = os.environ.get("FLOOR_DATABASE_URL")
app = create_floor_app(URL) if URL else None
