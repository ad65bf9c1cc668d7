"""The public window (提案公开): published proposals as citizens read them, without signing in.

Every answer is built from an explicit allow-list of fields (`_item`, `_detail`), never from
the staff representation: a column added to a proposal, a reply or a person stays out of the
public window until someone adds it here. Names appear, usernames never; nobody's phone, email,
ratings, contacts or the staff who handled it. A proposal that is not published is not found,
with the same answer as one that does not exist.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, object_session, selectinload
from sqlalchemy.sql import ColumnElement

from service.errors import DomainError, InvalidInput, NotVisible
from service.models import (
    Assignment,
    Body,
    CoSigner,
    Organisation,
    PlenarySession,
    Proposal,
    PublicWindow,
    SearchTerm,
    Unit,
    User,
)
from service.search.text import words
from service.vocabulary import CATEGORIES, OUTCOMES, REPLY_CATEGORIES, UNIT_ROLES

PAGE_SIZE, MAX_PAGE_SIZE = 20, 100
SEARCH_MAX, SEARCH_WORDS = 100, 5
SITEMAP_CHUNK = 50_000  # the sitemap protocol's limit of addresses in one file
CURSOR = re.compile(r"^(\d{1,19})-(\d{1,10})$")
SEARCH_TOO_LONG = f"搜索文字不能超过{SEARCH_MAX}个字，请缩短后再试。"
CURSOR_WRONG = "翻页参数无效，请从第一页重新浏览。"


class NotPublished(NotVisible):
    """404 for a proposal that is not published, worded alike whether it exists or not."""

    def __init__(self) -> None:
        DomainError.__init__(self, "未找到该公开提案：它不存在，或没有公开。")


UNIT_ORDER = {"lead": 0, "separate": 1, "assisting": 2}
LEFT = ("returned", "withdrawn")


@dataclass(frozen=True)
class PublicQuery:
    """What a citizen asked for: a year, a category, search words, a page."""

    year: int | None = None
    category: str | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = PAGE_SIZE
    # One body's window (三级联动); none: every body's published proposals.
    body_id: int | None = None

    @property
    def words(self) -> list[str]:
        """The search words; an empty search is no search, a long one is refused (422)."""
        text = (self.q or "").strip()
        if len(text) > SEARCH_MAX:
            raise InvalidInput(SEARCH_TOO_LONG, details={"q": [SEARCH_TOO_LONG]})
        return text.split()[:SEARCH_WORDS]

    @property
    def after(self) -> tuple[datetime, int] | None:
        if not self.cursor:
            return None
        found = CURSOR.match(self.cursor)
        if found is None or int(found.group(1)) > 2**62:
            raise InvalidInput(CURSOR_WRONG, details={"cursor": [CURSOR_WRONG]})
        micros, last_id = int(found.group(1)), int(found.group(2))
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros), last_id

    def key(self) -> tuple:
        words = " ".join(self.words)
        return (self.body_id, self.year, self.category, words, self.cursor, self.limit)


def _cursor(row) -> str:
    since = row.published_at - datetime(1970, 1, 1, tzinfo=UTC)
    return f"{since // timedelta(microseconds=1)}-{row.id}"


PUBLISHED = Proposal.published_at.is_not(None)


LIST_COLUMNS = (
    Proposal.id,
    Proposal.title,
    Proposal.number,
    Proposal.category,
    Proposal.published_at,
    Proposal.plenary_session_id,
    PlenarySession.year,
    PlenarySession.name.label("session_name"),
    User.display_name.label("lead_name"),
    User.sector.label("lead_sector"),
    Organisation.name.label("organisation_name"),
    Proposal.body_id,
    Body.name.label("body_name"),
)


def _conditions(wanted: PublicQuery) -> list:
    """The filters, on the proposals' own columns only: the count reads the index alone."""
    found = [PUBLISHED]
    if wanted.body_id is not None:
        found.append(Proposal.body_id == wanted.body_id)
    if wanted.year is not None:
        sessions = select(PlenarySession.id).where(PlenarySession.year == wanted.year)
        found.append(Proposal.plenary_session_id.in_(sessions))
    if wanted.category:
        # Compared through a function, so that no planner counts a category through the
        # category's own index (reading every proposal of it, published or not, from the
        # table); the partial index holds the column and the count stays inside it.
        found.append(func.coalesce(Proposal.category, "") == wanted.category)
    found += [_mentions(word) for word in wanted.words]
    return found


def _mentions(word: str) -> ColumnElement[bool]:
    """The word stands in the title, or each of its words in the proposal's text (as the
    similar-proposal index holds them: the 正文 is as public as the title once published)."""
    in_title = Proposal.title.contains(word, autoescape=True)
    terms = list(dict.fromkeys(words(word)))
    if not terms:
        return in_title
    in_text = [
        Proposal.id.in_(select(SearchTerm.proposal_id).where(SearchTerm.term == term))
        for term in terms
    ]
    return or_(in_title, and_(*in_text))


