"""People and organisations: handling units (承办单位), users with a role, and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from service.collation import KEY_LENGTH, name_key
from service.db import Base, UTCDateTime
from service.models.body import Body


class Unit(Base):
    """A 承办单位: a government department that signs for, handles and replies to proposals.
    Its name is its body's own: a province and a city may each have a 市场监督管理局."""

    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("body_id", "name"),
        # What an assignment's (body, unit) refers to: the database refuses an assignment to
        # another body's unit.
        UniqueConstraint("body_id", "id", name="uq_units_body_id_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # What the choosers and lists sort by: the name's pinyin, kept with every name written
    # (a row written around the model, by a bulk load, sorts first until renamed).
    name_key: Mapped[str] = mapped_column(String(KEY_LENGTH), index=True, server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The unit's group robot (企业微信/钉钉 群机器人, or a generic JSON receiver).
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    webhook_kind: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @validates("name")
    def _keyed(self, _key: str, name: str) -> str:
        self.name_key = name_key(name)
        return name


class Person(Base):
    """Someone who logs in, once, whichever bodies they work in: the name and the password."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class User(Base):
    """A person's membership in one body, with their role there: a `unit` user is bound to one
    of the body's units; a member has a 界别 (sector). Everything a person does is done as one
    of these rows, so it belongs to that body."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("body_id", "username"),
        UniqueConstraint("person_id", "body_id"),
        # A clerk's unit is their body's: the database refuses another body's.
        ForeignKeyConstraint(["body_id", "unit_id"], ["units.body_id", "units.id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    # The person's username, kept on each membership for the lists that sort and find by it.
    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    sector: Mapped[str | None] = mapped_column(String(64))
    party: Mapped[str | None] = mapped_column(String(64))  # 党派
    employer: Mapped[str | None] = mapped_column(String(200))  # 工作单位及职务
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    # The channels a person wants notices by, besides the inbox; each used only with its address.
    notify_by: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["email", "sms"])
    # Bumped to revoke the person's calendar feed address (its token is derived from it).
    calendar_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Committee staff designated to enter a member's signed paper rating form (代录).
    proxy_rater: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id], lazy="joined")
    person: Mapped[Person] = relationship()
    body: Mapped[Body] = relationship()


# Who files an organisation's collective proposals (联系人): members, one row per person.
organisation_contacts = Table(
    "organisation_contacts",
    Base.metadata,
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True, index=True),
)


class Organisation(Base):
    """A collective proposer (集体提案): a democratic party's city committee (民盟市委会), a
    people's organisation (工商联), a 界别 or a special committee. Its contacts, members who log
    in as themselves, file its proposals, and the letters are written to it, not to them."""

    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("body_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    contacts: Mapped[list[User]] = relationship(
        secondary=organisation_contacts, order_by=User.username
    )

    @property
    def contact_ids(self) -> set[int]:
        return {user.id for user in self.contacts}


class ApiToken(Base):
    """A bearer token, stored as its SHA-256 so a copy of the database cannot log anyone in."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class LoginThrottle(Base):
    """Failed logins of one username from one address since its last success: the first few
    are free, then each attempt waits longer (service/operations/login_throttle.py). Kept in
    the database, so every worker and instance counts the same attempts; the row is locked
    while an attempt is counted, so parallel attempts cannot slip past the count."""

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("username", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The username as typed, in its normal form: an unknown name is counted like a known one.
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class AddressThrottle(Base):
    """Failed logins from one address, any username, in the current window: a high ceiling for
    one address guessing many names (an office behind one NAT address stays well below it)."""

    __tablename__ = "address_throttles"

    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
