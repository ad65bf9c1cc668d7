"""Pages for citizens (提案公开): the published proposals, searchable, without signing in.

Their own simple layout (no staff navigation), served from the service alone, cached and rate
limited per address like the public API (service/public_gate.py). Each proposal has a stable
address by its session and number, /public/sessions/<session id>/<number> (第0012号 of the
session with id 3: /public/sessions/3/12), which a later correction of the session's name or
dates leaves as it is; /public/proposals/<id> shows the same page and names that address as
canonical.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from sqlalchemy import select

from service.db import current_session
from service.errors import InvalidInput
from service.lists.public_window import (
    SITEMAP_CHUNK,
    PublicQuery,
    public_page,
    public_proposal,
    public_proposal_id,
    published_count,
    sitemap_entries,
)
from service.models import Body, PlenarySession
from service.policy import load_policy
from service.public_gate import cached, conditional
from service.vocabulary import CATEGORIES

blp = Blueprint("public_pages", __name__, url_prefix="/public")


def _zone():
    return current_session().info["settings"].zone


def _base_url() -> str:
    return current_session().info["settings"].base_url


def _page(template: str, tag: str, body_id: int | None = None, **context) -> Response:
    """A public page under the name of the office whose window it is: the body's asked for,
    else the platform's top body's."""
    office = cached(
        ("office", body_id), lambda: load_policy(current_session(), body_id)["office_name"]
    )[0]
    html = render_template(template, office=office, categories=CATEGORIES, **context)
    return conditional(Response(html, mimetype="text/html"), tag)


def _wanted() -> tuple[PublicQuery, str | None]:
    """The list's filters as typed; a wrong one is said on the page, not answered with an error."""
    year = request.args.get("year", "").strip()
    category = request.args.get("category", "").strip()
    body = request.args.get("body", "").strip()
    bodies = dict(cached(("bodies",), _bodies)[0])
    wanted = PublicQuery(
        body_id=int(body) if body.isdecimal() and int(body) in bodies else None,
        year=int(year) if year.isdecimal() and 2000 <= int(year) <= 2099 else None,
        category=category if category in CATEGORIES else None,
        q=request.args.get("q", "")[:200],
        cursor=request.args.get("cursor") or None,
    )
    try:
        wanted.words, wanted.after  # noqa: B018 - checked here, so the page can say why
    except InvalidInput as refused:
        kept = dict(body_id=wanted.body_id, year=wanted.year, category=wanted.category)
        return PublicQuery(**kept), refused.message
    return wanted, None


@blp.route("/")
def public_list():
    """提案公开: the list, newest publication first, with search and filters."""
    wanted, problem = _wanted()
    zone = _zone()
    page, tag = cached(
        ("page", *wanted.key()), lambda: public_page(current_session(), wanted, zone=zone)
    )
    years = cached(("years",), _years)[0]
    status = 422 if problem else 200
    response = _page(
        "web/public_list.html",
        tag,
        wanted.body_id,
        bodies=cached(("bodies",), _bodies)[0],
        page=page,
        wanted=wanted,
        problem=problem,
        years=years,
        q=request.args.get("q", "")[:200],
    )
    response.status_code = status
    return response


def _bodies() -> list[tuple[int, str]]:
    """The bodies whose windows the list may be narrowed to: one only for a single office."""
    return [
        tuple(row)
        for row in current_session().execute(select(Body.id, Body.name).order_by(Body.id))
    ]


def _years() -> list[int]:
    return list(
        current_session().scalars(
            select(PlenarySession.year).distinct().order_by(PlenarySession.year.desc())
        )
    )


@blp.route("/proposals/<int:proposal_id>")
def public_detail(proposal_id: int):
    zone = _zone()
    proposal, tag = cached(
        ("proposal", proposal_id),
        lambda: public_proposal(current_session(), proposal_id, zone=zone),
    )
    return _page("web/public_proposal.html", tag, proposal["body_id"], proposal=proposal)


@blp.route("/sessions/<int:session_id>/<int:number>")
def public_by_number(session_id: int, number: int):
    """The stable address: the same page as /public/proposals/<id>."""
    found = cached(
        ("number", session_id, number),
        lambda: public_proposal_id(current_session(), session_id, number),
    )[0]
    return public_detail(found)


@blp.route("/sitemap.xml")
def sitemap():
    """Every published proposal's stable address; past 50,000, an index of numbered files."""
    total, tag = cached(("count",), lambda: published_count(current_session()))
    if total > SITEMAP_CHUNK:
        files = range(1, (total - 1) // SITEMAP_CHUNK + 2)
        xml = render_template("web/public_sitemap_index.xml", base=_base_url(), files=files)
        return conditional(Response(xml, mimetype="application/xml"), tag)
    return sitemap_file(1)


@blp.route("/sitemap-<int:chunk>.xml")
def sitemap_file(chunk: int):
    entries, tag = cached(
        ("sitemap", chunk), lambda: sitemap_entries(current_session(), chunk=chunk)
    )
    xml = render_template("web/public_sitemap.xml", base=_base_url(), entries=entries)
    return conditional(Response(xml, mimetype="application/xml"), tag)


def robots() -> Response:
    """/robots.txt: search engines may read the public window (and are told its sitemap), and
    nothing else: the rest is for signed-in users."""
    base = _base_url().rstrip("/")
    lines = [
        "User-agent: *",
        "Allow: /public/",
        "Disallow: /",
        f"Sitemap: {base}{url_for('public_pages.sitemap')}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


def canonical(proposal: dict) -> str:
    return url_for(
        "public_pages.public_by_number",
        session_id=proposal["session_id"],
        number=proposal["number"],
    )