def _filtered(conditions: list):
    return (
        select(*LIST_COLUMNS)
        .join(PlenarySession, PlenarySession.id == Proposal.plenary_session_id)
        .join(User, User.id == Proposal.lead_proposer_id)
        .join(Body, Body.id == Proposal.body_id)
        .outerjoin(Organisation, Organisation.id == Proposal.organisation_id)
        .where(*conditions)
    )


def public_page(session: Session, wanted: PublicQuery, *, zone: tzinfo) -> dict:
    """One page of published proposals, newest publication first: {items, total, next}.

    Read as plain columns, five statements a page whatever its length: the page walks the
    partial index ix_proposals_published in its order and stops after `limit` rows."""
    conditions = _conditions(wanted)
    total = session.scalar(select(func.count()).select_from(Proposal).where(*conditions))
    query = select(Proposal.id).where(*conditions)
    after = wanted.after
    if after is not None:
        moment, last_id = after
        query = query.where(
            or_(
                Proposal.published_at < moment,
                and_(Proposal.published_at == moment, Proposal.id < last_id),
            )
        )
    # The page's ids first, from the index alone (a search that matches nothing reads the
    # index, never the table's long texts); then their columns by primary key.
    ordered = query.order_by(Proposal.published_at.desc(), Proposal.id.desc())
    ids = list(session.scalars(ordered.limit(wanted.limit + 1)))
    more, ids = len(ids) > wanted.limit, ids[: wanted.limit]
    found = {row.id: row for row in session.execute(_filtered([Proposal.id.in_(ids)]))}
    rows = [found[i] for i in ids if i in found]
    people, units = _read_page(session, [row.id for row in rows])
    return {
        "items": [_list_item(row, people, units, zone) for row in rows],
        "total": total,
        "next": _cursor(rows[-1]) if more and rows else None,
    }


def _read_page(session: Session, ids: list[int]) -> tuple[dict, dict]:
    """The confirmed co-signers' names and sectors, and the units' names, of a page's rows."""
    people: dict[int, list[dict]] = {i: [] for i in ids}
    units: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return people, units
    cosigners = session.execute(
        select(CoSigner.proposal_id, User.display_name, User.sector)
        .join(User, User.id == CoSigner.user_id)
        .where(CoSigner.proposal_id.in_(ids), CoSigner.status == "confirmed")
        .order_by(CoSigner.id)
    )
    for proposal_id, name, sector in cosigners:
        people[proposal_id].append({"name": name, "sector": sector})
    handled = session.execute(
        select(Assignment.proposal_id, Assignment.role, Unit.name)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Assignment.proposal_id.in_(ids), Assignment.state.not_in(LEFT))
        .order_by(Assignment.id)
    )
    ranked = sorted(handled, key=lambda row: UNIT_ORDER.get(row.role, 9))
    for proposal_id, _role, name in ranked:
        units[proposal_id].append(name)
    return people, units


def _list_item(row, people: dict, units: dict, zone: tzinfo) -> dict:
    if row.organisation_name is not None:
        proposers = [{"name": row.organisation_name, "sector": None}]
    else:
        proposers = [{"name": row.lead_name, "sector": row.lead_sector}, *people[row.id]]
    return {
        "id": row.id,
        "title": row.title,
        "number": row.number,
        "number_label": None if row.number is None else f"第{row.number:04d}号",
        "year": row.year,
        "session_name": row.session_name,
        "session_id": row.plenary_session_id,
        "category": row.category,
        "category_label": CATEGORIES.get(row.category, row.category),
        "proposers": proposers,
        "units": units[row.id],
        "published_on": row.published_at.astimezone(zone).date().isoformat(),
        "body_id": row.body_id,
        "body_name": row.body_name,
    }


_READ_ALONG = (
    selectinload(Proposal.cosigners).joinedload(CoSigner.user),
    selectinload(Proposal.assignments).joinedload(Assignment.unit),
    selectinload(Proposal.organisation),
)


def public_proposal(session: Session, proposal_id: int, *, zone: tzinfo) -> dict:
    """One published proposal as the public reads it.

    Raises:
        NotPublished: not published or no such proposal, answered alike.
    """
    proposal = session.scalars(
        select(Proposal).where(Proposal.id == proposal_id, PUBLISHED).options(*_READ_ALONG)
    ).first()
    if proposal is None:
        raise NotPublished()
    return _detail(proposal, zone)


def public_proposal_id(session: Session, session_id: int, number: int) -> int:
    """The id of the published proposal 第`number`号 of that session: the stable address
    /public/sessions/<session_id>/<number> (numbers are unique within a session).

    Raises:
        NotPublished: no such published proposal.
    """
    found = session.scalar(
        select(Proposal.id).where(
            Proposal.plenary_session_id == session_id, Proposal.number == number, PUBLISHED
        )
    )
    if found is None:
        raise NotPublished()
    return found


