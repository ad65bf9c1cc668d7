"""统计 pages: the year's figures with every rate's numerator and denominator, the unit ranking
(承办单位排名) and a member's record (委员履职). They call the statistics functions the JSON API
calls, so a page and `GET /api/v1/stats` never disagree."""

from __future__ import annotations

from functools import partial, wraps

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select

from service.clock import current_clock
from service.db import current_session
from service.errors import DomainError, InvalidInput
from service.models import PlenarySession, Proposal, Unit, User
from service.permissions import Permission, can, ensure
from service.statistics.figures import statistics
from service.statistics.ranking import find_member, member_record, unit_ranking
from service.statistics.rollup import has_bodies_below, rollup
from service.statistics.schemas import StatsArgs, YearArgs
from service.statistics.scope import Scope, default_year, requested_scope
from service.validation import load_or_refuse
from service.vocabulary import CATEGORIES, PROPOSAL_TYPES
from service.web.auth import current_user, login_required
from service.web.figure_labels import (
    FOLLOW_UPS,
    FORMS,
    HEADLINE,
    MEMBER_COUNTS,
    RATES,
    rate_text,
    share,
)
from service.web.report_pages import compilation_rows, report_rows

blp = Blueprint("stats_pages", __name__, url_prefix="/stats")
RECORDS_REFUSED = "委员履职情况仅供委员本人、提案委员会、督办领导和管理员查看。"
STATS_FILTERS = ("year", "session_id", "unit_id", "category", "sector", "type")


blp.add_app_template_global(rate_text, "rate_text")
blp.add_app_template_global(share, "share")


@blp.app_template_global()
def rate_of(figures: dict, name: str) -> str:
    """A rate of a figures dict as “87.5%（35/40）”, or “—” when nothing is counted under it."""
    return rate_text(figures["rate_parts"][name])


def office_only(view):
    """Office-wide figures: the committee office, leaders and administrators."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        ensure(current_user(), Permission.FIGURES_READ)
        return view(*args, **kwargs)

    return wrapped


def read_filters(schema, names: tuple[str, ...]) -> dict:
    """The filters of the query string, checked by the API's own schema (blank means “all”).

    Raises:
        InvalidInput: a filter the schema refuses, with its Chinese message.
    """
    raw = {name: request.args[name].strip() for name in names if request.args.get(name, "").strip()}
    return load_or_refuse(schema(), raw)


def _as_of(session, scope: Scope) -> str:
    return scope.now.astimezone(session.info["settings"].zone).strftime("%Y年%m月%d日 %H:%M")


def filter_choices(session, body_id: int) -> dict:
    """What the filter menus offer, as (value, text): the body's sessions, units and the 界别
    its proposals were filed under."""
    sessions = session.execute(
        select(PlenarySession.id, PlenarySession.name)
        .where(PlenarySession.body_id == body_id)
        .order_by(PlenarySession.year.desc(), PlenarySession.id.desc())
    )
    sectors = session.scalars(
        select(Proposal.sector)
        .where(Proposal.body_id == body_id, Proposal.sector.is_not(None))
        .distinct()
    )
    units = session.execute(
        select(Unit.id, Unit.name).where(Unit.body_id == body_id).order_by(Unit.name_key, Unit.name)
    )
    return {
        "sessions": [tuple(row) for row in sessions],
        "units": [tuple(row) for row in units],
        "sectors": [(sector, sector) for sector in sorted(sectors)],
    }


def _page(template: str, title: str, *, error: DomainError | None = None, **context):
    session, body_id = current_session(), current_user().body_id
    page = render_template(
        template,
        title=title,
        error=error,
        invalid=set(error.details) if error else set(),
        choices=filter_choices(session, body_id),
        default_year=default_year(
            session, body_id, now=current_clock().now(), zone=session.info["settings"].zone
        ),
        **context,
    )
    return page, (error.status if error else 200)


@blp.route("")
@office_only
def overview():
    """统计: a session year's figures, narrowed by session, unit, category or 界别."""
    session = current_session()
    try:
        scope = requested_scope(
            session,
            read_filters(StatsArgs, STATS_FILTERS),
            actor=current_user(),
            now=current_clock().now(),
        )
    except InvalidInput as error:
        return _page("web/stats.html", "提案办理统计", error=error, figures=None)
    figures = statistics(session, scope)
    context = {"figures": figures, "scope": scope, "as_of": _as_of(session, scope)}
    return _page("web/stats.html", "提案办理统计", **context, **_overview_context(session, scope))