def sitemap_entries(session: Session, *, chunk: int = 1) -> list[dict]:
    """The stable address parts and publication time of published proposals, one sitemap file's
    worth (`chunk` counts from 1), newest first."""
    rows = session.execute(
        select(Proposal.id, Proposal.number, Proposal.published_at, Proposal.plenary_session_id)
        .where(PUBLISHED)
        .order_by(Proposal.published_at.desc(), Proposal.id.desc())
        .offset((chunk - 1) * SITEMAP_CHUNK)
        .limit(SITEMAP_CHUNK)
    )
    return [{"id": i, "session_id": s, "number": n, "published_at": at} for i, n, at, s in rows]


def published_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Proposal).where(PUBLISHED))


def generation(session: Session) -> int:
    """The publication generation: it changes with every publish and unpublish."""
    return session.scalar(select(PublicWindow.generation)) or 0


def _proposers(proposal: Proposal) -> list[dict]:
    """Names and sectors only; a collective proposal is its organisation's."""
    if proposal.organisation is not None:
        return [{"name": proposal.organisation.name, "sector": None}]
    people = [proposal.lead_proposer] + [
        c.user for c in proposal.cosigners if c.status == "confirmed"
    ]
    return [{"name": person.display_name, "sector": person.sector} for person in people]


def _units(proposal: Proposal) -> list[Assignment]:
    shown = [a for a in proposal.assignments if a.state not in LEFT]
    return sorted(shown, key=lambda a: (UNIT_ORDER.get(a.role, 9), a.id))


def _item(proposal: Proposal, zone: tzinfo) -> dict:
    return {
        "id": proposal.id,
        "title": proposal.title,
        "number": proposal.number,
        "number_label": proposal.number_label,
        "year": proposal.plenary_session.year,
        "session_name": proposal.plenary_session.name,
        "session_id": proposal.plenary_session_id,
        "category": proposal.category,
        "category_label": CATEGORIES.get(proposal.category, proposal.category),
        "proposers": _proposers(proposal),
        "units": [a.unit.name for a in _units(proposal)],
        "published_on": proposal.published_at.astimezone(zone).date().isoformat(),
        "body_id": proposal.body_id,
        "body_name": object_session(proposal).get(Body, proposal.body_id).name,
    }


def _detail(proposal: Proposal, zone: tzinfo) -> dict:
    units = _units(proposal)
    return {
        **_item(proposal, zone),
        "body": proposal.body,
        "parts": [
            {"label": label, "text": getattr(proposal, name)}
            for name, label in (
                ("background", "背景情况"),
                ("analysis", "问题分析"),
                ("suggestions", "具体建议"),
            )
            if getattr(proposal, name)
        ],
        "unit_roles": [
            {"name": a.unit.name, "role_label": UNIT_ROLES.get(a.role, a.role)} for a in units
        ],
        "replies": [
            {
                "unit": a.unit.name,
                "round": reply.round,
                "category": reply.category,
                "category_label": REPLY_CATEGORIES.get(reply.category or "", None),
                "body": reply.body,
                # What the unit promised is part of its letter (回头看 checks it in public too).
                "commitments": [
                    {"text": c["text"], "due_date": c.get("due_date")}
                    for c in reply.commitments or ()
                ],
                "replied_on": reply.created_at.astimezone(zone).date().isoformat(),
            }
            for a in units
            if a.role in ("lead", "separate")
            for reply in a.replies
            if reply.kind == "reply" and reply.status == "final"
        ],
        "follow_up": _follow_up(proposal, zone),
    }


def _follow_up(proposal: Proposal, zone: tzinfo) -> dict | None:
    """The latest completed 回头看: its outcome and when; the committee's notes stay inside."""
    done = [f for f in proposal.follow_ups if f.completed_at is not None and f.outcome]
    if not done:
        return None
    latest = done[-1]
    return {
        "outcome": latest.outcome,
        "outcome_label": OUTCOMES.get(latest.outcome, latest.outcome),
        "completed_on": latest.completed_at.astimezone(zone).date().isoformat(),
    }


@dataclass
class PublicCache:
    """Answers of the public window kept by one process for `seconds`, and only while the
    publication generation they were built under is the database's: a publish or unpublish
    on any instance makes every instance build its answers afresh."""

    seconds: int
    size: int = 1024
    entries: OrderedDict = field(default_factory=OrderedDict)

    def get(self, key: tuple, *, generation: int, now: datetime, build: Callable[[], object]):
        kept = self.entries.get(key)
        if kept is not None and kept[0] == generation and kept[1] > now:
            self.entries.move_to_end(key)
            return kept[2]
        value = build()
        self.entries[key] = (generation, now + timedelta(seconds=self.seconds), value)
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value