def _overview_context(session, scope: Scope) -> dict:
    """Labels, the scope in words, and the counts that open the list of what they count."""
    narrowing = {k: v for k, v in vars(scope).items() if k in STATS_FILTERS and v is not None}
    lists = {
        "received": url_for("list_pages.working_list", kind="proposals", **narrowing),
        "overdue": url_for("list_pages.working_list", kind="proposals", overdue=1, **narrowing),
        "attitude_unsatisfied_forms": url_for(
            "list_pages.working_list", kind="assignments", attitude="unsatisfied", **narrowing
        ),
    }
    return {
        "headline": HEADLINE,
        "rates": RATES,
        "forms": FORMS,
        "follow_ups": FOLLOW_UPS,
        "list_links": lists,
        "scope_words": scope_words(session, scope),
        "reports": report_rows(session.info["settings"].zone),
        "compilations": compilation_rows(session.info["settings"].zone),
    }


def scope_words(session, scope: Scope) -> str:
    """“2026年度 · 市交通运输局 · 经济建设”: what the figures count, as the office says it."""
    session_row = scope.session_id and session.get(PlenarySession, scope.session_id)
    unit = scope.unit_id and session.get(Unit, scope.unit_id)
    words = [
        f"{scope.year}年度",
        session_row.name if session_row else None,
        unit.name if unit else None,
        CATEGORIES.get(scope.category) if scope.category else None,
        scope.sector,
        PROPOSAL_TYPES.get(scope.type) if scope.type else None,
    ]
    return " · ".join(word for word in words if word)


def _year_scope(session) -> Scope:
    """The scope of a page that asks for nothing but the year."""
    args = read_filters(YearArgs, ("year",))
    return requested_scope(session, args, actor=current_user(), now=current_clock().now())


def _year_page(template: str, title: str, name: str, figures_of):
    """A page of one year's figures, `figures_of(session, scope)` shown as `name`; the year's
    refusal when it is not one."""
    session = current_session()
    try:
        scope = _year_scope(session)
    except InvalidInput as error:
        return _page(template, title, error=error, **{name: None})
    context = {name: figures_of(session, scope), "scope": scope, "as_of": _as_of(session, scope)}
    return _page(template, title, **context)


@blp.route("/units")
@office_only
def ranking():
    """承办单位排名: by on-time reply rate, then satisfaction; each with its parts."""
    return _year_page("web/stats_ranking.html", "承办单位排名", "units", unit_ranking)


@blp.route("/rollup")
@office_only
def rollup_page():
    """各级汇总: the body's year beside each body below it (三级联动)."""
    figures = partial(rollup, actor=current_user())
    return _year_page("web/stats_rollup.html", "各级汇总", "items", figures)


def bodies_below(user) -> bool:
    """Whether the user reads figures and their body has bodies below it (only then is there a
    roll-up to read)."""
    if not can(user, Permission.FIGURES_READ):
        return False
    return has_bodies_below(current_session(), user.body_id)


@blp.route("/members")
@login_required
def members():
    """委员履职: a member goes to their own record; the office looks a member up by username."""
    user = current_user()
    wanted = request.args.get("username", "").strip()
    if can(user, Permission.PROPOSALS_FILE):
        return redirect(url_for(".member", username=user.username, **_year_arg()))
    ensure(user, Permission.FIGURES_READ, RECORDS_REFUSED)
    if wanted:
        return redirect(url_for(".member", username=wanted, **_year_arg()))
    return _page("web/stats_member.html", "委员履职", record=None, members=_members())


def _year_arg() -> dict:
    year = request.args.get("year", "").strip()
    return {"year": year} if year else {}


def _members() -> list[User]:
    query = select(User).where(User.body_id == current_user().body_id, User.role == "member")
    return current_session().scalars(query.order_by(User.username)).all()


@blp.route("/members/<username>")
@login_required
def member(username: str):
    """One member's record of a session year: proposals led, co-signed, accepted, rated."""
    user, session = current_user(), current_session()
    if user.username != username:
        ensure(user, Permission.FIGURES_READ, "只能查看本人的履职情况。")
    others = _members() if can(user, Permission.FIGURES_READ) else []
    try:
        scope = _year_scope(session)
        record = member_record(session, find_member(session, username, user.body_id), scope)
    except DomainError as error:
        return _page("web/stats_member.html", "委员履职", error=error, record=None, members=others)
    context = {"record": record, "scope": scope, "labels": MEMBER_COUNTS, "members": others}
    return _page("web/stats_member.html", f"委员履职 · {record['name']}", **context)
